"""A reporting round: the committee cycle of one plan, from the request for updates to the
published, frozen report. An update counts for a round when it was recorded while the round was
open, so progress updates themselves need know nothing of rounds."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from actions.models import Action, ProgressUpdate
from plans.models import ImprovementPlan


class RoundState(models.TextChoices):
    OPEN = "open", "Open"
    PUBLISHING = "publishing", "Being published"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RoundQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(plan__in=ImprovementPlan.objects.for_user(user))

    def published(self):
        return self.filter(state=RoundState.PUBLISHED)

    def open(self):
        return self.filter(state__in=(RoundState.OPEN, RoundState.PUBLISHING))


class ReportingRound(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="rounds")
    committee = models.CharField(max_length=200, blank=True)
    meeting_date = models.DateField()
    as_at = models.DateField("as at", help_text="The date the round's updates describe.")
    deadline = models.DateField("deadline for updates")
    reminder_days = models.PositiveSmallIntegerField(
        "reminder (days before the deadline)", default=3
    )
    actions = models.ManyToManyField(Action, related_name="rounds", verbose_name="actions covered")
    state = models.CharField(max_length=20, choices=RoundState.choices, default=RoundState.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Publication: what the committee and residents see is what stood at `frozen_at`.
    frozen_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    compared_with = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The published round the report's changes are counted from.",
    )
    snapshot = models.JSONField(
        null=True, blank=True, help_text="The plan as published: what the public page shows."
    )
    # Withdrawn: stopped before publication (the meeting was cancelled, the round opened by
    # mistake). Its emails stop; the updates officers gave stay on their actions.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField("why it was withdrawn", blank=True)

    objects = RoundQuerySet.as_manager()
    council_path = "plan__council"

    class Meta:
        ordering = ["plan", "-meeting_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(state__in=["open", "publishing"]),
                name="one_open_round_per_plan",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.plan.title})"

    @property
    def name(self) -> str:
        meeting = f"{self.meeting_date:%-d %B %Y}"
        return f"{self.committee}, {meeting}" if self.committee else f"Meeting of {meeting}"

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN


class RoundChange(models.Model):
    """A change to an open round's dates, as the coordinator made it: the round page lists them,
    and each that moves the deadline or the as-at date is emailed once to everyone still to
    answer."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="changes")
    summary = models.TextField(help_text='What changed, in words: "Deadline: 3 March → 10 March".')
    reason = models.TextField(blank=True)
    tells_officers = models.BooleanField(default=False)
    moves_deadline = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    council_path = "round__plan__council"

    class Meta:
        ordering = ["round", "changed_at", "id"]

    def __str__(self):
        return self.summary


class RoundExtension(models.Model):
    """More time for one person, or for one action, in a round: their updates are due by
    `deadline` instead of the round's, and they are reminded and chased against it."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="extensions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField("new deadline")
    reason = models.TextField(blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    council_path = "round__plan__council"

    class Meta:
        ordering = ["round", "granted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, action__isnull=False)
                | Q(person__isnull=False, action__isnull=True),
                name="extension_for_a_person_or_an_action",
            )
        ]

    def __str__(self):
        return f"Extension to {self.deadline:%-d %B %Y}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    RETURNED = "returned", "Returned to the officer"


class UpdateReview(models.Model):
    """The coordinator's decision on one update of a round. A returned update stays in the
    history; the officer answers it with a new one."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reviews")
    update = models.OneToOneField(ProgressUpdate, on_delete=models.CASCADE, related_name="review")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    council_path = "round__plan__council"

    def __str__(self):
        return f"{self.get_decision_display()}: {self.update}"


class LatestUpdate(models.Model):
    """The latest update of a round for one covered action: the last recorded while the round
    was open. Kept as updates are recorded (`rounds.latest`), so a round of 20,000 actions is
    counted by joins rather than by reading its updates."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="latest")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="latest_in_rounds")
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="+")
    # the update's review decision, "" until reviewed: kept by `update_review`, so counting
    # joins no update and no review
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)

    council_path = "round__plan__council"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="one_latest_update_per_action")
        ]

    def __str__(self):
        return f"Latest update of action {self.action_id} in round {self.round_id}"


class MessageKind(models.TextChoices):
    INVITATION = "invitation", "Request for updates"
    REMINDER = "reminder", "Reminder"
    CHASER = "chaser", "Chaser"
    RETURNED = "returned", "Update returned"
    CHANGED = "changed", "Round changed"
    EXTENDED = "extended", "Extension"


class Delivery(models.TextChoices):
    SENDING = "sending", "Sending"
    SENT = "sent", "Delivered to the mail server"
    FAILED = "failed", "Failed"
    UNKNOWN = "unknown", "Not known (interrupted while sending)"


class RoundMessage(models.Model):
    """One email to one person about a round. The unique key is what makes sending idempotent:
    a row is written before the email goes, and a kind is never sent twice to the same person
    for the same round (or, for a returned update, the same update). `sequence` tells apart the
    emails of one kind a round rightly sends more than once: the change or extension a "changed"
    or "extension" email is about, or the deadline change a reminder or chaser follows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    about_update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)
    to = models.CharField(max_length=254)
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300)
    action_refs = models.JSONField(default=list, help_text="The actions the message lists.")
    body = models.TextField(help_text="The plain-text part, as sent.")
    html = models.TextField(blank=True, help_text="The HTML part, as sent.")
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.SENDING)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    council_path = "round__plan__council"

    class Meta:
        ordering = ["round", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "recipient", "sequence"],
                condition=Q(about_update__isnull=True),
                name="one_message_per_person_kind_round_sequence",
            ),
            models.UniqueConstraint(
                fields=["round", "kind", "recipient", "about_update"],
                condition=Q(about_update__isnull=False),
                name="one_message_per_returned_update",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"


class FileKind(models.TextChoices):
    ANNEX = "annex", "Annex (PDF)"
    ANNEX_WORD = "annex_word", "Annex (Word)"
    SUMMARY = "summary", "Summary of progress (PDF)"
    SPREADSHEET = "spreadsheet", "Progress report (spreadsheet)"


def published_file_name(instance, filename: str) -> str:
    # Stored under a random name: nothing a person typed reaches the storage path.
    return f"rounds/{instance.round.plan.council_id}/{uuid.uuid4().hex}/{instance.kind}"


class PublishedFile(models.Model):
    """A file of a published round, made once and served unchanged; its SHA-256 proves it."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=FileKind.choices)
    file = models.FileField(upload_to=published_file_name, max_length=300)
    filename = models.CharField(max_length=300)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    made_at = models.DateTimeField(auto_now_add=True)

    council_path = "round__plan__council"

    class Meta:
        ordering = ["round", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="one_file_per_kind_per_round")
        ]

    def __str__(self):
        return self.filename


class PlanFollower(models.Model):
    """A resident who asked to be emailed when a public plan publishes a new report: no account,
    only the address, kept from the moment they confirm it until they stop."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(max_length=254)
    token = models.CharField(max_length=64, unique=True)
    asked_at = models.DateTimeField()  # when the last confirmation email was sent
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "email"], name="one_follower_per_address")
        ]

    def __str__(self):
        return f"{self.email} follows {self.plan}"


class PublicationNotice(models.Model):
    """One email to one follower about one published round: written before it goes, never twice."""

    follower = models.ForeignKey(PlanFollower, on_delete=models.CASCADE, related_name="notices")
    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "round"], name="one_notice_per_round")
        ]

    def __str__(self):
        return f"Notice of {self.round} to a follower"
