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
