"""Published plans laid out as councils lay them out, in Word and Excel, import with no mapping
and come in as the document has them, row by row (files: make_real_shapes.py)."""

from datetime import date

from actions.models import Action
from plans.status import Status

from .conftest import imported as imported_file


def imported(council, spreadsheet, name):
    return imported_file(council, spreadsheet(name), name)


def rows(plan):
    """Each action as (ref, number as written, title's start, lead officer, target as written,
    target as read, parent's ref, its recommendations' refs)."""
    return [
        (
            action.ref,
            action.written_ref,
            action.title[:40].rstrip(),
            action.lead_officer,
            action.target_text,
            action.target_date,
            action.parent.ref if action.parent else None,
            sorted(r.ref for r in action.recommendations.all()),
        )
        for action in plan.actions.select_related("parent").order_by("position")
    ]


def test_a_word_plan_of_one_table_per_recommendation_with_bullets_in_step(council, spreadsheet):
    report, plan = imported(council, spreadsheet, "peer_challenge_tables.docx")
    december, march = date(2024, 12, 31), date(2025, 3, 31)
    ongoing = "December 24 and ongoing in response to delivery need"
    assert rows(plan) == [
        ("1.1", "", "Explore issues in the report preparation", "Monitoring Officer", "Complete", None, None, ["1"]),  # noqa: E501
        ("1.2", "", "Explore issues with Group Leaders, Group", "Monitoring Officer", "December 2024", december, None, ["1"]),  # noqa: E501
        ("1.3", "", "Ensure O&S Chairs have a joint planning", "Monitoring Officer", "December 2024", december, None, ["1"]),  # noqa: E501
        ("1.4", "", "Implement any agreed changes to decision", "Monitoring Officer", "March 2025", march, None, ["1"]),  # noqa: E501
        ("2.1", "", "Digitisation to be clearly embedded as a", "Director (Finance)", "December 2024", december, None, ["2"]),  # noqa: E501
        ("2.2", "", "Prepare a digital strategy and action pl", "Director (Finance)", "December 2024", december, None, ["2"]),  # noqa: E501
        ("3.1", "", "TC25 to be clearly embedded in council p", "Director (Finance)", ongoing, december, None, ["3"]),  # noqa: E501
        ("3.2", "", "Continue to ensure the TC25 narrative an", "Director (Finance)", ongoing, december, None, ["3"]),  # noqa: E501
        ("3.3", "", "Ensure the communication plan for budget", "Director (Finance)", ongoing, december, None, ["3"]),  # noqa: E501
        ("3.4", "", "Dynamically update key messages internal", "Director (Finance)", ongoing, december, None, ["3"]),  # noqa: E501
    ]  # fmt: skip
    # "Complete" in the date cell, bulleted in step with the first action: that action is done
    assert plan.actions.get(ref="1.1").status == Status.COMPLETE
    assert plan.actions.get(ref="1.2").status == Status.NONE
    recommendations = list(plan.recommendations.order_by("position"))
    assert [r.ref for r in recommendations] == ["1", "2", "3"]
    # the paragraphs under "Recommendation Two" are its text, both of them
    assert recommendations[1].title == "Digitalisation"
    assert recommendations[1].text.startswith("Digitalisation – ensure there are sufficient")
    assert recommendations[1].text.endswith("the intended outcomes from the transformation.")
    assert any("Rows 1 to 2 above the header" in note for note in report.notes)  # the title
    assert any("Notes on completion" in note and "not imported" in note for note in report.notes)


def test_a_word_annex_with_merged_objective_rows_and_action_cells_merged_down(council, spreadsheet):
    """The pack's Annex 2 in Word reads exactly as the same annex in Excel."""
    _, from_excel = imported(council, spreadsheet, "york_plan.xlsx")
    excel = rows(from_excel)
    themes = [(t.number, t.title) for t in from_excel.themes.all()]
    from_excel.delete()
    report, plan = imported(council, spreadsheet, "york_annex.docx")
    assert rows(plan) == excel
    assert len(excel) == 76
    assert [(t.number, t.title) for t in plan.themes.all()] == themes
    first = plan.actions.get(ref="1.1")
    assert [c.ref for c in first.children.order_by("position")] == ["1.1.1", "1.1.2", "1.1.3"]
    assert report.notes[:2] == [
        "The plan was read from table 2 of the Word document. Rows are counted down the "
        "document from the first line read above the table.",
        "Table 1 of the document does not look like part of the plan, so it was not read.",
    ]


def test_a_workbook_with_heading_rows_month_dates_and_several_sheets(council, spreadsheet):
    report, plan = imported(council, spreadsheet, "governance_headings.xlsx")
    assert report.sheet == "Action plan"  # not the instructions sheet before it
    assert report.plan_sheets == ["Action plan", "2022 plan (closed)"]
    assert any("“2022 plan (closed)” has a header row too" in note for note in report.notes)
    by_ref = {action.ref: action for action in plan.actions.all()}
    assert sorted(by_ref, key=int) == [str(n) for n in range(1, 12)]
    assert by_ref["1"].written_ref == "Action 1"
    # an Excel date formatted "mmmm yyyy" is the month Excel shows, due at its end
    assert (by_ref["4"].target_text, by_ref["4"].target_date) == ("April 2024", date(2024, 4, 30))
    assert by_ref["5"].target_text == "Completed" and by_ref["5"].status == Status.COMPLETE
    assert by_ref["3"].target_text == "New approach implemented by April 2024"
    # each heading row is the theme of the actions under it, and the one over them all is kept
    themes = {t.number: t for t in plan.themes.all()}
    assert by_ref["1"].theme.title == "Ownership of governance and its associated systems"
    assert by_ref["8"].theme == themes["3"] and by_ref["9"].theme == themes["3"]
    assert by_ref["10"].theme == themes["6"]
    assert themes["5"].title.startswith("Internal candour and reflection")
    assert themes["5"].description == "Part of Governance characteristics (CIPFA/SOLACE)"
    assert not plan.actions.filter(title__startswith="Notes").exists()
    assert any("Row 28" in note and "is a note" in note for note in report.notes)
    assert Action.objects.filter(plan=plan, title__contains="owners report").count() == 0
