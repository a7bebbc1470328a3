"""All of one council's data in one zip: its plans in the import template (they import again
unchanged), every progress update and the audit trail as CSV and JSON, the evidence files and
the published rounds' files, and the fixture `export_council` writes, which loads it whole."""

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from actions.models import ProgressUpdate
from audit.changes import council_changes_page
from core.formula_escaping import escape_formula
from council_data.fixture import council_fixture
from evidence.models import EvidenceFile
from imports.exporting import export_xlsx
from plans.models import ImprovementPlan
from rounds.models import PublishedFile

UPDATE_COLUMNS = [
    "plan", "action", "as_at", "status", "previous_status", "percent_complete", "confidence",
    "narrative",
    "evidence", "evidence_links", "revised_target", "revision_reason", "author", "recorded_at",
]  # fmt: skip
CHANGE_COLUMNS = ["when", "who", "kind", "what", "reason", "changes"]

README = """{council}: all of its data from Improvement Tracker, {day}.

plans/          each plan in the import template: import it again unchanged
updates.csv     every progress update (also updates.json)
changes.csv     the audit trail: who changed what, when and why (also changes.json)
evidence/       the evidence files attached to updates, under their original names
published/      the files each published reporting round made
word-templates/ each plan's Word template for its annex, where the council uploaded one
fixture.json    everything above as one Django fixture (`manage.py loaddata fixture.json`);
                copy fixture-files/ into the storage of the install that loads it. It holds
                no passwords: people restored from it choose one with "Forgotten your password?"

It holds personal data (names, email addresses): keep it as the council keeps such records.
"""


def _update_rows(council):
    updates = (
        ProgressUpdate.objects.filter(action__plan__council=council)
        .select_related("action__plan")
        .order_by("action__plan__slug", "action__position", "as_at", "recorded_at")
    )
    for update in updates.iterator():
        yield {
            "plan": update.action.plan.slug,
            "action": update.action.shown_ref,
            "as_at": update.as_at.isoformat(),
            "status": update.status,
            "previous_status": update.previous_status,
            "percent_complete": update.percent_complete,
            "confidence": update.confidence,
            "narrative": update.narrative,
            "evidence": update.evidence,
            "evidence_links": update.evidence_links,
            "revised_target": update.revised_target_text,
            "revision_reason": update.revision_reason,
            "author": update.author_name,
            "recorded_at": update.recorded_at.isoformat(),
        }


def _change_rows(council):
    number = 1
    while True:
        page = council_changes_page(council, number)
        for entry in page.object_list:
            changes = "; ".join(
                change.summary or f"{change.name}: {change.before} → {change.after}"
                for change in entry.changes
            )
            yield {
                "when": entry.when.isoformat(),
                "who": entry.who,
                "kind": entry.kind,
                "what": entry.what,
                "reason": entry.reason,
                "changes": changes,
            }
        if not page.has_next():
            return
        number += 1


def _tables(archive, name, columns, rows):
    rows = list(rows)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    # Spreadsheets open CSV files too: text that would run as a formula is written inert.
    writer.writerows({key: escape_formula(value) for key, value in row.items()} for row in rows)
    archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())  # Excel reads UTF-8 by the BOM
    archive.writestr(
        f"{name}.json", json.dumps(rows, indent=1, ensure_ascii=False, cls=DjangoJSONEncoder)
    )
    return len(rows)


def _copy(archive, stored_file, name):
    with stored_file.open("rb") as source, archive.open(name, "w", force_zip64=True) as target:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            target.write(chunk)


def _unique(name: str, taken: set) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem} ({number}).{suffix}" if dot else f"{name} ({number})"
    taken.add(candidate)
    return candidate


def council_archive_write(council, target, *, progress=None) -> dict:
    """Write the archive into `target` (a file open for writing); returns what it holds."""
    say = progress or (lambda stage: None)
    counts = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(council=council, day=date.today()))
        say("Writing the plans")
        plans = ImprovementPlan.objects.filter(council=council).order_by("slug")
        for plan in plans:
            archive.writestr(f"plans/{plan.slug}.xlsx", export_xlsx(plan))
        counts["plans"] = len(plans)
        say("Writing the updates")
        counts["updates"] = _tables(archive, "updates", UPDATE_COLUMNS, _update_rows(council))
        say("Writing the audit trail")
        counts["changes"] = _tables(archive, "changes", CHANGE_COLUMNS, _change_rows(council))
        say("Copying the files")
        evidence = EvidenceFile.objects.filter(action__plan__council=council, update__isnull=False)
        taken: set = set()
        for item in evidence.select_related("action").order_by("pk"):
            ref = item.action.shown_ref.replace("/", "-")
            name = _unique(f"{ref} {item.original_name}", taken)
            _copy(archive, item.file, f"evidence/{name}")
            _copy(archive, item.file, f"fixture-files/{item.file.name}")
        counts["evidence files"] = len(taken)
        published = PublishedFile.objects.filter(round__plan__council=council).select_related(
            "round__plan"
        )
        for item in published.order_by("pk"):
            _copy(
                archive,
                item.file,
                f"published/{item.round.plan.slug}/{item.round.pk}-{item.filename}",
            )
        counts["published files"] = len(published)
        templates = council.plans.exclude(annex_word_template="").order_by("slug")
        for plan in templates:
            name = Path(plan.annex_word_template_name).name or "template.docx"
            _copy(archive, plan.annex_word_template, f"word-templates/{plan.slug}/{name}")
            _copy(
                archive,
                plan.annex_word_template,
                f"fixture-files/{plan.annex_word_template.name}",
            )
        counts["Word templates"] = len(templates)
        say("Writing the fixture")
        archive.writestr("fixture.json", council_fixture(council))
    return counts
