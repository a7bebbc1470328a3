from django.conf import settings
from django.db import models

from councils.models import Council


class CouncilSignIn(models.Model):
    """How one council's members sign in: through the council's own OpenID Connect provider (an
    allauth app, one per council) and, unless the council turned them off, with passwords."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="sign_in")
    app = models.OneToOneField(
        "socialaccount.SocialApp", on_delete=models.CASCADE, related_name="council_sign_in"
    )
    email_domains = models.JSONField(
        default=list, help_text="The email domains the provider answers for, lower case."
    )
    password_sign_in = models.BooleanField(
        default=True, help_text="Members may also sign in with a password."
    )

    def __str__(self):
        return f"Sign-in for {self.council}"

    @property
    def provider_id(self) -> str:
        return self.app.provider_id

    def answers_for(self, email: str) -> bool:
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in self.email_domains


class SignInRefusal(models.Model):
    """A sign-in through a council's provider that signed no one in, and why: what the council's
    IT asks to see when someone says they could not get in, or something tried to."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="sign_in_refusals")
    happened_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300)
    asserted_email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    council_path = "council"

    class Meta:
        ordering = ["-happened_at"]

    def __str__(self):
        return f"{self.happened_at:%d %b %Y %H:%M} {self.council}: {self.reason}"
