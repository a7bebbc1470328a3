"""What the read API returns: the plan as the council wrote it, in plain JSON."""

from datetime import date

from ninja import Field, Schema


class PlanOut(Schema):
    id: int
    slug: str
    title: str
    council: str = Field(..., alias="council.slug")
    source: str
    adopted_on: date | None
    reporting_frequency: str
    status_key: list[str] = Field(..., description="The council's own statuses, in its order.")


class ThemeOut(Schema):
    id: int
    plan_id: int
    number: str
    title: str
    description: str


class RecommendationOut(Schema):
    id: int
    plan_id: int
    theme_id: int | None
    ref: str
    title: str
    text: str


class ActionOut(Schema):
    id: int
    plan_id: int
    parent_id: int | None
    theme_id: int | None
    ref: str = Field(..., description="The reference as the council wrote it, else the key.")
    key: str = Field(..., description="Unique in the plan; how imports match rows.")
    title: str
    detail: str
    recommendations: list[str] = Field(..., description="References of the recommendations.")
    lead_officer: str
    status: str = Field(
        ...,
        description="complete, on_track, at_risk, off_track, not_started "
        "or none, as at `as_at` when given.",
    )
    status_label: str = Field(..., description="The status in the council's words.")
    status_as_at: date | None
    overdue: bool
    target_date_as_written: str = Field(..., alias="target_text")
    target_date: date | None = Field(..., description="The deadline read from the text.")
    target_ongoing: bool
    closed_on: date | None

    @staticmethod
    def resolve_ref(action):
        return action.shown_ref

    @staticmethod
    def resolve_key(action):
        return action.ref

    @staticmethod
    def resolve_recommendations(action):
        return [rec.ref for rec in action.recommendations.all()]

    @staticmethod
    def resolve_status(action):
        return getattr(action, "status_then", action.status)

    @staticmethod
    def resolve_status_as_at(action):
        return getattr(action, "status_as_at_then", action.status_as_at)

    @staticmethod
    def resolve_status_label(action):
        return action.plan.status_label(ActionOut.resolve_status(action))

    @staticmethod
    def resolve_overdue(action):
        return action.overdue_then


class UpdateOut(Schema):
    id: int
    action_id: int
    as_at: date
    status: str
    previous_status: str
    narrative: str
    evidence: str
    evidence_links: list[str] = Field(..., alias="links")
    evidence_files: list[str] = Field(..., description="Names of the files attached.")
    percent_complete: int | None
    confidence: str = Field(..., description='"high", "medium", "low", or "" when not given.')
    revised_target_date: str = Field(..., alias="revised_target_text")
    author: str = Field(..., alias="author_name")
    recorded_at: str

    @staticmethod
    def resolve_evidence_files(update):
        return [file.original_name for file in update.files.all()]

    @staticmethod
    def resolve_recorded_at(update):
        return update.recorded_at.isoformat()
