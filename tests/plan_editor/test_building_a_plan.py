"""A coordinator builds a plan in the product's own pages: the forms, the services behind them and
the audit trail they write."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.services import progress_update_create
from plans.models import ImprovementPlan
from tests.factories import ActionFactory, ThemeFactory


def url(name, plan, *args):
    return reverse(f"plan_editor:{name}", args=[plan.council.slug, plan.slug, *args])


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_a_coordinator_builds_a_plan_from_nothing(signed_in, council, coordinator, officer):
    client = signed_in
    response = client.post(
        reverse("plan_editor:plan_create", args=[council.slug]),
        {
            "title": "Governance Improvement Plan",
            "source": "governance_review",
            "adopted_on_0": "17",
            "adopted_on_1": "7",
            "adopted_on_2": "2024",
            "grouping": "theme",
            "reporting_frequency": "quarterly",
            "word_on_track": "Underway",
            # York's key: Complete / Underway / At risk / Not started
            "place_complete": "1",
            "place_on_track": "2",
            "place_at_risk": "3",
            "place_not_started": "4",
            "place_off_track": "",
            "public_lead_officers": "on",
        },
    )
    plan = ImprovementPlan.objects.get(council=council, title="Governance Improvement Plan")
    assert response.url == url("plan", plan)
    assert plan.slug == "governance-improvement-plan" and plan.adopted_on == date(2024, 7, 17)
    assert plan.status_key == ["complete", "on_track", "at_risk", "not_started"]
    assert plan.status_label("on_track") == "Underway"

    for number, title in [("1", "Leadership"), ("2", "Finance")]:
        client.post(url("theme_add", plan), {"number": number, "title": title})
    for ref in ["R1", "R2", "R3"]:
        client.post(url("recommendation_add", plan), {"ref": ref, "title": f"Title of {ref}"})
    leadership, finance = plan.themes.all()
    r1, r2, r3 = plan.recommendations.all()
    for n, theme in enumerate([leadership, leadership, finance, finance], start=1):
        client.post(
            url("action_add", plan),
            {
                "written_ref": f"{n}.",
                "title": f"Action {n}",
                "theme": theme.pk,
                "lead_officer": "Monitoring Officer",
                "target_text": "March 2025",
                "recommendations": [r1.pk, r3.pk] if n == 1 else [r2.pk],
                "owners": [officer.pk],
            },
        )
    first = plan.actions.get(title="Action 1")
    for n in (1, 2):
        response = client.post(
            url("action_add", plan),
            {
                "parent": first.pk,
                "written_ref": f"{n}.",
                "title": f"Sub-action {n}",
                "another": "x",
            },
        )
        assert response.url == url("action_add", plan) + f"?parent={first.pk}"  # add another

    assert plan.actions.count() == 6
    assert [a.shown_ref for a in first.children.order_by("position")] == ["1.", "2."]
    assert set(first.children.values_list("theme", flat=True)) == {leadership.pk}
    assert {r.ref for r in first.recommendations.all()} == {"R1", "R3"}
    assert list(first.owners.all()) == [officer]
    assert len({a.ref for a in plan.actions.all()}) == 6  # keys derived, unique, never typed

    page = client.get(url("plan", plan)).content.decode()
    for words in ["1. Leadership", "2. Finance", "Sub-action 2", "Title of R3", "Underway"]:
        assert words in page, words
    changes = client.get(reverse("council_changes", args=[council.slug])).content.decode()
    assert "Sub-action 2" in changes and coordinator.get_full_name() in changes


def test_a_key_with_two_statuses_in_one_place_is_refused(signed_in, plan):
    response = signed_in.post(
        url("plan_edit", plan),
        {
            "title": plan.title,
            "source": "internal",
            "grouping": "theme",
            "reporting_frequency": "quarterly",
            "place_complete": "1",
            "place_on_track": "1",
        },
    )
    assert "Not started and" not in response.content.decode()
    assert "Complete and On track are both number 1 in the key" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status_key == []


def test_errors_keep_what_was_typed_and_say_what_to_fix(signed_in, plan):
    ThemeFactory(plan=plan, number="1")
    response = signed_in.post(url("theme_add", plan), {"number": "1", "title": "Kept title"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Theme 1 is already in this plan" in page and 'value="Kept title"' in page
    response = signed_in.post(url("action_add", plan), {"title": "", "detail": "Kept detail"})
    page = response.content.decode()
    assert "There is a problem" in page and "Kept detail" in page
    assert not plan.actions.exists()


def test_actions_move_up_and_down_among_their_siblings(signed_in, plan):
    theme = ThemeFactory(plan=plan)
    one, two, three = (
        ActionFactory(plan=plan, theme=theme, ref=str(n), position=0) for n in (1, 2, 3)
    )  # tied positions, as an older import may leave them
    signed_in.post(url("action_move", plan, three.pk), {"direction": "up"})
    order = list(plan.actions.filter(theme=theme).order_by("position", "id"))
    assert order == [one, three, two]
    signed_in.post(url("action_move", plan, one.pk), {"direction": "up"})  # already first
    assert list(plan.actions.filter(theme=theme).order_by("position", "id")) == order


def test_a_target_date_is_read_back_before_it_is_revised_with_a_reason(signed_in, plan):
    action = ActionFactory(plan=plan, target_text="March 2024")
    typed = {"target_text": "Rolling to March 2025", "reason": "Waiting for the budget"}
    page = signed_in.post(url("action_target", plan, action.pk), {**typed, "check": "x"})
    page = page.content.decode()
    assert "a deadline of <strong>31 March 2025</strong>" in page
    action.refresh_from_db()
    assert action.target_text == "March 2024"  # nothing saved by checking
    signed_in.post(url("action_target", plan, action.pk), {**typed, "save": "x"})
    action.refresh_from_db()
    assert action.target_text == "Rolling to March 2025"
    assert action.original_target_text == "March 2024"
    assert action.history.first().history_change_reason == "Waiting for the budget"
    page = signed_in.post(url("action_target", plan, action.pk), {"save": "x"}).content.decode()
    assert "Enter the new target date" in page and "Say why the target date has moved" in page


def test_removing_what_has_updates_is_refused_with_a_reason(signed_in, plan):
    theme = ThemeFactory(plan=plan, number="4")
    action = ActionFactory(plan=plan, theme=theme, ref="4.1")
    progress_update_create(action=action, author=None, status="on_track", narrative="Started")
    page = signed_in.post(url("action_remove", plan, action.pk)).content.decode()
    assert "has progress updates" in page and Action.objects.filter(pk=action.pk).exists()
    page = signed_in.post(url("theme_remove", plan, theme.pk)).content.decode()
    assert "Theme 4 still has actions" in page
    spare = ActionFactory(plan=plan, ref="9")
    assert signed_in.get(url("action_remove", plan, spare.pk)).status_code == 200  # asks first
    assert Action.objects.filter(pk=spare.pk).exists()
    signed_in.post(url("action_remove", plan, spare.pk))
    assert not Action.objects.filter(pk=spare.pk).exists()


def test_an_action_with_updates_is_closed_instead_and_can_be_reopened(signed_in, plan, officer):
    from rounds.selectors import covered_actions, default_covered_actions
    from rounds.services import round_open

    parent = ActionFactory(plan=plan, ref="5", target_text="March 2024")
    child = ActionFactory(plan=plan, ref="5.1", parent=parent, target_text="March 2024")
    child.owners.add(officer)
    progress_update_create(action=child, author=None, status="on_track", narrative="Started")
    open_round = round_open(
        plan=plan, user=None, committee="Audit", meeting_date=date(2027, 1, 20), actions=[child.pk]
    )
    assert [item.action for item in covered_actions(open_round)] == [child]
    today = timezone.localdate()  # closing counts from the day it is closed
    assert Action.objects.overdue(today).filter(pk=child.pk).exists()
    build_page = signed_in.get(url("plan", plan)).content.decode()
    assert url("action_close", plan, parent.pk) in build_page

    page = signed_in.post(url("action_close", plan, parent.pk), {"reason": " "}).content.decode()
    assert "Say why the action is closed" in page and "5.1" in page  # names what closes with it
    signed_in.post(url("action_close", plan, parent.pk), {"reason": "Merged into action 4.2"})
    child.refresh_from_db()
    assert child.closed_on is not None and child.closed_reason == "Merged into action 4.2"
    assert child.updates.count() == 1  # its history stays
    assert not Action.objects.overdue(today).filter(pk=child.pk).exists()
    assert not Action.objects.due_for_update(date(2026, 12, 2)).filter(pk=child.pk).exists()
    assert child not in default_covered_actions(plan)
    assert [item.action for item in covered_actions(open_round)] == []  # not chased any more
    assert child.history.first().history_change_reason == "Merged into action 4.2"
    detail = signed_in.get(reverse("action_detail", args=[child.pk])).content.decode()
    assert "no longer pursued: Merged into action 4.2" in detail
    assert reverse("progress_update_add", args=[child.pk]) not in detail
    # an officer who had the form open keeps what they typed, and is told why it is refused
    signed_in.force_login(officer)
    typed = {
        "status": "complete",
        "narrative": "Finished the work",
        "as_at_0": "1",
        "as_at_1": "12",
        "as_at_2": "2026",
        "evidence": "Minutes",
    }
    page = signed_in.post(reverse("progress_update_add", args=[child.pk]), typed).content.decode()
    assert "so it takes no more updates" in page and "Finished the work" in page
    assert child.updates.count() == 1

    signed_in.force_login(plan.council.memberships.get(role="coordinator").user)
    assert (
        "Reopen this action?"
        in signed_in.get(url("action_close", plan, parent.pk)).content.decode()
    )
    signed_in.post(url("action_close", plan, parent.pk))
    child.refresh_from_db()
    assert child.closed_on is None and child in default_covered_actions(plan)


def test_an_archived_plan_leaves_the_lists_and_keeps_its_history(signed_in, plan):
    signed_in.post(url("plan_archive", plan))
    plan.refresh_from_db()
    assert plan.archived_at is not None
    detail = reverse("plan_detail", args=[plan.council.slug, plan.slug])
    assert detail not in signed_in.get(reverse("plan_list")).content.decode()
    assert (
        signed_in.get(reverse("plan_detail", args=[plan.council.slug, plan.slug])).status_code
        == 200
    )
    signed_in.post(url("plan_archive", plan))  # brought back
    plan.refresh_from_db()
    assert plan.archived_at is None


def test_only_the_councils_coordinators_build_its_plans(client, officer, viewer, plan):
    for person in (officer, viewer):
        client.force_login(person)
        response = client.get(url("plan", plan))
        assert response.status_code == 403
        assert "is for its coordinators" in response.content.decode()
        assert client.post(url("theme_add", plan), {"number": "1", "title": "x"}).status_code == 403
    assert not plan.themes.exists()


def test_a_coordinator_lays_out_the_annex_as_the_council_does(signed_in, plan):
    typed = {
        "sections_place_cover": "1",
        "sections_place_governance": "2",
        "sections_heading_governance": "How we govern",
        "sections_place_plan": "3",
        "sections_heading_plan": "The plan",
        "columns_place_action": "1",
        "columns_heading_action": "What",
        "columns_place_deadline": "2",
        "columns_heading_deadline": "When",
        "recommendations_in_detail": "on",
        "update_dates": "on",
    }
    page = signed_in.get(url("plan_annex", plan)).content.decode()
    assert "Action Plan key" in page  # a new plan starts with the pack's layout
    signed_in.post(url("plan_annex", plan), typed)
    plan.refresh_from_db()
    assert plan.annex_layout == {
        "sections": [["cover", ""], ["governance", "How we govern"], ["plan", "The plan"]],
        "columns": [["action", "What"], ["deadline", "When"]],
        "recommendations_in_detail": True,
        "update_dates": True,
        "evidence_label": False,
        "progress_line": False,
        "title_note": "",
    }
    clash = {**typed, "columns_place_deadline": "1"}
    page = signed_in.post(url("plan_annex", plan), clash).content.decode()
    assert "both number 1 in the table" in page and 'value="How we govern"' in page
    none = {key: value for key, value in typed.items() if not key.startswith("columns_place")}
    assert "Give at least one of the columns a place" in (
        signed_in.post(url("plan_annex", plan), none).content.decode()
    )
    plan.refresh_from_db()
    assert plan.annex_layout["columns"] == [["action", "What"], ["deadline", "When"]]


def test_the_build_page_reads_a_big_plan_in_a_fixed_number_of_queries(
    signed_in, plan, officer, django_assert_max_num_queries
):
    theme = ThemeFactory(plan=plan)
    for n in range(40):
        parent = ActionFactory(plan=plan, theme=theme, ref=f"{n}")
        child = ActionFactory(plan=plan, theme=theme, parent=parent, ref=f"{n}.1")
        child.owners.add(officer)
    with django_assert_max_num_queries(14):
        assert signed_in.get(url("plan", plan)).status_code == 200


def test_a_title_with_a_line_break_is_refused_and_says_so(signed_in, plan):
    title = plan.title
    response = signed_in.post(
        url("plan_edit", plan),
        {
            "title": "Improvement plan\r\nBcc: everyone@example.org",
            "source": "internal",
            "grouping": "theme",
            "reporting_frequency": "quarterly",
            "word_complete": "Done\tfully",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert page.count("Enter this on one line, without line breaks or tabs") >= 2
    assert 'href="#id_title"' in page and 'href="#id_word_complete"' in page
    plan.refresh_from_db()
    assert plan.title == title
    response = signed_in.post(url("theme_add", plan), {"number": "1", "title": "Theme\none"})
    assert "Enter this on one line" in response.content.decode()
    assert not plan.themes.exists()
