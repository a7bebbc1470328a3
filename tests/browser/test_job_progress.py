"""A job's page keeps itself up to date with script, and works by its refresh link without."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from councils.models import Role
from jobs.models import Job, JobState
from tests.browser.conftest import assert_accessible
from tests.factories import member
from tests.job_helpers import queued_job

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def waiting_job(council):
    user = member(council, Role.COORDINATOR, username="coordinator", password="a-good-test-pw-1")
    return queued_job(council, user)


def finish(job):
    job.file.save(job.filename, ContentFile(b"%PDF-1.7 test"), save=False)
    job.state, job.pages, job.size, job.finished_at = JobState.READY, 17, 13, timezone.now()
    job.save()


def test_the_page_shows_progress_then_offers_the_download_by_itself(
    page, live_server, sign_in, waiting_job
):
    sign_in("coordinator", "a-good-test-pw-1")
    page.goto(f"{live_server.url}/jobs/{waiting_job.pk}/")
    assert "Waiting for a worker" in page.get_by_role("status").inner_text()
    assert_accessible(page, "job-queued")

    Job.objects.filter(pk=waiting_job.pk).update(
        state=JobState.RUNNING, stage="Writing the PDF", pages=17, heartbeat_at=timezone.now()
    )
    page.get_by_text("Writing the PDF.").wait_for(timeout=10_000)
    assert page.get_by_text("17 pages").is_visible()
    assert page.get_by_role("status").inner_text().startswith("In progress.")
    assert_accessible(page, "job-running")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    finish(Job.objects.get(pk=waiting_job.pk))
    download = page.get_by_role("button", name="Download annex-2-york.pdf")
    download.wait_for(timeout=10_000)
    assert (
        "Ready to download (annex-2-york.pdf, 17 pages" in page.get_by_role("status").inner_text()
    )
    assert_accessible(page, "job-ready")
    with page.expect_download() as downloaded:
        download.click()
    assert downloaded.value.suggested_filename == "annex-2-york.pdf"


def test_without_script_the_refresh_link_shows_where_it_has_got(browser, live_server, waiting_job):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("a-good-test-pw-1")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/jobs/{waiting_job.pk}/")
    finish(Job.objects.get(pk=waiting_job.pk))
    assert page.get_by_role("button", name="Download annex-2-york.pdf").count() == 0
    page.get_by_role("link", name="Refresh this page").click()
    assert page.get_by_role("button", name="Download annex-2-york.pdf").is_visible()
    context.close()
