import pytest
from django.urls import reverse

from demo.plans import load_demo
from plans.models import ImprovementPlan
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def york(db):
    load_demo()
    return ImprovementPlan.objects.get(council__slug="york")


def test_the_summary_page_is_accessible_and_shows_what_moved(page, live_server, sign_in, york):
    sign_in("york.viewer", "york-viewer-demo")
    summary = reverse("reports:summary", args=["york", york.slug])
    page.goto(
        f"{live_server.url}{summary}"
        "?as_at_0=8&as_at_1=11&as_at_2=2024&since_0=30&since_1=9&since_2=2024"
    )

    assert page.get_by_role("heading", name="Changes since 30 September 2024").is_visible()
    assert page.get_by_role("img", name="Bar chart").is_visible()
    assert page.get_by_role("link", name="Download the annex for the committee pack (PDF)")
    assert_accessible(page, "report-summary")


def test_the_annex_form_shows_its_errors_accessibly(page, live_server, sign_in, york):
    sign_in("york.coordinator", "york-coordinator-demo")
    page.goto(f"{live_server.url}{reverse('reports:annex', args=['york', york.slug])}")
    assert_accessible(page, "report-annex-form")

    page.get_by_label("Annex label").fill("")
    page.locator("#id_as_at_0").fill("31")
    page.locator("#id_as_at_1").fill("2")
    page.locator("#id_as_at_2").fill("2024")
    page.get_by_role("button", name="Download the annex").click()
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    assert "The date the report is as at must be a real date" in summary.inner_text()
    assert "Enter the annex label, for example Annex 2" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "report-annex-form-errors")

    page.get_by_label("Annex label").fill("Annex 2")
    page.locator("#id_as_at_0").fill("8")
    page.locator("#id_as_at_1").fill("11")
    page.get_by_role("button", name="Download the annex").click()
    page.wait_for_url("**/jobs/**")
    heading = "Annex 2: Corporate Improvement Plan, as at 8 November 2024"
    assert page.get_by_role("heading", name=heading).is_visible()
    assert "Ready." in page.get_by_role("status").inner_text()
    assert_accessible(page, "report-annex-ready")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download annex-2-york-").click()
    assert download.value.suggested_filename.startswith("annex-2-york-")

    # The same annex in Word, chosen by keyboard on the form
    page.goto(f"{live_server.url}{reverse('reports:annex', args=['york', york.slug])}")
    page.get_by_label("Annex label").fill("Annex 2")
    page.get_by_label("Word (.docx)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Download the annex").press("Enter")
    page.wait_for_url("**/jobs/**")
    assert page.get_by_role("heading", name=f"Annex 2 (Word): {york.title}, as at").is_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download annex-2-york-").click()
    assert download.value.suggested_filename.endswith(".docx")
