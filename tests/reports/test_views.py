from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action
from core.formula_escaping import escape_formula
from councils.models import Role
from plans.annex_layout import REPORT_LAYOUT
from plans.status import Status
from reports.word_annex import DOCX_TYPE
from tests.factories import ActionFactory, PlanFactory, member
from tests.job_helpers import download

from .conftest import JULY, NOVEMBER, docx_text, pdf_text, record

DATES = {
    "as_at_0": "8",
    "as_at_1": "11",
    "as_at_2": "2024",
    "since_0": "30",
    "since_1": "9",
    "since_2": "2024",
}


def url(name, plan):
    return reverse(f"reports:{name}", args=[plan.council.slug, plan.slug])


@pytest.fixture
def progressed(themed_plan):
    for ref, updates in {
        "1.1.1": [(Status.ON_TRACK, JULY), (Status.COMPLETE, NOVEMBER)],
        "1.1.2": [(Status.ON_TRACK, JULY), (Status.AT_RISK, NOVEMBER)],
        "2.1": [(Status.ON_TRACK, JULY)],
    }.items():
        for status, as_at in updates:
            record(Action.objects.get(ref=ref), status, as_at, narrative=f"{ref} at {as_at}")
    return themed_plan


@pytest.mark.parametrize("name", ["summary", "annex", "xlsx"])
def test_anonymous_visitors_are_sent_to_sign_in(client, plan, name):
    response = client.get(url(name, plan))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["summary", "annex", "xlsx"])
def test_another_councils_members_get_not_found(client, plan, other_council, name):
    client.force_login(member(other_council, Role.COORDINATOR, username="outsider"))
    assert client.get(url(name, plan)).status_code == 404


@pytest.mark.parametrize("name", ["summary", "annex", "xlsx"])
def test_officers_may_not_read_reports(client, plan, officer, name):
    client.force_login(officer)
    assert client.get(url(name, plan)).status_code == 403


@pytest.mark.parametrize("name", ["summary", "annex"])
@pytest.mark.parametrize("reader", ["coordinator", "viewer", "superuser"])
def test_coordinators_viewers_and_site_administrators_may(client, plan, name, reader, request):
    client.force_login(request.getfixturevalue(reader))
    assert client.get(url(name, plan)).status_code == 200


@pytest.mark.parametrize("reader", ["coordinator", "viewer", "superuser"])
def test_readers_may_ask_for_the_spreadsheet(client, plan, reader, request):
    client.force_login(request.getfixturevalue(reader))
    assert download(client, client.post(url("xlsx", plan), DATES)).status_code == 200


def test_asking_for_the_spreadsheet_by_a_plain_link_shows_the_summary(client, plan, viewer):
    client.force_login(viewer)
    response = client.get(url("xlsx", plan), DATES)
    assert response.status_code == 302 and response.url.startswith(url("summary", plan))


def test_an_unknown_plan_is_not_found(client, plan, viewer):
    client.force_login(viewer)
    response = client.get(reverse("reports:summary", args=[plan.council.slug, "no-such-plan"]))
    assert response.status_code == 404


def test_the_summary_page_shows_counts_chart_and_changes(client, progressed, viewer):
    client.force_login(viewer)
    response = client.get(url("summary", progressed), DATES)
    page = response.content.decode()
    assert response.status_code == 200
    assert "As at 8 November 2024" in page
    assert "<svg" in page and "Actions by theme and status" in page
    assert "Changes since 30 September 2024" in page
    assert "Completed (1)" in page and "Other status changes (1)" in page
    assert "Establish a performance board" in page
    assert "<script" not in page.split("</header>")[1].split("<footer")[0]


def test_the_summary_page_reports_a_comparison_date_after_the_as_at_date(
    client, progressed, viewer
):
    client.force_login(viewer)
    response = client.get(
        url("summary", progressed), {**DATES, "since_0": "9", "since_1": "11", "since_2": "2024"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The date to compare with must be before the as-at date" in page
    assert "<title>Error: " in page


def test_the_summary_page_takes_the_same_queries_whatever_the_plans_size(client, viewer, council):
    small, large = PlanFactory(council=council), PlanFactory(council=council)
    for plan, size in ((small, 2), (large, 30)):
        for number in range(size):
            action = ActionFactory(plan=plan, ref=str(number), position=number)
            record(action, Status.ON_TRACK, JULY)
            record(action, Status.COMPLETE, NOVEMBER)
    client.force_login(viewer)

    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("summary", plan), DATES).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_annex_form_downloads_the_pdf(client, progressed, coordinator):
    progressed.annex_layout = REPORT_LAYOUT  # with a cover naming the committee
    progressed.save()
    client.force_login(coordinator)
    response = download(
        client,
        client.post(
            url("annex", progressed),
            {**DATES, "committee": "Executive", "annex_label": "Annex 2", "completed": "include"},
        ),
    )
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="annex-2-york-' in response["Content-Disposition"]
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert "Annex 2" in text and "Executive" in text and "1.1.2 at 2024-11-08" in text


def test_the_annex_form_downloads_the_word_version(client, progressed, coordinator):
    client.force_login(coordinator)
    response = download(
        client,
        client.post(
            url("annex", progressed),
            {**DATES, "annex_label": "Annex 2", "completed": "include", "file_format": "docx"},
        ),
    )
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="annex-2-york-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.docx"')
    text = docx_text(b"".join(response.streaming_content))
    assert "Annex 2 – page" not in text  # the footer is in the footer, not the body
    assert "1.1.2 at 2024-11-08" in text


def test_the_summary_offers_the_annex_in_pdf_and_in_word(client, progressed, coordinator):
    client.force_login(coordinator)
    page = client.get(url("summary", progressed), DATES).content.decode()
    assert "Download the annex for the committee pack (PDF)" in page
    assert "Download the annex for the committee pack (Word)" in page
    assert 'name="file_format" value="docx"' in page


def test_the_annex_form_starts_from_the_summarys_options(client, progressed, coordinator):
    client.force_login(coordinator)
    page = client.get(url("annex", progressed), DATES).content.decode()
    assert 'name="as_at_0" value="8"' in page
    assert 'name="since_1" value="9"' in page


def test_the_annex_form_shows_errors_in_gov_uk_words(client, progressed, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("annex", progressed),
        {"annex_label": "", "as_at_0": "31", "as_at_1": "2", "as_at_2": "2024"},
    )
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "There is a problem" in page
    assert "Enter the annex label, for example Annex 2" in page
    assert "The date the report is as at must be a real date" in page


def test_a_future_as_at_date_is_refused(client, progressed, viewer):
    client.force_login(viewer)
    page = client.get(
        url("summary", progressed), {"as_at_0": "1", "as_at_1": "1", "as_at_2": "2999"}
    ).content.decode()
    assert "must be today or in the past" in page


def test_the_spreadsheet_has_a_summary_and_every_listed_action(client, progressed, viewer):
    client.force_login(viewer)
    response = download(client, client.post(url("xlsx", progressed), DATES))
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))

    assert workbook.sheetnames == ["Summary", "Actions"]
    summary = [row for row in workbook["Summary"].iter_rows(values_only=True)]
    assert ("All actions", 0, 1, 1, 0, 1, 3) in summary
    actions = list(workbook["Actions"].iter_rows(values_only=True))
    assert actions[0][:4] == ("Reference", "Part of action", "Group", "Action")
    assert [row[0] for row in actions[1:]] == ["1.1.1", "1.1.2", "2.1"]
    assert actions[1][14] == "Complete"


def test_the_spreadsheet_defuses_formulas_officers_typed(client, plan, viewer):
    action = ActionFactory(plan=plan, ref="1", title='=HYPERLINK("http://evil","x")')
    record(action, Status.ON_TRACK, JULY, narrative="+cmd|' /C calc'!A0")
    client.force_login(viewer)

    response = download(client, client.post(url("xlsx", plan), DATES))
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    row = list(workbook["Actions"].iter_rows(min_row=2, values_only=True))[0]

    assert row[3] == '\'=HYPERLINK("http://evil","x")'
    assert row[7] == "'+cmd|' /C calc'!A0"
    assert workbook["Actions"].cell(2, 4).data_type == "s"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_would_run_as_formulas_are_escaped(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("value", ["Plain", "1-2", "", None, 3])
def test_other_cells_are_left_alone(value):
    assert escape_formula(value) == value


def test_an_invalid_spreadsheet_request_goes_back_to_the_summary(client, plan, viewer):
    client.force_login(viewer)
    response = client.post(url("xlsx", plan), {"as_at_0": "99", "as_at_1": "1", "as_at_2": "2024"})
    assert response.status_code == 302
    assert response.url.startswith(url("summary", plan))


def test_another_plans_theme_is_a_validation_error_not_a_filter(client, progressed, other_council):
    from tests.factories import ThemeFactory

    foreign = ThemeFactory(plan=PlanFactory(council=other_council), title="Foreign theme")
    client.force_login(member(progressed.council, Role.VIEWER, username="councillor"))
    response = client.get(url("summary", progressed), {**DATES, "theme": foreign.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Foreign theme" not in page
