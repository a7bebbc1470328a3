"""Imports write in bulk, round save(); the audit trail still records each change, by whom."""

from actions.models import Action
from imports.importer import plan_import
from plans.models import ImprovementPlan, Recommendation, Theme


def run_import(council, spreadsheet, user, *, dry_run=False, name="governance_plan.xlsx"):
    return plan_import(
        council=council,
        plan_slug="governance",
        plan_title="Governance action plan",
        data=spreadsheet(name),
        filename=name,
        user=user,
        dry_run=dry_run,
    )


def test_an_import_records_history_attributed_to_the_importer_with_the_file_name(
    council, coordinator, spreadsheet
):
    report = run_import(council, spreadsheet, coordinator)
    assert report.written
    plan = ImprovementPlan.objects.get(slug="governance")
    rows = list(Action.history.filter(plan=plan))
    assert len(rows) == plan.actions.count() == 11
    assert {(row.history_type, row.history_user_id) for row in rows} == {("+", coordinator.pk)}
    assert {row.history_change_reason for row in rows} == {"Imported from governance_plan.xlsx"}
    created = plan.history.get()
    assert (created.history_user, created.history_change_reason) == (
        coordinator,
        "Imported from governance_plan.xlsx",
    )


def test_imported_links_to_recommendations_are_in_the_history(council, coordinator, spreadsheet):
    run_import(council, spreadsheet, coordinator)
    linked = Action.objects.filter(recommendations__isnull=False).distinct()
    assert linked.exists()
    for action in linked:
        recorded = action.history.first().recommendations.values_list("recommendation_id")
        assert set(recorded) == set(action.recommendations.values_list("pk"))


def test_importing_again_records_only_the_actions_it_changes(council, coordinator, spreadsheet):
    run_import(council, spreadsheet, coordinator)
    changed = Action.objects.order_by("pk").first()
    Action.objects.filter(pk=changed.pk).update(title="Edited since")
    report = run_import(council, spreadsheet, coordinator)
    assert report.counts["updated"] == 1
    latest = changed.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator
    assert latest.title == changed.title
    assert Action.history.filter(history_type="~").count() == 1


def test_a_command_line_import_says_so_in_its_change_reason(council, spreadsheet):
    run_import(council, spreadsheet, None)
    reasons = set(Action.history.values_list("history_change_reason", flat=True))
    assert reasons == {"Imported from governance_plan.xlsx by the command line"}
    assert not Action.history.filter(history_user__isnull=False).exists()


def test_a_preview_records_nothing(council, coordinator, spreadsheet):
    report = run_import(council, spreadsheet, coordinator, dry_run=True)
    assert report.ok and not report.written
    for model in (ImprovementPlan, Theme, Recommendation, Action):
        assert not model.history.exists()
