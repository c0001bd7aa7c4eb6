"""Every setting the navigator reads from its environment, in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


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

    services_dir: Path
    hotlines_file: Path
    action_timeout_seconds: int
    staff_enabled: bool = True  # the staff console at /staff/ (docs/staff.md)
    reviewed_dir: Path = PROJECT_ROOT / "data" / "nlu" / "reviewed"  # staff-labelled examples


def load() -> Settings:
    """Reads the settings from the environment (defaults suit `make run`)."""
    return Settings(
        services_dir=_path("NAVIGATOR_SERVICES_DIR", PROJECT_ROOT / "data" / "services"),
        hotlines_file=_path("NAVIGATOR_HOTLINES_FILE", PROJECT_ROOT / "data" / "hotlines.yml"),
        action_timeout_seconds=_int("NAVIGATOR_ACTION_TIMEOUT", 10),
        staff_enabled=os.environ.get("NAVIGATOR_STAFF_ENABLED", "true").strip().lower()
        not in ("false", "0", "no", "off"),
        reviewed_dir=_path("NAVIGATOR_REVIEWED_DIR", PROJECT_ROOT / "data" / "nlu" / "reviewed"),
    )
