"""Make the spreadsheets the import tests read. Run from the repository root:

    .venv/bin/python tests/imports/files/make_files.py ../shared/seeds

The three real plans are typed up from the seed texts (shared/seeds/README.md) in the shapes they
came in: title rows above the header, the header repeated where the Word table broke across
pages, the councils' own headings, several actions in one cell. Rows the PDF extraction split
at a page break are joined again, as they were one row in the council's table. The other files
are shapes the importer has not seen, and hostile files. The outputs are committed; the tests
read those, not this script.
"""

import html
import io
import re
import sys
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
YORK_MISSING_TITLE = (  # lost at a page break; the pack's Annex 1 names it
    "4. Develop and embed an engagement plan to build greater understanding about the mid-term "
    "financial strategy"
)
NUMBERED = re.compile(r"^\d+\.\s")


def cell(text: str) -> str:
    """Extraction HTML to what the Word cell said: paragraphs and bullets on lines of their own."""
    text = re.sub(r"<li[^>]*>\s*", "\n", text)
    text = re.sub(r"</p>\s*<p>|<br\s*/?>|</?ul[^>]*>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def join(before: str, after: str) -> str:
    if not before or not after:
        return before or after
    return before + ("\n" if before.endswith((".", ":")) else " ") + after


def save(rows, name, sheet_title="Sheet1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    workbook.save(HERE / name)


def governance_plan(seeds: Path):
    lines = (seeds / "000_16cea392ac604b86.txt").read_text(encoding="utf-8").split("\n")
    save([[cell(c) or None for c in line.split("\t")] for line in lines], "governance_plan.xlsx")


def peer_challenge_plan(seeds: Path):
    lines = (seeds / "003_92d1a37e39293310.txt").read_text(encoding="utf-8").split("\n")
    rows = []
    for line in lines:
        cells = [cell(c) for c in line.split("\t")]
        data_rows = [row for row in rows if len(row) == 5 and row[0] not in ("", "No.")]
        if len(cells) == 5 and not cells[0] and data_rows:
            data_rows[-1][:] = [join(a, b) for a, b in zip(data_rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    save([[c or None for c in row] for row in rows], "peer_challenge_plan.xlsx", "Action plan")


def york_plan(seeds: Path):
    save([[c or None for c in row] for row in york_rows(seeds)], "york_plan.xlsx", "Annex 2")


def york_rows(seeds: Path) -> list[list[str]]:
    text = (seeds / "002_1e5ff1dc4ce3b167.txt").read_text(encoding="utf-8")
    annex = text[text.index("## Action Plan\n") :].split("\n")[1:]
    rows = [["Annex 2 – Corporate Improvement Plan"], []]
    objective = ""
    for line in annex:
        if line.startswith("**Objective"):
            objective = line.split()[1]
            rows.append([line.replace("**", "").strip()])
            continue
        cells = [cell(c) for c in line.split("\t")]
        if len(cells) < 5 or not any(cells) or cells[0] == "Action":
            if cells[0] == "Action":
                rows.append(cells)
            continue
        action, detail = cells[0], cells[1]
        previous = rows[-1] if len(rows[-1]) == 5 and rows[-1][0] != "Action" else None
        if previous and not NUMBERED.match(detail):  # a row the page break split in two
            rows[-1] = [join(a, b) for a, b in zip(previous, cells, strict=True)]
            continue
        if previous and action and not NUMBERED.match(action):
            head = next(r for r in reversed(rows) if len(r) == 5 and r[0])
            head[0] = join(head[0], action)  # the action's title ran on over a page break
            cells[0] = ""
        if objective == "1" and not action and detail.startswith("1. ") and previous:
            cells[0] = YORK_MISSING_TITLE
        rows.append(cells)
    return rows


def unseen_shape():
    """A shape none of the seeds has: a title block, sub-actions a) b) on rows of their own, real
    Excel dates, RAG colours and an update column headed with its date, a column to map."""
    save(
        [
            ["Borough Council – Best Value Improvement Plan"],
            ["Updated for Cabinet, May 2024"],
            [],
            ["Ref", "Recommendation", "Action Required", "Who", "Due", "RAG", "Update – May 2024"],
            [
                "1",
                "Strengthen financial management",
                "Adopt a medium term financial strategy",
                "Director of Finance",
                date(2024, 3, 31),
                "Green",
                "Adopted by Council in February.",
            ],
            [
                None,
                None,
                "a) Set up monthly budget monitoring",
                "Head of Finance",
                "31/07/2024",
                "amber",
                "Started in June.",
            ],
            [None, None, "b) Train budget holders", "Head of Finance", "Q3 2024/25", None, None],
            [
                "2",
                "Improve scrutiny",
                "Refresh the scrutiny work programme",
                "Monitoring Officer",
                "Ongoing",
                "Complete",
                "Done.",
            ],
            ["Ref", "Recommendation", "Action Required", "Who", "Due", "RAG", "Update – May 2024"],
            [
                "3",
                "Improve scrutiny",
                "Train scrutiny chairs",
                "Monitoring Officer",
                "December 24 and ongoing",
                "Red",
                "Trainer not yet found.",
            ],
        ],
        "unseen_shape.xlsx",
    )


def csv_files():
    header = "Theme,Action ref,Action,Lead officer,Target date,Status\r\n"
    body = "1. Money,1,Balance the budget,Director of Finance – S151,31/03/2025,Amber\r\n"
    body += '1. Money,2,"Review fees, charges and café leases",Head of Estates,March 2025,\r\n'
    (HERE / "excel_utf8_bom.csv").write_bytes(("\ufeff" + header + body).encode("utf-8"))
    (HERE / "excel_windows_1252.csv").write_bytes((header + body).encode("cp1252"))
    (HERE / "control_characters.csv").write_bytes(
        (header + "1. Money,1,Balance the\x07 budget,Director of Finance,,\r\n").encode("utf-8")
    )
    rows = "".join(f"{n},Action number {n},Officer,March 2025\r\n" for n in range(1, 20_002))
    (HERE / "too_many_rows.csv").write_text("Action ref,Action,Lead officer,Target date\r\n" + rows)


def bad_rows():
    save(
        [
            ["Action ref", "Action", "Lead officer", "Target date", "Status", "Update date"],
            ["1", "Balance the budget", "Director of Finance", "March 2025", "Green", None],
            ["2", "Review fees", "Head of Estates", "March 2025", "Purple", None],
            ["3", "Sell the depot", "Head of Estates", "2025", "Amber", "next week"],
        ],
        "one_bad_row.xlsx",
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Action ref", "Action", "Lead officer", "Target date"])
    sheet.append(["1", "Balance the budget", "Director of Finance", "=TODAY()+90"])
    workbook.save(HERE / "formula.xlsx")


def hostile_files():
    valid = io.BytesIO()
    Workbook().save(valid)
    data = valid.getvalue()
    (HERE / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    (HERE / "not_a_spreadsheet.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (HERE / "plan.odt.xlsx").write_bytes(
        _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    )
    # A workbook with one part that unpacks to 200 MB of zeros.
    bomb = _rezip(data, {"xl/media/padding.bin": b"\0" * (200 * 1024 * 1024)})
    (HERE / "zip_bomb.xlsx").write_bytes(bomb)
    # "Billion laughs": ten entities of ten, nine deep, in the worksheet's own XML.
    laughs = '<!DOCTYPE worksheet [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    workbook = Workbook()
    workbook.active.append(["Action", "Lead officer"])
    workbook.active.append(["&lol9;", "Director of Finance"])
    plain = io.BytesIO()
    workbook.save(plain)
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = laughs + "]>" + sheet.replace("&amp;lol9;", "&lol9;")
    bomb = _rezip(plain.getvalue(), {"xl/worksheets/sheet1.xml": sheet.encode()})
    (HERE / "entity_bomb.xlsx").write_bytes(bomb)
    _password_protected(plain.getvalue())


def _password_protected(data: bytes):
    import msoffcrypto  # a test dependency (pyproject.toml)
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", encrypted)
    assert msoffcrypto.OfficeFile(io.BytesIO(encrypted.getvalue())).is_encrypted()
    (HERE / "password_protected.xlsx").write_bytes(encrypted.getvalue())


def _zip(members: dict) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


def _rezip(data: bytes, replace: dict) -> bytes:
    members = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            members[name] = archive.read(name)
    members.update(replace)
    return _zip(members)


if __name__ == "__main__":
    seeds = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
    governance_plan(seeds)
    peer_challenge_plan(seeds)
    york_plan(seeds)
    unseen_shape()
    csv_files()
    bad_rows()
    hostile_files()
