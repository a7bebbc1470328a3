"""The floors are checked by a machine: an upward import, even inside a function, fails the
import-linter contract that `make lint` runs."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_of_the_product(folder: Path) -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for package in config["tool"]["importlinter"]["root_packages"]:
        shutil.copytree(ROOT / package, folder / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", folder)


def _lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the project's own linter
        [LINT_IMPORTS, "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=120
    )


def test_the_floors_hold_and_an_upward_import_breaks_them(tmp_path):
    _copy_of_the_product(tmp_path)
    assert _lint(tmp_path).returncode == 0

    models = tmp_path / "councils" / "models.py"
    models.write_text(models.read_text() + "\nfrom rounds import models as round_models\n")
    broken = _lint(tmp_path)
    assert broken.returncode != 0
    assert "councils is not allowed to import rounds" in broken.stdout


def test_an_upward_import_inside_a_function_breaks_them_too(tmp_path):
    _copy_of_the_product(tmp_path)
    plans = tmp_path / "plans" / "models.py"
    plans.write_text(
        plans.read_text() + "\n\ndef later():\n    from actions.models import Action\n\n"
        "    return Action\n"
    )
    broken = _lint(tmp_path)
    assert broken.returncode != 0
    assert "plans is not allowed to import actions" in broken.stdout
