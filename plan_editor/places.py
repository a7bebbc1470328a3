"""Choosing an order without script: each item gets a place (1, 2, 3…) or none. Used for the
council's status key and the annex's sections and columns."""

from django import forms


def place_field(count: int, *, initial, left_out: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Place",
        choices=[("", left_out), *[(n, str(n)) for n in range(1, count + 1)]],
        coerce=int,
        empty_value=None,
        required=False,
        initial=initial,
    )


def check_places(form, items: list[tuple[str, str]], prefix: str, where: str) -> None:
    """Refuse two items in one place, naming both: (name, label) items, fields `{prefix}{name}`."""
    seen: dict = {}
    for name, label in items:
        place = form.cleaned_data.get(f"{prefix}{name}")
        if place in seen:
            form.add_error(
                f"{prefix}{name}",
                f"{label} and {seen[place]} are both number {place} in {where}: give each its "
                "own place",
            )
        elif place:
            seen[place] = label


def in_place_order(cleaned: dict, names, prefix: str) -> list[str]:
    """The names given a place, in the order of their places."""
    placed = {name: place for name in names if (place := cleaned.get(f"{prefix}{name}"))}
    return sorted(placed, key=placed.get)
