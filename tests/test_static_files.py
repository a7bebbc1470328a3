"""Production collects static files with hashed names; every file a stylesheet names must exist."""

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_finds_every_file_the_stylesheets_refer_to(tmp_path, settings):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)

    stylesheets = list((tmp_path / "css").glob("tracker.*.css"))
    assert stylesheets, "the hashed stylesheet was not written"
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "css").glob("tracker.*.css.gz"))


def test_the_favicon_is_found(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


def test_a_refusal_says_why_inside_the_sites_layout(client, officer, plan):
    """An officer opening reports is told who may read them, with the menu and sign-out."""
    from django.urls import reverse

    client.force_login(officer)
    response = client.get(reverse("reports:summary", args=[plan.council.slug, plan.slug]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "are for its coordinators and viewers" in body
    assert "Officers update the actions they own" not in body
    assert "Sign out" in body and "My actions" in body


def test_a_missing_page_is_inside_the_sites_layout_with_a_next_step(client, officer):
    from django.urls import reverse

    response = client.get("/plans/no-such-plan/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and f'href="{reverse("login")}">Sign in</a>' in body
    client.force_login(officer)
    body = client.get("/plans/no-such-plan/").content.decode()
    assert "Sign out" in body and "Go to My actions" in body
