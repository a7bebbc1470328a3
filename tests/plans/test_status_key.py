"""A plan's status key: the statuses its council uses, in the council's order and words,
wherever the plan's statuses are listed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.forms import ProgressUpdateForm
from councils.models import Role
from plans.status import Status
from tests.factories import ActionFactory, PlanFactory, member

YORK_KEY = ["complete", "on_track", "at_risk", "not_started"]


@pytest.fixture
def york_like(plan):
    plan.status_key = YORK_KEY
    plan.status_labels = {"on_track": "Underway"}
    plan.save()
    return plan


def test_the_key_is_the_councils_order_and_a_missing_status_has_a_stand_in(york_like):
    assert york_like.key_statuses() == [Status(value) for value in YORK_KEY]
    assert york_like.fit_to_key(Status.OFF_TRACK) == Status.AT_RISK
    assert york_like.fit_to_key(Status.NONE) == Status.NONE
    assert PlanFactory().key_statuses()[-1] == Status.COMPLETE  # no key: all five


def test_a_key_with_an_unknown_or_repeated_status_is_refused(plan):
    for key in (["complete", "purple"], ["complete", "complete"], ["none"]):
        plan.status_key = key
        with pytest.raises(ValidationError, match="List each status once"):
            plan.full_clean()


def test_the_update_form_offers_the_councils_key_in_its_words(york_like):
    form = ProgressUpdateForm(action=ActionFactory(plan=york_like))
    assert form.fields["status"].choices == [
        ("complete", "Complete"),
        ("on_track", "Underway"),
        ("at_risk", "At risk"),
        ("not_started", "Not started"),
    ]


def test_home_totals_and_the_action_list_filter_use_the_councils_words(
    york_like, coordinator, client
):
    ActionFactory(plan=york_like)
    client.force_login(coordinator)
    totals = client.get(reverse("home")).context["totals"]
    assert [item.label for item in totals[0].counts] == [
        "Complete",
        "Underway",
        "At risk",
        "Not started",
        "No status given",
    ]
    page = client.get(reverse("action_list")).content.decode()
    assert "Underway" in page and "On track" not in page


def test_plans_worded_differently_fall_back_to_the_products_words(york_like, council, client):
    PlanFactory(council=council)  # a second plan with the product's own words
    viewer = member(council, Role.VIEWER, username="another-viewer")
    client.force_login(viewer)
    page = client.get(reverse("action_list")).content.decode()
    assert "On track" in page


def test_an_import_reads_the_councils_words_and_names_them_when_one_is_wrong(york_like, council):
    from imports.importer import plan_import
    from tests.imports.conftest import xlsx_bytes

    york_like.status_labels = {"on_track": "Progressing"}
    york_like.save()

    def attempt(status):
        return plan_import(
            council=council,
            plan_slug=york_like.slug,  # into the council's one plan
            data=xlsx_bytes([["Action", "Status"], ["Publish the plan", status]]),
            filename="plan.xlsx",
            plan_title="Imported",
        )

    report = attempt("Progressing")
    assert report.ok, [str(error) for error in report.errors]
    assert york_like.actions.get().status == Status.ON_TRACK
    (error,) = attempt("Purple").errors
    assert "Use Complete, Progressing, At risk or Not started" in str(error)
