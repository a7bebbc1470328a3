"""`export_council` writes one council's whole data; a fresh install loads it back unchanged."""

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from actions.services import progress_update_create
from councils.members import set_password_path
from councils.models import Council, Membership, Role
from demo.plans import load_demo
from plans.models import ImprovementPlan, Recommendation, Theme
from plans.status import Status

User = get_user_model()


def rows_of(council=None):
    """Every row of each exported model: all of them, or one council's (found independently)."""
    if council is None:
        return {
            model: model.objects.all()
            for model in (
                Council, User, Membership, ImprovementPlan, Theme, Recommendation, Action,
                ProgressUpdate,
            )
        }  # fmt: skip
    return {
        Council: Council.objects.filter(pk=council.pk),
        User: User.objects.filter(memberships__council=council),
        Membership: Membership.objects.filter(council=council),
        ImprovementPlan: ImprovementPlan.objects.filter(council=council),
        Theme: Theme.objects.filter(plan__council=council),
        Recommendation: Recommendation.objects.filter(plan__council=council),
        Action: Action.objects.filter(plan__council=council),
        ProgressUpdate: ProgressUpdate.objects.filter(action__plan__council=council),
    }


def describe(row) -> dict:
    """Every field's value, links to users by username (a new install numbers its own users)."""
    values = {}
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if field.related_model is User and value is not None:
            value = User.objects.get(pk=value).username
        values[field.name] = value
    for field in row._meta.many_to_many:
        linked = getattr(row, field.name).all()
        values[field.name] = sorted(str(getattr(other, "username", other.pk)) for other in linked)
    if isinstance(row, User):  # credentials and site rights never leave (checked below)
        for name in ("id", "password", "last_login", "is_staff", "is_superuser"):
            del values[name]
    return values


def snapshot(rows: dict) -> dict:
    return {
        model._meta.label: {getattr(row, "username", row.pk): describe(row) for row in queryset}
        for model, queryset in rows.items()
    }


def export(slug, tmp_path) -> str:
    path = tmp_path / f"{slug}.json"
    call_command("export_council", slug, "--output", str(path))
    return str(path)


def add_an_officers_update():
    """Demo history has no authors; add one with an author and a revised target date."""
    action = Action.objects.get(
        plan__council__slug="york", owners__username="york.officer", ref="1.2.1"
    )
    progress_update_create(
        action=action,
        author=User.objects.get(username="york.officer"),
        status=Status.AT_RISK,
        narrative="Workshops moved after the restructure.",
        as_at=date(2025, 1, 31),
        revised_target_text="June 2025",
        revision_reason="Restructure",
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_fresh_install_loads_an_exported_council_with_nothing_lost(client, tmp_path):
    load_demo()
    add_an_officers_update()
    york = Council.objects.get(slug="york")
    before = snapshot(rows_of(york))
    path = export("york", tmp_path)

    call_command("flush", interactive=False)  # a fresh install: migrated, and empty
    assert not Council.objects.exists() and not User.objects.exists()
    call_command("loaddata", path)

    after = snapshot(rows_of())
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()
    }
    assert after["plans.ImprovementPlan"] and after["actions.ProgressUpdate"]
    for label, rows in before.items():
        assert after[label] == rows, f"{label} changed on the way through the export"

    # No password came across: each person chooses one by the emailed link, then signs in.
    restored = User.objects.all()
    assert not any(user.has_usable_password() or user.is_staff for user in restored)
    response = client.post(
        reverse("login"), {"username": "york.officer", "password": "york-officer-demo"}
    )
    assert response.status_code == 200
    officer = User.objects.get(username="york.officer")
    link = client.get(set_password_path(officer), follow=True).redirect_chain[-1][0]
    new_password = {
        "new_password1": "a new long passphrase 7",
        "new_password2": "a new long passphrase 7",
    }
    client.post(link, new_password)
    assert client.login(username="york.officer", password="a new long passphrase 7")
    action = Action.objects.get(ref="1.2.1")
    response = client.get(reverse("progress_update_add", args=[action.pk]))
    assert response.status_code == 200
    progress_update_create(
        action=action, author=User.objects.get(username="york.officer"), status=Status.ON_TRACK,
        narrative="Back on track.", as_at=date(2025, 2, 28),
    )  # fmt: skip


@pytest.mark.django_db
def test_a_councils_export_holds_nothing_of_another_council(tmp_path):
    load_demo()
    add_an_officers_update()
    city = Council.objects.get(slug="example-city")
    york = Council.objects.get(slug="york")
    both = User.objects.create_user("shared.officer", password="a-long-password-for-tests")
    Membership.objects.create(user=both, council=city, role=Role.OFFICER)
    Membership.objects.create(user=both, council=york, role=Role.OFFICER)

    with open(export("example-city", tmp_path), encoding="utf-8") as file:
        text = file.read()
    exported = json.loads(text)

    expected = {
        model._meta.label_lower: {str(getattr(row, "username", row.pk)) for row in queryset}
        for model, queryset in rows_of(city).items()
    }
    found = {label: set() for label in expected}
    for entry in exported:
        key = entry["fields"]["username"] if entry["model"] == "auth.user" else entry["pk"]
        found[entry["model"]].add(str(key))
    assert found == expected
    assert "shared.officer" in found["auth.user"]
    assert all(
        entry["fields"]["council"] == city.pk for entry in exported if "council" in entry["fields"]
    )
    assert "york" not in text.lower()


def test_exporting_a_council_that_does_not_exist_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="No council"):
        call_command("export_council", "nowhere", "--output", str(tmp_path / "x.json"))


def test_evidence_files_are_exported_with_their_rows(tmp_path, action, officer):
    from django.core.files.base import ContentFile

    from evidence.models import EvidenceFile

    update = progress_update_create(
        action=action, author=officer, status=Status.ON_TRACK, narrative="Started"
    )
    evidence = EvidenceFile(
        action=action,
        update=update,
        uploaded_by=officer,
        original_name="Minutes.pdf",
        content_type="application/pdf",
        kind="PDF",
        size=9,
        sha256="0" * 64,
    )
    evidence.file.save("x", ContentFile(b"%PDF-1.7\n"), save=False)
    evidence.save()
    output = tmp_path / "york.json"
    call_command("export_council", action.plan.council.slug, "--output", str(output))
    rows = json.loads(output.read_text())
    (row,) = [row for row in rows if row["model"] == "evidence.evidencefile"]
    assert row["fields"]["original_name"] == "Minutes.pdf"
    assert (tmp_path / "york-files" / evidence.file.name).read_bytes() == b"%PDF-1.7\n"
