"""The read API at /api/v1/ (django-ninja): a council's plans, themes, recommendations, actions
and progress updates, for Power BI, Excel and open data. Every route answers only with the
token's own council's rows: another council's id is a 404, like one that does not exist."""

import csv
from datetime import date
from typing import Annotated, Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.pagination import PageNumberPagination, paginate

from core.formula_escaping import escape_formula
from plans.status import Status

from . import selectors
from .auth import CouncilToken, PerToken
from .schemas import ActionOut, PlanOut, RecommendationOut, ThemeOut, UpdateOut

# An id the database can hold: a bigger number is a 422 with the reason, not a server error.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

ERROR_ANSWERS = {
    "401": 'No token, or a wrong or revoked one: `{"detail": "Unauthorized"}`',
    "422": "A parameter is not valid (a number out of range, an unknown status, a bad date): "
    '`{"detail": [{"loc": [...], "msg": "..."}]}` says which and why',
    "429": "The token asked more than its rate limit allows; try again in a minute",
}


class ReadApi(NinjaAPI):
    """The schema documents the errors every operation may answer, so a client generated from it
    handles them."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {
            "type": "object",
            "properties": {"detail": {"anyOf": [{"type": "string"}, {"type": "array"}]}},
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, description in ERROR_ANSWERS.items():
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": error}},
                        },
                    )
        return schema


api = ReadApi(
    title="Improvement Tracker read API",
    version="1",
    description="Read-only access to one council's improvement plans. Send the council's API "
    "token as `Authorization: Bearer <token>`. Lists come a page at a time (`page`, "
    "`page_size` up to 500), with `count`, the number of rows in all.",
    auth=CouncilToken(),
    throttle=[PerToken()],
    docs_url=None,  # the product's own docs page, readable by everyone, describes this schema
    urls_namespace="api",
)

StatusName = Literal[tuple(status.value for status in Status)]


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=10**9)
        page_size: int | None = Field(None, ge=1, le=500)

    def __init__(self, **kwargs):
        super().__init__(page_size=100, max_page_size=500, **kwargs)


class ActionFilters(Schema):
    plan: Id | None = None
    status: StatusName | None = None  # type: ignore[valid-type]
    overdue: bool | None = None
    as_at: date | None = None


class UpdateFilters(Schema):
    plan: Id | None = None
    action: Id | None = None
    as_at: date | None = None


def _council(request):
    return request.auth.council


@api.get("/plans/", response=list[PlanOut], summary="The council's plans")
@paginate(Pages)
def plans(request):
    return selectors.plans_of(_council(request))


@api.get("/plans/{plan_id}/", response=PlanOut, summary="One plan")
def plan(request, plan_id: Id):
    return get_object_or_404(selectors.plans_of(_council(request)), pk=plan_id)


@api.get("/themes/", response=list[ThemeOut], summary="Themes (objectives), by plan")
@paginate(Pages)
def themes(request, plan: Id | None = None):
    return selectors.themes_of(_council(request), plan)


@api.get("/recommendations/", response=list[RecommendationOut], summary="Recommendations")
@paginate(Pages)
def recommendations(request, plan: Id | None = None):
    return selectors.recommendations_of(_council(request), plan)


@api.get(
    "/actions/",
    response=list[ActionOut],
    summary="Actions and sub-actions, with their status",
    description="Filter by `plan` (its id), `status`, `overdue` (true or false) and `as_at` "
    "(a date: each action's status is then its latest update's on or before it).",
)
@paginate(Pages)
def actions(request, filters: Query[ActionFilters]):
    return selectors.actions_of(_council(request), **filters.dict())


CSV_FIELDS = [name for name in ActionOut.model_fields]


@api.get(
    "/actions.csv",
    summary="The same actions as CSV",
    description="Takes the filters of `/actions/` and returns every matching row, unpaginated.",
)
def actions_csv(request, filters: Query[ActionFilters]):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="actions.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with its byte-order mark
    writer = csv.writer(response)
    writer.writerow(CSV_FIELDS)
    for action in selectors.actions_of(_council(request), **filters.dict()).iterator(2000):
        row = ActionOut.from_orm(action).model_dump()
        row["recommendations"] = "; ".join(row["recommendations"])
        writer.writerow(
            ["" if row[name] is None else escape_formula(row[name]) for name in CSV_FIELDS]
        )
    return response


@api.get("/actions/{action_id}/", response=ActionOut, summary="One action")
def action(request, action_id: Id):
    return get_object_or_404(selectors.actions_of(_council(request)), pk=action_id)


@api.get(
    "/updates/",
    response=list[UpdateOut],
    summary="Progress updates, oldest first",
    description="Filter by `plan`, `action` and `as_at` (updates as at that date or before).",
)
@paginate(Pages)
def updates(request, filters: Query[UpdateFilters]):
    return selectors.updates_of(_council(request), **filters.dict())
