"""What a report shows: the date it is as at, what it compares with, and which actions it lists."""

from dataclasses import dataclass
from datetime import date, datetime

from plans.status import Status


@dataclass(frozen=True)
class ReportOptions:
    as_at: date
    since: date | None = None  # compare with the picture at this earlier date
    include_completed: bool = True
    theme_id: int | None = None  # narrows the whole report to one theme
    status: Status | None = None  # lists only actions with this status (counts stay whole)
    # A published round's report leaves out updates recorded after it was frozen.
    recorded_by: datetime | None = None

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


def options_to_params(options: ReportOptions, cover: CoverDetails | None = None) -> dict:
    """The options as JSON for a queued job (and for the key of the file it makes)."""
    params = {
        "as_at": options.as_at.isoformat(),
        "since": options.since.isoformat() if options.since else None,
        "include_completed": options.include_completed,
        "theme_id": options.theme_id,
        "status": options.status.value if options.status else None,
    }
    if options.recorded_by is not None:
        params["recorded_by"] = options.recorded_by.isoformat()
    if cover is not None:
        params["cover"] = {
            "committee": cover.committee,
            "meeting_date": cover.meeting_date.isoformat() if cover.meeting_date else None,
            "annex_label": cover.annex_label,
        }
    return params


def options_from_params(params: dict) -> tuple[ReportOptions, CoverDetails | None]:
    options = ReportOptions(
        as_at=date.fromisoformat(params["as_at"]),
        since=date.fromisoformat(params["since"]) if params.get("since") else None,
        include_completed=params["include_completed"],
        theme_id=params.get("theme_id"),
        status=Status(params["status"]) if params.get("status") else None,
        recorded_by=(
            datetime.fromisoformat(params["recorded_by"]) if params.get("recorded_by") else None
        ),
    )
    cover = params.get("cover")
    if cover is None:
        return options, None
    return options, CoverDetails(
        committee=cover["committee"],
        meeting_date=date.fromisoformat(cover["meeting_date"]) if cover["meeting_date"] else None,
        annex_label=cover["annex_label"],
    )
