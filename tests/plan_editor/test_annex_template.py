"""A council's own Word template for the annex: uploaded, used, refused, replaced and removed."""

import zipfile
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from core.office_files import DOCUMENT_TYPE, TEMPLATE_TYPE
from plans.status import Status
from reports.options import CoverDetails, ReportOptions
from reports.plan_report import plan_report_build
from reports.word_annex import annex_docx
from tests.factories import ActionFactory
from tests.reports.conftest import record


def template_page(plan) -> str:
    return reverse("plan_editor:plan_annex_template", args=[plan.council.slug, plan.slug])


def council_template(*, as_dotx: bool) -> bytes:
    """A council's template: Georgia for body text, a line of its own that is not the annex's."""
    document = Document()
    document.styles["Normal"].font.name = "Georgia"
    document.sections[0].header.paragraphs[0].text = "OFFICIAL – City of York Council"
    document.add_paragraph("The council's template text, never printed in an annex")
    out = BytesIO()
    document.save(out)
    if not as_dotx:
        return out.getvalue()
    # Saved as a Word Template: the same parts, the main part typed "template"
    source, dotx = zipfile.ZipFile(BytesIO(out.getvalue())), BytesIO()
    with zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)
            target.writestr(item, data)
    return dotx.getvalue()


def word_annex(plan) -> Document:
    report = plan_report_build(plan=plan, options=ReportOptions(as_at=date.today()))
    return Document(BytesIO(annex_docx(report=report, cover=CoverDetails(annex_label="Annex 2"))))


@pytest.mark.parametrize("suffix", ["dotx", "docx"])
def test_the_annex_in_word_takes_the_councils_template(client, coordinator, plan, suffix):
    record(
        ActionFactory(plan=plan, ref="1", title="Refresh the team"), Status.ON_TRACK, date.today()
    )
    client.force_login(coordinator)
    upload = SimpleUploadedFile(
        f"York report template.{suffix}", council_template(as_dotx=suffix == "dotx")
    )
    response = client.post(template_page(plan), {"template": upload}, follow=True)
    assert "Word template saved" in response.content.decode()
    plan.refresh_from_db()
    assert plan.annex_word_template_name == f"York report template.{suffix}"
    assert "York report template" not in plan.annex_word_template.name  # stored by a random name
    assert (
        f"York report template.{suffix}"
        in client.get(
            reverse("plan_editor:plan", args=[plan.council.slug, plan.slug])
        ).content.decode()
    )

    document = word_annex(plan)
    assert document.styles["Normal"].font.name == "Georgia"  # the template's, not Arial
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL – City of York Council"  # kept
    assert "Annex 2 – page" in section.footer.paragraphs[0].text  # it had none: the annex's
    assert section.page_width > section.page_height
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "never printed in an annex" not in text
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)
    assert "Refresh the team" in "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def test_a_file_that_is_not_a_word_template_is_refused_with_a_clear_message(
    client, coordinator, plan
):
    client.force_login(coordinator)
    for name, content, message in [
        ("minutes.pdf", b"%PDF-1.7", "must be a Word document (.docx) or template (.dotx)"),
        ("broken.docx", b"PK\x03\x04 not really", "damaged or incomplete"),
    ]:
        page = client.post(
            template_page(plan), {"template": SimpleUploadedFile(name, content)}
        ).content.decode()
        assert "There is a problem" in page and message in page
        assert 'href="#id_template"' in page
    page = client.post(template_page(plan), {}).content.decode()
    assert "Choose the Word template to upload" in page
    plan.refresh_from_db()
    assert not plan.annex_word_template and plan.annex_word_template_name == ""


def test_replacing_and_removing_the_template_leaves_no_file_behind(client, coordinator, plan):
    client.force_login(coordinator)
    for name in ("first.docx", "second.docx"):
        client.post(
            template_page(plan),
            {"template": SimpleUploadedFile(name, council_template(as_dotx=False))},
        )
        plan.refresh_from_db()
        if name == "first.docx":
            first = plan.annex_word_template.name
    storage = plan.annex_word_template.storage
    assert plan.annex_word_template_name == "second.docx" and not storage.exists(first)
    second = plan.annex_word_template.name

    response = client.post(template_page(plan), {"remove": "yes"}, follow=True)
    assert "Word template removed" in response.content.decode()
    plan.refresh_from_db()
    assert plan.annex_word_template_name == "" and not storage.exists(second)
    assert word_annex(plan).styles["Normal"].font.name == "Arial"


def test_only_the_plans_own_coordinators_may_see_or_change_its_template(client, officer, plan):
    client.force_login(officer)
    upload = SimpleUploadedFile("t.docx", council_template(as_dotx=False))
    assert client.post(template_page(plan), {"template": upload}).status_code in (403, 404)
    plan.refresh_from_db()
    assert plan.annex_word_template_name == ""
