"""The one place HTML becomes PDF.

WeasyPrint would otherwise fetch whatever a document points at: web addresses, `file://` paths,
redirects. Report HTML carries text officers wrote, so the fetcher here serves the product's own
static files and refuses everything else, without touching the network or the file system.
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

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


def html_to_pdf(html: str, *, fetcher: StaticFilesOnlyFetcher | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1) of the HTML; its <title> and <html lang> become the PDF's."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticFilesOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
