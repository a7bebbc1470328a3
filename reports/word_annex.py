"""The committee annex as a Word document, for democratic services to paste into the report
template: the same sections, headings, key, numbering and status words as the PDF (annex.html),
in heading styles and real tables whose header rows repeat on each page."""

from io import BytesIO

from django.utils.dateformat import format as date_format
from django.utils.text import Truncator
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor

from core.office_files import word_document
from plans.annex_layout import SUMMARY_SECTIONS, Layout

from .chart import readable_text_colour
from .options import CoverDetails
from .plan_report import PlanReport
from .word_parts import (
    add_link,
    caption_table,
    heading_style,
    merge_down,
    page_field,
    repeat_as_header,
    set_language,
    set_widths,
    shade,
    style_if_defined,
    use_font,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "en-GB"
# As annex.css sets them: the plan table's columns share the 273 mm between the margins.
COLUMN_MM = {
    "action": 38,
    "detail": 58,
    "recommendations": 25,
    "officer": 29,
    "narrative": 72,
    "deadline": 27,
    "status": 24,
    "confidence": 24,
}
TEXT_WIDTH_MM = 273


def day(value, pattern: str = "j F Y") -> str:
    return date_format(value, pattern) if value else ""


def annex_title(report: PlanReport, cover: CoverDetails) -> str:
    """The document's title, as the PDF's <title> gives it."""
    return (
        f"{cover.annex_label} – {report.plan.title}: progress as at "
        f"{day(report.options.as_at)} – {report.plan.council.name}"
    )


def annex_docx(*, report: PlanReport, cover: CoverDetails, summary_only: bool = False) -> bytes:
    """The annex in the plan's layout, in the council's Word template where it has uploaded one
    (core.office_files.UnreadableFile, or OSError, when that template cannot be read)."""
    template = _template(report.plan)
    document = word_document(template)
    layout = Layout(report.plan.annex_layout, sections=SUMMARY_SECTIONS if summary_only else None)
    writer = _AnnexWriter(document, report, cover, layout)
    if template is None:
        use_font(document, "Arial", 9)
    writer.page_setup(own_template=template is not None)
    for section, heading in layout.sections:
        getattr(writer, f"write_{section}")(heading)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _template(plan) -> bytes | None:
    if not plan.annex_word_template:
        return None
    with plan.annex_word_template.open("rb") as file:
        return file.read()


class _AnnexWriter:
    def __init__(self, document, report: PlanReport, cover: CoverDetails, layout: Layout):
        self.document = document
        self.layout = layout
        self.report = report
        self.plan = report.plan
        self.options = report.options
        self.cover = cover
        self.table_style = style_if_defined(document, "Table Grid")

    # The page, the running header and footer, and the document's properties.

    def page_setup(self, *, own_template: bool) -> None:
        """Landscape, as the PDF; margins, header and footer the product's own unless the
        council's template has them (its running header and footer are kept as they are)."""
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        if not own_template:
            section.left_margin = section.right_margin = Mm(12)
            section.top_margin, section.bottom_margin = Mm(14), Mm(16)
        header = section.header
        if not own_template or not any(p.text.strip() for p in header.paragraphs):
            header.paragraphs[0].text = f"{self.plan.council.name}: {self.plan.title}"
        footer = section.footer
        if not own_template or not any(p.text.strip() for p in footer.paragraphs):
            page = footer.paragraphs[0]
            page.text = f"{self.cover.annex_label} – page "
            page_field(page, "PAGE")
            page.add_run(" of ")
            page_field(page, "NUMPAGES")
        properties = self.document.core_properties
        properties.title = annex_title(self.report, self.cover)
        properties.author = self.plan.council.name
        properties.subject = f"Progress as at {day(self.options.as_at)}"
        set_language(self.document, LANGUAGE)

    # Building blocks.

    def heading(self, text: str, level: int = 2) -> None:
        self.document.add_paragraph(text, style=heading_style(self.document, level))

    def paragraph(self, text: str = "", *, bold_start: str = "", small: bool = False):
        paragraph = self.document.add_paragraph()
        if bold_start:
            paragraph.add_run(bold_start).bold = True
        _lines(paragraph, text, small=small)
        return paragraph

    def table(self, headings: list[str], caption: str, *, shown: bool = True):
        """A table whose caption is its alt text, and printed above it unless a heading
        just above already says the same."""
        if shown:
            printed = self.document.add_paragraph(
                caption, style=style_if_defined(self.document, "Caption")
            )
            printed.paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=len(headings))
        if self.table_style:
            table.style = self.table_style
        caption_table(table, caption)
        header = table.rows[0]
        repeat_as_header(header)
        for cell, text in zip(header.cells, headings, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        return table

    def status_cell(self, cell, status, *, extra: str = "") -> None:
        """The status as its word, on its colour: the word carries it, the colour repeats it."""
        run = cell.paragraphs[0].add_run(self.plan.status_label(status))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(
            readable_text_colour(status.style.hex).lstrip("#").upper()
        )
        shade(cell, status.style.hex)
        if extra:
            _lines(cell.add_paragraph(), extra, small=True)

    # The sections, in the order the plan's layout gives.

    def write_cover(self, heading: str) -> None:
        options, cover = self.options, self.cover
        self.paragraph(self.plan.council.name)
        self.paragraph(cover.annex_label)
        self.heading(self.plan.title, level=1)
        self.paragraph(f"Progress as at {day(options.as_at)}")
        details = [
            ("Committee", cover.committee),
            ("Meeting date", day(cover.meeting_date, "l j F Y")),
            ("Progress as at", day(options.as_at)),
            ("Changes since", day(options.since)),
            ("Plan adopted", day(self.plan.adopted_on)),
            ("Actions listed", self._listed()),
        ]
        for label, value in details:
            if value:
                self.paragraph(value, bold_start=f"{label}: ")
        if not self.layout.has("key"):
            self.heading("Status key", level=2)
            self._key()
        self.paragraph(
            f"Each action shows its latest update on or before {day(options.as_at)}. Statuses "
            "are always printed as words; colours only repeat them."
        )
        self.document.add_page_break()

    def write_title(self, heading: str) -> None:
        label = f"{self.cover.annex_label} – " if self.cover.annex_label else ""
        self.heading(heading or f"{label}{self.plan.title}", level=1)
        if self.layout.title_note:
            self.paragraph(self.layout.title_note)

    def _listed(self) -> str:
        report, options = self.report, self.options
        theme = f"Theme {report.theme.number}. {report.theme.title} only; " if report.theme else ""
        if options.status:
            which = f"{self.plan.status_label(options.status)} actions only"
        elif options.include_completed:
            which = "all actions"
        else:
            which = "all actions except completed ones"
        return f"{theme}{which} ({report.listed_count} of {report.totals.total})"

    def write_introduction(self, heading: str) -> None:
        self._text_section(heading or "Background", self.plan.description)

    def write_governance(self, heading: str) -> None:
        self._text_section(heading or "Governance", self.plan.governance_text)

    def _text_section(self, heading: str, text: str) -> None:
        if not text:
            return
        self.heading(heading)
        for paragraph in text.splitlines():
            if paragraph.strip():
                self.paragraph(paragraph)

    def write_objectives(self, heading: str) -> None:
        if not self.report.objectives:
            return
        self.heading(heading or "Objectives")
        style = style_if_defined(self.document, "List Number")
        for theme in self.report.objectives:
            paragraph = self.document.add_paragraph(style=style)
            if style is None:
                paragraph.add_run(f"{theme.number}. ")
            paragraph.add_run(theme.title + (":" if theme.description else "")).bold = True
            if theme.description:
                paragraph.add_run(" " + theme.description)

    def write_key(self, heading: str) -> None:
        self.heading(heading or "Status key")
        self._key()

    def _key(self) -> None:
        table = self.table(["Status"], "Status key", shown=False)
        for status, _label in self.report.key:
            self.status_cell(table.add_row().cells[0], status)
        set_widths(table, [Mm(50)])

    def write_summary(self, heading: str) -> None:
        report = self.report
        self.heading(heading or "Summary")
        theme = f" ({report.theme.number}. {report.theme.title})" if report.theme else ""
        table = self.table(["Status", "Actions", "Share"], f"Actions by status{theme}")
        for item in report.totals.counts:
            cells = table.add_row().cells
            self.status_cell(cells[0], item.status)
            cells[1].text, cells[2].text = str(item.count), f"{item.percent}%"
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            "All actions",
            str(report.totals.total),
            "100%",
        )
        if report.confidence and report.confidence.any_given:
            self._confidence()
        if report.rescheduled:
            self._rescheduled()
        if report.grouped_by == "theme":
            self._counts(report.by_theme, "Actions by theme and status", "Theme", report.totals)
        if report.by_recommendation:
            self._counts(
                report.by_recommendation,
                "Actions by recommendation and status (an action answering several "
                "recommendations counts under each)",
                "Recommendation",
            )

    def _confidence(self) -> None:
        counts = self.report.confidence
        plural = "" if counts.total == 1 else "s"
        table = self.table(
            ["Officer’s confidence", "Actions"],
            "Confidence of delivering by the target date "
            f"(the {counts.total} action{plural} not yet complete)",
        )
        for label, count in (
            ("High", counts.high),
            ("Medium", counts.medium),
            ("Low", counts.low),
            ("Not given", counts.not_given),
        ):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(count)

    def _rescheduled(self) -> None:
        states = self.report.rescheduled
        table = self.table(
            ["Action", "Was", "Now", "Agreed by", "Why"],
            f"Target dates rescheduled with approval ({len(states)})",
        )
        for state in states:
            request = state.rescheduled
            values = [
                state.action.named,
                request.target_text_then or "Not set",
                request.asked_for,
                f"{request.agreed_by}, {day(request.decided_at, 'j M Y')}",
                request.reason,
            ]
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value

    def _counts(self, rows, caption: str, first_heading: str, totals=None) -> None:
        labels = [label for _, label in self.report.key]
        table = self.table([first_heading, *labels, "Total"], caption)
        for row in [*rows, *([totals] if totals else [])]:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(row.name).bold = True
            if row.detail:
                cells[0].paragraphs[0].add_run(f" {row.detail}")
            for cell, item in zip(cells[1:], row.counts, strict=False):
                cell.text = str(item.count)
            cells[-1].text = str(row.total)

    def write_overdue(self, heading: str) -> None:
        self.heading(heading or "Overdue")
        if not self.report.overdue:
            self.paragraph("No action is past its deadline.")
            return
        self._action_list(
            self.report.overdue, "Actions past their deadline and not complete", "deadline"
        )

    def _action_list(self, states, caption: str, show: str) -> None:
        headings = ["Ref", "Action", "Accountable officer"]
        headings += {
            "deadline": ["Deadline"],
            "revision": ["Deadline was", "Deadline now"],
            "last_update": ["Last update"],
            "change": ["Was"],
        }.get(show, [])
        headings.append("Now" if show == "change" else "Status")
        table = self.table(headings, f"{caption} ({len(states)})")
        for state in states:
            cells = table.add_row().cells
            cells[0].text = state.named_alone
            cells[1].text = Truncator(state.action.title).words(30)
            cells[2].text = state.action.lead_officer or "Not recorded"
            if show == "deadline":
                cells[3].text = state.target_text
            elif show == "revision":
                cells[3].text = state.target_text_then or "None set"
                cells[4].text = state.target_text
            elif show == "last_update":
                cells[3].text = day(state.latest.as_at, "j M Y") if state.latest else "None yet"
            elif show == "change":
                self.status_cell(cells[3], state.status_then)
            self.status_cell(cells[-1], state.status, extra="Closed" if state.closed else "")

    def write_changes(self, heading: str) -> None:
        changes = self.report.changes
        if changes is None:
            return
        if heading and heading != "Changes":
            self.heading(heading)
        else:
            self.heading(f"Changes since {day(self.options.since)}")
        if not changes.any:
            self.paragraph(
                "Nothing changed: no action was completed, changed status, was added or had its "
                "deadline revised, and every open action has been updated."
            )
            return
        for states, caption, show in (
            (changes.completed, "Completed", "change"),
            (changes.moved, "Other status changes", "change"),
            (changes.new, "New actions", ""),
            (changes.revised, "Deadlines revised", "revision"),
            (changes.silent, "No update since then", "last_update"),
        ):
            if states:
                self._action_list(states, caption, show)

    def write_plan(self, heading: str) -> None:
        if not self.report.groups:
            self.heading("Actions")
            self.paragraph("No action matches the options chosen for this annex.")
            return
        for index, group in enumerate(self.report.groups):
            if index == 0 and heading:
                self.heading(heading)
            self.heading(group.heading or "Actions")
            if group.description:
                self.paragraph(group.description)
            titles = [title for _, title in self.layout.columns]
            table = self.table(titles, group.heading or "Actions", shown=False)
            merging = []
            for row in group.rows:
                cells = table.add_row().cells
                for (column, _), cell in zip(self.layout.columns, cells, strict=True):
                    if column == "action" and row.parent:
                        merging.append(cell)
                        if row.first_under_parent:
                            self._parent_cell(cell, row.parent)
                        if row.last_under_parent:
                            merge_down(merging)
                            merging = []
                    else:
                        getattr(self, f"_{column}_cell")(cell, row)
            set_widths(table, _widths(self.layout))

    def _parent_cell(self, cell, parent) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.add_run(parent.shown_ref).bold = True
        paragraph.add_run(f" {parent.action.title}")
        if self.layout.progress_line:
            _lines(cell.add_paragraph(), parent.progress.sentence, small=True)

    def _action_cell(self, cell, row) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.add_run(row.state.action.shown_ref).bold = True
        _lines(paragraph, " " + row.state.action.title)

    def _detail_cell(self, cell, row) -> None:
        action = row.state.action
        paragraphs = []
        if row.parent:
            paragraph = cell.paragraphs[0]
            paragraph.add_run(action.shown_ref).bold = True
            _lines(paragraph, " " + action.title)
            paragraphs.append(paragraph)
        if action.detail:
            paragraph = cell.add_paragraph() if paragraphs else cell.paragraphs[0]
            _lines(paragraph, action.detail)
            paragraphs.append(paragraph)
        recommendations = [r.ref for r in action.recommendations.all()]
        if self.layout.recommendations_in_detail and recommendations:
            paragraph = cell.add_paragraph() if paragraphs else cell.paragraphs[0]
            plural = "s" if len(recommendations) > 1 else ""
            paragraph.add_run(f"Recommendation{plural} {', '.join(recommendations)}").bold = True

    def _recommendations_cell(self, cell, row) -> None:
        action = row.state.action
        cell.paragraphs[0].text = ", ".join(r.ref for r in action.recommendations.all())
        if action.recommendations_as_written:
            _lines(cell.add_paragraph(), action.recommendations_as_written, small=True)

    def _officer_cell(self, cell, row) -> None:
        _lines(cell.paragraphs[0], row.state.action.lead_officer)

    def _narrative_cell(self, cell, row) -> None:
        latest = row.state.latest
        if latest is None:
            _lines(cell.paragraphs[0], "No update yet.", small=True)
            return
        paragraphs = iter([cell.paragraphs[0]])

        def next_paragraph():
            return next(paragraphs, None) or cell.add_paragraph()

        if latest.narrative:
            _lines(next_paragraph(), latest.narrative)
        if latest.evidence:
            paragraph = next_paragraph()
            if self.layout.evidence_label:
                paragraph.add_run("Evidence: ").bold = True
            _lines(paragraph, latest.evidence)
        for link in latest.links:
            add_link(next_paragraph(), link)
        if latest.files:
            paragraph = next_paragraph()
            paragraph.add_run("Evidence files: ").bold = True
            paragraph.add_run("; ".join(latest.files))
        if self.layout.update_dates and latest.has_content:
            _lines(next_paragraph(), f"Update as at {day(latest.as_at, 'j M Y')}", small=True)

    def _deadline_cell(self, cell, row) -> None:
        state = row.state
        cell.paragraphs[0].text = state.target_text or "Not set"
        if state.rescheduled:
            _lines(
                cell.add_paragraph(),
                f"Rescheduled with approval ({state.rescheduled.agreed_by}); was "
                f"{state.original_target_text or 'not set'}",
                small=True,
            )
        elif state.original_target_text:
            _lines(cell.add_paragraph(), f"Revised; was {state.original_target_text}", small=True)
        if state.overdue:
            cell.add_paragraph().add_run("Overdue").bold = True

    def _confidence_cell(self, cell, row) -> None:
        state = row.state
        if state.confidence:
            cell.text = state.confidence.capitalize()
        elif state.status != "complete" and not state.closed:
            _lines(cell.paragraphs[0], "Not given", small=True)

    def _status_cell(self, cell, row) -> None:
        state = row.state
        extra = []
        if state.percent is not None and state.status != "complete":
            extra.append(f"{state.percent}% complete")
        if state.closed:
            action = state.action
            extra.append(f"Closed {day(action.closed_on, 'j M Y')}: {action.closed_reason}")
        self.status_cell(cell, state.status, extra="\n".join(extra))


def _widths(layout: Layout) -> list:
    """annex.css's widths, scaled to the page when the layout leaves out or adds a column."""
    wanted = [COLUMN_MM[column] for column, _ in layout.columns]
    return [Mm(TEXT_WIDTH_MM * mm / sum(wanted)) for mm in wanted]


def _lines(paragraph, text: str, *, small: bool = False) -> None:
    """Text as it was written, its line breaks kept as breaks within the paragraph."""
    for index, line in enumerate((text or "").splitlines() or [""]):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
        if small:
            run.font.size = Pt(8)
