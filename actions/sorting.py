"""Column headers of the action list that sort it, keeping the filters in the link."""

from dataclasses import dataclass

COLUMNS = [
    ("ref", "Ref"),
    ("title", "Action"),
    ("lead_officer", "Lead officer"),
    ("target_date", "Target date"),
    ("status", "Status"),
    ("last_update", "Last update"),
]


@dataclass
class Column:
    key: str
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none", for screen readers


def sortable_columns(params) -> list[Column]:
    current = params.get("sort", "")
    columns = []
    for key, label in COLUMNS:
        if current == key:
            direction, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            direction, next_sort = "descending", key
        else:
            direction, next_sort = "none", key
        query = params.copy()
        query.pop("page", None)
        query["sort"] = next_sort
        columns.append(Column(key, label, f"?{query.urlencode()}", direction))
    return columns
