from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from core.history import AuditedRecords
from councils.models import Council
from plans.models import ImprovementPlan, Recommendation, ReportingFrequency, Theme, period_start
from plans.status import Status

from .overdue import is_overdue, overdue_q
from .target_dates import parse_target_date


class ActionQuerySet(models.QuerySet):
    def for_council(self, council):
        return self.filter(plan__council=council)

    def for_user(self, user):
        return self.filter(plan__council__in=Council.objects.for_user(user))

    def top_level(self):
        return self.filter(parent__isnull=True)

    def still_open(self):
        """Not closed: the plan still pursues them."""
        return self.filter(closed_on__isnull=True)

    def overdue(self, today=None):
        """Overdue today (or on `today`) by the one rule, `overdue.is_overdue`."""
        return self.filter(overdue_q(today or timezone.localdate()))

    def not_overdue(self, today=None):
        return self.exclude(pk__in=self.overdue(today).values("pk"))

    def leaves(self):
        """Actions without sub-actions: the ones officers report on directly."""
        return self.exclude(Exists(Action.objects.filter(parent=OuterRef("pk"))))

    def due_for_update(self, today=None):
        """Actions still pursued, not complete, with no update yet in their plan's current
        reporting period."""
        today = today or timezone.localdate()
        stale = Q()
        for frequency in ReportingFrequency:
            stale |= Q(
                plan__reporting_frequency=frequency,
                status_as_at__lt=period_start(frequency, today),
            )
        return (
            self.leaves()
            .still_open()
            .exclude(status=Status.COMPLETE)
            .filter(stale | Q(status_as_at__isnull=True))
        )

    def with_latest_narrative(self):
        return self.annotate(latest_narrative=Subquery(_latest_update().values("narrative")[:1]))

    def with_latest_percent(self):
        """`latest_percent`: the percentage complete given by the latest update, if it gave one."""
        return self.annotate(
            latest_percent=Subquery(_latest_update().values("percent_complete")[:1])
        )


def _latest_update():
    return ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-as_at", "-recorded_at", "-id"
    )


class Action(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent action",
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    ref = models.CharField(
        "key",
        max_length=30,
        help_text='Unique in the plan, and how imports match rows: "1.2" for the second action of '
        "the first objective. Shown only where the council wrote no reference of its own.",
    )
    written_ref = models.CharField(
        "reference as written",
        max_length=30,
        blank=True,
        help_text='The number exactly as the council\'s document writes it: "2.", "5 a)". '
        "Shown and printed in place of the key.",
    )
    title = models.TextField()
    detail = models.TextField(blank=True)
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="actions", verbose_name="recommendations answered"
    )
    recommendations_as_written = models.TextField(
        blank=True, help_text="The recommendation cell as the plan wrote it, where it says more."
    )
    lead_officer = models.CharField(
        "lead officer", max_length=300, blank=True, help_text="As written in the plan."
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="owned_actions",
        help_text="Accounts that report progress on this action.",
    )

    # The target date as written, and what it means for overdue checks.
    target_text = models.CharField("target date", max_length=300, blank=True)
    target_date = models.DateField(
        "target date (read)", null=True, blank=True, help_text="Read from the target date text."
    )
    target_ongoing = models.BooleanField("ongoing", default=False)
    original_target_text = models.CharField("original target date", max_length=300, blank=True)
    original_target_date = models.DateField(null=True, blank=True)

    # The latest progress update's, kept here so lists need no subquery.
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NONE, db_index=True
    )
    status_as_at = models.DateField("last update as at", null=True, blank=True)

    # Closed: no longer pursued (superseded, merged, overtaken), with its updates kept.
    closed_on = models.DateField("closed on", null=True, blank=True)
    closed_reason = models.TextField("why it was closed", blank=True)

    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    # The stored status is left out: progress updates, never rewritten, are its history.
    history = AuditedRecords(
        excluded_fields=["status", "status_as_at", "updated_at"],
        m2m_fields=["recommendations", "owners"],
    )
    council_path = "plan__council"

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="action_ref_unique_in_plan"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="action_not_its_own_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "position"]),
            models.Index(fields=["plan", "target_date"]),
            models.Index(fields=["status_as_at"]),
        ]

    def __str__(self):
        return f"{self.shown_ref} {self.title[:80]}"

    @property
    def shown_ref(self) -> str:
        """The reference as the council wrote it ("2." under objective 1), else the key."""
        return self.written_ref or self.ref

    @property
    def named(self) -> str:
        """How messages, emails and banners name it: number and title, and its theme where the
        council's own numbers start again in each theme ("1. Refresh the CMT (theme 1)")."""
        title = self.title if len(self.title) <= 90 else self.title[:89].rstrip() + "…"
        theme = f" (theme {self.theme.number})" if self.written_ref and self.theme_id else ""
        return f"{self.shown_ref} {title}{theme}"

    def set_target(self, text: str) -> None:
        """Keep the text as written and read its date and "ongoing" from it."""
        parsed = parse_target_date(text)
        self.target_text = text
        self.target_date = parsed.date
        self.target_ongoing = parsed.ongoing

    @property
    def current_status(self) -> Status:
        return Status(self.status)

    @property
    def status_label(self) -> str:
        """The status in the plan's council's words."""
        return self.plan.status_label(self.status)

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def target_revised(self) -> bool:
        return bool(self.original_target_text or self.original_target_date)

    def is_overdue(self, today=None) -> bool:
        return is_overdue(
            on=today or timezone.localdate(),
            target_date=self.target_date,
            ongoing=self.target_ongoing,
            status=self.status,
            closed_on=self.closed_on,
        )

    def clean(self):
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "A sub-action must belong to the same plan."})
        if self.theme_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "Choose a theme of this action's plan."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "An action cannot sit under its own sub-action."})
            ancestor = ancestor.parent


def validate_links(value: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    f"Link {number} is not a web address: enter a web address starting https://"
                ) from None


class Confidence(models.TextChoices):
    """How sure the officer is of delivering by the target date: committees ask for warning
    before a date passes, not after."""

    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class ProgressUpdate(models.Model):
    """An officer's report on an action as at a date. Append-only: history is never rewritten."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=Status.choices)
    previous_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    narrative = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    evidence_links = models.TextField(
        blank=True, validators=[validate_links], help_text="One web address a line."
    )
    as_at = models.DateField("as at", help_text="The date this update reports progress at.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    author_name = models.CharField(
        max_length=200, blank=True, help_text="Kept so history still says who if the account goes."
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    percent_complete = models.PositiveSmallIntegerField(
        "percentage complete",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Optional, 0 to 100. Complete means 100.",
    )
    confidence = models.CharField(
        "confidence of delivering by the target date",
        max_length=10,
        choices=Confidence.choices,
        blank=True,
    )
    revised_target_text = models.CharField("revised target date", max_length=300, blank=True)
    revision_reason = models.TextField("reason for the revised target", blank=True)

    council_path = "action__plan__council"

    class Meta:
        ordering = ["action", "-as_at", "-recorded_at", "-id"]
        get_latest_by = ["as_at", "recorded_at", "id"]
        indexes = [models.Index(fields=["action", "as_at", "recorded_at"])]

    def __str__(self):
        return f"{self.action.shown_ref} as at {self.as_at:%d %b %Y}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Progress updates cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Progress updates cannot be deleted.")

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]

    @property
    def status_label(self) -> str:
        return self.action.plan.status_label(self.status)

    @property
    def current_status(self) -> Status:
        return Status(self.status)

    @property
    def previous_status_label(self) -> str:
        return self.action.plan.status_label(self.previous_status) if self.previous_status else ""

    @property
    def status_changed(self) -> bool:
        return bool(self.previous_status) and self.previous_status != self.status


class UpdateDraft(models.Model):
    """What a person has typed on an action's update form and not yet saved: kept as they type
    (where script runs) and on every submit, so a session that ends loses nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(help_text="The form's fields as sent, each a list of values.")
    saved_at = models.DateTimeField(default=timezone.now)

    council_path = "action__plan__council"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "action"], name="one_draft_per_person_action")
        ]

    def __str__(self):
        return f"Draft update of {self.action.shown_ref} by {self.user}"


class LeadOfficerRole(models.Model):
    """A lead officer as the council's plans write it ("Director of Finance", "COO"), and the
    members asked about its actions: matching sets the owners of every action it leads."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="lead_officer_roles"
    )
    name = models.CharField(max_length=300, help_text="As the plans write it.")
    key = models.CharField(max_length=300, help_text="The name compared: case and spaces aside.")
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="lead_officer_roles",
        help_text="Members asked about the actions this lead officer leads.",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_officer_deputy_roles",
        help_text="Also asked, so an absence leaves no action without an answer.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    council_path = "council"

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["council", "key"], name="lead_officer_role_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.council})"

    def asked(self) -> list:
        """Everyone asked about its actions: its people and its deputy."""
        people = list(self.people.all())
        if self.deputy is not None and self.deputy not in people:
            people.append(self.deputy)
        return people


class RequestState(models.TextChoices):
    WAITING = "waiting", "Waiting for a decision"
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Refused"
    REPLACED = "replaced", "Replaced by a later request"


class TargetDateRequest(models.Model):
    """An officer's request to move an action's target date, with their reason. The date moves
    only when the coordinator, or the committee at a meeting, agrees: then it is a revision like
    any other (the plan's first date kept) and reports show it "rescheduled with approval"."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="date_requests")
    target_text_then = models.CharField("target date when asked", max_length=300, blank=True)
    asked_for = models.CharField("target date asked for", max_length=300)
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_by_name = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=20, choices=RequestState.choices, default=RequestState.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    committee = models.CharField(
        "decided by the committee", max_length=200, blank=True,
        help_text="Where a committee decided it: its name, with the meeting date.",
    )  # fmt: skip
    meeting_date = models.DateField(null=True, blank=True)
    decision_note = models.TextField("note on the decision", blank=True)

    council_path = "action__plan__council"

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action"],
                condition=Q(state="waiting"),
                name="one_waiting_date_request_per_action",
            )
        ]

    def __str__(self):
        return f"{self.action.shown_ref}: {self.target_text_then or 'none'} → {self.asked_for}"

    @property
    def agreed_by(self) -> str:
        """Who agreed or refused it, as reports print it."""
        if self.committee:
            meeting = f", {self.meeting_date:%-d %B %Y}" if self.meeting_date else ""
            return f"{self.committee}{meeting}"
        return self.decided_by_name or "the coordinator"
