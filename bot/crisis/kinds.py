"""The crisis kinds of data/crisis/kinds.yml, their one declaration.

Patterns, model, routes and the 相談メモ all name kinds; each checks its own
against these. Nothing is read at import: the file is read on first use.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from bot.settings import DEFAULTS

DEFAULT_FILE = DEFAULTS.crisis_dir / "kinds.yml"


class KindsError(ValueError):
    """data/crisis/kinds.yml is malformed; the message names the file."""


@lru_cache(maxsize=4)
def _entries(path: Path) -> Tuple[dict, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = tuple(dict(entry) for entry in data["kinds"])
        ids = tuple(str(entry["id"]) for entry in entries)
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise KindsError(f"{path}: needs `kinds`, each with an id ({error})") from None
    if not ids or len(set(ids)) != len(ids):
        raise KindsError(f"{path}: kinds must be unique and not empty, got {ids}")
    return entries


def kinds(path: Optional[Path] = None) -> Tuple[str, ...]:
    """The crisis kinds, in the file's order."""
    return tuple(str(entry["id"]) for entry in _entries(Path(path) if path else DEFAULT_FILE))


def concern_of_kind(path: Optional[Path] = None) -> Dict[str, str]:
    """The concern a kind counts as where only concerns are read (``baseline_concern``)."""
    return {str(entry["id"]): str(entry["baseline_concern"])
            for entry in _entries(Path(path) if path else DEFAULT_FILE) if entry.get("baseline_concern")}


def unknown(names: Iterable[str], path: Optional[Path] = None) -> List[str]:
    """The names that are no declared kind."""
    declared = kinds(path)
    return [name for name in names if name not in declared]
