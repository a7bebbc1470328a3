"""Office files people upload (a plan's workbook or Word document, a council's Word template):
what every one is checked for before anything opens it, and opening a Word template."""

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn

MAX_UNZIPPED_BYTES = 80 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 500
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class UnreadableFile(Exception):
    """The file cannot be used; the message says why in words for the person uploading it."""


def check_zip(data: bytes, word: bool = False) -> None:
    """Refuse zip bombs and things that are zips but not workbooks (or, for `word`, not Word
    documents), before anything reads them."""
    what, app = ("document", "Word") if word else ("workbook", "Excel")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(
            f"This {what} is damaged or incomplete (perhaps it did not finish uploading). "
            f"Open it in {app}, save it again and try again."
        ) from None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise UnreadableFile(f"This {what} has far more parts than a {what} should.")
    unzipped = sum(member.file_size for member in members)
    inflated = any(
        member.file_size > 1024 * 1024
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if unzipped > MAX_UNZIPPED_BYTES or inflated:
        raise UnreadableFile(
            f"This {what} unpacks to far more data than its size suggests (a “zip bomb”), so "
            f"it was not opened. Save the plan again from {app}."
        )
    names = {member.filename for member in members}
    if ("word/document.xml" if word else "xl/workbook.xml") not in names:
        raise UnreadableFile(
            "This is a zip file but not an Excel workbook or a Word document (it may be an "
            "OpenDocument file). Save the plan from Excel as .xlsx, or from Word as .docx."
        )


def word_document(template: bytes | None = None):
    """A new Word document: python-docx's own, or a council's template (.docx or .dotx) with its
    body emptied, so what is written takes the template's styles, page setup and headers."""
    if template is None:
        return Document()
    check_zip(template, word=True)
    try:
        document = Document(io.BytesIO(_as_document(template)))
    except (zipfile.BadZipFile, KeyError, ValueError) as problem:
        raise UnreadableFile(
            f"Word could open this file but python-docx could not ({problem}). Save it from Word "
            "as a Word Document (.docx) or Word Template (.dotx) and try again."
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _as_document(template: bytes) -> bytes:
    """A .dotx is a .docx whose main part says "template": python-docx opens only documents."""
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        if TEMPLATE_TYPE not in source.read("[Content_Types].xml"):
            return template
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    data = data.replace(TEMPLATE_TYPE, DOCUMENT_TYPE)
                target.writestr(item, data)
    return out.getvalue()
