"""The read API at /api/v1/ (django-ninja): a council's plans, themes, recommendations, actions
and progress updates, for Power BI, Excel and open data. Every route answers only with the
token's own council's rows: another council's id is a 404, like one that does not exist."""

import csv
from datetime import date
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.pagination import PageNumberPagination, paginate

from actions.status import Status
from improvement_tracker.formula_escaping import escape_formula

from . import selectors
from .auth import CouncilToken, PerToken
from .schemas import ActionOut, PlanOut, RecommendationOut, ThemeOut, UpdateOut

api = NinjaAPI(
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
    def __init__(self, **kwargs):
        super().__init__(page_size=100, max_page_size=500, **kwargs)


class ActionFilters(Schema):
    plan: int | None = None
    status: StatusName | None = None  # type: ignore[valid-type]
    overdue: bool | None = None
    as_at: date | None = None


class UpdateFilters(Schema):
    plan: int | None = None
    action: int | None = None
    as_at: date | None = None


def _council(request):
    return request.auth.council


@api.get("/plans/", response=list[PlanOut], summary="The council's plans")
@paginate(Pages)
def plans(request):
    return selectors.plans_of(_council(request))


@api.get("/plans/{plan_id}/", response=PlanOut, summary="One plan")
def plan(request, plan_id: int):
    return get_object_or_404(selectors.plans_of(_council(request)), pk=plan_id)


@api.get("/themes/", response=list[ThemeOut], summary="Themes (objectives), by plan")
@paginate(Pages)
def themes(request, plan: int | None = None):
    return selectors.themes_of(_council(request), plan)


@api.get("/recommendations/", response=list[RecommendationOut], summary="Recommendations")
@paginate(Pages)
def recommendations(request, plan: int | None = None):
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
def action(request, action_id: int):
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
