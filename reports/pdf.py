"""The one place HTML becomes PDF.

WeasyPrint would otherwise fetch whatever a document points at: web addresses, `file://` paths,
redirects. Report HTML carries text officers wrote, so the fetcher here serves the product's own
static files and refuses everything else, without touching the network or the file system.
"""

import ctypes
import math
import mimetypes
import multiprocessing
import os
import posixpath
import resource
import signal
import time
from io import BytesIO
from urllib.parse import unquote, urlsplit

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

# Report HTML is rendered against this made-up origin: only its static path is ever served.
BASE_URL = "https://report.invalid/"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `BASE_URL + STATIC_URL + path` from the static files; refuses anything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = self._static_path(url)
        found = finders.find(path) if path else None
        if not found:
            self.refused.append(url)
            raise ValueError(f"Reports load only the product's own static files, not {url!r}.")
        self.served.append(url)
        with open(found, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def _static_path(url: str) -> str | None:
        prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if not url.startswith(prefix):
            return None
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            return None
        path = unquote(url[len(prefix) :])
        clean = posixpath.normpath(path)
        if clean != path or clean.startswith(("/", "..")) or "\\" in path or "\x00" in path:
            return None
        return clean


class RenderLimitExceeded(Exception):
    """A render was stopped for taking too long or needing too much memory; says which."""


def html_to_pdf(
    html: str,
    *,
    fetcher: StaticFilesOnlyFetcher | None = None,
    seconds: float | None = None,
    memory_mb: int | None = None,
    on_pages=None,
) -> bytes:
    """A tagged PDF (PDF/UA-1) of the HTML; its <title> and <html lang> become the PDF's.

    WeasyPrint runs in a child process with a time limit and a memory limit, so a render that
    runs away is stopped and reported (RenderLimitExceeded) instead of holding a worker.
    `on_pages(count)` is called once the pages are laid out, before the PDF is written.
    """
    fetcher = fetcher or StaticFilesOnlyFetcher()
    seconds = seconds or settings.REPORT_RENDER_SECONDS
    memory_mb = memory_mb or settings.REPORT_RENDER_MEMORY_MB
    receive, send = multiprocessing.Pipe(duplex=False)
    # fork: the child starts with everything already imported, so a small annex stays fast.
    child = multiprocessing.get_context("fork").Process(
        target=_render_in_child, args=(html, fetcher, memory_mb, seconds, send), daemon=True
    )
    child.start()
    send.close()
    deadline = time.monotonic() + seconds
    try:
        while True:
            if not receive.poll(max(0.0, deadline - time.monotonic())):
                raise RenderLimitExceeded(f"it took longer than {seconds:g} seconds")
            kind, payload, served, refused = receive.recv()
            if kind != "pages":
                break
            if on_pages is not None:
                on_pages(payload)
    except EOFError:
        raise RenderLimitExceeded(
            f"it needed more than {memory_mb} MB of memory and was stopped"
        ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    fetcher.served += served
    fetcher.refused += refused
    if kind == "memory":
        raise RenderLimitExceeded(f"it needed more than {memory_mb} MB of memory")
    return payload


def _render_in_child(html, fetcher, memory_mb, seconds, send) -> None:
    """In the child: cap the memory this render may add, render, send the PDF back."""
    _die_with_parent()
    limit = _address_space_bytes() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Where the system cannot tie the child to its parent, it stops itself a little after the
    # time limit anyway.
    signal.alarm(math.ceil(seconds) + 5)
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            pdf_variant="pdf/ua-1"
        )
        send.send(("pages", len(document.pages), [], []))
        pdf = tagging_finished(document.write_pdf(pdf_variant="pdf/ua-1"))
        send.send(("pdf", pdf, fetcher.served, fetcher.refused))
    except MemoryError:
        send.send(("memory", None, fetcher.served, fetcher.refused))
    finally:
        send.close()


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """A worker killed mid-render takes its render with it (Linux's parent-death signal), so
    no orphan renders on, using a core, after its job has been given up."""
    parent = os.getppid()
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return  # not Linux: the alarm above still ends it
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def tagging_finished(pdf: bytes) -> bytes:
    """What WeasyPrint's tagging leaves undone, done in one pass: header cells say which cells
    they head, and running headers and footers are artifacts."""
    with pikepdf.open(BytesIO(pdf)) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            return pdf
        tagged = _header_scopes_and_tagged_content(root)
        _untagged_content_as_artifacts(document, tagged)
        out = BytesIO()
        document.save(out)
    return out.getvalue()


def _header_scopes_and_tagged_content(root) -> set[tuple[tuple[int, int], int]]:
    """Say which cells each table header heads, as PDF/UA asks (/Scope on every /TH), and
    return each piece of content the structure tree holds, as (page, marked-content id).

    WeasyPrint tags header cells /TH without a scope. The product's tables are regular: headers in
    a table's head head their column, and headers in its body (the first cell of a counts row)
    head their row, as the HTML's scope attributes say."""
    tagged = set()
    stack = [(root, False, None)]
    while stack:
        element, in_head, page = stack.pop()
        page = element.get("/Pg", page)
        kind = element.get("/S")
        if kind == "/TH":
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = element.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
            attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary):
                if kid.get("/Type") == "/MCR":
                    tagged.add((kid.get("/Pg", page).objgen, int(kid.MCID)))
                else:
                    stack.append((kid, in_head or kind == "/THead", page))
            elif isinstance(kid, int) and page is not None:
                tagged.add((page.objgen, kid))
    return tagged


def _untagged_content_as_artifacts(document, tagged) -> None:
    """Content marked with an id no structure element holds (WeasyPrint's running headers and
    footers: "Annex 2 – page 3 of 16", "Continued: …") becomes an artifact, as PDF/UA asks of
    page furniture, so a screen reader neither reads it mid-table nor misses content."""
    for page in document.pages:
        operations = pikepdf.parse_content_stream(page)
        changed = False
        for index, (operands, operator) in enumerate(operations):
            if str(operator) != "BDC" or len(operands) < 2:
                continue
            properties = operands[1]
            if not isinstance(properties, pikepdf.Dictionary) or "/MCID" not in properties:
                continue
            if (page.obj.objgen, int(properties.MCID)) not in tagged:
                operations[index] = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact], pikepdf.Operator("BMC")
                )
                changed = True
        if changed:
            page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(operations))


def _address_space_bytes() -> int:
    """The process's virtual memory now: the limit is set on top of what it already has."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0
