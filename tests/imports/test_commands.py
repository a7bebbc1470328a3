"""import_plan and export_plan on the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action
from imports.management.commands.import_plan import progress_bar
from plans.models import ImprovementPlan

from .conftest import FILES


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_plan_creates_the_plan_and_prints_a_summary(council):
    out, _ = run(
        "import_plan",
        str(FILES / "governance_plan.xlsx"),
        "--council", "york", "--plan", "governance", "--title", "Governance action plan",
    )  # fmt: skip
    assert "11 created, 0 updated, 0 unchanged" in out
    assert ImprovementPlan.objects.get(slug="governance").actions.count() == 11


def test_import_plan_maps_headings_given_with_map(council):
    out, _ = run(
        "import_plan", str(FILES / "unseen_shape.xlsx"),
        "--council", "york", "--plan", "bv", "--title", "Best Value",
        "--map", "Who=lead_officer", "--map", "RAG=ignore",
    )  # fmt: skip
    plan = ImprovementPlan.objects.get(slug="bv")
    assert plan.actions.get(ref="1").lead_officer == "Director of Finance"
    assert plan.actions.get(ref="3").status == "none"  # RAG ignored: no status given, update kept


def test_import_plan_dry_run_writes_nothing(council):
    out, _ = run(
        "import_plan", str(FILES / "york_plan.xlsx"),
        "--council", "york", "--plan", "york", "--title", "York", "--dry-run",
    )  # fmt: skip
    assert "76 created" in out and "Dry run" in out
    assert not ImprovementPlan.objects.exists()


def test_import_plan_exits_non_zero_listing_errors_and_writes_nothing(council):
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(
            "import_plan", str(FILES / "one_bad_row.xlsx"),
            "--council", "york", "--plan", "bad", "--title", "Bad",
        )  # fmt: skip
    assert not Action.objects.exists()


def test_import_plan_refuses_an_unknown_field_in_map(council):
    with pytest.raises(CommandError, match="is not a field"):
        run(
            "import_plan", str(FILES / "unseen_shape.xlsx"),
            "--council", "york", "--plan", "bv", "--title", "Best Value", "--map", "Who=boss",
        )  # fmt: skip


def test_import_plan_needs_a_title_for_a_new_plan(council):
    with pytest.raises(CommandError):
        run("import_plan", str(FILES / "unseen_shape.xlsx"), "--council", "york", "--plan", "x")


def test_export_plan_writes_xlsx_or_csv_by_extension_and_imports_back(council, tmp_path):
    run(
        "import_plan", str(FILES / "peer_challenge_plan.xlsx"),
        "--council", "york", "--plan", "lga", "--title", "LGA",
    )  # fmt: skip
    for name in ("plan.xlsx", "plan.csv"):
        out, _ = run(
            "export_plan", "--council", "york", "--plan", "lga", "--output", str(tmp_path / name)
        )
        assert "Wrote 16 actions" in out
        out, _ = run("import_plan", str(tmp_path / name), "--council", "york", "--plan", "lga")
        assert "0 created, 0 updated, 16 unchanged" in out
    with pytest.raises(CommandError, match=".xlsx or .csv"):
        run("export_plan", "--council", "york", "--plan", "lga", "--output", "plan.pdf")


def test_the_progress_bar_redraws_in_place():
    stream = io.StringIO()
    draw = progress_bar(stream, width=10)
    draw(500, 1000)
    draw(1000, 1000)
    assert stream.getvalue() == (
        "\rImporting [#####-----] 500 of 1,000 rows\rImporting [##########] 1,000 of 1,000 rows\n"
    )


def test_import_plan_remembers_what_map_said_until_told_to_forget(council):
    import_bv = ["import_plan", str(FILES / "unseen_shape.xlsx"), "--council", "york"]
    run(*import_bv, "--plan", "bv", "--title", "Best Value", "--map", "Who=lead_officer")

    out, _ = run(*import_bv, "--plan", "bv2", "--title", "Again", "--dry-run")
    assert 'as chosen at an earlier import (--forget "Who" to stop)' in out

    out, _ = run(*import_bv, "--plan", "bv3", "--title", "Forgotten", "--forget", "Who")
    assert "Forgot how “Who” was read." in out
    assert "Ignored column" in out and "“Who”" in out
    assert ImprovementPlan.objects.get(slug="bv3").actions.get(ref="1").lead_officer == ""
