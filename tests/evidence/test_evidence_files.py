"""Evidence files on progress updates: what is accepted (by content), where it is kept, who may
download it, and that nothing typed or chosen is lost when the form comes back with an error."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from actions.models import ProgressUpdate
from councils.models import Role
from evidence.models import EvidenceFile
from reports.selectors import plan_states
from tests.factories import member

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")  # the claim is ignored


def form(narrative="Cabinet approved the new constitution", **extra):
    return {
        "status": "on_track",
        "narrative": narrative,
        "as_at_0": "1",
        "as_at_1": "11",
        "as_at_2": "2024",
        **extra,
    }


@pytest.fixture
def owned(action, officer):
    action.owners.add(officer)
    return action


def post(client, action, data):
    return client.post(f"/actions/{action.pk}/update/", data)


def test_a_viewer_downloads_the_officers_evidence_and_another_council_cannot(
    client, owned, officer, viewer, other_council
):
    client.force_login(officer)
    response = post(client, owned, form(files=[upload("Cabinet decision.pdf", PDF)]))
    assert response.status_code == 302
    (evidence,) = EvidenceFile.objects.all()
    assert evidence.update == owned.updates.get() and evidence.kind == "PDF"
    assert evidence.file.name.startswith("evidence/york/") and "Cabinet" not in evidence.file.name

    client.force_login(viewer)
    page = client.get(f"/actions/{owned.pk}/").content.decode()
    assert "Cabinet decision.pdf" in page and f"/evidence/{evidence.pk}/" in page
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Cabinet decision.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF

    client.force_login(member(other_council, Role.COORDINATOR, username="elsewhere"))
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 302  # to sign in


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not a type"),
        ("chart.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "not a type"),
        ("notes.txt", b"plain words <svg onload=alert(1)>", "not a type"),
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "a program"),
        ("minutes.docx", plain_zip(), "an archive"),
        ("photo.jpg", b"GIF89a" + b"\x00" * 40, "a GIF image"),
    ],
)
def test_what_is_not_evidence_is_refused_and_what_was_typed_stays(
    client, owned, officer, name, content, reason
):
    client.force_login(officer)
    page = post(client, owned, form(files=[upload(name, content)])).content.decode()
    assert "There is a problem" in page and f"{name} was not added: " in page and reason in page
    assert "Cabinet approved the new constitution" in page
    assert not ProgressUpdate.objects.exists() and not EvidenceFile.objects.exists()


def test_office_documents_text_csv_and_images_are_accepted_by_their_content(client, owned, officer):
    client.force_login(officer)
    files = [
        upload("Minutes.docx", docx()),
        upload("Screenshot.png", PNG),
        upload("Figures.csv", b"month,spend\nApril,1200\n"),
        upload("Note.txt", "Agreed by Cabinet – 5 Nov".encode()),
    ]
    assert post(client, owned, form(files=files)).status_code == 302
    kinds = dict(EvidenceFile.objects.values_list("original_name", "kind"))
    assert kinds == {
        "Minutes.docx": "Word",
        "Screenshot.png": "PNG image",
        "Figures.csv": "CSV",
        "Note.txt": "plain text",
    }


def test_a_file_chosen_is_kept_while_the_form_is_corrected_and_can_be_taken_back(
    client, owned, officer
):
    client.force_login(officer)
    first = form(narrative="", status="at_risk", files=[upload("Plan.pdf", PDF)])
    page = post(client, owned, first).content.decode()
    assert "Explain why the action is" in page and "Files attached so far" in page
    assert "Plan.pdf" in page
    spare = post(client, owned, form(files=[upload("Spare.pdf", PDF)]))
    assert spare.status_code == 302  # the second try saves both files
    assert sorted(owned.updates.get().files.values_list("original_name", flat=True)) == [
        "Plan.pdf",
        "Spare.pdf",
    ]
    # a held file can be removed without losing what was typed
    page = post(client, owned, form(narrative="", status="at_risk", files=[upload("X.pdf", PDF)]))
    held = EvidenceFile.objects.get(original_name="X.pdf")
    page = post(client, owned, form(narrative="Half written", remove_file=held.pk)).content.decode()
    assert "Half written" in page and "X.pdf removed" in page
    assert not EvidenceFile.objects.filter(pk=held.pk).exists()


@override_settings(EVIDENCE_MAX_BYTES=1000, EVIDENCE_MAX_FILES=2)
def test_size_and_number_of_files_are_limited(client, owned, officer):
    client.force_login(officer)
    page = post(client, owned, form(files=[upload("Big.pdf", PDF + b"0" * 2000)])).content
    assert "Big.pdf is 0.0 MB: a file must be 0 MB or smaller" in page.decode()
    three = [upload(f"{n}.pdf", PDF) for n in "abc"]
    page = post(client, owned, form(files=three)).content.decode()
    assert "c.pdf was not added: an update can have up to 2 files" in page
    assert EvidenceFile.objects.count() == 2


def test_no_path_from_a_file_name_reaches_the_disk(client, owned, officer):
    client.force_login(officer)
    post(client, owned, form(files=[upload("../../settings\x07.pdf", PDF)]))
    (evidence,) = EvidenceFile.objects.all()
    assert evidence.original_name == "settings.pdf"
    assert ".." not in evidence.file.name and "settings" not in evidence.file.name


def test_attached_files_cannot_be_changed_and_the_annex_lists_them(client, owned, officer, plan):
    client.force_login(officer)
    post(client, owned, form(files=[upload("Decision.pdf", PDF)]))
    evidence = EvidenceFile.objects.get()
    evidence.original_name = "Other.pdf"
    with pytest.raises(Exception, match="cannot be changed"):
        evidence.save()
    (state,) = plan_states(plan, as_at=date(2024, 11, 30))
    assert state.latest.files == ("Decision.pdf",)


def test_attaching_evidence_shows_on_the_changes_page(client, owned, officer, coordinator):
    client.force_login(officer)
    post(client, owned, form(files=[upload("Decision.pdf", PDF)]))
    client.force_login(coordinator)
    page = client.get(f"/councils/{owned.plan.council.slug}/changes/").content.decode()
    assert "Evidence file Decision.pdf on 1.1" in page


def test_files_held_for_an_update_never_saved_are_removed_later_and_only_once(
    client, owned, officer
):
    from datetime import timedelta

    from django.utils import timezone

    from evidence.services import evidence_release_abandoned

    client.force_login(officer)
    post(client, owned, form(narrative="", status="at_risk", files=[upload("Held.pdf", PDF)]))
    post(client, owned, form(files=[upload("Saved.pdf", PDF)]))  # saves Held.pdf with it
    post(client, owned, form(narrative="", status="at_risk", files=[upload("Left.pdf", PDF)]))
    left = EvidenceFile.objects.get(original_name="Left.pdf")
    EvidenceFile.objects.filter(pk=left.pk).update(uploaded_at=timezone.now() - timedelta(days=20))
    stored = left.file.name
    assert evidence_release_abandoned(older_than=timedelta(days=14)) == 1
    assert evidence_release_abandoned(older_than=timedelta(days=14)) == 0
    assert not left.file.storage.exists(stored)
    assert EvidenceFile.objects.filter(update__isnull=False).count() == 2
