"""Spreadsheet formula injection: one place that makes exported cells inert, for every export path.

A cell a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return)
is written with a leading apostrophe, which Excel and LibreOffice show as plain text. Imports take
the apostrophe off again, so an exported plan re-imports unchanged.

Use `escape_formula` on every text cell of every xlsx or CSV the product writes.
"""

FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """The value, made safe to put in a spreadsheet cell. Non-text values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADERS):
        return "'" + value
    return value


def unescape_formula(value):
    """Undo `escape_formula` on a text cell read back from a spreadsheet."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_LEADERS):
        return value[1:]
    return value
