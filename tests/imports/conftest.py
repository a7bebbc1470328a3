from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"


@pytest.fixture
def spreadsheet():
    """The bytes of a test spreadsheet in tests/imports/files."""
    return lambda name: (FILES / name).read_bytes()
