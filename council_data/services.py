from django.urls import reverse
from django.utils import timezone

from councils.permissions import Can, roles_that
from jobs.services import job_request

from .tasks import build_council_archive


def council_archive_request(*, council, user):
    """A new archive each time (the data changes), for the coordinator who asked only: it holds
    everyone's names and addresses."""
    return job_request(
        task=build_council_archive,
        council=council,
        user=user,
        title=f"All of {council}'s data",
        roles=roles_that(Can.TAKE_COUNCIL_DATA),
        private=True,
        filename=f"{council.slug}-data-{timezone.localdate():%Y-%m-%d}.zip",
        back_url=reverse("council_archive", kwargs={"council_slug": council.slug}),
    )
