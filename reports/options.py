"""What a report shows: the date it is as at, what it compares with, and which actions it lists."""

from dataclasses import dataclass
from datetime import date

from actions.status import Status


@dataclass(frozen=True)
class ReportOptions:
    as_at: date
    since: date | None = None  # compare with the picture at this earlier date
    include_completed: bool = True
    theme_id: int | None = None  # narrows the whole report to one theme
    status: Status | None = None  # lists only actions with this status (counts stay whole)

    def lists(self, status: Status) -> bool:
        """Whether an action with this status is listed in the plan."""
        if not self.include_completed and status == Status.COMPLETE:
            return False
        return self.status is None or status == self.status


@dataclass(frozen=True)
class CoverDetails:
    """What democratic services print on the annex cover."""

    committee: str = ""
    meeting_date: date | None = None
    annex_label: str = "Annex"
