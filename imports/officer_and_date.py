"""Split a cell that holds the lead officer and the target date together ("Who/When").

"Monitoring Officer – by Dec 2024" is the officer "Monitoring Officer" and the target "by Dec
2024"; "Ongoing SLT" is "SLT", ongoing. The date phrase must stand at the start or the end of the
cell, be made only of the words deadlines are written in, and be read as a date (or as ongoing)
by the target-date reader. A cell that cannot be split is kept whole as the lead officer.
"""

import re
from dataclasses import dataclass

from actions.target_dates import parse_target_date

# Words a deadline is written in, besides numbers and month names.
DATE_WORDS = {
    "by", "end", "of", "the", "from", "to", "until", "till", "and", "or", "on", "in", "at",
    "before", "after", "during", "onwards", "early", "mid", "late", "start", "beginning",
    "ongoing", "on-going", "rolling", "continuous", "continual", "bau", "business", "as", "usual",
    "quarter", "financial", "year", "fy", "spring", "summer", "autumn", "winter", "week",
    "commencing", "w/c", "deadline", "due", "complete", "completed", "q1", "q2", "q3", "q4",
}  # fmt: skip
MONTH_WORD = re.compile(
    r"^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?)\.?$"
)
NUMBER_WORD = re.compile(r"^'?\d{1,4}(st|nd|rd|th)?$|^\d{1,4}([/.-]\d{1,4}){1,2}$")
# Between the officer and the date: spaces, and perhaps a dash, comma, slash or colon.
SEPARATOR = re.compile(r"\s*[–—\-,;:/|]\s*|\s+")
PUNCTUATION_AROUND_WORDS = "()[].,;:"


@dataclass(frozen=True)
class OfficerAndDate:
    officer: str
    target: str
    between: str = ""  # what stood between them in the cell
    date_first: bool = False

    @property
    def split(self) -> bool:
        return bool(self.officer and self.target)

    def rejoined(self) -> str:
        """The cell as it was written."""
        if self.date_first:
            return self.target + self.between + self.officer
        return self.officer + self.between + self.target


def split_officer_and_date(cell: str) -> OfficerAndDate:
    text = cell.strip()
    if not text:
        return OfficerAndDate("", "")
    if is_date_phrase(text):
        return OfficerAndDate("", text)
    ends = [match for match in SEPARATOR.finditer(text) if 0 < match.start() < len(text)]
    for match in ends:  # from the left: the longest date phrase at the end
        officer, target = text[: match.start()], text[match.end() :]
        if is_date_phrase(target) and _names_someone(officer):
            return OfficerAndDate(officer, target, match.group())
    for match in reversed(ends):  # from the right: the longest date phrase at the start
        target, officer = text[: match.start()], text[match.end() :]
        if is_date_phrase(target) and _names_someone(officer):
            return OfficerAndDate(officer, target, match.group(), date_first=True)
    return OfficerAndDate(text, "")


def is_date_phrase(text: str) -> bool:
    """Only deadline words, and the target-date reader finds a date or "ongoing" in them."""
    tokens = [
        token.strip(PUNCTUATION_AROUND_WORDS).lower() for token in re.split(r"[\s–—,;]+", text)
    ]
    tokens = [token for token in tokens if token and token not in ("-", "/", "&")]
    if not tokens or not all(_date_word(token) for token in tokens):
        return False
    reading = parse_target_date(text)
    return reading.date is not None or reading.ongoing


def _date_word(token: str) -> bool:
    return bool(token in DATE_WORDS or MONTH_WORD.match(token) or NUMBER_WORD.match(token))


def _names_someone(text: str) -> bool:
    return any(character.isalpha() for character in text) and not is_date_phrase(text)
