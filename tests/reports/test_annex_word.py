"""The annex in Word: read back with python-docx, and laid out by LibreOffice beside the PDF."""

import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from actions.models import Action
from demo.plans import load_demo
from plans.models import ImprovementPlan
from plans.status import Status
from reports.annex import annex_pdf
from reports.options import CoverDetails, ReportOptions
from reports.plan_report import plan_report_build
from reports.word_annex import annex_docx
from reports.word_parts import add_link
from tests.factories import ActionFactory

from .conftest import NOVEMBER, SEPTEMBER, docx_text, pdf_pages, record

COVER = CoverDetails(committee="Executive", meeting_date=date(2024, 11, 20), annex_label="Annex 2")


def word(plan, **options) -> bytes:
    report = plan_report_build(plan=plan, options=ReportOptions(**{"as_at": NOVEMBER, **options}))
    return annex_docx(report=report, cover=COVER)


def headings(document) -> list[tuple[str, str]]:
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]


def plan_tables(document, first_heading: str):
    return [table for table in document.tables if table.rows[0].cells[0].text == first_heading]


@pytest.fixture
def demo(db):
    load_demo()


def demo_plan(slug: str) -> ImprovementPlan:
    return ImprovementPlan.objects.select_related("council").get(council__slug=slug)


def test_the_york_annex_in_word_has_the_packs_sections_tables_and_words(demo):
    york = demo_plan("york")
    document = Document(BytesIO(word(york, since=SEPTEMBER)))

    # The document's title and language, landscape as the PDF is
    properties = document.core_properties
    assert properties.title.startswith("Annex 2 – Corporate Improvement Plan: progress as at 8")
    assert properties.language == "en-GB"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert section.header.paragraphs[0].text == "City of York Council: Corporate Improvement Plan"
    footer = section.footer.paragraphs[0]._p.xml
    assert "Annex 2 – page " in section.footer.paragraphs[0].text
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer

    # Heading styles, never bold text, in the pack's order
    found = headings(document)
    assert found[0] == ("Heading 1", "Corporate Improvement Action Plan")
    assert document.paragraphs[1].text.startswith("Council Plan action: How the council operates")
    sections = [text for style, text in found if style == "Heading 2"]
    for name in ["Background", "Objectives", "Governance", "Action Plan key", "Action Plan"]:
        assert name in sections
    assert sections.index("Background") < sections.index("Action Plan key")
    assert sections.index("Action Plan key") < sections.index("Action Plan")
    objectives = [theme.title for theme in york.themes.all()]
    for number, title in enumerate(objectives, start=1):
        assert f"{number}. {title}" in sections

    # A real table per objective, its header row repeating on every page it runs onto
    tables = plan_tables(document, "Action")
    assert len(tables) == len(objectives)
    columns = [title for _, title in york.annex_layout["columns"]]
    for table in tables:
        header = table.rows[0]
        assert [cell.text for cell in header.cells] == columns
        assert header._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    # Every sub-action a row, as in the PDF and the pack: 60 rows under 16 actions, each action's
    # cell spanning its sub-actions' rows
    rows = [row for table in tables for row in table.rows[1:]]
    assert len(rows) == 60
    parents = Action.objects.filter(plan=york, parent=None).count()
    merges = [row._tr.tc_lst[0].vMerge for row in rows]  # the cells as written, not as merged
    assert merges.count("restart") == parents
    assert merges.count("continue") == 60 - parents
    text = docx_text(document_bytes(document))
    for action in Action.objects.filter(plan=york):
        assert f"{action.written_ref} {action.title.splitlines()[0]}" in text
    assert "Recommendations R1, R2, R3, R4, R5, R7" in text
    # Status words in the council's own key, each cell shaded in its colour
    for status_word in ["Complete", "Underway", "At risk", "Not started"]:
        assert status_word in text
    assert "On track" not in text
    assert all(row._tr.tc_lst[-1].tcPr.find(qn("w:shd")) is not None for row in rows)
    # Nothing the pack does not print, unless the layout asks for it
    for extra in ["Update as at", "Evidence:", "sub-actions complete", "Wednesday 20 November"]:
        assert extra not in text, extra
    york.annex_layout |= {"update_dates": True, "evidence_label": True, "progress_line": True}
    text = docx_text(word(york))
    assert "Update as at 8 Nov 2024" in text and "Evidence: " in text
    assert "sub-actions complete (" in text and "giving a percentage" in text


def test_the_word_annex_lays_out_in_libreoffice_close_to_the_pdf(demo, tmp_path):
    york = demo_plan("york")
    options = ReportOptions(as_at=NOVEMBER)
    pdf_count = len(pdf_pages(annex_pdf(plan=york, options=options, cover=COVER)))
    (tmp_path / "annex.docx").write_bytes(word(york))

    subprocess.run(  # noqa: S603 (the arguments are the test's own)
        [
            "/usr/bin/soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "annex.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    pages = pdf_pages((tmp_path / "annex.pdf").read_bytes())
    assert 0.6 * pdf_count <= len(pages) <= 1.4 * pdf_count, (len(pages), pdf_count)
    # The footer's fields are filled in on every page
    for number, page in enumerate(pages, start=1):
        assert f"Annex 2 – page {number} of {len(pages)}" in page
    assert "Narrative and Evidence Matrix" in pages[-1]  # the header row repeats to the end


@pytest.mark.parametrize(
    ("slug", "written"), [("example-borough", "Action 11"), ("example-city", "1.1")]
)
def test_each_demo_plan_prints_its_layouts_columns_and_key_in_word(demo, slug, written):
    plan = demo_plan(slug)
    document = Document(BytesIO(word(plan, as_at=date.today())))
    columns = [title for _, title in plan.annex_layout["columns"]]
    tables = [table for table in document.tables if len(table.columns) == len(columns)]
    tables = [table for table in tables if [c.text for c in table.rows[0].cells] == columns]
    assert tables, columns
    text = docx_text(document_bytes(document))
    assert written in text
    key = [plan.status_label(status) for status in plan.statuses_shown([])]
    for label in key:
        assert label in text
    # its own headings, never York's
    assert "Narrative and Evidence Matrix" not in text and "Action Plan key" not in text


def test_links_in_an_update_stay_links_and_nothing_else_becomes_one(plan):
    action = ActionFactory(plan=plan, ref="1", title="Publish the plan")
    record(
        action,
        Status.ON_TRACK,
        SEPTEMBER,
        narrative="Line one\nLine two",
        evidence_links="https://www.york.gov.uk/plan",
    )
    document = Document(BytesIO(word(plan)))
    relationships = [
        rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")
    ]
    assert relationships == ["https://www.york.gov.uk/plan"]
    narrative = next(
        cell for table in document.tables for row in table.rows for cell in row.cells
        if "Line one" in cell.text
    )  # fmt: skip
    assert "<w:br/>" in narrative._tc.xml  # the officer's line break kept


def test_an_address_that_is_not_the_web_is_printed_never_linked():
    document = Document()
    add_link(document.add_paragraph(), "javascript:alert(1)")
    assert document.paragraphs[0].text == "javascript:alert(1)"
    assert not [rel for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]


def test_render_annex_writes_word_when_asked_for_a_docx(plan, tmp_path):
    record(ActionFactory(plan=plan, ref="1", title="Refresh the team"), Status.ON_TRACK, SEPTEMBER)
    output = tmp_path / "annex.docx"
    call_command(
        "render_annex", "--council", plan.council.slug, "--plan", plan.slug,
        "--as-at", "2024-11-08", "--annex-label", "Annex 2", "--output", str(output),
    )  # fmt: skip
    assert "Refresh the team" in docx_text(output.read_bytes())
    with pytest.raises(CommandError, match=r"\.pdf or a \.docx"):
        call_command(
            "render_annex", "--council", plan.council.slug, "--plan", plan.slug,
            "--output", str(tmp_path / "annex.odt"),
        )  # fmt: skip


def document_bytes(document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()
