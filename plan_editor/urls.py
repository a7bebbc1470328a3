from django.urls import path

from . import date_requests, views

app_name = "plan_editor"

PLAN = "<slug:council_slug>/plans/<slug:plan_slug>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:council_slug>/", views.council_plans, name="council"),
    path("<slug:council_slug>/plans/new/", views.plan_create, name="plan_create"),
    path("<slug:council_slug>/lead-officers/", views.lead_officers, name="lead_officers"),
    path(
        "<slug:council_slug>/lead-officers/match/",
        views.lead_officer_match,
        name="lead_officer_match",
    ),
    path(
        "<slug:council_slug>/target-date-requests/",
        date_requests.date_requests,
        name="date_requests",
    ),
    path(
        "<slug:council_slug>/target-date-requests/<int:request_id>/",
        date_requests.date_request_decide,
        name="date_request_decide",
    ),
    path(PLAN, views.plan_manage, name="plan"),
    path(PLAN + "details/", views.plan_edit, name="plan_edit"),
    path(PLAN + "annex/", views.plan_annex, name="plan_annex"),
    path(PLAN + "annex/word-template/", views.plan_annex_template, name="plan_annex_template"),
    path(PLAN + "archive/", views.plan_archive, name="plan_archive"),
    *[
        route
        for kind, plural in [("theme", "themes"), ("recommendation", "recommendations")]
        for route in [
            path(f"{PLAN}{plural}/new/", views.part_form, {"kind": kind}, name=f"{kind}_add"),
            path(
                f"{PLAN}{plural}/<int:part_id>/",
                views.part_form,
                {"kind": kind},
                name=f"{kind}_edit",
            ),
            path(
                f"{PLAN}{plural}/<int:part_id>/remove/",
                views.part_remove,
                {"kind": kind},
                name=f"{kind}_remove",
            ),
        ]
    ],
    path(PLAN + "actions/new/", views.action_form, name="action_add"),
    path(PLAN + "actions/<int:action_id>/", views.action_form, name="action_edit"),
    path(PLAN + "actions/<int:action_id>/remove/", views.action_remove, name="action_remove"),
    path(PLAN + "actions/<int:action_id>/close/", views.action_close, name="action_close"),
    path(PLAN + "actions/<int:action_id>/move/", views.action_move, name="action_move"),
    path(PLAN + "actions/<int:action_id>/target/", views.action_target, name="action_target"),
]
