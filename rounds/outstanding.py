"""The round's outstanding list as an xlsx: what a coordinator sends round or chases from."""

from core.spreadsheets import table_workbook

from .selectors import CoveredAction, person_name

COLUMNS = [
    ("Reference", 12),
    ("Action", 60),
    ("Theme", 30),
    ("State in the round", 18),
    ("Due by", 14),
    ("Owners", 30),
    ("Owners' email", 36),
    ("Lead officer (as written)", 30),
    ("Target date (as written)", 22),
    ("Coordinator's comment", 40),
]


def outstanding_workbook(outstanding: list[CoveredAction]) -> bytes:
    """The outstanding items, with their actions attached (`RoundProgress.shown`)."""
    rows = []
    for item in outstanding:
        action, review = item.action, item.review
        rows.append(
            (
                action.shown_ref,
                action.title,
                f"{action.theme.number}. {action.theme.title}" if action.theme else "",
                item.state_label,
                item.deadline,
                "; ".join(person_name(owner) for owner in item.owners) or "No owner",
                "; ".join(owner.email for owner in item.owners if owner.email),
                action.lead_officer,
                action.target_text,
                review.comment if review else "",
            )
        )
    return table_workbook("Outstanding updates", COLUMNS, rows)
