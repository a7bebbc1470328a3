import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from core.history import AuditedRecords
from councils.models import Council

from .annex_layout import COLUMNS as ANNEX_COLUMNS
from .annex_layout import SECTIONS as ANNEX_SECTIONS
from .annex_layout import pack_layout, validate_layout
from .status import STAND_INS, Status

KEY_VALUES = {status.value for status in Status if status != Status.NONE}


class PlanSource(models.TextChoices):
    PEER_CHALLENGE = "peer_challenge", "LGA Corporate Peer Challenge"
    BEST_VALUE_NOTICE = "best_value_notice", "Best Value notice"
    GOVERNANCE_REVIEW = "governance_review", "Governance review"
    EXTERNAL_AUDIT = "external_audit", "External audit"
    INTERNAL = "internal", "Internal"


class PlanGrouping(models.TextChoices):
    """How the council lays out its plan when printed."""

    THEME = "theme", "By theme (objective)"
    RECOMMENDATION = "recommendation", "By recommendation"
    NONE = "none", "A single list of actions"


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


def period_start(frequency: str, today: date) -> date:
    """The first day of the reporting period `today` falls in."""
    if frequency == ReportingFrequency.MONTHLY:
        return today.replace(day=1)
    return date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


class PlanQuerySet(models.QuerySet):
    def for_council(self, council):
        return self.filter(council=council)

    def for_user(self, user):
        return self.filter(council__in=Council.objects.for_user(user))

    def current(self):
        """Plans still in use: archived ones leave the lists but keep their history and reports."""
        return self.filter(archived_at__isnull=True)


def shared_wording(plans) -> "ImprovementPlan | None":
    """A plan whose status words and key all of `plans` share (so a page mixing them can use
    the council's words), or None when they differ."""
    plans = list(plans)
    if plans and len({plan.wording for plan in plans}) == 1:
        return plans[0]
    return None


def annex_template_name(plan, filename: str) -> str:
    # Stored under a random name: nothing a person typed reaches the storage path.
    return f"annex-templates/{plan.council_id}/{uuid.uuid4().hex}/template"


class ImprovementPlan(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100)
    source = models.CharField(max_length=30, choices=PlanSource.choices)
    adopted_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    grouping = models.CharField(
        max_length=20, choices=PlanGrouping.choices, default=PlanGrouping.THEME
    )
    reporting_frequency = models.CharField(
        max_length=20,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.QUARTERLY,
        help_text="How often officers report progress; actions with no update this period are due.",
    )
    status_labels = models.JSONField(
        default=dict,
        blank=True,
        help_text='The council\'s own words for statuses, e.g. {"on_track": "Underway"}.',
    )
    status_key = models.JSONField(
        "status key",
        default=list,
        blank=True,
        help_text='The statuses the council\'s key lists, in its order, e.g. ["complete", '
        '"on_track", "at_risk", "not_started"]. Empty: all five.',
    )
    governance_text = models.TextField(
        "governance",
        blank=True,
        help_text="How the plan is monitored, as the council writes it: the annex's Governance "
        "section.",
    )
    annex_layout = models.JSONField(
        default=pack_layout,
        validators=[validate_layout],
        help_text="The annex's sections and the plan table's columns, in order, each "
        "[name, heading]. Sections: "
        + ", ".join(ANNEX_SECTIONS)
        + ". Columns: "
        + ", ".join(ANNEX_COLUMNS)
        + ".",
    )
    # The council's own Word template: the annex in Word takes its styles, page and headers.
    annex_word_template = models.FileField(
        upload_to=annex_template_name, blank=True, max_length=300
    )
    annex_word_template_name = models.CharField(max_length=200, blank=True)
    review_required = models.BooleanField(
        "updates reviewed before publication",
        default=False,
        help_text="A round can be published only once the coordinator has reviewed every update.",
    )
    public = models.BooleanField(
        "published on the public transparency page",
        default=False,
        help_text="Residents see the latest published round, with no sign-in.",
    )
    archived_at = models.DateTimeField(
        "archived",
        null=True,
        blank=True,
        help_text="An archived plan leaves the lists; its history, rounds and reports stay.",
    )
    public_lead_officers = models.BooleanField(
        "lead officers shown publicly",
        default=True,
        help_text="The lead officers as written in the plan (never accounts or email addresses).",
    )

    objects = PlanQuerySet.as_manager()
    history = AuditedRecords()
    council_path = "council"

    class Meta:
        ordering = ["council__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="plan_slug_unique_in_council"),
        ]

    def __str__(self):
        return f"{self.title} ({self.council})"

    def status_label(self, status) -> str:
        """The status as this council writes it (the pack's "Underway" for On track)."""
        status = Status(status)
        return self.status_labels.get(status.value) or status.label

    @property
    def theme_word(self) -> str:
        """What the council calls a theme, from its annex's heading for them ("Objectives" gives
        "Objective"); "Theme" where that heading is not one plural word."""
        heading = next(
            (text for name, text in self.annex_layout.get("sections", []) if name == "objectives"),
            "",
        ).strip()
        if heading.isalpha() and heading.lower().endswith("s") and len(heading) > 3:
            return heading[:-1].capitalize()
        return "Theme"

    @property
    def wording(self) -> tuple:
        """What decides how the plan words its statuses: plans alike here read alike."""
        return (tuple(self.status_key), tuple(sorted(self.status_labels.items())))

    def key_statuses(self) -> list[Status]:
        """The statuses of the council's key, in its order (all five when it has none)."""
        chosen = [Status(value) for value in self.status_key if value in KEY_VALUES]
        return chosen or [status for status in Status if status != Status.NONE]

    def statuses_shown(self, present=()) -> list[Status]:
        """The key, then any other status some action has (so every count has a column)."""
        key = self.key_statuses()
        present = {Status(status) for status in present}
        return key + [status for status in Status if status in present and status not in key]

    def fit_to_key(self, status) -> Status:
        """A status the key lacks becomes the nearest one it has (York has no Off track)."""
        status = Status(status)
        key = self.key_statuses()
        if status in key or status == Status.NONE:
            return status
        stand_in = STAND_INS.get(status)
        return stand_in if stand_in in key else status

    def clean(self):
        unknown = [value for value in self.status_key if value not in KEY_VALUES]
        if unknown or len(set(self.status_key)) != len(self.status_key):
            raise ValidationError(
                {
                    "status_key": "List each status once, from: "
                    + ", ".join(sorted(KEY_VALUES))
                    + "."
                }
            )


class Theme(models.Model):
    """An objective or theme the plan groups its actions under."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="themes")
    number = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = AuditedRecords()
    council_path = "plan__council"

    class Meta:
        ordering = ["plan", "position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="theme_number_unique_in_plan"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Recommendation(models.Model):
    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="recommendations"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    ref = models.CharField("reference", max_length=30, help_text='As the council writes it: "R1".')
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = AuditedRecords()
    council_path = "plan__council"

    class Meta:
        ordering = ["plan", "position", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"], name="recommendation_ref_unique_in_plan"
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.title}".strip()

    def clean(self):
        if self.theme_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "Choose a theme of this recommendation's plan."})
