from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.target_dates import TargetDate, impossible_day, parse_target_date

# Every deadline phrase in the three seed plans, and the examples. "Ongoing" is only for
# text with no end date: "Rolling to March 2024" and "June 2024 ongoing" have a deadline.
SEED_PHRASES = [
    ("March 2023", date(2023, 3, 31), False),
    ("March 2024 Ongoing - March 2024", date(2024, 3, 31), False),
    ("New approach implemented by April 2024", date(2024, 4, 30), False),
    ("April 2024", date(2024, 4, 30), False),
    ("December 2023", date(2023, 12, 31), False),
    ("Ongoing", None, True),
    ("2024-2025", date(2025, 3, 31), False),
    ("December 2024", date(2024, 12, 31), False),
    ("December 24 and ongoing in response to delivery need", date(2024, 12, 31), False),
    ("Ongoing in response to delivery need", None, True),
    ("March 25 for 25/26 service plans", date(2025, 3, 31), False),
    ("March 2025 for service planning and appraisals 25/26", date(2025, 3, 31), False),
    (
        "March 26 for additions to 26/27 programme Dynamic additions as required",
        date(2026, 3, 31),
        False,
    ),
    (
        "December 25 to inform council plan preparation and ongoing as BAU",
        date(2025, 12, 31),
        False,
    ),
    ("March 2025", date(2025, 3, 31), False),
    ("March 2024", date(2024, 3, 31), False),
    ("November 2024", date(2024, 11, 30), False),
    ("June 2024", date(2024, 6, 30), False),
    ("October 2024 and ongoing", date(2024, 10, 31), False),
    ("October 2024", date(2024, 10, 31), False),
    ("Completed by May 2025", date(2025, 5, 31), False),
    ("April 2025 and ongoing", date(2025, 4, 30), False),
    ("Nov 2024", date(2024, 11, 30), False),
    ("June 2024 ongoing", date(2024, 6, 30), False),
    ("Oct 2024 and ongoing", date(2024, 10, 31), False),
    ("In progress", None, False),
    ("August 2024 and ongoing", date(2024, 8, 31), False),
    ("Executive Sept 2024 Ongoing", date(2024, 9, 30), False),
    ("May 2024", date(2024, 5, 31), False),
    ("July 2024", date(2024, 7, 31), False),
    ("July 2024 Ongoing", date(2024, 7, 31), False),
    ("Dec 2024", date(2024, 12, 31), False),
    ("Sept 2024", date(2024, 9, 30), False),
    ("September 2024", date(2024, 9, 30), False),
    ("January 2025", date(2025, 1, 31), False),
    ("Dec 2024 Started October", date(2024, 12, 31), False),
    ("In place ongoing", None, True),
    ("January / February 2025", date(2025, 2, 28), False),
    # The list.
    ("December 24", date(2024, 12, 31), False),
    ("Rolling to March 2024", date(2024, 3, 31), False),
    ("Q4 2024/25", date(2025, 3, 31), False),
    ("31/03/2025", date(2025, 3, 31), False),
]


@pytest.mark.parametrize(("text", "expected_date", "ongoing"), SEED_PHRASES)
def test_seed_phrases_give_a_sensible_deadline(text, expected_date, ongoing):
    assert parse_target_date(text) == TargetDate(expected_date, ongoing)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/04/2025", date(2025, 4, 1)),  # UK order: 1 April, not 4 January
        ("1/4/25", date(2025, 4, 1)),
        ("2025-03-31", date(2025, 3, 31)),
        ("31st March 2025", date(2025, 3, 31)),
        ("March 5, 2025", date(2025, 3, 5)),
        ("Q1 2025/26", date(2025, 6, 30)),
        ("Q2 2025/26", date(2025, 9, 30)),
        ("Q3 2025/26", date(2025, 12, 31)),
        ("Q3 2024", date(2024, 9, 30)),
        ("2024/25", date(2025, 3, 31)),
        ("25/26", date(2026, 3, 31)),
        ("by 2026", date(2026, 12, 31)),
        ("Phase one by March 2024, phase two by March 2025", date(2025, 3, 31)),
        ("February 2024", date(2024, 2, 29)),  # leap year month end
    ],
)
def test_other_common_forms(text, expected):
    assert parse_target_date(text).date == expected


@pytest.mark.parametrize(
    "text", ["", None, "TBC", "31/02/2025", "Feb 30 2024", "13/13/2025", "99/00"]
)
def test_unreadable_or_impossible_dates_give_no_date(text):
    assert parse_target_date(text).date is None


@pytest.mark.parametrize(
    "text", ["Rolling to March 2024", "Ongoing – March 2024", "December 24 and ongoing"]
)
def test_text_naming_a_deadline_and_ongoing_is_overdue_once_the_deadline_passes(text):
    from actions.models import Action

    action = Action(status="on_track")
    action.set_target(text)
    assert action.is_overdue(today=date(2025, 1, 31))
    assert not action.is_overdue(today=date(2023, 1, 1))


def test_a_financial_year_needs_consecutive_years():
    assert parse_target_date("2024/26").date is None


@given(st.text(max_size=200))
def test_never_raises_on_any_text(text):
    result = parse_target_date(text)
    assert result.date is None or isinstance(result.date, date)


@given(
    st.lists(
        st.sampled_from(
            ["March", "Dec", "24", "2025", "/", "Q4", "-", "ongoing", "31", "02", "2024/25", " "]
        ),
        max_size=12,
    )
)
def test_never_raises_on_date_like_fragments(words):
    parse_target_date(" ".join(words))


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Spring 2027", date(2027, 5, 31)),
        ("Summer 2025", date(2025, 8, 31)),
        ("Autumn 24", date(2024, 11, 30)),
        ("Winter 2025/26", date(2026, 2, 28)),
        ("Winter 2027", date(2028, 2, 29)),  # winter runs into the next year
        ("By spring 2026 and ongoing", date(2026, 5, 31)),
    ],
)
def test_a_season_is_due_at_its_end(text, deadline):
    assert parse_target_date(text).date == deadline


@pytest.mark.parametrize(
    ("text", "impossible"),
    [
        ("31/04/2027", "31/04/2027"),
        ("By 30 February 2026", "30 February 2026"),
        ("31/03/2027", None),
        ("March 2027", None),
        ("", None),
    ],
)
def test_a_day_no_calendar_has_is_named_as_written(text, impossible):
    assert impossible_day(text) == impossible
