"""A spreadsheet uploaded for import, kept in shared storage between its preview and confirm.

Shared storage (not the web server's own folder) lets the preview be served by one app server
and the confirm by another. The name on disk is random; the person's file name is kept for
display only. The schedule removes uploads nobody confirmed.
"""

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string

KNOWN_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".docx"}


def upload_name(upload, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if suffix in KNOWN_SUFFIXES else ".bin"
    return f"imports/{upload.plan.council.slug}/{get_random_string(24)}{suffix}"


class ImportUploadQuerySet(models.QuerySet):
    def abandoned(self, now=None):
        hours = settings.IMPORT_UPLOAD_HOURS
        return self.filter(created_at__lte=(now or timezone.now()) - timedelta(hours=hours))


class ImportUpload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey("plans.ImprovementPlan", on_delete=models.CASCADE)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    file = models.FileField(upload_to=upload_name, max_length=200)
    filename = models.CharField(max_length=255, help_text="As the person named it: shown only.")
    sheet = models.CharField(max_length=100, blank=True)
    rows = models.PositiveIntegerField(default=0, help_text="Roughly how many rows it has.")
    mapping = models.JSONField(default=dict, blank=True)
    report = models.JSONField(null=True, blank=True, help_text="The latest preview.")
    reading = models.JSONField(
        null=True, blank=True, help_text="The latest preview's reading, for its confirm to use."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ImportUploadQuerySet.as_manager()
    council_path = "plan__council"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    def read(self) -> bytes:
        with self.file.open("rb") as stored:
            return stored.read()


class RememberedHeading(models.Model):
    """What a council said a column heading holds, applied at its next imports until forgotten."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE)
    heading = models.CharField(max_length=300, help_text="Normalised: lower case, no punctuation.")
    written = models.CharField(max_length=300, help_text="As it was written, for display.")
    field = models.CharField(max_length=40)
    remembered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    remembered_at = models.DateTimeField(default=timezone.now)

    council_path = "council"

    class Meta:
        ordering = ["council", "heading"]
        constraints = [
            models.UniqueConstraint(fields=["council", "heading"], name="one_reading_per_heading")
        ]

    def __str__(self):
        return f"{self.written} → {self.field}"


class RememberedRow(models.Model):
    """What a council said a row of its plans is (a heading, a note, an action, a sub-action),
    applied at its next imports to a row saying the same."""

    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE)
    text = models.CharField(max_length=200, help_text="Normalised: lower case, spaces as one.")
    written = models.CharField(max_length=300, help_text="As it was written, for display.")
    role = models.CharField(max_length=20)
    remembered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    remembered_at = models.DateTimeField(default=timezone.now)

    council_path = "council"

    class Meta:
        ordering = ["council", "text"]
        constraints = [
            models.UniqueConstraint(fields=["council", "text"], name="one_role_per_row_text")
        ]

    def __str__(self):
        return f"{self.written} → {self.role}"
