import os
import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actions.models import Action
from demo.plans import load_demo
from plans.models import ImprovementPlan
from plans.status import Status
from reports.annex import annex_pdf
from reports.options import CoverDetails, ReportOptions
from reports.pdf import BASE_URL, StaticFilesOnlyFetcher, html_to_pdf
from tests.factories import ActionFactory, PlanFactory

from .conftest import JULY, NOVEMBER, SEPTEMBER, pdf_pages, pdf_text, record

COVER = CoverDetails(committee="Executive", meeting_date=date(2024, 11, 20), annex_label="Annex 2")


def render(plan, fetcher=None, **options):
    return annex_pdf(
        plan=plan,
        options=ReportOptions(**{"as_at": NOVEMBER, **options}),
        cover=COVER,
        fetcher=fetcher,
    )


def flat_pages(pages):
    return [flat(page) for page in pages]


def flat(text: str) -> str:
    """PDF text with line breaks folded, so wrapped phrases can be found."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/evil.css",
        "file:///etc/passwd",
        f"{BASE_URL}static/../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}media/secret.pdf",
        "https://report.invalid.example.com/static/reports/annex.css",
        "data:text/css,body{}",
    ],
)
def test_the_fetcher_refuses_anything_but_the_products_static_files(url):
    fetcher = StaticFilesOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_products_own_stylesheet():
    fetcher = StaticFilesOnlyFetcher()
    response = fetcher.fetch(f"{BASE_URL}static/reports/annex.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_html_to_pdf_makes_a_tagged_pdf_with_title_and_language():
    pdf = html_to_pdf(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Annex 2</title></head>'
        "<body><h1>Hello</h1></body></html>"
    )
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata.title == "Annex 2"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_a_narrative_full_of_html_and_addresses_prints_as_text_and_fetches_nothing(plan):
    hostile = (
        '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://evil.example/x.css">'
        '<script>alert(1)</script> <iframe src="https://evil.example/"></iframe>'
        "\nurl(file:///etc/shadow) <b>bold?</b>"
    )
    action = ActionFactory(plan=plan, ref="1", title="Stay safe")
    record(action, Status.ON_TRACK, JULY, narrative=hostile, evidence='<a href="http://x">x</a>')
    fetcher = StaticFilesOnlyFetcher()

    text = "".join(pdf_text(render(plan, fetcher=fetcher)).split())  # wrapping splits tags

    assert '<imgsrc="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text
    assert "url(file:///etc/shadow)<b>bold?</b>" in text
    assert fetcher.refused == []
    assert fetcher.served == [f"{BASE_URL}static/reports/annex.css"]


def test_the_annex_picks_the_update_as_at_its_date(plan):
    action = ActionFactory(plan=plan, ref="1", title="Deliver the plan")
    record(action, Status.ON_TRACK, JULY, narrative="Summer narrative")
    record(action, Status.COMPLETE, NOVEMBER, narrative="November narrative")

    september = flat(pdf_text(render(plan, as_at=SEPTEMBER)))
    november = flat(pdf_text(render(plan)))

    assert "Summer narrative" in september and "November narrative" not in september
    assert "November narrative" in november and "Summer narrative" not in november


def test_the_page_count_grows_with_the_plan(db):
    small, large = PlanFactory(), PlanFactory()
    for number in range(3):
        ActionFactory(plan=small, ref=str(number), detail="Detail. " * 40)
    for number in range(60):
        ActionFactory(plan=large, ref=str(number), detail="Detail. " * 40)
    today = date.today()
    assert len(pdf_pages(render(small, as_at=today))) < len(pdf_pages(render(large, as_at=today)))


@pytest.fixture
def york(db):
    load_demo()
    return ImprovementPlan.objects.select_related("council").get(council__slug="york")


def test_the_york_annex_replaces_the_one_in_the_committee_pack(york):
    pdf = render(york, since=SEPTEMBER)
    pages = pdf_pages(pdf)
    text = flat("\n".join(pages))
    reader = PdfReader(BytesIO(pdf))

    assert reader.metadata.title.startswith("Annex 2 – Corporate Improvement Plan")
    # The pack's title and its Council Plan line, no cover page; the council, plan and date in
    # every footer
    assert text.startswith(
        "Corporate Improvement Action Plan Council Plan action: How the council operates "
        "(actions: 1, 2, 3, 5, 6, 8) Background"
    )
    assert "Wednesday 20 November 2024" not in text
    for page in pages:
        assert "City of York Council · Corporate Improvement Plan · 8 November 2024" in flat(page)
    # Nothing the pack does not print: update dates, "Evidence:" labels, roll-up lines
    for extra in ["Update as at", "Evidence:", "sub-actions complete", "No update yet"]:
        assert extra not in text, extra
    assert "Recommendation R1, R3 " not in text and "Recommendations R1, R3" in text
    for words in [
        "1. Strengthen strategic leadership",
        "4. Build a strong foundation",
        "Narrative and Evidence Matrix (where appropriate)",
        "Recommendations R1, R2, R3, R4, R5, R7",  # written at the end of the detail, as York does
    ]:
        assert words in text, words
    # The pack's sections, in the pack's order, and none it does not have
    headings = ["Background", "Objectives", "Governance", "Action Plan key", "Action Plan"]
    place = 0
    for heading in headings:  # each found after the one before
        place = text.index(heading, place) + len(heading)
    assert "This action plan is monitored at quarterly Corporate Improvement Board" in text
    assert "Actions past their deadline" not in text and "Actions by theme and status" not in text
    # The pack's numbering: "1." within each objective, "1." within each action; the product's
    # own keys ("1.1", "1.1.1") are never printed in their place.
    for key, written in Action.objects.filter(plan=york).values_list("ref", "written_ref"):
        assert written.endswith(".") and "." not in written[:-1], written
        assert not re.search(rf"(?<![\d.]){re.escape(key)}(?![\d])", text), key
    first = Action.objects.get(plan=york, ref="1.1")
    assert f"{first.written_ref} {first.title}" in text
    for word in ["Complete", "Underway", "At risk", "Not started"]:
        assert word in text
    assert "On track" not in text  # York's key says Underway
    for number, page in enumerate(pages, start=1):
        assert f"Annex 2 – page {number} of {len(pages)}" in page
    plan_pages = [page for page in flat_pages(pages) if "Narrative and Evidence Matrix" in page]
    assert len(plan_pages) >= 10
    assert all("Accountable" in page and "Deadline" in page for page in plan_pages)
    assert_continued_actions_are_named(flat_pages(pages))
    assert_passes_pdfua_checks(pdf)


def assert_continued_actions_are_named(pages: list[str]) -> None:
    """A page whose top rows are sub-actions of an action begun on an earlier page names that
    action at its head, and (unseen in print) in the action cell of each of those rows, for a
    screen reader; the action's visible cell is on the page before."""
    continued = [
        (number, re.search(r"Continued: (\d+\. .+?) Annex 2 – page", page))
        for number, page in enumerate(pages)
    ]
    continued = [(number, found.group(1)) for number, found in continued if found]
    assert len(continued) >= 3
    # a title wrapped after a hyphen ("e-ideas") is extracted with a space after it
    pages = [page.replace("- ", "-") for page in pages]
    for number, action in continued:
        assert pages[number].count(action) >= 2, action  # the heading and the rows' cells
        assert action in pages[number - 1], action


def assert_passes_pdfua_checks(pdf: bytes) -> None:
    """The PDF/UA-1 checker finds nothing: every table header says which cells it heads."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    checker = Path(sys.executable).with_name("pdfua")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        result = subprocess.run(  # noqa: S603 (the checker installed with the tests, our file)
            [str(checker), "check", file.name], capture_output=True, text=True
        )
    assert result.returncode == 0, result.stdout
    assert "errors=0 warnings=0" in result.stdout


BIG_TABLE = (
    "<html lang='en-GB'><head><title>Big</title></head><body><table>"
    + "".join(
        f"<tr><td>{n}</td><td>{'Progress narrative text. ' * 40}</td></tr>" for n in range(400)
    )
    + "</table></body></html>"
)


def test_a_render_that_takes_too_long_is_stopped_and_reported():
    import multiprocessing

    from reports.pdf import RenderLimitExceeded

    with pytest.raises(RenderLimitExceeded, match="longer than 0.2 seconds"):
        html_to_pdf(BIG_TABLE, seconds=0.2)
    assert multiprocessing.active_children() == []  # nothing left running


def test_a_render_that_needs_too_much_memory_is_stopped_and_reported():
    """Run in a fresh process: a long test run leaves free heap that a forked render could reuse
    before reaching its limit, which would make this test depend on what ran before it."""
    import subprocess
    import sys

    from django.conf import settings

    script = (
        "import django; django.setup()\n"
        "from tests.reports.test_annex_pdf import BIG_TABLE\n"
        "from reports.pdf import html_to_pdf, RenderLimitExceeded\n"
        "try:\n    html_to_pdf(BIG_TABLE, memory_mb=8)\n"
        "except RenderLimitExceeded as problem:\n    print(problem)\n"
    )
    run = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "improvement_tracker.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "more than 8 MB of memory" in run.stdout, run.stderr


def test_the_annex_page_explains_a_stopped_render(client, plan, settings):
    from councils.models import Role
    from tests.factories import member
    from tests.job_helpers import job_of

    settings.REPORT_RENDER_SECONDS = 0.001
    client.force_login(member(plan.council, Role.COORDINATOR))
    url = reverse("reports:annex", args=[plan.council.slug, plan.slug])
    response = client.post(
        url, {"annex_label": "Annex 2", "as_at_0": "8", "as_at_1": "11", "as_at_2": "2024"}
    )
    job = job_of(response)
    page = client.get(response.url).content.decode()
    assert job.state == "failed"
    assert "The annex could not be printed: it took longer than" in page
    assert "Print one theme at a time" in page
    assert client.get(f"{response.url}download/").status_code == 404


def test_a_plan_chooses_its_annex_sections_their_order_and_its_columns(db):
    from django.core.exceptions import ValidationError

    from plans.annex_layout import REPORT_LAYOUT

    plan = PlanFactory(description="Our own introduction.", governance_text="Board monthly.")
    ActionFactory(plan=plan, ref="1", detail="Detail. ")
    plan.annex_layout = {
        "sections": [["governance", "How we govern"], ["cover", ""], ["plan", "The plan"]],
        "columns": [["deadline", "When"], ["action", "What"], ["status", "RAG"]],
        "recommendations_in_detail": False,
    }
    plan.full_clean()
    plan.save()
    text = flat(pdf_text(render(plan, as_at=date.today())))
    assert text.index("How we govern") < text.index(plan.title) < text.index("The plan")
    assert "When What RAG" in text and "Accountable officer" not in text
    assert "Our own introduction." not in text  # no introduction section chosen

    plan.annex_layout = REPORT_LAYOUT
    plan.save()
    text = flat(pdf_text(render(plan, as_at=date.today())))
    assert "Actions past their deadline" in text or "No action is past its deadline" in text

    for layout, message in [
        ({"sections": [["plan", ""]]}, "needs a list of columns"),
        ({"sections": [["appendix", ""]], "columns": [["action", "A"]]}, "“appendix” is not one"),
        ({"sections": [["plan", ""], ["plan", ""]], "columns": [["action", "A"]]}, "only once"),
    ]:
        plan.annex_layout = layout
        with pytest.raises(ValidationError, match=message):
            plan.full_clean()


@pytest.mark.parametrize(
    ("slug", "numbers", "key"),
    [
        # the committee pack: "1." within each objective, "1." within each action
        (
            "york",
            ["1. Refresh the Corporate management team"],
            "Complete Underway At risk Not started",
        ),
        # the governance action plan: "Action 1" to "Action 11"
        (
            "example-borough",
            ["Action 1", "Action 11"],
            "Not started On track At risk Off track Complete",
        ),
    ],
)
def test_each_demo_annex_numbers_and_keys_its_plan_as_the_council_wrote_it(db, slug, numbers, key):
    load_demo()
    plan = ImprovementPlan.objects.select_related("council").get(council__slug=slug)
    text = flat(pdf_text(render(plan, as_at=date.today())))
    for number in numbers:
        assert number in text, number
    assert key in text  # the key, in the council's order and words
    for action in plan.actions.exclude(written_ref=""):
        assert action.written_ref in text
    for _, heading in plan.annex_layout["columns"]:
        assert heading in text  # each plan's own column headings
    if slug != "york":
        assert "Narrative and Evidence Matrix" not in text and "Accountable officer" not in text


def structure(pdf: bytes) -> list[dict]:
    """Each tagged table of the PDF: its caption's presence, the header cells of its head row,
    and the cell count and text of each row of its body, read from the structure tree."""
    import pikepdf

    def kids(element):
        found = element.get("/K")
        found = found if isinstance(found, pikepdf.Array) else [found]
        return [kid for kid in found if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]

    def of_kind(element, kind):
        return [kid for kid in kids(element) if kid["/S"] == kind]

    tables = []
    with pikepdf.open(BytesIO(pdf)) as document:
        stack = [document.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if element.get("/S") == "/Table":
                head = [row for part in of_kind(element, "/THead") for row in of_kind(part, "/TR")]
                body = [row for part in of_kind(element, "/TBody") for row in of_kind(part, "/TR")]
                tables.append(
                    {
                        "caption": bool(of_kind(element, "/Caption")),
                        "headers": len(kids(head[0])) if head else 0,
                        "rows": [len(kids(row)) for row in body],
                    }
                )
            else:
                stack.extend(kids(element))
    return tables


def test_every_cell_of_the_tagged_annex_lines_up_with_its_header(york):
    """Each body row of each tagged plan table has a cell under every header, on every page (a
    rowspan left rows a cell short, so a screen reader read Status under Deadline)."""
    tables = [table for table in structure(render(york)) if table["headers"] == 6]
    assert len(tables) >= 10  # the plan table, page after page
    rows = [count for table in tables for count in table["rows"]]
    assert len(rows) >= 60 and set(rows) == {6}
    assert sum(table["caption"] for table in tables) >= 4  # one per objective, where it starts


def test_an_updates_web_address_stays_a_link_in_the_pdf(plan):
    import pikepdf

    action = ActionFactory(plan=plan, ref="1", title="Publish the plan")
    record(action, Status.ON_TRACK, SEPTEMBER, evidence_links="https://www.york.gov.uk/plan")
    with pikepdf.open(BytesIO(render(plan))) as document:
        links = [
            str(annotation.A.URI)
            for page in document.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        ]
    assert links == ["https://www.york.gov.uk/plan"]


def test_running_headers_and_footers_are_artifacts_and_nothing_is_left_untagged(york):
    """Every piece of content marked on a page is either in the structure tree or an artifact:
    the footers ("Annex 2 – page 3 of 16") and the "Continued:" heads were neither."""
    import pikepdf

    pdf = render(york)
    with pikepdf.open(BytesIO(pdf)) as document:
        in_tree, stack = set(), [(document.Root.StructTreeRoot, None)]
        while stack:
            element, page = stack.pop()
            page = element.get("/Pg", page)
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    in_tree.add((kid.get("/Pg", page).objgen, int(kid.MCID)))
                elif isinstance(kid, pikepdf.Dictionary):
                    stack.append((kid, page))
                elif isinstance(kid, int):
                    in_tree.add((page.objgen, kid))
        marked, artifacts = [], 0
        for page in document.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and "/MCID" in operands[1]:
                    marked.append((page.obj.objgen, int(operands[1].MCID)))
                if str(operator) == "BMC" and operands[0] == "/Artifact":
                    artifacts += 1
    assert marked and [mark for mark in marked if mark not in in_tree] == []
    assert artifacts > len(document.pages)
    pages = pdf_pages(pdf)
    assert f"Annex 2 – page 1 of {len(pages)}" in pages[0]  # still printed, as page furniture
    assert_passes_pdfua_checks(pdf)
