"""Fields of one line (titles, names, words, headings) take no line breaks, tabs or other control
characters: they go into email subjects, file names and table cells, where one would break them
(a plan title with a line break made every email of its rounds fail)."""

import re

from django import forms
from django.core.validators import RegexValidator

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

single_line = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message="Enter this on one line, without line breaks or tabs",
    code="control_characters",
)


class SingleLineFieldsMixin:
    """Every text field a form shows as a one-line input refuses control characters."""

    def full_clean(self):
        # Here, not in __init__: forms add fields of their own after it.
        for field in self.fields.values():
            one_line = isinstance(field.widget, forms.TextInput) and not isinstance(
                field.widget, forms.PasswordInput
            )
            if (
                isinstance(field, forms.CharField)
                and one_line
                and single_line not in field.validators
            ):
                field.validators.append(single_line)
        super().full_clean()


def one_line(text: str) -> str:
    """Text made one line, for places that must never break (an email's subject)."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
