"""The notes under each window: when it was checked, and how to report it wrong.

The texts are data (data/window_notes.yml); this module fills them in for one
window and one language. Nothing is read at import.
"""
from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional

import yaml

from bot.settings import DEFAULTS

DEFAULT_FILE = DEFAULTS.window_notes_file
REPORT_REASONS_KEY = "reasons"


class WindowNotesError(ValueError):
    """data/window_notes.yml lacks a text; the message names it."""


@lru_cache(maxsize=4)
def load(path: Path = DEFAULT_FILE) -> Dict[str, Any]:
    """The notes file, checked for the texts every language needs."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    for key in ("date_format", "checked", "report"):
        if not isinstance(data.get(key), dict):
            raise WindowNotesError(f"{path}: missing '{key}'")
    for lang in ("ja", "en"):
        for key in ("date_format", "checked"):
            if not data[key].get(lang):
                raise WindowNotesError(f"{path}: '{key}' has no '{lang}' text")
    return data


def _pick(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or texts["ja"]


def date_text(date: datetime.date, lang: str, notes: Optional[Mapping[str, Any]] = None) -> str:
    """2026-12-03 as the language writes it (2026年12月3日 / 2026-12-03)."""
    notes = notes or load()
    return _pick(notes["date_format"], lang).format(year=date.year, month=date.month, day=date.day)


def checked_text(date: Optional[datetime.date], lang: str, notes: Optional[Mapping[str, Any]] = None,
                 read: Callable[[str], str] = lambda text: text) -> str:
    """「情報確認日：2026年12月3日」, or "" for a record with no date.

    ``read`` adds readings (やさしい日本語) to the words only: a date read as
    words gets wrong readings (3日 is みっか).
    """
    if date is None:
        return ""
    notes = notes or load()
    return read(_pick(notes["checked"], lang)).replace("{date}", date_text(date, lang, notes))


def kind_text(kind: str, lang: str, notes: Optional[Mapping[str, Any]] = None) -> str:
    """The line saying what a record of this kind is ("" for a window or a service)."""
    notes = notes or load()
    texts = (notes.get("kind") or {}).get(kind)
    return _pick(texts, lang) if texts else ""


def report_texts(lang: str, notes: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """The report's labels for one language, reasons as [{"id", "label"}] in file order."""
    notes = notes or load()
    report = notes["report"]
    out: Dict[str, Any] = {
        key: _pick(value, lang) for key, value in report.items() if key != REPORT_REASONS_KEY
    }
    out["reasons"] = [
        {"id": ident, "label": _pick(labels, lang)} for ident, labels in report[REPORT_REASONS_KEY].items()
    ]
    return out


def reason_ids(notes: Optional[Mapping[str, Any]] = None) -> List[str]:
    """The reasons a report may give (closed, moved, department, age, other)."""
    notes = notes or load()
    return list(notes["report"][REPORT_REASONS_KEY])
