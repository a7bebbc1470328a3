"""Read the target dates councils write ("December 24 and ongoing", "Q4 2024/25") as dates.

Councils write deadlines as free text. The product keeps that text exactly as written and stores
beside it the date this module reads from it, plus whether the action is "ongoing" (a commitment
with no end date: "Ongoing", "BAU"), so that it can tell which actions are overdue. The parser
is pure and never raises: text it cannot read gives no date.

Rules, in the order they are tried (the first kind found wins; of several of that kind the latest
is the deadline, so "January / February 2025" is due at the end of February):
1. a day: "31/03/2025" (UK order), "2025-03-31", "31 March 2025", "31st Mar 2025";
2. a month: "March 2024", "Dec 2024", "December 24" (a two-digit year), due at the month's end;
   a month with no year takes the year of the month after it ("January / February 2025");
3. a quarter of a financial year, "Q4 2024/25" (April to March), or of a calendar year, "Q3 2024";
   a season: "Spring 2027" is due at the end of May, "Winter 2025/26" at the end of February;
4. a financial year, "2024/25", "2024-2025", "25/26": due on 31 March at its end;
5. a year alone, "2025": due on 31 December.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
ONGOING = re.compile(r"\b(ongoing|on-going|rolling|continuous|continual|bau|business as usual)\b")

NUMERIC_DAY = re.compile(r"\b(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})\b")
ISO_DAY = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
WORDED_DAY = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}\s*,?\s*(?P<y>\d{{4}})\b")
MONTH_FIRST_DAY = re.compile(
    rf"\b{MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(?P<y>\d{{4}})\b"
)
MONTH_YEAR = re.compile(rf"\b{MONTH}\s*,?\s*(?P<y>\d{{4}}|'?\d{{2}})\b(?!\s*[/:.]\d)")
BARE_MONTH = re.compile(rf"\b{MONTH}\b")
FY_QUARTER = re.compile(
    r"\b(?:q|quarter\s*)(?P<q>[1-4])\s*(?:of\s+)?(?:fy\s*)?(?P<y1>\d{4}|\d{2})\s*[/-]\s*(?P<y2>\d{4}|\d{2})\b"
)
CALENDAR_QUARTER = re.compile(r"\b(?:q|quarter\s*)(?P<q>[1-4])\s*(?:of\s+)?(?P<y>\d{4})\b")
SEASON = re.compile(
    r"\b(?P<season>spring|summer|autumn|fall|winter)\s*(?P<y>\d{4}|'?\d{2})"
    r"(?:\s*[/-]\s*(?P<y2>\d{4}|\d{2}))?\b"
)
SEASON_ENDS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
FINANCIAL_YEAR = re.compile(r"\b(?P<y1>\d{4}|\d{2})\s*[/-]\s*(?P<y2>\d{4}|\d{2})\b")
BARE_YEAR = re.compile(r"\b(?P<y>(?:19|20)\d{2})\b")
MONTH_JOINER = re.compile(r"\s*(?:/|-|–|&|,|to|and|or)\s*")


@dataclass(frozen=True)
class TargetDate:
    date: date | None
    ongoing: bool


def parse_target_date(text: str | None) -> TargetDate:
    """The deadline a council's target-date text names, and whether the action is ongoing."""
    if not text:
        return TargetDate(None, False)
    lowered = " ".join(str(text).lower().split())
    try:
        found = _deadline(lowered)
    except (ValueError, OverflowError):  # belt and braces: this function must never raise
        found = None
    # "Ongoing" is for a commitment with no end date. Text naming both ("Rolling to March 2024",
    # "June 2024 ongoing") has a deadline, and is overdue once it passes like any other.
    ongoing = found is None and bool(ONGOING.search(lowered))
    return TargetDate(found, ongoing)


def _deadline(text: str) -> date | None:
    days, text = _take(text, [ISO_DAY, NUMERIC_DAY, WORDED_DAY, MONTH_FIRST_DAY], _day)
    months = _months(text)
    if days or months:
        return max(days + months)
    quarters, text = _take(text, [FY_QUARTER], _fy_quarter)
    calendar_quarters, text = _take(text, [CALENDAR_QUARTER], _calendar_quarter)
    seasons, text = _take(text, [SEASON], _season)
    if quarters or calendar_quarters or seasons:
        return max(quarters + calendar_quarters + seasons)
    years, text = _take(text, [FINANCIAL_YEAR], _financial_year)
    if years:
        return max(years)
    bare, _ = _take(text, [BARE_YEAR], lambda m: date(int(m["y"]), 12, 31))
    return max(bare) if bare else None


def _take(text, patterns, read):
    """Dates read by `read` from every match, with the matched text blanked out for later rules.

    An impossible match ("31/02/2025") is blanked too, so its digits are not read again as a year.
    """
    found = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            value = read(match)
            if value is not None:
                found.append(value)
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return found, text


def _year(digits: str) -> int | None:
    digits = digits.lstrip("'")
    year = int(digits) + 2000 if len(digits) == 2 else int(digits)
    return year if 1990 <= year <= 2100 else None


def _valid(year, month, day) -> date | None:
    if year is None or not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _month_end(year, month) -> date | None:
    if year is None:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(match) -> date | None:
    month = match["m"] if "m" in match.groupdict() else None
    month_number = int(month) if month else MONTHS[match["month"][:3]]
    return _valid(_year(match["y"]), month_number, int(match["d"]))


def _months(text: str) -> list[date]:
    """Month-and-year deadlines, with a yearless month borrowing the year of the month after it."""
    found = []
    with_year = list(MONTH_YEAR.finditer(text))
    for match in with_year:
        end = _month_end(_year(match["y"]), MONTHS[match["month"][:3]])
        if end:
            found.append(end)
    for match in BARE_MONTH.finditer(text):
        following = next((m for m in with_year if m.start() >= match.end()), None)
        if following is None or any(m.start() == match.start() for m in with_year):
            continue
        if MONTH_JOINER.fullmatch(text[match.end() : following.start()]):
            end = _month_end(_year(following["y"]), MONTHS[match["month"][:3]])
            if end:
                found.append(end)
    return found


def _consecutive_years(first: str, second: str) -> int | None:
    """The later year of a financial year written "2024/25" or "2024-2025", else None."""
    start, end = _year(first), _year(second)
    if start is None or end is None or end != start + 1:
        return None
    return end


def _financial_year(match) -> date | None:
    end = _consecutive_years(match["y1"], match["y2"])
    return date(end, 3, 31) if end else None


def _fy_quarter(match) -> date | None:
    end = _consecutive_years(match["y1"], match["y2"])
    if end is None:
        return None
    # Quarters of the financial year: Q1 April–June ... Q4 January–March.
    year, month = {1: (end - 1, 6), 2: (end - 1, 9), 3: (end - 1, 12), 4: (end, 3)}[int(match["q"])]
    return _month_end(year, month)


def _season(match) -> date | None:
    """Winter runs into the next year: "Winter 2025" and "Winter 2025/26" end in February 2026."""
    year = _year(match["y"])
    if year is None:
        return None
    month = SEASON_ENDS[match["season"]]
    if month == 2:
        year = _year(match["y2"]) if match["y2"] else year + 1
    return _month_end(year, month)


@lru_cache(maxsize=4096)  # an import asks of every row, and plans repeat their dates
def impossible_day(text: str | None) -> str | None:
    """A day written that no calendar has ("31/04/2027", "30 February 2026"), as written; None
    when every day the text names exists. Such text reads as no date, so say so where it came in."""
    written = " ".join(str(text or "").split())
    for pattern in (ISO_DAY, NUMERIC_DAY, WORDED_DAY, MONTH_FIRST_DAY):
        for match in pattern.finditer(written.lower()):
            if _year(match["y"]) is not None and _day(match) is None:
                return written[match.start() : match.end()]
    return None


def _calendar_quarter(match) -> date | None:
    return _month_end(_year(match["y"]), int(match["q"]) * 3)


def read_back(text: str | None) -> str:
    """How a typed target date is read, in words, so the person can check it before saving:
    "Read as a deadline of 30 June 2025". Empty for empty text."""
    if not text or not str(text).strip():
        return ""
    parsed = parse_target_date(text)
    if parsed.date is not None:
        ongoing = ", and ongoing after it" if parsed.ongoing else ""
        return f"Read as a deadline of {parsed.date:%-d %B %Y}{ongoing}."
    if parsed.ongoing:
        return "Read as ongoing, with no deadline: it is never overdue."
    return "Read as no date: the action is never overdue."
