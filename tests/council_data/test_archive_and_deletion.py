"""A council's own data: the coordinator's archive, and a site administrator deleting a council."""

import csv
import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from council_data.fixture import council_fixture
from councils.models import Council, Membership
from evidence.models import EvidenceFile
from imports.importer import plan_import
from plans.models import ImprovementPlan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())


def export(slug) -> str:
    return council_fixture(Council.objects.get(slug=slug))


def attach_evidence(slug, text=b"%PDF-1.4 minutes") -> EvidenceFile:
    update = ProgressUpdate.objects.filter(action__plan__council__slug=slug).order_by("pk").first()
    evidence = EvidenceFile(
        action=update.action, update=update, original_name="minutes.pdf",
        content_type="application/pdf", kind="PDF", size=len(text), sha256="0" * 64,
    )  # fmt: skip
    evidence.file.save("x", ContentFile(text), save=False)
    evidence.save()
    return evidence


def download_archive(client, slug) -> zipfile.ZipFile:
    response = client.post(reverse("council_archive", kwargs={"council_slug": slug}))
    assert response.status_code == 302
    job_page = response["Location"]
    download = client.get(job_page.rstrip("/") + "/download/")
    assert download.status_code == 200, download.status_code
    assert download["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def test_yorks_archive_downloads_and_loads_into_a_fresh_database(demo, client, django_user_model):
    evidence = attach_evidence("york")
    york_plan = ImprovementPlan.objects.get(council__slug="york")
    york_plan.annex_word_template.save("t", ContentFile(b"PK York template"), save=False)
    york_plan.annex_word_template_name = "York report.dotx"
    york_plan.save()
    client.force_login(django_user_model.objects.get(username="york.coordinator"))
    assert client.get("/manage/york/data/").status_code == 200
    archive = download_archive(client, "york")
    names = archive.namelist()
    plans = ImprovementPlan.objects.filter(council__slug="york")
    assert {f"plans/{plan.slug}.xlsx" for plan in plans} <= set(names)
    assert {"README.txt", "updates.csv", "updates.json", "changes.csv", "changes.json"} <= set(
        names
    )
    assert "evidence/" + f"{evidence.action.shown_ref} minutes.pdf" in names
    template = f"word-templates/{york_plan.slug}/York report.dotx"
    assert archive.read(template) == b"PK York template"
    updates = list(csv.DictReader(io.StringIO(archive.read("updates.csv").decode("utf-8-sig"))))
    assert len(updates) == ProgressUpdate.objects.filter(action__plan__council__slug="york").count()
    assert len(json.loads(archive.read("changes.json"))) > 0
    # Nothing of Example City's is in York's archive.
    city = Action.objects.filter(plan__council__slug="example-city").values_list("title", flat=True)
    everything = b"".join(archive.read(name) for name in names if name.endswith((".json", ".csv")))
    assert not any(title[:60].encode() in everything for title in city)

    # Each plan's spreadsheet imports again unchanged.
    for plan in plans:
        report = plan_import(
            council=plan.council, plan_slug=plan.slug, filename="plan.xlsx", user=None,
            data=archive.read(f"plans/{plan.slug}.xlsx"),
        )  # fmt: skip
        assert report.ok and report.counts["unchanged"] == plan.actions.count(), report.counts

    # Into a fresh database: York goes, and the archive brings it back as it was.
    before = export("york")
    from council_data.deletion import council_delete

    council_delete(council=Council.objects.get(slug="york"))
    assert not default_storage.exists(evidence.file.name)
    fixture = default_storage.path("restored.json")
    with open(fixture, "wb") as out:
        out.write(archive.read("fixture.json"))
    for name in names:
        if name.startswith("fixture-files/"):
            default_storage.save(
                name.removeprefix("fixture-files/"), ContentFile(archive.read(name))
            )
    call_command("loaddata", fixture, stdout=StringIO())
    assert export("york") == before
    # People come back with no usable password: they choose one by the emailed link.
    restored = django_user_model.objects.filter(memberships__council__slug="york")
    assert restored.exists() and not any(user.has_usable_password() for user in restored)
    assert default_storage.open(evidence.file.name).read() == b"%PDF-1.4 minutes"
    york_plan.refresh_from_db()
    assert york_plan.annex_word_template.read() == b"PK York template"  # restored with the plan


def test_deleting_example_borough_leaves_the_other_councils_as_they_were(
    demo, client, django_user_model
):
    borough_file = attach_evidence("example-borough")
    borough_plan = ImprovementPlan.objects.get(council__slug="example-borough")
    borough_plan.annex_word_template.save("template.docx", ContentFile(b"PK template"))
    template_name = borough_plan.annex_word_template.name
    # Someone in Example Borough and York too keeps their account and their York membership.
    shared = django_user_model.objects.get(username="york.viewer")
    Membership.objects.create(user=shared, council=Council.objects.get(slug="example-borough"))
    # A queued task of each council's job: only Example Borough's goes with it.
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from jobs.models import Job

    for slug in ("example-borough", "york"):
        job = Job.objects.create(
            council=Council.objects.get(slug=slug), task_name="x", title="x",
            expires_at=timezone.now(),
        )  # fmt: skip
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {"job_id": str(job.pk)}}, task_path="x",
            backend_name="default", run_after=timezone.now(),
        )  # fmt: skip
    others = {slug: export(slug) for slug in ("york", "example-city")}
    plan_ids = list(
        ImprovementPlan.objects.filter(council__slug="example-borough").values_list("pk", flat=True)
    )
    action_ids = list(Action.objects.filter(plan_id__in=plan_ids).values_list("pk", flat=True))
    assert plan_ids and action_ids and Action.history.filter(id__in=action_ids).exists()
    admin = django_user_model.objects.create_superuser("site.admin", "a@example.org", "pw-long-1")
    client.force_login(admin)
    page = client.get("/manage/example-borough/delete/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check before you delete Example Borough Council" in html
    # The typed confirmation must be the council's name.
    wrong = client.post("/manage/example-borough/delete/", {"confirm_name": "Example Borough"})
    assert wrong.status_code == 200 and "govuk-error-summary" in wrong.content.decode()
    assert Council.objects.filter(slug="example-borough").exists()
    done = client.post(
        "/manage/example-borough/delete/", {"confirm_name": "Example Borough Council"}, follow=True
    )
    assert "Example Borough Council and all its data are deleted" in done.content.decode()
    assert not Council.objects.filter(slug="example-borough").exists()
    assert not ImprovementPlan.objects.filter(pk__in=plan_ids).exists()
    assert not default_storage.exists(borough_file.file.name)
    assert not default_storage.exists(template_name)  # the council's Word template too
    assert list(Path(default_storage.location).rglob("*example-borough*")) == []  # no folders
    assert not django_user_model.objects.filter(username__startswith="borough.").exists()
    assert shared.memberships.get().council.slug == "york"
    (left,) = DBTaskResult.objects.all()
    assert Job.objects.get(pk=left.args_kwargs["kwargs"]["job_id"]).council.slug == "york"
    # Nor its history: not even the record of its deletion.
    assert not Action.history.filter(id__in=action_ids).exists()
    assert not ImprovementPlan.history.filter(id__in=plan_ids).exists()
    assert not Council.history.filter(slug="example-borough").exists()
    assert {slug: export(slug) for slug in others} == others


def test_only_a_site_administrator_deletes_a_council(demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="york.coordinator"))
    assert client.get("/manage/york/delete/").status_code == 403
    assert (
        client.post("/manage/york/delete/", {"confirm_name": "City of York Council"}).status_code
        == 403
    )
    assert Council.objects.filter(slug="york").exists()


def test_the_archive_is_the_asking_coordinators_alone(demo, client, django_user_model):
    from councils.models import Membership, Role

    asker = django_user_model.objects.get(username="york.coordinator")
    colleague = django_user_model.objects.create_user("york.second", password="pw-long-12345")
    Membership.objects.create(
        user=colleague, council=asker.memberships.get().council, role=Role.COORDINATOR
    )
    client.force_login(asker)
    job_page = client.post("/manage/york/data/")["Location"]
    client.force_login(colleague)
    assert client.get(job_page).status_code == 404
    assert client.get(job_page.rstrip("/") + "/download/").status_code == 404
    client.force_login(django_user_model.objects.get(username="york.officer"))
    assert client.post("/manage/york/data/").status_code == 403
