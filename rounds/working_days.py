"""Deadlines counted in working days (Monday to Friday)."""

from datetime import date, timedelta


def working_days_before(day: date, count: int) -> date:
    """The date `count` working days before `day`. Bank holidays are not known here: a
    coordinator moves the deadline by hand around them."""
    found = day
    while count > 0:
        found -= timedelta(days=1)
        if found.weekday() < 5:
            count -= 1
    return found
