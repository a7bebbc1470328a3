"""The one status vocabulary: label, colour and order live here and nowhere else."""

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    # Declaration order is the reporting order.
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"
    # What an action shows until someone reports: the product never invents a status the
    # council's document did not give.
    NONE = "none", "No status given"

    @property
    def order(self) -> int:
        return list(Status).index(self)

    @property
    def style(self) -> "StatusStyle":
        return STYLES[self]

    @classmethod
    def from_word(cls, word: str) -> "Status | None":
        """A status from the words councils use (RAG colours, "Underway", "Done"), or None."""
        key = " ".join(word.replace("_", " ").replace("-", " ").split()).lower()
        return WORDS.get(key)


@dataclass(frozen=True)
class StatusStyle:
    colour: str  # a GOV.UK tag colour name, used as the CSS modifier
    hex: str  # for charts and PDFs; always shown with the status word, never alone


STYLES = {
    Status.NOT_STARTED: StatusStyle("grey", "#505a5f"),
    Status.ON_TRACK: StatusStyle("green", "#00703c"),
    Status.AT_RISK: StatusStyle("yellow", "#f47738"),
    Status.OFF_TRACK: StatusStyle("red", "#d4351c"),
    Status.COMPLETE: StatusStyle("blue", "#1d70b8"),
    Status.NONE: StatusStyle("white", "#f3f2f1"),
}

WORDS = {
    **{status.label.lower(): status for status in Status},
    **{status.value.replace("_", " "): status for status in Status},
    "grey": Status.NOT_STARTED,
    "gray": Status.NOT_STARTED,
    "green": Status.ON_TRACK,
    "underway": Status.ON_TRACK,
    "in progress": Status.ON_TRACK,
    "amber": Status.AT_RISK,
    "red": Status.OFF_TRACK,
    "blue": Status.COMPLETE,
    "completed": Status.COMPLETE,
    "done": Status.COMPLETE,
}


def rollup(statuses) -> Status:
    """One status for an action from its sub-actions': the worst given wins, all complete is
    complete; sub-actions with no status given count for nothing (none given: none)."""
    everything = {Status(s) for s in statuses}
    statuses = everything - {Status.NONE}
    if not statuses:
        return Status.NONE
    if everything == {Status.COMPLETE}:
        return Status.COMPLETE
    for worst in (Status.OFF_TRACK, Status.AT_RISK):
        if worst in statuses:
            return worst
    if statuses & {Status.ON_TRACK, Status.COMPLETE}:
        return Status.ON_TRACK
    return Status.NOT_STARTED


# Where a council's key lacks a status, the nearest it has stands in (York has no "Off track").
STAND_INS = {Status.OFF_TRACK: Status.AT_RISK, Status.AT_RISK: Status.OFF_TRACK}
