"""Files attached to progress updates as evidence.

A file is stored under a random name (never one a person gave); the name it was uploaded with is
kept for display and download only. A file chosen on the update form is held for its uploader and
the action until the update is saved, so a form sent back with errors, or a session that ends,
loses no file; once its update is saved it is append-only like the update."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string

from core.history import AuditedRecords
from councils.models import Council


def evidence_storage_name(evidence, filename: str) -> str:
    return f"evidence/{evidence.action.plan.council.slug}/{get_random_string(32)}"


class EvidenceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Attached files of the user's councils, and files the user holds for an update."""
        councils = Council.objects.for_user(user)
        return self.filter(action__plan__council__in=councils).filter(
            models.Q(update__isnull=False) | models.Q(uploaded_by=user)
        )

    def held_for(self, user, action):
        """Chosen by the user for an update of the action not yet saved."""
        return self.filter(update__isnull=True, uploaded_by=user, action=action)


class EvidenceFile(models.Model):
    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, related_name="evidence_files"
    )
    update = models.ForeignKey(
        "actions.ProgressUpdate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to=evidence_storage_name, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    kind = models.CharField(max_length=60, help_text="The type in words: “PDF”, “Excel”.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()
    # Attaching a file to its update is recorded, with who and when; the file is never changed.
    history = AuditedRecords(excluded_fields=["file", "sha256"])
    council_path = "action__plan__council"

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            attached_before = EvidenceFile.objects.filter(pk=self.pk, update__isnull=False).exists()
            if attached_before:
                raise ValidationError(
                    "Evidence files cannot be changed once their update is saved."
                )
        super().save(*args, **kwargs)
