"""How far along an action is: the percentage an update gives, and an action's roll-up of its
sub-actions (the share of them complete, and the mean of the percentages they give)."""

from collections.abc import Iterable
from dataclasses import dataclass

from plans.status import Status


def percent_of(status, given: int | None) -> int | None:
    """Complete means 100; otherwise what the latest update gave, if anything."""
    return 100 if Status(status) == Status.COMPLETE else given


@dataclass(frozen=True)
class Rollup:
    complete: int
    total: int
    mean_percent: int | None  # None: no sub-action gives a percentage
    percents_given: int

    @property
    def share_complete(self) -> int:
        return round(100 * self.complete / self.total)

    @property
    def sentence(self) -> str:
        """The roll-up in words, as every page and annex prints it: the mean percentage always
        says how many sub-actions gave one, so "100% on average" never hides those without."""
        plural = "" if self.total == 1 else "s"
        text = (
            f"{self.complete} of {self.total} sub-action{plural} complete ({self.share_complete}%)"
        )
        if self.mean_percent is not None:
            text += (
                f"; {self.mean_percent}% done on average, "
                f"from the {self.percents_given} giving a percentage"
            )
        return text + "."


def rollup_progress(sub_actions: Iterable[tuple[str, int | None]]) -> Rollup | None:
    """From (status, percentage given) of each sub-action; None for an action without any."""
    rows = [(Status(status), percent_of(status, given)) for status, given in sub_actions]
    if not rows:
        return None
    percents = [percent for _, percent in rows if percent is not None]
    return Rollup(
        complete=sum(status == Status.COMPLETE for status, _ in rows),
        total=len(rows),
        mean_percent=round(sum(percents) / len(percents)) if percents else None,
        percents_given=len(percents),
    )


def attach_progress(actions) -> None:
    """Give each action with `sub_actions` its `progress` roll-up; each sub-action carries its
    status and, where read with `with_latest_percent`, the percentage its latest update gave."""
    for action in actions:
        children = getattr(action, "sub_actions", None) or []
        action.progress = rollup_progress(
            (child.status, getattr(child, "latest_percent", None)) for child in children
        )
