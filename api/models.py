"""Tokens for the read API: one council each, stored as a hash (the token itself is shown once),
revocable, and every use recorded with its time."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    council = models.ForeignKey(
        "councils.Council", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for: “Power BI dashboard”.")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to tell it.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    council_path = "council"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"API token {self.pk} ({self.name})"


class ApiTokenUse(models.Model):
    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    used_at = models.DateTimeField(default=timezone.now)
    path = models.CharField(max_length=500)

    council_path = "token__council"

    class Meta:
        ordering = ["-used_at", "-id"]
        indexes = [models.Index(fields=["token", "used_at"])]

    def __str__(self):
        return f"{self.token} used {self.used_at:%Y-%m-%d %H:%M}"
