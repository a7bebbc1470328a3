"""Import a plan from a spreadsheet, all or nothing; export it back in the same columns.

`plan_import` reads and checks every row before it writes anything. With no errors it writes the
lot in one transaction (and rolls it back again for a preview, so a preview does exactly the work
a real import would). With any error it writes nothing and reports every error it found.
"""

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, NamedTuple

import tablib
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from actions.lead_officers import owners_from_lead_officers
from actions.models import Action, ProgressUpdate
from actions.services import action_statuses_roll_up, progress_updates_record_many
from core.history import history_bulk_record_ids
from councils.models import Council
from councils.permissions import can_coordinate
from plans.models import ImprovementPlan, PlanSource, Recommendation, Theme, shared_wording
from plans.status import Status

from .action_rows import parse_action_rows
from .annex_columns import annex_layout_for_new_plan, layout_note
from .columns import COLUMNS
from .header_detection import Column, NoHeaderRow, find_layout
from .headings import normalise
from .models import RememberedHeading, RememberedRow
from .parsed_plan import (
    REMEMBERED_ROW,
    ParsedAction,
    RowError,
    ThemeRef,
    normalise_ref,
    remembered_row_text,
)
from .resources import PLAN, RECOMMENDATIONS_AS_WRITTEN, ActionResource
from .row_readings import RowReading, readings_of, row_choices
from .spreadsheet_files import UnreadableFile, read_sheets
from .word_files import joined_tables

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
HEADING_SPLIT = re.compile(r"\s+[–—-]\s+")


@dataclass
class RowOutcome:
    sheet_row: int
    ref: str
    title: str
    change: str
    details: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    filename: str
    sheet: str = ""
    header_row: int | None = None
    columns: list[Column] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    readings: list[RowReading] = field(default_factory=list)
    plan_sheets: list[str] = field(default_factory=list)  # the sheets with a header row

    @property
    def ok(self) -> bool:
        return not self.errors

    def rows(self, change: str) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.change == change]

    @property
    def counts(self) -> dict[str, int]:
        return {change: len(self.rows(change)) for change in (CREATED, UPDATED, UNCHANGED)}

    def summary(self) -> str:
        counts = self.counts
        text = ", ".join(f"{counts[change]:,} {change}" for change in counts)
        return text + (f", {len(self.errors):,} errors" if self.errors else "")

    def fail(self, message: str, column: str = "File") -> "ImportReport":
        self.errors.append(RowError(None, column, message))
        return self

    def to_json(self) -> dict:
        """The report as JSON, to keep beside the upload between a queued preview and its page."""
        data = asdict(self)
        for column in data["columns"]:
            column["heading_date"] = column["heading_date"] and column["heading_date"].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        columns = [
            Column(
                **{**c, "heading_date": c["heading_date"] and date.fromisoformat(c["heading_date"])}
            )
            for c in data["columns"]
        ]
        return cls(
            **{
                **data,
                "columns": columns,
                "outcomes": [RowOutcome(**outcome) for outcome in data["outcomes"]],
                "errors": [RowError(**error) for error in data["errors"]],
                "readings": [RowReading(**reading) for reading in data.get("readings", [])],
            }
        )


class Attribution(NamedTuple):
    """Who the audit trail says made an import's changes, and why."""

    user: Any
    reason: str

    @classmethod
    def of(cls, user, filename: str) -> "Attribution":
        by = "" if user is not None else " by the command line"
        return cls(user, f"Imported from {filename}{by}")

    def create(self, model, **fields):
        """Create one row through save(), its history row attributed to the import."""
        obj = model(**fields)
        obj._history_user, obj._change_reason = self.user, self.reason
        obj.save()
        return obj


@dataclass
class ReadPlan:
    """What reading a file gave (the report so far and the actions to write), and what it was
    read with, so that a confirm can use a preview's reading instead of reading the file again."""

    report: ImportReport
    actions: list[ParsedAction]
    mapping: dict
    remembered: dict
    row_texts: dict[int, str] = field(default_factory=dict)

    def read_with(self, mapping: dict, remembered: dict) -> bool:
        return self.mapping == (mapping or {}) and self.remembered == remembered

    def to_json(self) -> dict:
        return {
            "report": self.report.to_json(),
            "actions": [action_to_json(action) for action in self.actions],
            "mapping": self.mapping,
            "remembered": self.remembered,
            "row_texts": self.row_texts,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ReadPlan":
        return cls(
            report=ImportReport.from_json(data["report"]),
            actions=[action_from_json(action) for action in data["actions"]],
            mapping=data["mapping"],
            remembered=data["remembered"],
            row_texts={int(row): text for row, text in data.get("row_texts", {}).items()},
        )


def plan_read(
    *,
    council: Council,
    data: bytes,
    filename: str,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
) -> ReadPlan:
    """Read and check every row of a file; write nothing. `mapping` holds what the person said
    each column is ("C" or a heading → field) and each row is ("row:12" → role)."""
    report = ImportReport(filename)
    remembered = remembered_choices(council)
    read = ReadPlan(report, [], mapping or {}, remembered)
    columns, rows = row_choices(mapping or {})
    try:
        sheets = read_sheets(data, filename)
    except UnreadableFile as problem:
        report.fail(str(problem))
        return read
    chosen = _choose_sheet(sheets, columns, remembered, report, sheet)
    if chosen is None:
        return read
    roles = {key: role for key, role in remembered.items() if key.startswith(REMEMBERED_ROW)}
    parsed = parse_action_rows(
        *chosen,
        wording=shared_wording(council.plans.all()),  # the council's own status words
        roles={**roles, **rows},
    )
    report.errors.extend(parsed.errors)
    report.notes.extend(parsed.notes)
    report.readings = readings_of(parsed, mapping or {})
    read.row_texts = parsed.row_texts
    if not parsed.actions and not parsed.errors:
        report.fail(f"There are no actions under the header on row {report.header_row}.")
    read.actions = parsed.actions
    return read


def plan_import(
    *,
    council: Council,
    plan_slug: str,
    data: bytes | None,
    filename: str,
    user=None,
    plan_title: str | None = None,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    read: ReadPlan | None = None,
) -> ImportReport:
    """Read, check and (unless `dry_run` or any row is wrong) write a plan from a spreadsheet.

    `user` is the person importing (None on the command line): they must coordinate the council,
    and they are the author of the progress updates the import records and of every change in the
    audit trail, whose reason names the file. `read` is an earlier reading of the same file with
    the same columns (a preview's): the file is then not read again.
    """
    if user is not None and not can_coordinate(user, council):
        raise PermissionDenied(f"Only {council}'s coordinators may import its plans.")
    if read is None:
        read = plan_read(
            council=council, data=data, filename=filename, sheet=sheet, mapping=mapping
        )
    report = read.report
    if report.errors:
        return report
    by = Attribution.of(user, filename)
    with transaction.atomic():  # a preview's history rows are rolled back with the rest
        plan = _plan(council, plan_slug, plan_title, report, by, read)
        if plan is not None:
            _write(plan, read.actions, by, report, progress)
            owners_from_lead_officers(plan.actions.all())  # the lead officers' matched people
        _outcomes_on_readings(report)
        if dry_run or report.errors:
            transaction.set_rollback(True)
        else:
            _remember_headings(council, report.columns, user)
            _remember_rows(council, read, user)
            report.written = True
    return report


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def action_to_json(action: ParsedAction) -> dict:
    data = asdict(action)
    data["status"] = action.status.value if action.status else None
    data["update_date"] = action.update_date.isoformat() if action.update_date else None
    return data


def action_from_json(data: dict) -> ParsedAction:
    return ParsedAction(
        **{
            **data,
            "theme": ThemeRef(**data["theme"]) if data["theme"] else None,
            "recommendations": [tuple(pair) for pair in data["recommendations"]],
            "status": Status(data["status"]) if data["status"] else None,
            "update_date": _date(data["update_date"]),
        }
    )


def remembered_choices(council: Council) -> dict[str, str]:
    """What the council said at earlier imports: each heading's field, and (keyed "text:…")
    each row's role."""
    headings = RememberedHeading.objects.filter(council=council).values_list("heading", "field")
    rows = RememberedRow.objects.filter(council=council).values_list("text", "role")
    return {**dict(headings), **{REMEMBERED_ROW + text: role for text, role in rows}}


def _remember_rows(council: Council, read: "ReadPlan", user) -> None:
    """What the person said rows are, kept by the rows' text for the council's next imports."""
    for row, role in row_choices(read.mapping)[1].items():
        written = read.row_texts.get(int(row)) if row.isdigit() else None
        if written:
            RememberedRow.objects.update_or_create(
                council=council,
                text=remembered_row_text(written),
                defaults={"written": written[:300], "role": role, "remembered_by": user},
            )


def _outcomes_on_readings(report: ImportReport) -> None:
    """What the import does to each action, beside how its row was read."""
    if not report.outcomes:
        return
    for reading in report.readings:
        if reading.action is not None:
            outcome = report.outcomes[reading.action]
            reading.ref, reading.change, reading.details = (
                outcome.ref,
                outcome.change,
                outcome.details,
            )


def _remember_headings(council: Council, columns: list[Column], user) -> None:
    """What the person said a heading holds, kept for the council's next imports."""
    for column in columns:
        if column.mapped_by_user and not column.remembered and column.heading and column.field:
            RememberedHeading.objects.update_or_create(
                council=council,
                heading=normalise(column.heading),
                defaults={"written": column.heading, "field": column.field, "remembered_by": user},
            )


def remembered_heading_forget(*, council: Council, heading: str) -> bool:
    """Stop reading a heading as it was remembered; True if there was something to forget."""
    deleted, _ = RememberedHeading.objects.filter(
        council=council, heading=normalise(heading)
    ).delete()
    return bool(deleted)


def remembered_row_forget(*, council: Council, text: str) -> bool:
    """Stop reading rows saying `text` as the council said at an earlier import."""
    deleted, _ = RememberedRow.objects.filter(
        council=council, text=remembered_row_text(text)
    ).delete()
    return bool(deleted)


def _choose_sheet(sheets, mapping, remembered, report, wanted: str | None = None):
    """The `wanted` sheet, or the first whose header row can be found (skipping instructions);
    every sheet with a header row is listed on the report, to be chosen instead. A Word
    document's plan table is joined with the tables that carry it on. With none, the first
    sheet's likeliest header row is offered for the person to map."""
    names = [sheet.name for sheet in sheets]
    if wanted and not sheets[0].from_word and wanted not in names:
        report.fail(
            f"This workbook has no sheet called “{wanted}”. Its sheets are: "
            + ", ".join(f"“{name}”" for name in names)
            + "."
        )
        return None
    first_problem, found = None, None
    for index, sheet in enumerate(sheets):
        if not sheet.rows:
            continue
        try:
            layout = find_layout(sheet.rows, mapping, remembered)
        except NoHeaderRow as problem:
            if sheet.from_word and sheet is not max(sheets, key=lambda s: len(s.rows)):
                continue  # a document's other tables (a contents or sign-off table)
            if wanted in (None, "", sheet.name):
                first_problem = first_problem or f"Sheet “{sheet.name}”: {problem}"
                if problem.layout is not None and not report.columns:
                    report.sheet, report.header_row = sheet.name, problem.layout.header_row
                    report.columns = problem.layout.columns
            continue
        if sheet.from_word:
            sheet = joined_tables(
                sheets, index, layout.is_repeated_header, lambda rows: _has_header(rows, mapping)
            )
            found = (sheet, find_layout(sheet.rows, mapping, remembered))
            break
        report.plan_sheets.append(sheet.name)
        if found is None and wanted in (None, "", sheet.name):
            found = (sheet, layout)
    if found is None:
        report.fail(first_problem or "This file has no rows to import.")
        return None
    sheet, layout = found
    others = [name for name in report.plan_sheets if name != sheet.name]
    if others:
        report.notes.append(
            f"Read from sheet “{sheet.name}”. "
            + ", ".join(f"“{name}”" for name in others)
            + (" has" if len(others) == 1 else " have")
            + " a header row too, so may hold a plan: choose the sheet to read below."
        )
    report.sheet, report.header_row = sheet.name, layout.header_row
    report.columns = layout.columns
    report.notes[:0] = [*sheet.notes, *layout.notes]
    return found


def _has_header(rows, mapping) -> bool:
    """A header row of its own: one naming the action and more, or two known columns or more
    but not the action (a risk register after the plan, say)."""
    try:
        find_layout(rows, mapping)
    except NoHeaderRow as problem:
        columns = problem.layout.columns if problem.layout is not None else []
        return sum(1 for column in columns if column.field) >= 2
    return True


def _plan(council, slug, title, report, by: Attribution, read) -> ImprovementPlan | None:
    plan = ImprovementPlan.objects.filter(council=council, slug=slug).first()
    if plan is None and not title:
        report.fail(f"{council} has no plan “{slug}”. Give its title to create it.")
    elif plan is None:
        has_sub_actions = any(action.parent_ref for action in read.actions)
        layout = annex_layout_for_new_plan(report.columns, has_sub_actions)
        plan = by.create(
            ImprovementPlan,
            council=council,
            slug=slug,
            title=title,
            source=PlanSource.INTERNAL,
            **({"annex_layout": layout} if layout else {}),
        )
        if layout:
            report.notes.append(layout_note(layout))
    return plan


def _write(plan, parsed: list[ParsedAction], by: Attribution, report, progress) -> None:
    _match_written_refs(plan, parsed)
    _keep_numbers_as_written(plan, parsed)
    themes = _themes(plan, parsed, by)
    recommendations, linked, as_written = _recommendations(plan, parsed, by)
    headers = [
        PLAN,
        COLUMNS["action_ref"],
        COLUMNS["written_ref"],
        COLUMNS["action"],
        COLUMNS["detail"],
        COLUMNS["lead_officer"],
        COLUMNS["target_date"],
        COLUMNS["theme"],
        COLUMNS["recommendation_ref"],
        RECOMMENDATIONS_AS_WRITTEN,
    ]
    rows = [
        [
            plan.pk,
            action.ref,
            action.written_ref,
            action.title,
            action.detail,
            action.lead_officer,
            action.target_text,
            themes.get(index, ""),
            ", ".join(linked[index]),
            as_written[index],
        ]
        for index, action in enumerate(parsed)
    ]
    resource = ActionResource(
        plan=plan,
        themes=plan.themes.all(),
        recommendations=recommendations.values(),
        progress=progress,
    )
    # Rows that change nothing (most of a re-import) and rows that only create an action (most of
    # a first import) skip the resource's row-by-row handling; the rest go through it.
    created_here: dict[int, Action] = {}
    sent = []
    for index, row in enumerate(rows):
        cells = dict(zip(headers, row, strict=True))
        if resource.unchanged(cells):
            continue
        new = resource.new_action(cells, index)
        if new is None:
            sent.append(index)
        else:
            created_here[index] = new
    _create_by_generation(parsed, created_here, resource.existing_actions)
    handled = len(rows) - len(sent)
    if progress is not None:
        progress(handled, len(rows))
        resource.progress = lambda done, _total: progress(handled + done, len(rows))
    dataset = tablib.Dataset(*[rows[i] for i in sent], headers=headers)
    result = resource.import_data(
        dataset, use_transactions=True, rollback_on_validation_errors=True
    )
    if _resource_errors(result, [parsed[i] for i in sent], report):
        return
    outcomes = [
        RowOutcome(action.sheet_row, action.ref, action.title, UNCHANGED) for action in parsed
    ]
    actions: dict[str, Action] = dict(resource.existing_actions)
    created, changed = set(), set()
    for index, instance in created_here.items():
        actions[parsed[index].ref] = instance
        created.add(instance.pk)
        outcomes[index].change = CREATED
    for index, row_result in zip(sent, result.rows, strict=True):
        action, instance = parsed[index], row_result.instance
        actions[action.ref] = instance
        if row_result.import_type == row_result.IMPORT_TYPE_NEW:
            created.add(instance.pk)
            outcomes[index].change = CREATED
        elif row_result.import_type == row_result.IMPORT_TYPE_UPDATE:
            changed.add(instance.pk)
            outcomes[index].change = UPDATED
            outcomes[index].details = [
                d for d in resource.changed_fields(instance) if d != "recommendations"
            ]
    changed |= _link_parents(parsed, actions, outcomes)
    changed |= _link_recommendations(
        parsed, actions, recommendations, linked, outcomes, resource.linked
    )
    _record_history(created, changed - created, by)
    _record_progress(plan, parsed, actions, by.user, outcomes)
    action_statuses_roll_up(plan_id=plan.pk)
    report.outcomes = outcomes


def _create_by_generation(parsed, new: dict[int, Action], existing: dict[str, Action]) -> None:
    """Create the new actions, parents before their sub-actions, each already under its parent
    ("1.2" under "1"): a few bulk inserts instead of an update for every parent afterwards."""
    new_index = {parsed[index].ref: index for index in new}
    pending = set(new)
    while pending:
        ready = [
            index
            for index in sorted(pending)
            if parsed[index].parent_ref not in new_index
            or new_index[parsed[index].parent_ref] not in pending
        ] or sorted(pending)  # a loop of references: `_link_parents` sorts out what it can
        for index in ready:
            ref = parsed[index].parent_ref
            parent = existing.get(ref) or (new[new_index[ref]] if ref in new_index else None)
            if parent is not None and parent.pk is not None:
                new[index].parent = parent
        Action.objects.bulk_create([new[index] for index in ready], batch_size=500)
        pending.difference_update(ready)


def _record_history(created: set[int], changed: set[int], by: Attribution) -> None:
    """The bulk writes above skip save(), so record each action's history once, as it ends up."""
    for is_new, ids in [(True, created), (False, changed)]:
        history_bulk_record_ids(ids, model=Action, user=by.user, reason=by.reason, created=is_new)


def _match_written_refs(plan, parsed) -> None:
    """A file's "6" is the plan's action "6.": keep the reference the plan already has."""
    existing = {normalise_ref(ref): ref for ref in plan.actions.values_list("ref", flat=True)}
    for action in parsed:
        action.ref = existing.get(normalise_ref(action.ref), action.ref)


def _keep_numbers_as_written(plan, parsed) -> None:
    """A number written the same as the key adds nothing; a file that gives none (a sheet
    without the column) leaves the plan's own numbers as they are."""
    existing = dict(plan.actions.exclude(written_ref="").values_list("ref", "written_ref"))
    for action in parsed:
        if action.written_ref == action.ref:
            action.written_ref = ""
        if not action.written_ref:
            action.written_ref = existing.get(action.ref, "")


def _resource_errors(result, parsed, report) -> bool:
    """django-import-export's errors, told by sheet row and column."""
    by_attribute = {
        "ref": "action_ref",
        "title": "action",
        "detail": "detail",
        "lead_officer": "lead_officer",
        "target_text": "target_date",
        "theme": "theme",
        "recommendations": "recommendation_ref",
        "recommendations_as_written": "recommendation",
    }
    for error in result.base_errors:
        report.fail(f"The plan could not be saved: {error.error}")
    for number, errors in result.row_errors():
        for error in errors:
            report.errors.append(
                RowError(parsed[number - 1].sheet_row, "the row", str(error.error))
            )
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = COLUMNS.get(by_attribute.get(attribute, ""), attribute)
            for message in messages:
                report.errors.append(
                    RowError(parsed[invalid.number - 1].sheet_row, f"column {column}", message)
                )
    return bool(report.errors)


def _themes(plan, parsed, by: Attribution) -> dict[int, str]:
    """Create the themes the file names; each row's theme written as the resource reads it."""
    themes = list(plan.themes.all())
    by_number = {theme.number: theme for theme in themes}
    by_title = {theme.title.lower(): theme for theme in themes}
    labels = {}
    for index, action in enumerate(parsed):
        wanted = action.theme
        if wanted is None:
            continue
        theme = by_number.get(wanted.number) if wanted.number else None
        theme = theme or by_title.get(wanted.title.lower())
        if theme is None:
            number = wanted.number or _next_number(by_number)
            theme = by.create(
                Theme,
                plan=plan,
                number=number,
                title=_clip(wanted.title, 300),
                description=wanted.description,
                position=len(by_number),
            )
            by_number[number], by_title[theme.title.lower()] = theme, theme
        labels[index] = f"{theme.number}. {theme.title}"
    return labels


def _recommendations(plan, parsed, by: Attribution):
    """Find or create each recommendation a row names; what each action keeps as written."""
    by_ref = {r.ref: r for r in plan.recommendations.all()}
    by_plain_ref = {normalise_ref(ref): r for ref, r in by_ref.items()}
    by_text = {}
    for recommendation in by_ref.values():
        for text in (recommendation.text, recommendation.title):
            if text:
                by_text.setdefault(_plain(text), recommendation)
    linked, as_written = [], []
    for action in parsed:
        refs = []
        for ref, text in action.recommendations:
            if ref:
                recommendation = by_ref.get(ref) or by_plain_ref.get(normalise_ref(ref))
            else:
                recommendation = by_text.get(_plain(text))
            if recommendation is None:
                title, full = _title_and_text(text)
                recommendation = by.create(
                    Recommendation,
                    plan=plan,
                    ref=ref or _next_number(by_ref),
                    title=title,
                    text=full,
                    position=len(by_ref),
                )
                by_ref[recommendation.ref] = by_plain_ref[ref or ""] = recommendation
                if text:
                    by_text.setdefault(_plain(text), recommendation)
            if recommendation.ref not in refs:
                refs.append(recommendation.ref)
        linked.append(refs)
        as_written.append(_as_written(action, [by_ref[ref] for ref in refs]))
    return by_ref, linked, as_written


def _as_written(action: ParsedAction, recommendations) -> str:
    """The recommendation cell, kept only where it says more than the recommendation does."""
    cell = action.recommendation_cell
    if not cell:
        return ""
    if len(action.recommendations) == 1 and len(recommendations) == 1:
        said = _plain(action.recommendations[0][1] or cell)
        found = recommendations[0]
        if said in (_plain(found.text), _plain(found.title)):
            return ""
    return cell


def _link_parents(parsed, actions, outcomes) -> set[int]:
    """ "1.2" sits under "1" when the plan has an action "1"; other links are left as they are.
    Returns the ids of the actions moved."""
    children_of: dict[int, list[int]] = {}
    for action, outcome in zip(parsed, outcomes, strict=True):
        parent = actions.get(action.parent_ref) if action.parent_ref else None
        instance = actions[action.ref]
        if parent is not None and instance.parent_id != parent.pk:
            instance.parent = parent
            children_of.setdefault(parent.pk, []).append(instance.pk)
            if outcome.change == UNCHANGED:
                outcome.change = UPDATED
            outcome.details.append(f"now a sub-action of {parent.ref}")
    # One plain UPDATE per parent: far cheaper than bulk_update's CASE over every row.
    for parent_id, child_ids in children_of.items():
        for start in range(0, len(child_ids), 500):
            Action.objects.filter(pk__in=child_ids[start : start + 500]).update(parent_id=parent_id)
    return {pk for child_ids in children_of.values() for pk in child_ids}


def _link_recommendations(
    parsed, actions, recommendations, linked, outcomes, existing_links
) -> set[int]:
    """Link each action to the recommendations its row names; returns the ids of those relinked.
    `existing_links`: each existing action's recommendation ids before the import."""
    through = Action.recommendations.through
    add, remove, relinked = [], [], set()
    for action, refs, outcome in zip(parsed, linked, outcomes, strict=True):
        instance = actions[action.ref]
        wanted = {recommendations[ref].pk for ref in refs}
        current = set() if outcome.change == CREATED else existing_links.get(instance.pk, set())
        add += [through(action_id=instance.pk, recommendation_id=pk) for pk in wanted - current]
        remove += [(instance.pk, pk) for pk in current - wanted]
        if wanted != current:
            relinked.add(instance.pk)
            if outcome.change == UPDATED:
                outcome.details.append("recommendations")
    through.objects.bulk_create(add, batch_size=1000)
    for action_id, recommendation_id in remove:
        through.objects.filter(action_id=action_id, recommendation_id=recommendation_id).delete()
    return relinked


def _record_progress(plan, parsed, actions, user, outcomes) -> None:
    """A changed status or update becomes a new progress update; history is never rewritten."""
    latest_narrative = {}
    for action_id, narrative in (
        ProgressUpdate.objects.filter(action__plan=plan)
        .order_by("action_id", "-as_at", "-recorded_at", "-id")
        .values_list("action_id", "narrative")
    ):
        latest_narrative.setdefault(action_id, narrative)
    entries = []
    for action, outcome in zip(parsed, outcomes, strict=True):
        instance = actions[action.ref]
        new = outcome.change == CREATED
        status_changed = action.status is not None and action.status != instance.status
        if new and action.status == Status.NOT_STARTED:
            status_changed = False
        said = action.update and action.update != latest_narrative.get(instance.pk, "")
        if not (status_changed or said):
            continue
        # No status in the row: the action keeps the one it has ("No status given" for a new
        # one), never an invented "Not started"; a status the council's key lacks, its nearest.
        status = plan.fit_to_key(action.status or instance.status)
        entries.append(
            (
                instance,
                {
                    "status": status,
                    "narrative": action.update if said else "",
                    "as_at": action.update_date or timezone.localdate(),
                },
            )
        )
        if outcome.change == UNCHANGED:
            outcome.change = UPDATED
        if not new:
            outcome.details.append(f"new progress update: {plan.status_label(status)}")
    progress_updates_record_many(author=user, entries=entries)


def _next_number(taken) -> str:
    number = 1
    while str(number) in taken:
        number += 1
    return str(number)


def _title_and_text(text: str) -> tuple[str, str]:
    """ "Digitalisation – ensure there are…": a short heading before a dash is the title."""
    if not text:
        return "", ""
    parts = HEADING_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) <= 100:
        return parts[0].strip(), text
    return text, text


def _plain(text: str) -> str:
    return " ".join((text or "").lower().split())


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
