"""Every setting the navigator reads from its environment, in one place.

The project's data files are found here too: a module that reads one takes
its path from ``load()`` (or, for the project's own copy, from ``DEFAULTS``)
instead of building it from its own location.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {value!r}") from None


@dataclass(frozen=True)
class Settings:
    """Paths and limits; read once, passed on."""

    services_dir: Path = DATA_DIR / "services"
    hotlines_file: Path = DATA_DIR / "hotlines.yml"
    action_timeout_seconds: int = 10
    staff_enabled: bool = True  # the staff console at /staff/ (docs/staff.md)
    reviewed_dir: Path = DATA_DIR / "nlu" / "reviewed"  # staff-labelled examples
    # The project's own data; no environment variable changes these.
    crisis_dir: Path = DATA_DIR / "crisis"  # rules, kinds.yml, routes.yml
    crisis_training_dir: Path = DATA_DIR / "crisis" / "training"
    person_facts_file: Path = DATA_DIR / "person_facts.yml"
    age_bands_file: Path = DATA_DIR / "services" / "age_bands.yml"
    privacy_patterns_file: Path = DATA_DIR / "privacy" / "patterns.yml"
    window_notes_file: Path = DATA_DIR / "window_notes.yml"
    english_words_file: Path = DATA_DIR / "language" / "english_words.yml"
    memo_file: Path = DATA_DIR / "memo.yml"
    line_texts_file: Path = DATA_DIR / "line_texts.yml"
    domain_file: Path = PROJECT_ROOT / "domain.yml"
    web_dir: Path = PROJECT_ROOT / "web"
    plan_file: Path = PROJECT_ROOT / "docs" / "plan" / "chapter5.txt"  # the plan the catalogue cites


DEFAULTS = Settings()  # the project's own files, whatever the environment says


def load() -> Settings:
    """Reads the settings from the environment (defaults suit `make run`)."""
    return Settings(
        services_dir=_path("NAVIGATOR_SERVICES_DIR", DEFAULTS.services_dir),
        hotlines_file=_path("NAVIGATOR_HOTLINES_FILE", DEFAULTS.hotlines_file),
        action_timeout_seconds=_int("NAVIGATOR_ACTION_TIMEOUT", DEFAULTS.action_timeout_seconds),
        staff_enabled=os.environ.get("NAVIGATOR_STAFF_ENABLED", "true").strip().lower()
        not in ("false", "0", "no", "off"),
        reviewed_dir=_path("NAVIGATOR_REVIEWED_DIR", DEFAULTS.reviewed_dir),
    )
