"""How long the committee annex takes to render, and its memory, against a bare WeasyPrint table.

    .venv/bin/python bench/annex_benchmark.py            # 50 and 500 reported actions
    .venv/bin/python bench/annex_benchmark.py --sizes 50 500 1000

Builds York-shaped plans (four themes, actions of five sub-actions, three updates each, narratives
of pack length) in a throwaway SQLite database, then times each render in a fresh process so the
peak memory (max RSS) belongs to that render alone. The floor renders the same rows as a plain
HTML table, with the same PDF/UA tagging, but no queries, templates or styling: the ratio is
what the product adds on top of WeasyPrint. Targets: 500 actions under 8 s and 300 MB, 50 under
2 s, ratio under 1.5.

Then York's demo annex (the committee pack's 60 rows) in PDF and in Word: the CPU each takes,
the render's child process counted, median of five. Target: each under 3 s.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_AT, SINCE = date(2024, 11, 8), date(2024, 9, 30)
NARRATIVE = (
    "Work has progressed with a learning platform for officers, face to face training for "
    "other officers, this will roll out wider across the council too. Staff who are also facing "
    "trauma (personally) have access to resources from EAP (from March 2024)."
)
DETAIL = (
    "Following approval of the new Corporate Management Team, develop the framework for the "
    "review of roles which directly report into the Corporate Management Team."
)


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement_tracker.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()


def build_plans(sizes: list[int]) -> None:
    from django.core.management import call_command

    from actions.models import Action
    from actions.services import progress_updates_append
    from plans.status import Status
    from tests.factories import CouncilFactory, PlanFactory, RecommendationFactory, ThemeFactory

    call_command("migrate", verbosity=0)
    council = CouncilFactory(name="Bench Council", slug="bench")
    statuses = [Status.ON_TRACK, Status.COMPLETE, Status.AT_RISK, Status.NOT_STARTED]
    for size in sizes:
        plan = PlanFactory(council=council, slug=f"plan-{size}", title=f"Plan of {size} actions")
        themes = [ThemeFactory(plan=plan, number=str(n), title=f"Theme {n}") for n in (1, 2, 3, 4)]
        recs = [RecommendationFactory(plan=plan, ref=f"R{n}", position=n) for n in range(1, 16)]
        for number in range(size):
            parent_number, sub = divmod(number, 5)
            theme = themes[parent_number % 4]
            if sub == 0:
                parent = Action.objects.create(
                    plan=plan, theme=theme, ref=f"{parent_number + 1}",
                    title="Redesign the roles, relationships and responsibilities",
                    position=number * 2,
                )  # fmt: skip
            action = Action(
                plan=plan, parent=parent, theme=theme, ref=f"{parent_number + 1}.{sub + 1}",
                title=DETAIL, lead_officer="Chief Officer HR", position=number * 2 + 1,
            )  # fmt: skip
            action.set_target("April 2025 and ongoing")
            action.save()
            action.recommendations.set(recs[number % 15 : number % 15 + 4])
            progress_updates_append(
                action=action,
                author=None,
                entries=[
                    {"status": Status.ON_TRACK, "as_at": date(2024, 7, 31), "narrative": "Started"},
                    {"status": Status.ON_TRACK, "as_at": SINCE, "narrative": NARRATIVE[:90]},
                    {"status": statuses[number % 4], "as_at": AS_AT, "narrative": NARRATIVE},
                ],
            )


def render_annex(size: int) -> int:
    from plans.models import ImprovementPlan
    from reports.annex import annex_pdf
    from reports.options import CoverDetails, ReportOptions

    plan = ImprovementPlan.objects.select_related("council").get(slug=f"plan-{size}")
    options = ReportOptions(as_at=AS_AT, since=SINCE)
    return len(annex_pdf(plan=plan, options=options, cover=CoverDetails(annex_label="Annex 2")))


def render_floor(size: int) -> int:
    """The same rows as a bare table: no queries, no templates, no styles beyond the page size."""
    from html import escape

    from reports.pdf import html_to_pdf

    rows = "".join(
        f"<tr><td>{n}</td><td>Redesign the roles</td><td>{escape(DETAIL)}</td>"
        f"<td>R1, R2, R3, R4</td><td>Chief Officer HR</td><td>{escape(NARRATIVE)}</td>"
        f"<td>April 2025 and ongoing</td><td>Underway</td></tr>"
        for n in range(size)
    )
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Floor</title>'
        "<style>@page { size: A4 landscape } table { border-collapse: collapse } "
        "td, th { border: 1px solid black }</style></head><body><table><thead><tr>"
        + "".join(
            f"<th>{h}</th>" for h in "Ref Action Detail Recs Officer Narrative Due Status".split()
        )
        + f"</tr></thead><tbody>{rows}</tbody></table></body></html>"
    )
    return len(html_to_pdf(html))


def measure(kind: str, size: int) -> None:
    """Child process: render once, print seconds, peak RSS and size as JSON."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    pdf_bytes = (render_annex if kind == "annex" else render_floor)(size)
    seconds = time.perf_counter() - started
    # The render runs in a child process: its peak counts too.
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "start_mb": before / 1024,
                      "bytes": pdf_bytes}))  # fmt: skip


def run_child(database: Path, kind: str, size: int) -> dict:
    command = [sys.executable, __file__, "--database", str(database), "--child", kind, str(size)]
    # This very script, run again with arguments it built itself.
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


def cpu_seconds() -> float:
    """CPU used so far by this process and the children it has waited for (the PDF's render)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def york_figures(repeats: int = 5) -> None:
    from demo.plans import load_demo
    from plans.models import ImprovementPlan
    from reports.annex import annex_html
    from reports.options import CoverDetails, ReportOptions
    from reports.pdf import html_to_pdf
    from reports.plan_report import plan_report_build
    from reports.word_annex import annex_docx

    load_demo()
    york = ImprovementPlan.objects.select_related("council").get(council__slug="york")
    cover = CoverDetails(committee="Executive", annex_label="Annex 2")

    def pdf():
        report = plan_report_build(plan=york, options=ReportOptions(as_at=AS_AT, since=SINCE))
        return html_to_pdf(annex_html(report=report, cover=cover))

    def word():
        report = plan_report_build(plan=york, options=ReportOptions(as_at=AS_AT, since=SINCE))
        return annex_docx(report=report, cover=cover)

    print(f"\nYork's annex (median CPU of {repeats})")
    for name, make in (("PDF", pdf), ("Word", word)):
        make()  # warm: templates and fonts loaded once, as in a worker
        times = []
        for _ in range(repeats):
            started = cpu_seconds()
            size = len(make())
            times.append(cpu_seconds() - started)
        print(f"{name:>8} {statistics.median(times):>8.2f} s CPU {size:>10,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--database", type=Path)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        setup_django(args.database)
        measure(args.child[0], int(args.child[1]))
        return

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        setup_django(database)
        build_plans(args.sizes)
        headings = ["actions", "annex s", "peak MB", "floor s", "peak MB"]
        print(" ".join(f"{heading:>8}" for heading in headings), f"{'ratio':>6}")
        for size in args.sizes:
            annex = run_child(database, "annex", size)
            floor = run_child(database, "floor", size)
            print(
                f"{size:>8} {annex['seconds']:>8.2f} {annex['peak_mb']:>8.0f} "
                f"{floor['seconds']:>8.2f} {floor['peak_mb']:>8.0f} "
                f"{annex['seconds'] / floor['seconds']:>6.2f}"
            )
        york_figures()


if __name__ == "__main__":
    main()
