"""An officer's confidence of delivering by the target date: given on the update form, counted
in the summary (only actions still to deliver), printed in the annex and the spreadsheet."""

from datetime import date
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action
from plans.annex_layout import pack_layout
from plans.status import Status
from reports.annex import annex_html
from reports.options import CoverDetails, ReportOptions
from reports.plan_report import plan_report_build
from reports.spreadsheet import report_workbook
from reports.word_annex import annex_docx

from .conftest import NOVEMBER, docx_text, record

AS_AT = {"as_at_0": "8", "as_at_1": "11", "as_at_2": "2024"}


def test_an_officer_gives_confidence_on_the_update_form(client, themed_plan, coordinator):
    action = Action.objects.get(plan=themed_plan, ref="2.1")
    client.force_login(coordinator)
    url = reverse("progress_update_add", args=[action.pk])
    form = client.get(url).content.decode()
    assert "Confidence of delivering by the target date (optional)" in form
    response = client.post(
        url,
        {"status": Status.AT_RISK, "narrative": "The board has not met", "confidence": "low"}
        | AS_AT,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert action.updates.get().confidence == "low"
    assert "Confidence of delivering by the target date: low" in (
        client.get(reverse("action_detail", args=[action.pk])).content.decode()
    )


def test_confidence_is_counted_for_actions_still_to_deliver_and_printed(themed_plan):
    actions = {a.ref: a for a in Action.objects.filter(plan=themed_plan)}
    record(actions["1.1.1"], Status.COMPLETE, NOVEMBER, confidence="high", evidence="Done")
    record(actions["1.1.2"], Status.ON_TRACK, NOVEMBER, confidence="high")
    record(actions["2.1"], Status.AT_RISK, NOVEMBER, narrative="Late", confidence="low")
    report = plan_report_build(plan=themed_plan, options=ReportOptions(as_at=NOVEMBER))
    counts = report.confidence
    assert (counts.high, counts.medium, counts.low, counts.not_given) == (1, 0, 1, 0)

    themed_plan.annex_layout = pack_layout()
    themed_plan.annex_layout["columns"].append(["confidence", "Confidence"])
    themed_plan.annex_layout["sections"].insert(-1, ["summary", "Summary"])
    html = annex_html(report=report, cover=CoverDetails(meeting_date=date(2024, 11, 20)))
    assert "Confidence of delivering by the target date (the 2 actions not yet complete)" in html
    assert '<th scope="col">Confidence</th>' in html
    assert "<td>Low</td>" in html and "<td>High</td>" in html
    text = docx_text(annex_docx(report=report, cover=CoverDetails()))  # and in Word
    assert "Confidence of delivering by the target date (the 2 actions not yet complete)" in text
    assert "Confidence" in text and "Low" in text and "High" in text

    sheet = load_workbook(BytesIO(report_workbook(report)))["Actions"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Confidence of delivering by the deadline")
    by_ref = {row[0]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_ref["2.1"] == "Low" and by_ref["1.1.1"] in ("", None)  # complete: no longer asked
