"""Lead officers to people: a council matches each job title its plans name to the members who
answer for it, and every open action that title leads asks them, after imports and edits too."""

import pytest
from django.urls import reverse

from actions.lead_officers import (
    lead_officer_names,
    lead_officer_role_match,
    lead_officer_rows,
    nobody_to_ask,
)
from actions.models import Action
from actions.services import progress_update_create
from councils.models import Role
from plan_editor.services import action_close, action_create, action_update
from tests.factories import ActionFactory, member


@pytest.mark.parametrize(
    "cell, names",
    [
        # As published in York's, Example City's and Example Borough's plans.
        (
            "COO Director of Finance AD Policy & Strategy",
            ["COO", "Director of Finance", "AD Policy & Strategy"],
        ),
        ("Head of Comms Director of Finance", ["Head of Comms", "Director of Finance"]),
        ("COO/CMT", ["COO", "CMT"]),
        ("Director of Law and Governance", ["Director of Law and Governance"]),
        ("AD Policy & Strategy", ["AD Policy & Strategy"]),
        ("All Directors", ["All Directors"]),
        ("Programme Manager Service Lead (HR)", ["Programme Manager Service Lead (HR)"]),
        # As other councils write them.
        ("Director of Finance / Head of Comms", ["Director of Finance", "Head of Comms"]),
        ("COO and AD HR", ["COO", "AD HR"]),
        ("Head of HR & OD", ["Head of HR & OD"]),
        (
            "Deputy Chief Executive and Director of Place",
            ["Deputy Chief Executive", "Director of Place"],
        ),
        ("Director of Place;\nHead of Planning", ["Director of Place", "Head of Planning"]),
        ("Head of Comms / head of comms", ["Head of Comms"]),
    ],
)  # fmt: skip
def test_a_cell_names_its_lead_officers_one_by_one(cell, names):
    assert lead_officer_names(cell) == names


@pytest.fixture
def people(council):
    return {
        "finance": member(council, Role.OFFICER, username="finance", first_name="Fay"),
        "comms": member(council, Role.OFFICER, username="comms", first_name="Cal"),
        "new": member(council, Role.OFFICER, username="new", first_name="Nia"),
    }


def owners(action) -> set[str]:
    return set(Action.objects.get(pk=action.pk).owners.values_list("username", flat=True))


def test_matching_a_title_asks_its_people_about_every_open_action_it_leads(plan, people):
    shared = ActionFactory(plan=plan, lead_officer="Head of Comms Director of Finance")
    finance = ActionFactory(plan=plan, lead_officer="director of finance")
    done = ActionFactory(plan=plan, lead_officer="Director of Finance")
    progress_update_create(action=done, author=None, status="complete")
    other = ActionFactory(plan=plan, lead_officer="COO")

    lead_officer_role_match(
        council=plan.council, name="Director of Finance", people=[people["finance"]]
    )
    assert owners(shared) == owners(finance) == {"finance"}
    assert owners(done) == set()  # complete: who answered for it stays as it was
    assert owners(other) == set()
    assert shared.lead_officer == "Head of Comms Director of Finance"  # as written

    lead_officer_role_match(
        council=plan.council, name="Head of Comms", people=[people["comms"]], deputy=people["new"]
    )
    assert owners(shared) == {"finance", "comms", "new"}


def test_a_title_handed_to_a_new_person_moves_its_open_actions_and_keeps_history(plan, people):
    finance = ActionFactory(plan=plan, lead_officer="Director of Finance")
    shared = ActionFactory(plan=plan, lead_officer="Director of Finance / Head of Comms")
    closed = ActionFactory(plan=plan, lead_officer="Director of Finance")
    council = plan.council
    lead_officer_role_match(council=council, name="Director of Finance", people=[people["finance"]])
    lead_officer_role_match(council=council, name="Head of Comms", people=[people["finance"]])
    action_close(action=closed, reason="Merged")

    lead_officer_role_match(council=council, name="Director of Finance", people=[people["new"]])
    assert owners(finance) == {"new"}
    assert owners(shared) == {"finance", "new"}  # still asked as Head of Comms
    assert owners(closed) == {"finance"}
    # The action's history says who answered before.
    earlier = [set(row.owners.values_list("user_id", flat=True)) for row in finance.history.all()]
    assert {people["finance"].pk} in earlier


def test_actions_imported_or_edited_later_ask_the_matched_people(client, plan, people):
    lead_officer_role_match(
        council=plan.council, name="Director of Finance", people=[people["finance"]]
    )
    made = action_create(plan=plan, data={"title": "Set a budget", "lead_officer": "COO"})
    assert owners(made) == set()
    action_update(
        action=made, data={"title": "Set a budget", "lead_officer": "Director of Finance"}
    )
    assert owners(made) == {"finance"}

    from imports.importer import plan_import

    sheet = (
        b"Ref,Action,Lead officer,Target date\n"
        b"9.1,Publish the medium-term plan,COO and Director of Finance,March 2027\n"
    )
    report = plan_import(council=plan.council, plan_slug=plan.slug, data=sheet, filename="plan.csv")
    assert report.written, report.errors
    assert owners(Action.objects.get(plan=plan, ref="9.1")) == {"finance"}


def test_the_page_lists_each_title_with_its_open_actions_and_who_answers(
    client, plan, coordinator, people
):
    ActionFactory(plan=plan, lead_officer="COO Director of Finance")
    ActionFactory(plan=plan, lead_officer="Director of Finance")
    lead_officer_role_match(
        council=plan.council, name="Director of Finance", people=[people["finance"]]
    )
    rows = {row.name: row for row in lead_officer_rows(plan.council)}
    assert rows["COO"].open_actions == 1 and not rows["COO"].asked
    assert rows["Director of Finance"].open_actions == 2
    assert nobody_to_ask(Action.objects.filter(plan=plan)).count() == 0  # COO's action has Fay

    client.force_login(coordinator)
    page = client.get(reverse("plan_editor:lead_officers", args=[plan.council.slug]))
    text = page.content.decode()
    assert (
        "Nobody yet" in text
        and 'Choose who answers<span class="govuk-visually-hidden"> for COO' in text
    )

    match = reverse("plan_editor:lead_officer_match", args=[plan.council.slug])
    form = client.get(match, {"role": "coo"})
    assert form.status_code == 200 and "Who answers for COO" in form.content.decode()
    refused = client.post(match, {"name": "COO"})
    assert "Choose at least one person to ask" in refused.content.decode()
    saved = client.post(match, {"name": "COO", "people": [people["comms"].pk]})
    assert saved.status_code == 302
    assert owners(Action.objects.get(lead_officer="COO Director of Finance")) == {
        "finance",
        "comms",
    }


def test_a_title_or_person_from_elsewhere_is_refused(
    client, plan, coordinator, officer, other_council
):
    ActionFactory(plan=plan, lead_officer="COO")
    stranger = member(other_council, Role.OFFICER, username="stranger")
    match = reverse("plan_editor:lead_officer_match", args=[plan.council.slug])
    client.force_login(coordinator)
    assert client.get(match, {"role": "Chief Constable"}).status_code == 404
    answer = client.post(match, {"name": "COO", "people": [stranger.pk]})
    assert "Select a valid choice" in answer.content.decode()
    assert not Action.objects.get(lead_officer="COO").owners.exists()
    client.force_login(officer)
    assert client.get(match, {"role": "COO"}).status_code == 403


def test_the_build_pages_say_how_many_open_actions_have_nobody_to_ask(
    client, plan, coordinator, people
):
    ActionFactory(plan=plan, lead_officer="COO")
    done = ActionFactory(plan=plan, lead_officer="COO")
    progress_update_create(action=done, author=None, status="complete")
    client.force_login(coordinator)
    pages = [
        reverse("plan_editor:plan", args=[plan.council.slug, plan.slug]),
        reverse("plan_editor:council", args=[plan.council.slug]),
    ]
    for page in pages:
        assert "1 open action has nobody to ask" in client.get(page).content.decode()
    lead_officer_role_match(council=plan.council, name="COO", people=[people["new"]])
    for page in pages:
        assert "nobody to ask" not in client.get(page).content.decode()


def test_the_coordinators_home_says_how_many_have_nobody_to_ask(client, plan, coordinator, people):
    ActionFactory(plan=plan, lead_officer="COO")
    ActionFactory(plan=plan, lead_officer="COO")
    client.force_login(coordinator)
    assert "2 open actions have nobody to ask" in client.get(reverse("home")).content.decode()
    lead_officer_role_match(council=plan.council, name="COO", people=[people["new"]])
    assert "nobody to ask" not in client.get(reverse("home")).content.decode()


def test_a_council_with_many_titles_pages_them_a_hundred_at_a_time(client, plan, coordinator):
    Action.objects.bulk_create(
        Action(plan=plan, ref=str(n), title=f"Action {n}", lead_officer=f"Head of Unit {n}")
        for n in range(101)
    )
    client.force_login(coordinator)
    url = reverse("plan_editor:lead_officers", args=[plan.council.slug])
    first = client.get(url).content.decode()
    assert first.count('scope="row"') == 100 and 'rel="next"' in first
    assert client.get(url, {"page": 2}).content.decode().count('scope="row"') == 1


def test_an_action_with_sub_actions_shows_its_own_lead_officer_target_and_recommendations(
    client, plan, coordinator
):
    from tests.factories import RecommendationFactory

    parent = ActionFactory(
        plan=plan, title="Parent action", lead_officer="Director of Finance",
        target_text="March 2027",
    )  # fmt: skip
    parent.recommendations.add(RecommendationFactory(plan=plan, ref="R4"))
    ActionFactory(plan=plan, parent=parent, title="A sub-action", lead_officer="Head of Comms")
    client.force_login(coordinator)
    page = client.get(reverse("plan_detail", args=[plan.council.slug, plan.slug]))
    text = page.content.decode()
    block = text[text.index("Parent action") : text.index("A sub-action")]
    for fact in ("Director of Finance", "March 2027", "R4"):
        assert fact in block, fact


def test_the_coordinators_totals_keep_each_plans_own_key_words(client, plan, coordinator):
    """Two plans of one council with different keys: the home counts each in its own words."""
    from tests.factories import PlanFactory

    plan.status_labels = {"on_track": "Underway", "complete": "Delivered"}
    plan.save()
    other = PlanFactory(council=plan.council, title="Audit recommendations")
    other.status_labels = {"on_track": "In progress", "complete": "Implemented"}
    other.save()
    for target, status in ((plan, "on_track"), (other, "complete")):
        ActionFactory(plan=target, status=status)
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert f"{plan.title}: actions by status, in its own key" in page
    assert "Audit recommendations: actions by status, in its own key" in page
    assert "Underway" in page and "Implemented" in page
    assert ">On track<" not in page  # never the product's words for a council's key
