"""The public page as residents read it: at a phone's 320 px and a desktop's 1280 px, every
action's status is a word on screen without scrolling sideways, and the page passes axe and the
HTML checker at both widths."""

from django.urls import reverse

from demo.plans import load_demo
from demo.rounds import load_demo_rounds
from plans.models import ImprovementPlan
from tests.browser.conftest import assert_accessible


def test_the_public_page_reads_on_a_phone_and_a_desktop(page, live_server):
    load_demo()
    load_demo_rounds()
    york = ImprovementPlan.objects.get(council__slug="york")
    url = f"{live_server.url}{reverse('public:plan', args=['york', york.slug])}"
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert page.locator("p.govuk-body-l").inner_text().startswith("Of its ")
        tags = page.locator(".app-public-action .app-status-tag")
        assert tags.count() >= 60
        for index in (0, tags.count() - 1):  # the first action's status and the last's
            box = tags.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page, f"public-page-{width}")

    # The data's details are a link away, and lead back
    page.get_by_role("link", name="About this data").click()
    assert page.get_by_role("heading", name="About this data").is_visible()
    assert "SHA-256" in page.content()
    assert_accessible(page, "public-about-1280")
    page.get_by_role("link", name=f"Back to {york.title}").click()
    assert page.get_by_role("heading", level=1).inner_text() == york.title
