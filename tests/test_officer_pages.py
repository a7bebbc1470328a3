"""Every officer page: signed out, another council, wrong role, right role."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.services import progress_update_create
from councils.models import Role
from plans.status import Status
from tests.factories import ActionFactory, PlanFactory, member


@pytest.fixture
def foreign_action(other_council):
    return ActionFactory(plan=PlanFactory(council=other_council), ref="9.9")


def page_urls(action):
    plan = action.plan
    return [
        reverse("home"),
        reverse("plan_list"),
        reverse("action_list"),
        reverse("plan_detail", args=[plan.council.slug, plan.slug]),
        reverse("action_detail", args=[action.pk]),
        reverse("progress_update_add", args=[action.pk]),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(client, action):
    for url in page_urls(action):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_another_councils_pages_are_not_found(client, officer, foreign_action):
    client.force_login(officer)
    plan = foreign_action.plan
    for url in [
        reverse("plan_detail", args=[plan.council.slug, plan.slug]),
        reverse("action_detail", args=[foreign_action.pk]),
        reverse("progress_update_add", args=[foreign_action.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("progress_update_add", args=[foreign_action.pk]), {"status": "complete"}
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_lists_never_show_another_councils_actions(client, officer, action, foreign_action):
    client.force_login(officer)
    response = client.get(reverse("action_list"))
    assert list(response.context["page"]) == [action]
    response = client.get(reverse("action_list"), {"plan": foreign_action.plan.pk})
    assert "plan" in response.context["filter"].form.errors
    assert foreign_action.title not in response.content.decode()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.OFFICER, Role.COORDINATOR])
def test_every_member_reads_every_page_of_their_council(client, council, action, role):
    client.force_login(member(council, role))
    for url in page_urls(action)[:5]:
        assert client.get(url).status_code == 200, url


def test_viewers_cannot_update_progress(client, viewer, action):
    action.owners.add(viewer)
    client.force_login(viewer)
    url = reverse("progress_update_add", args=[action.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, valid_update()).status_code == 403
    assert not action.updates.exists()


def test_officers_update_only_the_actions_they_own(client, officer, action, plan):
    theirs = ActionFactory(plan=plan, ref="2.1")
    theirs.owners.add(officer)
    client.force_login(officer)
    assert client.get(reverse("progress_update_add", args=[action.pk])).status_code == 403
    assert (
        client.post(reverse("progress_update_add", args=[action.pk]), valid_update()).status_code
        == 403
    )
    response = client.post(reverse("progress_update_add", args=[theirs.pk]), valid_update())
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == Status.AT_RISK
    assert not action.updates.exists()


def test_coordinators_update_any_action_of_their_council(client, coordinator, action):
    client.force_login(coordinator)
    response = client.post(reverse("progress_update_add", args=[action.pk]), valid_update())
    assert response.status_code == 302
    update = action.updates.get()
    assert update.author == coordinator
    assert update.narrative == "Consultation response slower than planned"


def test_pages_change_nothing_on_get(client, coordinator, action):
    client.force_login(coordinator)
    before = (Action.objects.count(), ProgressUpdate.objects.count())
    for url in page_urls(action):
        client.get(url, valid_update())
    assert (Action.objects.count(), ProgressUpdate.objects.count()) == before


def valid_update(**overrides):
    today = timezone.localdate()
    data = {
        "status": "at_risk",
        "narrative": "Consultation response slower than planned",
        "as_at_0": today.day,
        "as_at_1": today.month,
        "as_at_2": today.year,
    }
    data.update(overrides)
    return data


def test_a_failed_update_redisplays_everything_typed_with_an_error_summary(
    client, coordinator, action
):
    client.force_login(coordinator)
    typed = valid_update(narrative="", evidence="Board minutes 3 March", revised_target="June 2025")
    response = client.post(reverse("progress_update_add", args=[action.pk]), typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_narrative"' in page
    assert "Explain why the action is at risk" in page
    assert "Explain why the target date needs to move" in page
    assert "Board minutes 3 March" in page and 'value="June 2025"' in page
    assert response.context["form"]["status"].value() == "at_risk"
    assert page.count("<title>Error: ") == 1
    assert not action.updates.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"status": ""}, "status", "Select a status"),
        ({"status": "complete", "narrative": ""}, "narrative", "Explain what has changed"),
        (
            {"as_at_0": "", "as_at_1": "", "as_at_2": ""},
            "as_at",
            "Enter the date this update describes",
        ),
        ({"as_at_2": "2999"}, "as_at", "today or in the past"),
        (
            {"revised_target": "when we can", "revision_reason": "x"},
            "revised_target",
            "we can read",
        ),
        ({"evidence_links": "javascript:alert(1)"}, "evidence_links", "not a web address"),
    ],
)
def test_update_form_errors_say_what_to_do(client, coordinator, action, overrides, field, message):
    client.force_login(coordinator)
    response = client.post(
        reverse("progress_update_add", args=[action.pk]), valid_update(**overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])


def test_an_unchanged_status_needs_no_narrative(client, coordinator, action):
    client.force_login(coordinator)
    response = client.post(
        reverse("progress_update_add", args=[action.pk]),
        valid_update(status="not_started", narrative=""),
    )
    assert response.status_code == 302


def test_a_revised_target_keeps_the_original(client, coordinator, action):
    client.force_login(coordinator)
    client.post(
        reverse("progress_update_add", args=[action.pk]),
        valid_update(revised_target="June 2026", revision_reason="Consultation extended"),
    )
    action.refresh_from_db()
    assert (action.target_text, action.original_target_text) == ("June 2026", "March 2025")
    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "first promised March 2025" in page
    assert "Consultation extended" in page


def test_two_officers_updating_at_once_both_keep_their_updates(
    client, coordinator, council, action
):
    colleague = member(council, Role.COORDINATOR, first_name="Priya", last_name="Shah")
    client.force_login(coordinator)
    form = client.get(reverse("progress_update_add", args=[action.pk])).context["form"]
    seen = form.initial["seen_update"]
    # The colleague saves first, while this form is still open.
    progress_update_create(
        action=action, author=colleague, status=Status.OFF_TRACK, narrative="Budget cut"
    )
    response = client.post(
        reverse("progress_update_add", args=[action.pk]),
        valid_update(status="on_track", narrative="Back on plan", seen_update=seen or ""),
        follow=True,
    )
    assert action.updates.count() == 2
    page = response.content.decode()
    assert "Priya Shah also recorded an update" in page
    assert "Off track" in page
    assert "Back on plan" in page and "Budget cut" in page


def test_the_action_page_shows_the_timeline_with_status_changes(client, viewer, action):
    progress_update_create(action=action, author=None, status="on_track", as_at=date(2024, 7, 1))
    progress_update_create(
        action=action,
        author=None,
        status="at_risk",
        narrative="<script>alert(1)</script>\nSecond line",
        evidence_links="https://example.org/minutes",
        as_at=date(2024, 9, 1),
    )
    client.force_login(viewer)
    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "On track → At risk" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'href="https://example.org/minutes"' in page
    assert "Add a progress update" not in page


def test_action_list_filters_by_every_field(client, coordinator, plan, council):
    client.force_login(coordinator)
    ActionFactory(plan=plan, ref="1", title="Refresh the constitution", target_text="March 2024")
    ongoing = ActionFactory(
        plan=plan,
        ref="2",
        title="Member development",
        target_text="Ongoing",
        lead_officer="Head of Democratic Services",
    )
    progress_update_create(
        action=ongoing,
        author=None,
        status="at_risk",
        narrative="Trainer unavailable",
        as_at=date(2024, 6, 1),
    )
    ongoing.owners.add(coordinator)

    def listed(**query):
        response = client.get(reverse("action_list"), query)
        assert response.status_code == 200
        return {a.ref for a in response.context["page"]}

    assert listed() == {"1", "2"}
    assert listed(status="at_risk") == {"2"}
    assert listed(status=["at_risk", "none"]) == {"1", "2"}  # 1 has no status given
    assert listed(overdue="yes") == {"1"}
    assert listed(overdue="no") == {"2"}
    assert listed(q="trainer") == {"2"}  # found in the narrative
    assert listed(q="constitution") == {"1"}
    assert listed(lead_officer="democratic") == {"2"}
    assert listed(owner=coordinator.pk) == {"2"}
    assert listed(council=council.slug, plan=plan.pk) == {"1", "2"}
    assert listed(**typed("due_before", 31, 12, 2024)) == {"1"}
    assert listed(**typed("due_after", 1, 1, 2025)) == set()
    assert listed(**typed("no_update_since", 1, 7, 2024)) == {"1", "2"}
    assert listed(**typed("no_update_since", 1, 5, 2024)) == {"1"}
    assert listed(due_for_update="yes") == {"1", "2"}  # neither updated this quarter
    assert listed(due_for_update="no") == set()
    # a date that is not one gets GOV.UK's words, not Python's
    response = client.get(reverse("action_list"), typed("due_before", 31, 2, 2024))
    assert "The date the target is on or before must be a real date" in response.content.decode()


def typed(name: str, day: int, month: int, year: int) -> dict:
    """A date as typed into GOV.UK's three boxes."""
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def test_action_list_sorts_undated_actions_last_both_ways(client, coordinator, plan):
    ActionFactory(plan=plan, ref="1", target_text="None set")
    ActionFactory(plan=plan, ref="2", target_text="March 2024")
    ActionFactory(plan=plan, ref="3", target_text="In progress")
    ActionFactory(plan=plan, ref="4", target_text="June 2025")
    client.force_login(coordinator)
    for sort, dated in [("target_date", ["2", "4"]), ("-target_date", ["4", "2"])]:
        response = client.get(reverse("action_list"), {"sort": sort})
        refs = [action.ref for action in response.context["page"]]
        assert refs[:2] == dated and set(refs[2:]) == {"1", "3"}, sort


def test_theme_and_recommendation_choices_come_before_a_plan_is_chosen(client, coordinator, plan):
    from tests.factories import PlanFactory, RecommendationFactory, ThemeFactory

    ThemeFactory(plan=plan, number="1", title="Leadership")
    RecommendationFactory(plan=plan, ref="R1", title="Governance")
    other = PlanFactory(council=plan.council, title="Housing improvement plan")
    ThemeFactory(plan=other, number="1", title="Repairs")
    foreign = ThemeFactory(title="Another council's theme")
    client.force_login(coordinator)

    page = client.get(reverse("action_list")).content.decode()
    assert f'<optgroup label="{plan.title}">' in page
    assert '<optgroup label="Housing improvement plan">' in page
    assert "Repairs" in page and "R1 Governance" in page
    assert "Another council" not in page
    response = client.get(reverse("action_list"), {"theme": foreign.pk})
    assert response.context["filter"].errors  # not a choice this user has
    # one plan chosen: its own themes only, without groups
    page = client.get(reverse("action_list"), {"plan": other.pk}).content.decode()
    assert "Repairs" in page and "Leadership" not in page and "<optgroup" not in page


def test_action_list_sorts_and_pages_keeping_the_filters(client, coordinator, plan):
    for n in range(30):
        ActionFactory(plan=plan, ref=f"{n + 1}", target_text=f"March {2024 + n % 3}")
    client.force_login(coordinator)
    response = client.get(
        reverse("action_list"), {"sort": "-target_date", "page": 2, "q": "improvement"}
    )
    assert response.context["page"].number == 2
    dates = [a.target_date for a in response.context["page"]]
    assert dates == sorted(dates, reverse=True)
    page = response.content.decode()
    assert (
        "sort=-target_date&amp;q=improvement&amp;page=1" in page
        or "q=improvement&amp;sort=-target_date&amp;page=1" in page
    )
    assert 'aria-sort="descending"' in page
    assert "30 actions found" in page


def test_action_list_downloads_the_filtered_rows_as_csv_and_xlsx(client, coordinator, plan):
    ActionFactory(plan=plan, ref="1", title='=HYPERLINK("http://evil")')
    ActionFactory(plan=plan, ref="2", title="Safe title")
    client.force_login(coordinator)
    response = client.get(reverse("action_list"), {"q": "HYPERLINK", "download": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert "Safe title" not in body
    response = client.get(reverse("action_list"), {"download": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Safe title" in values and '\'=HYPERLINK("http://evil")' in values


def test_the_plan_page_groups_actions_as_the_council_does(client, viewer, plan):
    from tests.factories import ThemeFactory

    theme = ThemeFactory(plan=plan, number="1", title="Strengthen strategic leadership")
    parent = ActionFactory(plan=plan, ref="1.1", title="Refresh the management team", theme=theme)
    child = ActionFactory(
        plan=plan,
        ref="1.1.1",
        title="Create a working environment",
        theme=theme,
        parent=parent,
        target_text="March 2024",
    )
    progress_update_create(
        action=child,
        author=None,
        status="complete",
        narrative="New area opened",
        as_at=date(2024, 3, 1),
    )
    client.force_login(viewer)
    response = client.get(reverse("plan_detail", args=[plan.council.slug, plan.slug]))
    page = response.content.decode()
    assert "Objective 1. Strengthen strategic leadership" in page
    assert page.index("1.1 Refresh the management team") < page.index(
        "Create a working environment"
    )
    assert "New area opened" in page
    assert response.context["outline"].counts[-1].count == 1  # one complete


def test_my_actions_groups_the_officers_work(client, officer, plan):
    today = timezone.localdate()
    overdue = ActionFactory(plan=plan, ref="1", target_text="March 2020")
    at_risk = ActionFactory(plan=plan, ref="2", target_text="Ongoing")
    fine = ActionFactory(plan=plan, ref="3", target_text="Ongoing")
    due = ActionFactory(plan=plan, ref="4", target_text="Ongoing")
    progress_update_create(
        action=at_risk, author=None, status="at_risk", narrative="Slipping", as_at=today
    )
    progress_update_create(action=fine, author=None, status="on_track", as_at=today)
    progress_update_create(
        action=due, author=None, status="on_track", as_at=today - timedelta(days=400)
    )
    for action in (overdue, at_risk, fine, due):
        action.owners.add(officer)
    client.force_login(officer)
    mine = client.get(reverse("home")).context["mine"]
    assert [a.ref for a in mine.overdue] == ["1"]
    assert [a.ref for a in mine.due_for_update] == ["4"]
    assert [a.ref for a in mine.at_risk] == ["2"]
    assert [a.ref for a in mine.the_rest] == ["3"]


def test_coordinators_see_their_councils_totals(client, coordinator, officer, plan):
    ActionFactory(plan=plan, ref="1")
    client.force_login(coordinator)
    totals = client.get(reverse("home")).context["totals"]
    assert [t.council for t in totals] == [plan.council]
    counts = {item.status: item.count for item in totals[0].counts}
    assert counts[Status.NONE] == 1  # nothing reported yet: no status given, none invented
    assert totals[0].not_updated_count == 1
    client.force_login(officer)
    assert client.get(reverse("home")).context["totals"] == []


def test_a_coordinators_home_links_its_counts_to_the_actions_behind_them(client, coordinator, plan):
    for n in range(30):
        ActionFactory(plan=plan, ref=f"{n + 1}", target_text="March 2024" if n < 3 else "")
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    overdue = f"?council={plan.council.slug}&amp;overdue=yes&amp;sort=target_date"
    stale = f"?council={plan.council.slug}&amp;due_for_update=yes&amp;sort=last_update"
    assert f'{overdue}">3 overdue</a>' in page
    assert f'{stale}">30 with no update this reporting period</a>' in page
    assert "(oldest 25 of 30)" in page
    assert f'{stale}">See all 30 actions with no update this reporting period</a>' in page
    listed = client.get(reverse("action_list") + stale.replace("&amp;", "&"))
    assert listed.context["page"].paginator.count == 30


def test_signing_out_needs_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "reports", "manage"),
    [
        (Role.VIEWER, True, False),
        (Role.OFFICER, False, False),
        (Role.COORDINATOR, True, True),  # no staff access needed: the product's own pages
    ],
)
def test_the_plan_page_links_to_what_the_role_may_use(client, council, plan, role, reports, manage):
    client.force_login(member(council, role))
    page = client.get(reverse("plan_detail", args=[council.slug, plan.slug])).content.decode()
    assert (reverse("reports:summary", args=[council.slug, plan.slug]) in page) is reports
    assert (reverse("plan_import:upload", args=[council.slug, plan.slug]) in page) is manage
    assert (reverse("plan_editor:plan", args=[council.slug, plan.slug]) in page) is manage
    assert "/admin/" not in page


def test_an_update_that_says_nothing_is_refused(client, coordinator, action):
    """The current status is chosen already: Save with nothing typed must not record an update."""
    client.force_login(coordinator)
    url = reverse("progress_update_add", args=[action.pk])
    client.post(url, valid_update(status="on_track", narrative="Started"))
    response = client.post(url, valid_update(status="on_track", narrative=""))
    assert "Say what has happened since the last update" in response.content.decode()
    assert action.updates.count() == 1
    response = client.post(url, valid_update(status="on_track", narrative="Board agreed it"))
    assert response.status_code == 302 and action.updates.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"as_at_0": "31", "as_at_1": "2"}, "The date this update describes must be a real date"),
        ({"as_at_0": ""}, "Enter the day of the month"),
        ({"evidence_links": "democracy.york.gov.uk"}, "enter a web address starting https://"),
    ],
)
def test_form_errors_are_in_govuk_words(client, coordinator, action, overrides, message):
    client.force_login(coordinator)
    response = client.post(
        reverse("progress_update_add", args=[action.pk]), valid_update(**overrides)
    )
    body = response.content.decode()
    assert message in body
    assert "out of range" not in body and "http://" not in body
