"""Recognise the headings councils give their columns, whatever the case and punctuation.

"Owner", "Accountable officer" and "Lead Officer" all mean the lead officer; "Update – May 2024"
is an update column whose updates are as at May 2024. A heading not recognised here can be mapped
by the user (`--map "Heading=field"`, or the admin preview), or it is ignored.
"""

import re
from datetime import date
from functools import lru_cache

from actions.target_dates import parse_target_date

SYNONYMS = {
    "theme": ["theme", "objective", "priority", "strategic theme", "workstream", "outcome"],
    "recommendation_ref": [
        "recommendation ref",
        "recommendation reference",
        "recommendation no",
        "recommendation number",
        "rec ref",
        "rec no",
    ],
    "recommendation": [
        "recommendation",
        "recommendations",
        "governance characteristic",
        "governance characteristics",
        "characteristic",
        "peer recommendation",
        "finding",
        "findings",
        "key finding",
        "area for improvement",
        "areas for improvement",
        "improvement area",
        "task",
        "tasks",
        "issue",
        "issues",
        "issue identified",
        "indicator",
        "indicators",
    ],
    "action_ref": [
        "action ref",
        "action reference",
        "action no",
        "action number",
        "ref",
        "reference",
        "no",
        "number",
        "id",
    ],
    "written_ref": [
        "number as written",
        "reference as written",
        "ref as written",
        "as written",
    ],
    "action": [
        "action",
        "actions",
        "action required",
        "actions required",
        "action to be taken",
        "actions to be taken",
        "proposed action",
        "what we will do",
        "what will we do",
        "how",
        "response",
        "council response",
        "management response",
        "our response",
        "agreed action",
        "agreed actions",
        "management action",
        "management actions",
        "steps",
        "next steps",
        "activity",
        "activities",
    ],
    "detail": [
        "detail",
        "details",
        "description",
        "further detail",
        "milestones",
        "key milestones",
    ],
    "lead_officer": [
        "owner",
        "lead officer",
        "lead",
        "accountable officer",
        "responsible officer",
        "action owner",
        "lead responsible officer",
        "officer",
        "responsible",
    ],
    "target_date": [
        "completion date",
        "target date",
        "deadline",
        "due",
        "due date",
        "by when",
        "timescale",
        "timescales",
        "timetable",
        "timetables",
        "target",
    ],
    "officer_and_date": [
        "who when",
        "who and when",
        "who by when",
        "owner date",
        "owner and date",
        "lead and timescale",
        "lead officer and timescale",
        "lead officer and date",
        "responsibility and timescale",
        "lead timescale",
    ],
    "status": ["rag", "rag status", "status", "progress", "rating"],
    "update_date": ["update date", "date of update", "as at", "as at date", "last updated"],
    "update": [
        "update",
        "progress update",
        "latest update",
        "narrative",
        "commentary",
        "comments",
        "progress narrative",
    ],
}
EXACT = {synonym: field for field, synonyms in SYNONYMS.items() for synonym in synonyms}
# Longer headings that start with a known one ("Update – May 2024", "Narrative and evidence").
# Short synonyms ("no", "due") only ever match whole headings; "How we will respond" is the action.
PREFIXES = sorted(
    ((synonym, field) for synonym, field in EXACT.items() if len(synonym) >= 4 or synonym == "how"),
    key=lambda pair: -len(pair[0]),
)
# Headings that name the recommendation or the action anywhere in longer words ("Peer challenge
# finding", "Response to the LGA recommendation" is the action: a heading's start comes first).
CONTAINED = [
    ("area for improvement", "recommendation"),
    ("recommendation", "recommendation"),
    ("finding", "recommendation"),
    ("findings", "recommendation"),
    ("characteristic", "recommendation"),
    ("what we will do", "action"),
    ("action required", "action"),
]
NON_WORD = re.compile(r"[^a-z0-9]+")
# Footnote markers Word leaves in a heading: "Timetable[iv]", "Lead officer¹", "Target date*".
FOOTNOTE_MARKER = re.compile(r"\[[a-z0-9]{1,5}\]|[\u00b9\u00b2\u00b3\u2070-\u2079]+|\*+", re.I)


def normalise(heading) -> str:
    """Lower case, punctuation as spaces, footnote markers dropped: "Lead Officer(s)[ii]" and
    "lead-officer s" read alike."""
    if heading is None:
        return ""
    text = FOOTNOTE_MARKER.sub(" ", str(heading))
    return " ".join(NON_WORD.sub(" ", text.lower()).split())


@lru_cache(maxsize=8192)  # called for short cells of every row, to spot repeated headers
def recognise(heading) -> str | None:
    """The field a heading names, or None."""
    key = normalise(heading)
    if not key:
        return None
    if key in EXACT:
        return EXACT[key]
    for synonym, field in PREFIXES:
        if key.startswith(synonym + " "):
            return field
    for phrase, field in CONTAINED:
        if f" {phrase} " in f" {key} ":
            return field
    return None


def heading_date(heading) -> date | None:
    """The date an update heading is as at ("Update – May 2024" → 31 May 2024), or None."""
    return parse_target_date(str(heading or "")).date
