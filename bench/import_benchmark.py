"""How long importing a 10,000-action plan takes, against the floor of doing it by hand.

    .venv/bin/python bench/import_benchmark.py [--rows 10000]

Makes a 10,000-row workbook in the template's columns (1,000 actions with 9 sub-actions each,
every row with a status and an update), then times, each in a fresh process so peak memory is
its own:
  floor     reading the file with python-calamine (as the importer does), plus bulk_create of
            the same actions and progress updates;
  openpyxl  the same floor reading with openpyxl in read-only mode (what the importer used to);
  resource  a plain django-import-export ModelResource, default settings, importing the same
            rows' action fields (no sub-actions, themes, updates or audit trail);
  preview   one import pass that checks and rolls back (what the admin preview does);
  import    one import pass that writes (what confirming does);
  reimport  importing the same file again, every row unchanged.
It prints seconds and peak resident memory for each, and each as a ratio to the floor. Targets:
an import pass within 2 × the calamine floor and under 150 MB, re-import under 2 s.

Then a plan of 150 rows in the shapes real plans take (heading rows merged across, several
actions bulleted in one cell with their dates in step, a title block above and a note below), as
a workbook and as a Word table, timing:
  word read      reading the Word document's table into rows (python-docx);
  shaped preview the preview of the workbook (read, check, roll back), target under 1 s;
  word preview   the preview of the Word document, target under 1 s.
Uses a throwaway SQLite database unless DATABASE_URL is set.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_tracker.settings.test")
STATUSES = ["Green", "Amber", "Red", "Complete", "Not started"]


def make_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from imports.columns import TEMPLATE_COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    sheet.append(TEMPLATE_COLUMNS)
    per_parent = 10
    for n in range(rows):
        parent, child = divmod(n, per_parent)
        ref = f"{parent + 1}" if child == 0 else f"{parent + 1}.{child}"
        sheet.append(
            [
                f"{parent % 10 + 1}. Theme number {parent % 10 + 1}",
                f"R{parent % 50 + 1}",
                f"Recommendation {parent % 50 + 1}: improve the way the council works together.",
                ref,
                "",  # no number as written: the plan's own keys
                f"Action {ref}: review the arrangements and report to the improvement board.",
                "Work with partners and directorates to agree the approach, then put it in place.",
                f"Director of Service {n % 17}",
                f"March {2025 + n % 3}",
                STATUSES[n % len(STATUSES)],
                f"Progress on {ref}: workshops held, proposals drafted for consultation.",
                date(2025, 1 + n % 12, 15),
            ]
        )
    workbook.save(path)


SHAPED_ROWS = 150
SHAPED_HEADER = ["Ref", "Action", "Lead officer", "Timescale", "Status"]


def shaped_rows(rows: int) -> list[list]:
    """A theme heading row, then rows of one action or of a lead-in and three bulleted
    sub-actions with their dates in step; a title block above and a note below."""
    table = [["Committee: Audit and Governance"], ["Meeting date: 20 November 2024"], []]
    table.append(SHAPED_HEADER)
    theme = 0
    while len(table) < rows + 3:
        if (len(table) - 4) % 15 == 0:
            theme += 1
            table.append([f"Theme {theme}: working as one council"])
            continue
        n = len(table)
        if n % 3:
            table.append(
                [
                    str(n),
                    f"Review arrangement {n} and report to the board",
                    f"Director {n % 7}",
                    "March 2025",
                    "Green",
                ]
            )  # noqa: E501
        else:
            table.append([
                str(n),
                f"Deliver programme {n}:\n• Agree the scope\n• Consult partners\n• Report back",
                f"Head of Service {n % 5}",
                "• Complete\n• July 2025\n• Spring 2026",
                "",
            ])  # fmt: skip
    table.append(["Notes: RAG as reported to the Executive."])
    return table


def make_shaped_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for row in shaped_rows(rows):
        sheet.append(row)
        if len(row) == 1:
            number = sheet.max_row
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=5)
    workbook.save(path)


def make_word_plan(path: Path, rows: int) -> None:
    import docx

    document = docx.Document()
    table_rows = shaped_rows(rows)
    for row in table_rows[:2]:
        document.add_paragraph(row[0])
    body = [row for row in table_rows[3:]]
    table = document.add_table(rows=len(body), cols=len(SHAPED_HEADER))
    for cells, row in zip(table.rows, body, strict=True):
        if len(row) == 1:
            cells.cells[0].merge(cells.cells[-1]).text = row[0]
            continue
        for cell, text in zip(cells.cells, row, strict=False):
            lines = text.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    document.save(path)


def phase_word_read(path: Path) -> None:
    from imports.spreadsheet_files import read_sheets

    data = path.read_bytes()
    started = time.perf_counter()
    sheets = read_sheets(data, path.name)
    report(time.perf_counter() - started, f"{sum(len(s.rows) for s in sheets):,} table rows")


def database_ready() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fresh_plan(slug: str):
    from councils.models import Council
    from plans.models import ImprovementPlan

    council, _ = Council.objects.get_or_create(slug="bench", defaults={"name": "Bench Council"})
    ImprovementPlan.objects.filter(council=council, slug=slug).delete()
    return council


def read_rows(path: Path, reader: str) -> list:
    if reader == "openpyxl":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        rows = list(workbook["Plan"].iter_rows(min_row=2, values_only=True))
        workbook.close()
        return rows
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Plan").to_python()[1:]


def at(name: str) -> int:
    """Where a template column is in the benchmark workbook's rows."""
    from imports.columns import COLUMNS, TEMPLATE_COLUMNS

    return TEMPLATE_COLUMNS.index(COLUMNS[name])


def phase_floor(path: Path, reader: str) -> None:
    from django.db import transaction

    from actions.models import Action, ProgressUpdate
    from plans.models import ImprovementPlan
    from plans.status import Status

    council = fresh_plan("floor")
    ref, title, detail, officer, target, update, as_at = (
        at(name)
        for name in (
            "action_ref", "action", "detail", "lead_officer", "target_date", "update",
            "update_date",
        )
    )  # fmt: skip
    started = time.perf_counter()
    rows = read_rows(path, reader)
    with transaction.atomic():
        plan = ImprovementPlan.objects.create(council=council, slug="floor", title="Floor")
        actions = Action.objects.bulk_create(
            [
                Action(
                    plan=plan,
                    ref=row[ref],
                    title=row[title],
                    detail=row[detail],
                    lead_officer=row[officer],
                    target_text=row[target],
                    position=n,
                )
                for n, row in enumerate(rows)
            ],
            batch_size=1000,
        )
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(
                    action=action, status=Status.ON_TRACK, narrative=row[update], as_at=row[as_at]
                )
                for action, row in zip(actions, rows, strict=True)
            ],
            batch_size=1000,
        )
    report(time.perf_counter() - started, f"{len(rows):,} rows")


PLAIN_COLUMNS = ("action_ref", "action", "detail", "lead_officer", "target_date")


def phase_resource(path: Path) -> None:
    import tablib
    from import_export import resources

    from actions.models import Action
    from plans.models import ImprovementPlan

    class PlainActionResource(resources.ModelResource):
        class Meta:
            model = Action
            fields = ("plan", "ref", "title", "detail", "lead_officer", "target_text", "position")
            import_id_fields = ("plan", "ref")

    council = fresh_plan("resource")
    plan = ImprovementPlan.objects.create(council=council, slug="resource", title="Resource")
    started = time.perf_counter()
    dataset = tablib.Dataset(headers=list(PlainActionResource.Meta.fields))
    columns = [at(name) for name in PLAIN_COLUMNS]
    for n, row in enumerate(read_rows(path, "calamine")):
        dataset.append([plan.pk, *(row[index] for index in columns), n])
    result = PlainActionResource().import_data(dataset)
    assert not result.has_errors()
    report(time.perf_counter() - started, f"{len(dataset):,} rows")


def phase_import(path: Path, slug: str, dry_run: bool, fresh: bool) -> None:
    from councils.models import Council
    from imports.importer import plan_import

    council = fresh_plan(slug) if fresh else Council.objects.get(slug="bench")
    data = path.read_bytes()
    started = time.perf_counter()
    result = plan_import(
        council=council,
        plan_slug=slug,
        plan_title="Benchmark plan",
        data=data,
        filename=path.name,
        dry_run=dry_run,
    )
    elapsed = time.perf_counter() - started
    assert result.ok, [str(e) for e in result.errors[:5]]
    report(elapsed, result.summary())


def report(seconds: float, summary: str) -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {peak_mb:.0f} {summary}")


def run_phase(name: str, path: Path, env: dict) -> tuple[float, float, str]:
    output = (
        subprocess.run(  # noqa: S603 - this script, with our own arguments
            [sys.executable, __file__, "--phase", name, "--file", str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    seconds, peak, summary = output.split(" ", 2)
    return float(seconds), float(peak), summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--phase")
    parser.add_argument("--file")
    options = parser.parse_args()
    if options.phase:
        database_ready()
        path = Path(options.file)
        if options.phase == "floor":
            phase_floor(path, "calamine")
        elif options.phase == "openpyxl":
            phase_floor(path, "openpyxl")
        elif options.phase == "resource":
            phase_resource(path)
        elif options.phase == "preview":
            phase_import(path, "bench", dry_run=True, fresh=True)
        elif options.phase == "import":
            phase_import(path, "bench", dry_run=False, fresh=True)
        elif options.phase == "reimport":
            phase_import(path, "bench", dry_run=False, fresh=False)
        elif options.phase == "word-read":
            phase_word_read(path)
        elif options.phase in ("shaped-preview", "word-preview"):
            phase_import(path, "shaped", dry_run=True, fresh=True)
        return

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ)
        env.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        path = Path(folder) / "plan.xlsx"
        make_workbook(path, options.rows)
        print(
            f"{options.rows:,} action rows, {path.stat().st_size / 1024:.0f} KB xlsx, "
            f"database {env['DATABASE_URL'].split(':')[0]}"
        )
        results = {}
        for name in ("floor", "openpyxl", "resource", "preview", "import", "reimport"):
            results[name] = run_phase(name, path, env)
            seconds, peak, summary = results[name]
            print(f"{name:9} {seconds:6.2f} s  peak {peak:5.0f} MB  {summary}")
        floor = results["floor"][0]
        for name in ("openpyxl", "resource", "preview", "import", "reimport"):
            print(f"{name} / floor = {results[name][0] / floor:.2f}")

        shaped, word = Path(folder) / "shaped.xlsx", Path(folder) / "shaped.docx"
        make_shaped_workbook(shaped, SHAPED_ROWS)
        make_word_plan(word, SHAPED_ROWS)
        print(f"\n{SHAPED_ROWS} rows in real plans' shapes, as a workbook and as a Word table")
        for name, path in [("word-read", word), ("shaped-preview", shaped), ("word-preview", word)]:
            seconds, peak, summary = run_phase(name, path, env)
            print(f"{name:14} {seconds:6.3f} s  peak {peak:5.0f} MB  {summary}")


if __name__ == "__main__":
    main()
