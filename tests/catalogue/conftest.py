"""A copy of the real catalogue to break on purpose (tests/catalogue/broken_copy.py edits it)."""
import shutil
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "data" / "services"


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "services"
    shutil.copytree(SERVICES, target)
    return target
