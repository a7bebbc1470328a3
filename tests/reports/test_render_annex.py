import pytest
from django.core.management import CommandError, call_command

from plans.annex_layout import REPORT_LAYOUT
from plans.status import Status
from tests.factories import ActionFactory

from .conftest import JULY, pdf_text, record


def test_render_annex_writes_the_annex_for_a_plan(plan, tmp_path):
    plan.annex_layout = REPORT_LAYOUT  # with a cover naming the committee and meeting
    plan.save()
    record(ActionFactory(plan=plan, ref="1", title="Refresh the team"), Status.ON_TRACK, JULY)
    output = tmp_path / "annex.pdf"

    call_command(
        "render_annex",
        "--council", plan.council.slug, "--plan", plan.slug,
        "--as-at", "2024-11-08", "--since", "2024-09-30",
        "--committee", "Executive", "--meeting-date", "2024-11-20",
        "--annex-label", "Annex 2", "--output", str(output),
    )  # fmt: skip

    text = " ".join(pdf_text(output.read_bytes()).split())
    assert "Annex 2 – page 1 of" in text
    assert "Executive" in text and "Wednesday 20 November 2024" in text
    assert "Refresh the team" in text


def test_render_annex_refuses_an_unknown_plan(plan, tmp_path):
    with pytest.raises(CommandError, match="No plan"):
        call_command(
            "render_annex", "--council", plan.council.slug, "--plan", "nope",
            "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip


def test_render_annex_refuses_a_comparison_date_after_the_as_at_date(plan, tmp_path):
    with pytest.raises(CommandError, match="--since must be before"):
        call_command(
            "render_annex", "--council", plan.council.slug, "--plan", plan.slug,
            "--as-at", "2024-09-30", "--since", "2024-11-08", "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip
