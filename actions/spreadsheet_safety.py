"""Cells a spreadsheet would run as a formula are written as text."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Prefix a quote to text that starts like a formula (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
