"""The national emergency numbers and hotlines (data/hotlines.yml) and which a reply gives.

The numbers are data with their source, never code: docs/plan/hotlines-source.md
is the only place they may come from. Nothing is read at import.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot import hotline_hours, settings
from bot.data_file import read_yaml
from bot.hotline_hours import HoursError, Schedule

DEFAULT_FILE = settings.DEFAULTS.hotlines_file


class HotlinesError(ValueError):
    """data/hotlines.yml is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Hotline:
    """One number of the table, as the source says it."""

    id: str
    name: str
    number: str
    for_: str
    hours: Optional[str]
    source: str
    # The same hours in Japanese for Japanese replies (a rendering of `hours`, no new facts).
    hours_ja: Optional[str] = None
    # English renderings of the name and the hours for English replies (no new facts).
    name_en: Optional[str] = None
    hours_en: Optional[str] = None
    # When the line answers (bot/hotline_hours.py); None reads as unknown hours.
    schedule: Optional[Schedule] = None
    # Only for a line whose source says it answers in several languages.
    languages_en: Optional[str] = None
    languages_ja: Optional[str] = None
    # When the line was last read against its source, and by whom (a role).
    checked: Optional[datetime.date] = None
    checked_by: Optional[str] = None

    def name_for(self, lang: str) -> str:
        """The name as a reply in ``lang`` shows it."""
        return self.name_en if lang == "en" and self.name_en else self.name

    def hours_for(self, lang: str) -> Optional[str]:
        """The hours as a reply in ``lang`` shows them."""
        if lang == "en" and self.hours_en:
            return self.hours_en
        return self.hours_ja if lang == "ja" and self.hours_ja else self.hours

    def languages_for(self, lang: str) -> Optional[str]:
        """The note that the line also answers in other languages, or None."""
        return self.languages_en if lang == "en" else self.languages_ja

    @property
    def open_schedule(self) -> Schedule:
        """The schedule, unknown when none is given."""
        return self.schedule or Schedule(kind=hotline_hours.UNKNOWN)


@dataclass(frozen=True)
class HotlineTable:
    """All hotlines and the choice of which to give (see data/hotlines.yml)."""

    hotlines: Mapping[str, Hotline]
    by_concern: Mapping[str, Tuple[str, ...]]
    not_for_affected: Optional[Mapping[str, Tuple[str, ...]]] = None  # hotline id -> affected ids

    def lines_for(self, first: Sequence[str], concerns: Sequence[str],
                  affected: Optional[str] = None) -> List[Hotline]:
        """The lines ``first`` (a crisis route's, data/crisis/routes.yml), then the concerns'.

        Each concern's hotlines follow, without repeats; a concern's hotline
        that is not for the person ``affected`` is left out.
        """
        ids: List[str] = list(first)
        excluded = self.not_for_affected or {}
        for concern in concerns:
            ids += [i for i in self.by_concern.get(concern, ()) if affected not in excluded.get(i, ())]
        chosen: List[Hotline] = []
        for hotline_id in ids:
            hotline = self.hotlines[hotline_id]
            if hotline not in chosen:
                chosen.append(hotline)
        return chosen


def _ids(path: Path, where: str, raw: Any, known: Mapping[str, Hotline]) -> Tuple[str, ...]:
    if not isinstance(raw, list):
        raise HotlinesError(f"{path}: {where}: expected a list of hotline ids")
    for hotline_id in raw:
        if hotline_id not in known:
            raise HotlinesError(f"{path}: {where}: unknown hotline id {hotline_id!r}")
    return tuple(raw)


def _mapping(path: Path, data: Mapping[str, Any], key: str, known) -> Dict[str, Tuple[str, ...]]:
    return {name: _ids(path, f"{key}.{name}", ids, known) for name, ids in (data.get(key) or {}).items()}


def load(path: Optional[Path] = None) -> HotlineTable:
    """Reads and validates the table (default data/hotlines.yml)."""
    path = Path(path) if path else DEFAULT_FILE
    data = read_yaml(path, HotlinesError)
    if not isinstance(data, dict) or not isinstance(data.get("hotlines"), list):
        raise HotlinesError(f"{path}: expected a top-level `hotlines:` list")
    hotlines: Dict[str, Hotline] = {}
    for raw in data["hotlines"]:
        hotline_id = raw.get("id") if isinstance(raw, dict) else None
        if not hotline_id or hotline_id in hotlines:
            raise HotlinesError(f"{path}: hotline without a unique id: {hotline_id!r}")
        for field in ("name", "number", "for", "source", "name_en"):
            if not raw.get(field):
                raise HotlinesError(f"{path}: hotline {hotline_id}: missing {field!r}")
        # Every line says when it answers, and in English too (no line is taken as open unread).
        if raw.get("open") is None:
            raise HotlinesError(f"{path}: hotline {hotline_id}: missing 'open'")
        if raw.get("hours") is not None and not raw.get("hours_en"):
            raise HotlinesError(f"{path}: hotline {hotline_id}: missing 'hours_en'")
        # A number nobody has re-read for long may have changed (issue 20).
        checked = raw.get("checked")
        if not isinstance(checked, datetime.date) or isinstance(checked, datetime.datetime):
            raise HotlinesError(f"{path}: hotline {hotline_id}: 'checked' must be a date YYYY-MM-DD, got {checked!r}")
        if not raw.get("checked_by"):
            raise HotlinesError(f"{path}: hotline {hotline_id}: missing 'checked_by' (a role)")
        try:
            schedule = hotline_hours.parse(raw["open"], f"{path}: hotline {hotline_id}: open")
        except HoursError as error:
            raise HotlinesError(str(error)) from None
        hotlines[hotline_id] = Hotline(
            id=hotline_id,
            name=str(raw["name"]),
            number=str(raw["number"]),
            for_=str(raw["for"]),
            hours=None if raw.get("hours") is None else str(raw["hours"]),
            source=str(raw["source"]),
            hours_ja=None if raw.get("hours_ja") is None else str(raw["hours_ja"]),
            name_en=str(raw["name_en"]),
            hours_en=None if raw.get("hours_en") is None else str(raw["hours_en"]),
            schedule=schedule,
            languages_en=None if raw.get("languages_en") is None else str(raw["languages_en"]),
            languages_ja=None if raw.get("languages_ja") is None else str(raw["languages_ja"]),
            checked=checked,
            checked_by=str(raw["checked_by"]),
        )
    return HotlineTable(
        hotlines=hotlines,
        by_concern=_mapping(path, data, "by_concern", hotlines),
        not_for_affected={
            _ids(path, "not_for_affected", [hotline_id], hotlines)[0]: tuple(affected)
            for hotline_id, affected in (data.get("not_for_affected") or {}).items()
        },
    )


@lru_cache(maxsize=1)
def _default_table() -> HotlineTable:
    return load(settings.load().hotlines_file)


def default_table() -> HotlineTable:
    """The settings' hotlines file (NAVIGATOR_HOTLINES_FILE, default data/hotlines.yml), read on first use."""
    return _default_table()


def lines_for(first: Sequence[str], concerns: Sequence[str], affected: Optional[str] = None) -> List[Hotline]:
    """``HotlineTable.lines_for`` on data/hotlines.yml (read on first use)."""
    return _default_table().lines_for(list(first), list(concerns), affected)
