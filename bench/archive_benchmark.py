"""How long a council's archive takes to build, and how big it is, on SQLite.

    .venv/bin/python bench/archive_benchmark.py [--actions 2000] [--updates 10000] [--files 50]

Builds the same throwaway council as bench/officer_pages.py, attaches `--files` evidence files
of 1 MB each, then writes the council's archive (plans in the import template, updates and the
audit trail as CSV and JSON, the files, the fixture) to a temporary file and prints the time,
the size and what it holds. Then times deleting the council. Not a test.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officer_pages import setup_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=10000)
    parser.add_argument("--files", type=int, default=50)
    args = parser.parse_args()
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="tracker-bench-media-")
    _, plan, _ = setup_database(args.actions, args.updates)

    from django.core.files.base import ContentFile

    from actions.models import ProgressUpdate
    from council_data.archive import council_archive_write
    from council_data.deletion import council_delete
    from evidence.models import EvidenceFile

    updates = ProgressUpdate.objects.filter(action__plan=plan).order_by("pk")[: args.files]
    for number, update in enumerate(updates):
        content = os.urandom(1 << 20)  # incompressible, like a scanned PDF
        evidence = EvidenceFile(
            action=update.action, update=update, original_name=f"evidence-{number}.pdf",
            content_type="application/pdf", kind="PDF", size=len(content), sha256="0" * 64,
        )  # fmt: skip
        evidence.file.save("x", ContentFile(content), save=False)
        evidence.save()

    with tempfile.TemporaryFile() as target:
        started = time.perf_counter()
        counts = council_archive_write(plan.council, target)
        took = time.perf_counter() - started
        size = target.tell()
    held = ", ".join(f"{count:,} {name}" for name, count in counts.items())
    print(f"Archive of {plan.council}: {took:.1f} s, {size / 1e6:.1f} MB ({held})")
    started = time.perf_counter()
    council_delete(council=plan.council)
    print(f"Deleting the council: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
