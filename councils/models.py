from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from simple_history import register
from simple_history.signals import pre_create_historical_record

from core.history import AuditedRecords, UserHistoryFields, password_was_changed


class Role(models.TextChoices):
    """A member's part in one council; what each may do is `councils.permissions.PERMISSIONS`."""

    VIEWER = "viewer", "Viewer"
    OFFICER = "officer", "Officer"
    COORDINATOR = "coordinator", "Coordinator"


class CouncilQuerySet(models.QuerySet):
    def for_user(self, user, *, roles=tuple(Role)):
        """Councils the user may see (site administrators see all), or, given `roles`
        (`permissions.roles_that(…)`), those where the user holds one of them."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        councils = self.filter(memberships__user=user, memberships__role__in=roles).distinct()
        return councils.exclude(pk__in=closed_to(user))


def memberships_of(user) -> list:
    """The user's memberships with their councils and how each signs in, read once a request
    (kept on the user object) for the menu and for the councils' sign-in rules."""
    if not user.is_authenticated:
        return []
    if "_memberships" not in user.__dict__:
        user.__dict__["_memberships"] = list(
            Membership.objects.filter(user=user).select_related("council__sign_in__app")
        )
    return user.__dict__["_memberships"]


def closed_to(user) -> frozenset:
    """The user's councils whose own sign-in rules this session has not met yet (set on the
    signed-in user by accounts.council_rules); none for a user not signed in through a page."""
    return getattr(user, "closed_council_ids", None) or frozenset()


class Council(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    objects = CouncilQuerySet.as_manager()
    history = AuditedRecords()
    council_path = ""  # how admin scoping finds a row's council: this row is the council

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's role in one council. A user may belong to several councils."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)

    history = AuditedRecords()
    council_path = "council"

    class Meta:
        ordering = ["council__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_membership_per_council"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.council}"


# Accounts are audited too; their history lives in this app. It keeps no password hash (and no
# sign-in times), only whether the password changed.
User = get_user_model()
register(
    User,
    app="councils",
    records_class=AuditedRecords,
    excluded_fields=["password", "last_login"],
    bases=[UserHistoryFields],
)


def _note_password_change(sender, instance, history_instance, **kwargs):
    history_instance.password_changed = password_was_changed(instance)


pre_create_historical_record.connect(_note_password_change, sender=User.history.model)


class Invitation(models.Model):
    """An invitation to someone who already has an account (in another council, or none now):
    they are not a member, and nothing of theirs is the council's, until they accept it after
    signing in. Someone new is made a member at once, as choosing a password accepts."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    council_path = "council"

    class Meta:
        ordering = ["invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_invitation_per_council"),
        ]

    def __str__(self):
        return f"{self.user} invited to {self.council} as {self.get_role_display().lower()}"
