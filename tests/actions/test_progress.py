from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, ProgressUpdate
from actions.services import progress_update_create
from plans.status import Status, rollup
from tests.factories import ActionFactory, PlanFactory, RecommendationFactory, ThemeFactory


def update(action, status, as_at, author=None, **fields):
    return progress_update_create(
        action=action, author=author, status=status, as_at=as_at, **fields
    )


def test_action_status_is_its_latest_updates(action, officer):
    update(action, Status.ON_TRACK, date(2024, 7, 31), officer)
    update(action, Status.AT_RISK, date(2024, 9, 30), officer, narrative="Supplier delay")
    action.refresh_from_db()
    assert action.status == Status.AT_RISK
    assert action.status_as_at == date(2024, 9, 30)


def test_a_backdated_update_does_not_replace_the_current_status(action):
    update(action, Status.COMPLETE, date(2024, 9, 30))
    update(action, Status.ON_TRACK, date(2024, 7, 31))
    action.refresh_from_db()
    assert action.status == Status.COMPLETE
    assert action.updates.count() == 2


def test_an_update_records_the_status_it_moved_from_and_who_wrote_it(action, officer):
    update(action, Status.ON_TRACK, date(2024, 7, 31))
    second = update(action, Status.COMPLETE, date(2024, 9, 30), officer)
    assert second.previous_status == Status.ON_TRACK
    assert second.status_changed
    assert second.author == officer
    assert second.author_name == officer.get_full_name()


def test_updates_are_append_only(action):
    recorded = update(action, Status.ON_TRACK, date(2024, 7, 31), narrative="First")
    recorded.narrative = "Rewritten"
    with pytest.raises(ValidationError):
        recorded.save()
    with pytest.raises(ValidationError):
        recorded.delete()
    assert ProgressUpdate.objects.get().narrative == "First"


def test_evidence_links_must_be_web_addresses(action):
    with pytest.raises(ValidationError, match="Link 2"):
        update(
            action,
            Status.ON_TRACK,
            date(2024, 7, 31),
            evidence_links="https://a.example\nfile:///etc/passwd",
        )
    assert not ProgressUpdate.objects.exists()


def test_revising_the_target_keeps_the_original(action):
    assert action.target_date == date(2025, 3, 31)
    update(
        action,
        Status.AT_RISK,
        date(2025, 2, 1),
        revised_target_text="June 2025",
        revision_reason="Consultation extended",
    )
    update(
        action, Status.AT_RISK, date(2025, 5, 1), revised_target_text="September 2025 and ongoing"
    )
    action.refresh_from_db()
    assert action.target_text == "September 2025 and ongoing"
    assert action.target_date == date(2025, 9, 30)
    assert not action.target_ongoing  # it names a deadline
    assert action.original_target_text == "March 2025"
    assert action.original_target_date == date(2025, 3, 31)
    assert action.target_revised


def test_overdue_is_derived_from_target_and_status(plan):
    today = date(2025, 1, 15)
    late = ActionFactory(plan=plan, target_text="December 2024")
    ongoing = ActionFactory(plan=plan, target_text="Ongoing")
    with_deadline = ActionFactory(plan=plan, target_text="December 2024 and ongoing")
    future = ActionFactory(plan=plan, target_text="March 2025")
    undated = ActionFactory(plan=plan, target_text="TBC")
    done = ActionFactory(plan=plan, target_text="December 2024")
    update(done, Status.COMPLETE, date(2024, 12, 20))

    assert set(Action.objects.overdue(today)) == {late, with_deadline}
    assert set(Action.objects.not_overdue(today)) == {ongoing, future, undated, done}
    assert late.is_overdue(today)
    assert not done.__class__.objects.get(pk=done.pk).is_overdue(today)
    assert not ongoing.is_overdue(today)


def test_a_parent_without_updates_rolls_up_its_sub_actions(plan):
    parent = ActionFactory(plan=plan, ref="1")
    first = ActionFactory(plan=plan, ref="1.1", parent=parent)
    second = ActionFactory(plan=plan, ref="1.2", parent=parent)
    update(first, Status.COMPLETE, date(2024, 7, 31))
    parent.refresh_from_db()
    assert parent.status == Status.ON_TRACK
    update(second, Status.COMPLETE, date(2024, 9, 30))
    parent.refresh_from_db()
    assert parent.status == Status.COMPLETE
    assert parent.status_as_at == date(2024, 9, 30)


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ([], Status.NONE),
        ([Status.NONE, Status.NONE], Status.NONE),
        ([Status.NONE, Status.COMPLETE], Status.ON_TRACK),  # not all complete
        ([Status.NONE, Status.AT_RISK], Status.AT_RISK),
        ([Status.NOT_STARTED, Status.NOT_STARTED], Status.NOT_STARTED),
        ([Status.COMPLETE, Status.NOT_STARTED], Status.ON_TRACK),
        ([Status.COMPLETE, Status.AT_RISK, Status.ON_TRACK], Status.AT_RISK),
        ([Status.AT_RISK, Status.OFF_TRACK], Status.OFF_TRACK),
        ([Status.COMPLETE], Status.COMPLETE),
    ],
)
def test_rollup_takes_the_worst_status(children, expected):
    assert rollup(children) == expected


def test_a_sub_action_and_its_theme_must_belong_to_the_same_plan(plan):
    elsewhere = PlanFactory()
    foreign_parent = ActionFactory(plan=elsewhere)
    action = ActionFactory.build(plan=plan, ref="9", parent=foreign_parent)
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "parent" in error.value.message_dict
    action = ActionFactory.build(plan=plan, ref="9", theme=ThemeFactory(plan=elsewhere))
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "theme" in error.value.message_dict


def test_an_action_cannot_sit_under_its_own_sub_action(plan):
    top = ActionFactory(plan=plan, ref="1")
    child = ActionFactory(plan=plan, ref="1.1", parent=top)
    top.parent = child
    with pytest.raises(ValidationError, match="own sub-action"):
        top.full_clean()


def test_action_references_are_unique_within_a_plan_only(plan):
    from django.db import IntegrityError, transaction

    ActionFactory(plan=plan, ref="1")
    ActionFactory(plan=PlanFactory(), ref="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(plan=plan, ref="1")


def test_an_action_answers_several_recommendations(action):
    refs = ["R1", "R2", "R3", "R4", "R5", "R7"]
    action.recommendations.set([RecommendationFactory(plan=action.plan, ref=ref) for ref in refs])
    assert sorted(r.ref for r in action.recommendations.all()) == sorted(refs)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Green", Status.ON_TRACK),
        ("AMBER", Status.AT_RISK),
        ("red", Status.OFF_TRACK),
        ("Blue", Status.COMPLETE),
        ("grey", Status.NOT_STARTED),
        ("Completed", Status.COMPLETE),
        ("Done", Status.COMPLETE),
        ("Underway", Status.ON_TRACK),
        ("In progress", Status.ON_TRACK),
        ("on-track", Status.ON_TRACK),
        ("Off  track", Status.OFF_TRACK),
        ("Not started", Status.NOT_STARTED),
        ("Purple", None),
    ],
)
def test_status_words_councils_use(word, status):
    assert Status.from_word(word) == status


def test_status_order_and_colours_live_with_the_vocabulary():
    assert [s.label for s in sorted(Status, key=lambda s: s.order)] == [
        "Not started",
        "On track",
        "At risk",
        "Off track",
        "Complete",
        "No status given",
    ]
    assert all(s.style.hex.startswith("#") for s in Status)


def test_the_plan_prints_statuses_in_the_councils_words(plan):
    plan.status_labels = {"on_track": "Underway"}
    assert plan.status_label(Status.ON_TRACK) == "Underway"
    assert plan.status_label("complete") == "Complete"


def test_an_action_with_sub_actions_shows_their_roll_up_everywhere(client, plan, coordinator):
    from reports.options import ReportOptions
    from reports.plan_report import plan_report_build

    parent = ActionFactory(plan=plan, ref="7", title="Rebuild the website")
    children = [ActionFactory(plan=plan, ref=f"7.{n}", parent=parent) for n in (1, 2, 3, 4)]
    update(children[0], Status.COMPLETE, date(2024, 9, 30), evidence="Launched")
    update(children[1], Status.ON_TRACK, date(2024, 9, 30), narrative="Going", percent_complete=40)
    update(children[2], Status.ON_TRACK, date(2024, 9, 30), narrative="Begun", percent_complete=20)
    # 1 of 4 complete (25%); mean of 100 (complete), 40 and 20 from the three that give one
    expected = "1 of 4 sub-actions complete (25%); 53% done on average, from the 3 giving"
    client.force_login(coordinator)
    for page in (
        client.get(f"/councils/{plan.council.slug}/plans/{plan.slug}/"),
        client.get(f"/actions/{parent.pk}/"),
    ):
        assert expected in " ".join(page.content.decode().split())
    report = plan_report_build(plan=plan, options=ReportOptions(as_at=date(2024, 10, 1)))
    (state,) = report.with_sub_actions
    assert (state.progress.complete, state.progress.mean_percent) == (1, 53)
    assert (
        "40% complete, as the latest update says"
        in client.get(f"/actions/{children[1].pk}/").content.decode()
    )


def test_a_complete_update_means_100_percent(action, client, coordinator):
    done = update(
        action, Status.COMPLETE, date(2024, 9, 30), evidence="Report", percent_complete=70
    )
    assert done.percent_complete == 100
    client.force_login(coordinator)
    page = client.post(
        f"/actions/{action.pk}/update/",
        {
            "status": "complete",
            "percent_complete": "70",
            "as_at_0": "1",
            "as_at_1": "10",
            "as_at_2": "2024",
            "narrative": "x",
            "evidence": "y",
        },
    ).content.decode()
    assert "is 100% complete: enter 100 or leave it empty" in page
    page = client.post(f"/actions/{action.pk}/update/", {"percent_complete": "101"})
    assert "must be 100 or less" in page.content.decode()
