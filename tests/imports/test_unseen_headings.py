"""Headings councils use that the importer had not met, and cells holding officer and date."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imports.headings import recognise
from imports.officer_and_date import split_officer_and_date

from .conftest import xlsx_bytes


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Task", "recommendation"),
        ("Issue", "recommendation"),
        ("Issue identified", "recommendation"),
        ("Finding", "recommendation"),
        ("Peer challenge finding", "recommendation"),
        ("Key findings from the review", "recommendation"),
        ("Area for improvement", "recommendation"),
        ("Areas for Improvement (LGA)", "recommendation"),
        ("Indicator", "recommendation"),
        ("Characteristic", "recommendation"),
        ("Governance characteristic", "recommendation"),
        ("LGA recommendation", "recommendation"),
        ("How", "action"),
        ("How we will respond", "action"),
        ("Action required", "action"),
        ("Further action required", "action"),
        ("Response", "action"),
        ("Management response", "action"),
        ("Response to the recommendation", "action"),
        ("Steps", "action"),
        ("Next steps", "action"),
        ("Activity", "action"),
        ("What we will do", "action"),
        ("What we will do next", "action"),
        ("Who/When", "officer_and_date"),
        ("WHO / WHEN", "officer_and_date"),
        ("Who and when", "officer_and_date"),
        ("Owner/Date", "officer_and_date"),
        ("Lead and timescale", "officer_and_date"),
        ("Lead officer and timescale", "officer_and_date"),
        ("Owner", "lead_officer"),  # known headings keep their meaning
        ("Action owner", "lead_officer"),
        ("Recommendation ref", "recommendation_ref"),
        ("Timescale", "target_date"),
        ("Timetable", "target_date"),
        ("Timetable[iv]", "target_date"),  # a Word footnote marker
        ("Completion date¹", "target_date"),
        ("Lead Officer(s)[ii]", "lead_officer"),
        ("Target date*", "target_date"),
        ("Our response", "action"),  # auditors' and scrutiny trackers
        ("Agreed action", "action"),
        ("Agreed actions", "action"),
        ("Management action", "action"),
    ],
)
def test_headings_councils_use_are_recognised(heading, field):
    assert recognise(heading) == field


@pytest.mark.parametrize(
    ("cell", "officer", "target"),
    [
        ("Monitoring Officer – by Dec 2024", "Monitoring Officer", "by Dec 2024"),
        ("Ongoing SLT", "SLT", "Ongoing"),
        ("Chief Executive – March 2025", "Chief Executive", "March 2025"),
        ("Director of Finance (S151) 31/03/2025", "Director of Finance (S151)", "31/03/2025"),
        ("AD Policy & Strategy, Q4 2024/25", "AD Policy & Strategy", "Q4 2024/25"),
        ("COG / Ongoing", "COG", "Ongoing"),
        ("SLT - by end of March 2025", "SLT", "by end of March 2025"),
        ("Head of HR, December 24 and ongoing", "Head of HR", "December 24 and ongoing"),
        ("Rolling to March 2024 – Director of Place", "Director of Place", "Rolling to March 2024"),
        ("Director of Governance 2024/25", "Director of Governance", "2024/25"),
        ("Leader and Chief Executive, Jan 2025", "Leader and Chief Executive", "Jan 2025"),
        ("March 2025", "", "March 2025"),
        ("Chief Executive", "Chief Executive", ""),
        ("Chief Executive and Leader", "Chief Executive and Leader", ""),
        ("Director of Finance (S151)", "Director of Finance (S151)", ""),
    ],
)
def test_a_cell_with_officer_and_date_is_split_by_the_date_reader(cell, officer, target):
    split = split_officer_and_date(cell)
    assert (split.officer, split.target) == (officer, target)


@given(st.text(max_size=80))
def test_splitting_never_loses_a_character(cell):
    split = split_officer_and_date(cell)
    if split.split:
        assert split.rejoined() == cell.strip()
    else:
        assert (split.officer or split.target) == cell.strip()


@given(
    st.sampled_from(
        ["Chief Executive", "Director of Finance (S151)", "AD Policy & Strategy", "SLT"]
    ),
    st.sampled_from([" – ", ", ", " ", " / ", " - "]),
    st.sampled_from(["March 2025", "31/03/2025", "Q4 2024/25", "Ongoing", "by Dec 2024"]),
)
def test_an_officer_and_a_date_written_together_come_apart_again(officer, between, target):
    split = split_officer_and_date(officer + between + target)
    assert (split.officer, split.target) == (officer, target)


def test_a_plan_in_short_headings_imports_without_being_told_its_columns(council, plan):
    from actions.models import Action
    from imports.importer import plan_import

    data = xlsx_bytes(
        [
            ["Improvement plan 2025"],
            ["No.", "Task", "How", "Who/When"],
            [
                "1",
                "Strengthen scrutiny",
                "Review the committee's terms",
                "Monitoring Officer – by Dec 2024",
            ],
            ["2", "Financial resilience", "Agree a savings plan", "Ongoing SLT"],
            ["3", "Culture", "Run staff workshops", "Chief Executive"],
        ]
    )
    report = plan_import(council=council, plan_slug=plan.slug, data=data, filename="plan.xlsx")

    assert report.errors == [] and report.written
    assert [c.field for c in report.columns] == [
        "action_ref", "recommendation", "action", "officer_and_date"
    ]  # fmt: skip
    by_ref = {a.ref: a for a in Action.objects.filter(plan=plan)}
    assert (by_ref["1"].lead_officer, by_ref["1"].target_text) == (
        "Monitoring Officer",
        "by Dec 2024",
    )
    assert by_ref["1"].target_date.isoformat() == "2024-12-31"
    assert (by_ref["2"].lead_officer, by_ref["2"].target_ongoing) == ("SLT", True)
    assert (by_ref["3"].lead_officer, by_ref["3"].target_text) == ("Chief Executive", "")
    assert "Row 3: “Monitoring Officer – by Dec 2024” was read as the lead officer" in " ".join(
        report.notes
    )
    assert not any("Row 5" in note for note in report.notes)  # kept whole: nothing to say
    assert by_ref["1"].recommendations.get().title == "Strengthen scrutiny"


def test_a_row_broken_across_a_page_is_joined_to_the_row_above(council, plan):
    from actions.models import Action
    from imports.importer import plan_import

    data = xlsx_bytes(
        [
            ["Ref", "Action", "Lead officer"],
            ["1", "Review the constitution and the scheme of", "Monitoring Officer"],
            [None, "delegation with members", None],
            ["2", "Publish the forward plan", "Head of Democratic Services"],
            [None, "a) Agree the template", None],
        ]
    )
    report = plan_import(council=council, plan_slug=plan.slug, data=data, filename="plan.xlsx")

    assert report.errors == []
    titles = dict(Action.objects.filter(plan=plan).values_list("ref", "title"))
    assert titles["1"] == "Review the constitution and the scheme of delegation with members"
    assert "Row 3 carries on the text of row 2" in " ".join(report.notes)
    assert titles["2.a"] == "Agree the template"  # "a)" starts a sub-action: not joined
    assert not any("Row 5 carries on" in note for note in report.notes)
