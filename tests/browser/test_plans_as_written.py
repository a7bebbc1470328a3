"""Each demo plan's page numbers and keys its plan as the council's own document does."""

import pytest
from django.urls import reverse

from demo.plans import load_demo
from plans.models import ImprovementPlan

pytestmark = pytest.mark.django_db(transaction=True)

# From the seed documents: the numbers each writes first, and its key where it prints one.
AS_WRITTEN = {
    # the York committee pack: "1." within each objective, "1." within each action
    "york": (
        "york.viewer",
        "york-viewer-demo",
        ["1.", "2.", "3.", "1."],
        ["Complete", "Underway", "At risk", "Not started"],
    ),
    # the governance action plan: "Action 1" to "Action 11"
    "example-borough": (
        "borough.viewer",
        "borough-viewer-demo",
        ["Action 1", "Action 2", "Action 3"],
        None,
    ),
    # the LGA plan numbers its recommendations, not its actions
    "example-city": ("city.viewer", "city-viewer-demo", None, None),
}


def test_each_demo_plan_page_shows_the_councils_numbers_and_key(page, live_server, sign_in):
    load_demo()
    for slug, (username, password, first_refs, key) in AS_WRITTEN.items():
        plan = ImprovementPlan.objects.get(council__slug=slug)
        page.context.clear_cookies()
        sign_in(username, password)
        page.goto(f"{live_server.url}{reverse('plan_detail', args=[slug, plan.slug])}")

        refs = page.locator(".app-plan-table tbody tr td:first-child").all_inner_texts()
        leaves = plan.actions.filter(children__isnull=True)
        if first_refs:
            assert refs[: len(first_refs)] == first_refs, slug
            # every action as written, none renumbered
            assert refs == [leaf.written_ref for leaf in leaves if leaf.written_ref], slug
        if slug == "example-city":
            headings = page.locator(".app-plan-section > h2").all_inner_texts()
            # as the document writes them: "1" to "5", then "6." to "9."
            numbers = ["1", "2", "3", "4", "5", "6.", "7.", "8.", "9."]
            assert [heading.split()[0] for heading in headings] == numbers
        shown = page.locator("table:has(caption:text('Actions by status')) tbody th")
        key_shown = [text.strip() for text in shown.all_inner_texts()]
        expected = key or [plan.status_label(status) for status in plan.key_statuses()]
        assert key_shown[: len(expected)] == expected, slug
        assert (key is None) or "On track" not in page.locator("main").inner_text()
