"""Which evidence files are accepted, decided from their content, never from their name or what
the browser says they are.

Binary formats are recognised by their signature (the `filetype` library); text is accepted as
plain text or CSV only when it decodes cleanly and holds no markup a browser would run, so an HTML
or SVG file renamed to .txt is still refused."""

from dataclasses import dataclass

import filetype

ACCEPTED = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument presentation",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
}
ACCEPTED_IN_WORDS = "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, plain text, PNG or JPEG"
MARKUP = (b"<html", b"<!doctype", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")


@dataclass(frozen=True)
class Recognised:
    content_type: str
    kind: str  # in words, for the page


class Refused(ValueError):
    """Not a file type evidence may be."""


def recognise(head: bytes, whole, name: str) -> Recognised:
    """The file's type from its first bytes (`head`) or, for text, all of it (`whole`, an open
    binary file). Raises `Refused` with what is wrong, in words."""
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime in ACCEPTED:
            return Recognised(guess.mime, ACCEPTED[guess.mime])
        raise Refused(f"it is {_described(guess)}, which is not accepted as evidence")
    if _is_plain_text(whole):
        if name.lower().endswith(".csv"):
            return Recognised("text/csv", "CSV")
        return Recognised("text/plain", "plain text")
    raise Refused("its content is not a type accepted as evidence")


def _described(guess) -> str:
    if guess.mime.startswith("image/"):
        return f"a {guess.extension.upper()} image"
    if guess.extension in {"zip", "tar", "gz", "rar", "7z", "bz2", "xz"}:
        return "an archive"
    if guess.extension in {"exe", "elf", "dmg", "msi", "dll"}:
        return "a program"
    return f"a {guess.extension.upper()} file"


def _is_plain_text(whole) -> bool:
    whole.seek(0)
    content = whole.read()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # CSVs saved by older Excel
        except UnicodeDecodeError:
            return False
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return False
    lowered = content.lower()
    return not lowered.lstrip().startswith(b"<") and not any(tag in lowered for tag in MARKUP)
