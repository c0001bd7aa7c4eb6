"""Every data path comes from bot/settings.py; no module builds one from its own location."""
import dataclasses
import re
from pathlib import Path

import pytest

from bot import settings

ROOT = Path(__file__).resolve().parents[1]


CREATED_ON_USE = {"reviewed_dir"}  # the staff console writes it when it first keeps an example
PATHS = [f.name for f in dataclasses.fields(settings.Settings) if f.type in ("Path", Path)]


@pytest.mark.parametrize("field", [name for name in PATHS if name not in CREATED_ON_USE])
def test_every_default_path_exists(field):
    assert getattr(settings.DEFAULTS, field).exists(), field


def test_without_the_environment_load_gives_the_defaults(monkeypatch):
    for name in ("NAVIGATOR_SERVICES_DIR", "NAVIGATOR_HOTLINES_FILE", "NAVIGATOR_REVIEWED_DIR",
                 "NAVIGATOR_ACTION_TIMEOUT", "NAVIGATOR_STAFF_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    assert settings.load() == settings.DEFAULTS


def test_no_module_of_bot_finds_files_from_its_own_location():
    own_location = re.compile(r"Path\(__file__\)[^\n]*parents\[")
    found = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "bot").rglob("*.py"))
             if p.name != "settings.py" and own_location.search(p.read_text(encoding="utf-8"))]
    assert found == []
