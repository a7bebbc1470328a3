"""The plan admin's import (preview, column mapping, confirm), export and template pages."""

import pytest
from django.urls import reverse

from actions.models import Action
from councils.models import Role
from imports.models import ImportUpload
from plans.models import ImprovementPlan
from tests.factories import PlanFactory, member
from tests.job_helpers import download, job_of

from .conftest import FILES, xlsx_bytes


def import_url(plan):
    return reverse("admin:plans_improvementplan_import", args=[plan.pk])


def upload(client, plan, name):
    """Upload a file; the preview page it leads to."""
    with open(FILES / name, "rb") as file:
        return client.post(import_url(plan), {"file": file, "sheet": ""}, follow=True)


def preview_url(response):
    return response.redirect_chain[-1][0]


def test_anonymous_users_are_sent_to_sign_in(client, plan):
    response = client.get(import_url(plan))
    assert response.status_code == 302 and "login" in response.url


def test_a_coordinator_previews_then_confirms_an_import(client, coordinator, plan):
    client.force_login(coordinator)
    response = upload(client, plan, "governance_plan.xlsx")
    assert response.status_code == 200
    assert response.context["report"].counts["created"] == 11
    assert "Nothing has been saved yet" in response.content.decode()
    assert not Action.objects.exists()
    response = client.post(preview_url(response), {"confirm": "Import"}, follow=True)
    assert plan.actions.count() == 11
    assert "Imported governance_plan.xlsx: 11 created, 0 updated, 0 unchanged." in (
        response.content.decode()
    )
    assert not ImportUpload.objects.exists()  # the file goes once it is imported


def test_the_preview_lets_the_user_map_an_unrecognised_heading(client, coordinator, plan):
    client.force_login(coordinator)
    response = upload(client, plan, "unseen_shape.xlsx")
    assert "Not recognised, so ignored" in response.content.decode()
    preview = preview_url(response)
    response = client.post(preview, {"check": "1", "map-D": "lead_officer"}, follow=True)
    assert [c.field for c in response.context["report"].columns][3] == "lead_officer"
    client.post(preview, {"confirm": "Import", "map-D": "lead_officer"})
    assert plan.actions.get(ref="1").lead_officer == "Director of Finance"


def test_a_file_with_errors_lists_them_and_offers_no_import(client, coordinator, plan):
    client.force_login(coordinator)
    response = upload(client, plan, "one_bad_row.xlsx")
    page = response.content.decode()
    assert "Row 3, column E “Status”" in page
    assert 'name="confirm"' not in page
    client.post(preview_url(response), {"confirm": "Import"})
    assert not Action.objects.exists()


def test_a_hostile_file_gets_a_clear_message_not_a_server_error(client, coordinator, plan):
    client.force_login(coordinator)
    response = upload(client, plan, "zip_bomb.xlsx")
    assert response.status_code == 200
    assert "zip bomb" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.VIEWER])
def test_members_who_do_not_coordinate_cannot_import(client, council, plan, role):
    user = member(council, role, username="staffer", is_staff=True)
    client.force_login(user)
    assert client.get(import_url(plan)).status_code == 404  # outside their admin, as elsewhere
    with open(FILES / "governance_plan.xlsx", "rb") as file:
        client.post(import_url(plan), {"file": file})
    assert not Action.objects.exists()


def test_a_coordinator_cannot_import_into_another_councils_plan(client, coordinator, other_council):
    foreign = PlanFactory(council=other_council)
    client.force_login(coordinator)
    assert client.get(import_url(foreign)).status_code == 404
    with open(FILES / "governance_plan.xlsx", "rb") as file:
        client.post(import_url(foreign), {"file": file})
    assert not Action.objects.exists()


def test_a_confirm_without_an_upload_writes_nothing(client, coordinator, plan):
    client.force_login(coordinator)
    response = client.post(import_url(plan), {"confirm": "Import"})
    assert response.status_code == 200 and not Action.objects.exists()


def test_an_upload_is_only_for_the_person_who_uploaded_it(client, coordinator, council, plan):
    client.force_login(coordinator)
    preview = preview_url(upload(client, plan, "governance_plan.xlsx"))
    colleague = member(council, Role.COORDINATOR, username="colleague", is_staff=True)
    client.force_login(colleague)
    response = client.post(preview, {"confirm": "Import"})
    assert response.status_code == 302 and response.url == import_url(plan)
    assert not Action.objects.exists()


def test_a_file_kept_for_import_has_a_random_name_in_storage(client, coordinator, plan):
    client.force_login(coordinator)
    upload(client, plan, "governance_plan.xlsx")
    kept = ImportUpload.objects.get()
    assert kept.filename == "governance_plan.xlsx"
    assert kept.file.name.startswith("imports/york/") and "governance" not in kept.file.name
    assert kept.file.storage.exists(kept.file.name)


def test_a_coordinator_exports_their_plan_and_downloads_the_template(client, coordinator, plan):
    client.force_login(coordinator)
    for kind in ("xlsx", "csv"):
        response = client.get(reverse("admin:plans_improvementplan_export", args=[plan.pk, kind]))
        assert response.status_code == 200
        assert f".{kind}" in response["Content-Disposition"]
    response = client.get(reverse("admin:plans_improvementplan_template"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    change = client.get(reverse("admin:plans_improvementplan_change", args=[plan.pk]))
    assert "Import spreadsheet" in change.content.decode()


def test_the_service_refuses_a_user_who_does_not_coordinate_the_council(officer, council):
    from django.core.exceptions import PermissionDenied

    from imports.importer import plan_import

    with pytest.raises(PermissionDenied):
        plan_import(
            council=council,
            plan_slug="x",
            plan_title="X",
            data=(FILES / "governance_plan.xlsx").read_bytes(),
            filename="governance_plan.xlsx",
            user=officer,
        )
    assert not ImprovementPlan.objects.filter(slug="x").exists()


def test_a_big_files_preview_runs_on_the_queue_and_leads_to_the_preview(
    client, coordinator, plan, settings
):
    settings.IMPORT_BACKGROUND_ROWS = 5  # governance_plan.xlsx has more rows than this
    client.force_login(coordinator)
    with open(FILES / "governance_plan.xlsx", "rb") as file:
        response = client.post(import_url(plan), {"file": file, "sheet": ""})
    job = job_of(response)
    assert job.state == "ready" and job.private and job.next_url.startswith(import_url(plan))
    assert "Checked governance_plan.xlsx: 11 created" in job.result["summary"]
    preview = client.get(job.next_url)
    assert preview.context["report"].counts["created"] == 11
    assert not Action.objects.exists()


def test_a_big_plans_export_runs_on_the_queue(client, coordinator, plan, settings):
    from tests.factories import ActionFactory

    ActionFactory(plan=plan, ref="1", title="Agree the approach")
    settings.EXPORT_BACKGROUND_ACTIONS = 0
    client.force_login(coordinator)
    url = reverse("admin:plans_improvementplan_export", args=[plan.pk, "csv"])
    response = download(client, client.get(url))
    assert response["Content-Disposition"] == f'attachment; filename="york-{plan.slug}.csv"'
    assert "Agree the approach" in b"".join(response.streaming_content).decode("utf-8-sig")
    assert job_of(client.get(url)).pk == job_of(client.get(url)).pk  # exported once, kept


UNKNOWN_HEADINGS = [["Thing", "Person"], ["Agree the budget", "S151 Officer"]]


def upload_rows(client, plan, rows, name="plan.xlsx"):
    from io import BytesIO

    data = BytesIO(xlsx_bytes(rows))
    data.name = name
    return client.post(import_url(plan), {"file": data, "sheet": ""}, follow=True)


def test_with_no_header_found_the_preview_still_offers_every_columns_choice(
    client, coordinator, plan
):
    client.force_login(coordinator)
    response = upload_rows(client, plan, UNKNOWN_HEADINGS)
    page = response.content.decode()
    assert "We could not find the header row" in page
    assert 'name="map-A"' in page and 'name="map-B"' in page  # not stuck: the person can say
    response = client.post(
        preview_url(response),
        {"check": "1", "map-A": "action", "map-B": "lead_officer"},
        follow=True,
    )
    assert response.context["report"].ok
    assert [c.reason for c in response.context["report"].columns] == ["as you chose"] * 2


def test_a_mapping_is_remembered_for_the_council_and_can_be_forgotten(
    client, coordinator, plan, other_council
):
    from imports.models import RememberedHeading

    client.force_login(coordinator)
    preview = preview_url(upload_rows(client, plan, UNKNOWN_HEADINGS))
    client.post(preview, {"confirm": "Import", "map-A": "action", "map-B": "lead_officer"})
    assert plan.actions.get().lead_officer == "S151 Officer"
    assert set(RememberedHeading.objects.values_list("council__slug", "written", "field")) == {
        ("york", "Thing", "action"),
        ("york", "Person", "lead_officer"),
    }

    response = upload_rows(client, plan, UNKNOWN_HEADINGS)  # next time, nothing to say
    report = response.context["report"]
    assert report.ok and [c.field for c in report.columns] == ["action", "lead_officer"]
    assert report.columns[1].reason == "as chosen at an earlier import"
    assert "Forget this" in response.content.decode()

    response = client.post(preview_url(response), {"forget": "Person"}, follow=True)
    assert [c.field for c in response.context["report"].columns] == ["action", None]
    assert not RememberedHeading.objects.filter(written="Person").exists()

    from imports.importer import plan_import

    other = PlanFactory(council=other_council)  # another council starts from nothing York said
    outcome = plan_import(
        council=other_council,
        plan_slug=other.slug,
        data=xlsx_bytes(UNKNOWN_HEADINGS),
        filename="plan.xlsx",
        dry_run=True,
    )
    assert not outcome.ok and outcome.columns[0].field is None


def test_a_confirm_uses_its_previews_reading_and_does_not_read_the_file_again(
    client, coordinator, plan
):
    client.force_login(coordinator)
    response = upload(client, plan, "governance_plan.xlsx")
    kept = ImportUpload.objects.get()
    assert kept.reading["mapping"] == {} and len(kept.reading["actions"]) == 11
    with kept.file.open("wb") as stored:
        stored.write(b"not a spreadsheet any more")  # reading it again would fail
    client.post(preview_url(response), {"confirm": "Import"})
    assert plan.actions.count() == 11


def test_a_confirm_with_other_columns_than_its_preview_reads_the_file_again(
    client, coordinator, plan
):
    client.force_login(coordinator)
    preview = preview_url(upload(client, plan, "unseen_shape.xlsx"))
    client.post(preview, {"confirm": "Import", "map-D": "lead_officer"})
    assert plan.actions.get(ref="1").lead_officer == "Director of Finance"
