"""The Nu HTML Checker (vnu, from the npm registry, run by Debian's Java) as a server on loopback.

Started on first use and stopped when the tests end, so every page the browser tests check costs
one local request rather than a Java start.
"""

import atexit
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from django.conf import settings

VNU = Path(settings.BASE_DIR) / "frontend/node_modules/vnu-jar/build/dist/vnu.jar"
JAVA = shutil.which("java") or "/usr/bin/java"

_server: dict = {}


def html_errors(html: str) -> list[str]:
    """The checker's errors for a document, each with its line and the markup it points at."""
    request = urllib.request.Request(  # noqa: S310 (our own checker on loopback)
        f"{_url()}?out=json",
        data=html.encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        messages = json.load(response)["messages"]
    return [
        f"line {m.get('lastLine')}: {m['message']} … {m.get('extract', '').strip()}"
        for m in messages
        if m["type"] == "error"
    ]


def _url() -> str:
    if "url" not in _server:
        port = _free_port()
        process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                JAVA,
                "-Xss8m",  # the checker's schema needs a deep stack
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        atexit.register(process.terminate)
        _server["url"] = f"http://127.0.0.1:{port}/"
        _wait_for(port, process)
    return _server["url"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The HTML checker stopped on start (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("The HTML checker did not start within 60 s")
