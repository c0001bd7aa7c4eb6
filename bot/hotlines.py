"""The national emergency numbers and hotlines (data/hotlines.yml) and which a reply gives.

The numbers are data with their source, never code: docs/plan/hotlines-source.md
is the only place they may come from. Nothing is read at import.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "data" / "hotlines.yml"
CRISIS_KINDS = ("suicide", "violence_now", "child_danger")


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

    def hours_for(self, lang: str) -> Optional[str]:
        """The hours as a reply in ``lang`` shows them."""
        return self.hours_ja if lang == "ja" and self.hours_ja else self.hours


@dataclass(frozen=True)
class HotlineTable:
    """All hotlines and the choice of which to give (see data/hotlines.yml)."""

    hotlines: Mapping[str, Hotline]
    emergency_first: Tuple[str, ...]
    emergency_order: Mapping[str, Tuple[str, ...]]
    by_crisis: Mapping[str, Tuple[str, ...]]
    by_concern: Mapping[str, Tuple[str, ...]]
    not_for_affected: Optional[Mapping[str, Tuple[str, ...]]] = None  # hotline id -> affected ids

    def emergency_for(self, kind: Optional[str], concerns: Sequence[str],
                      affected: Optional[str] = None) -> List[Hotline]:
        """The numbers for a crisis ``kind`` (or None) and the concerns, most urgent first.

        A crisis gives 110 / 119 first (in its kind's order), then its kind's
        hotlines; then each concern's hotlines follow, without repeats. A
        concern's hotline that is not for the person ``affected`` is left out.
        """
        ids: List[str] = []
        if kind:
            ids += self.emergency_order.get(kind, self.emergency_first)
            ids += self.by_crisis.get(kind, ())
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
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise HotlinesError(f"{path}: cannot read ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("hotlines"), list):
        raise HotlinesError(f"{path}: expected a top-level `hotlines:` list")
    hotlines: Dict[str, Hotline] = {}
    for raw in data["hotlines"]:
        hotline_id = raw.get("id") if isinstance(raw, dict) else None
        if not hotline_id or hotline_id in hotlines:
            raise HotlinesError(f"{path}: hotline without a unique id: {hotline_id!r}")
        for field in ("name", "number", "for", "source"):
            if not raw.get(field):
                raise HotlinesError(f"{path}: hotline {hotline_id}: missing {field!r}")
        hotlines[hotline_id] = Hotline(
            id=hotline_id,
            name=str(raw["name"]),
            number=str(raw["number"]),
            for_=str(raw["for"]),
            hours=None if raw.get("hours") is None else str(raw["hours"]),
            source=str(raw["source"]),
            hours_ja=None if raw.get("hours_ja") is None else str(raw["hours_ja"]),
        )
    by_crisis = _mapping(path, data, "by_crisis", hotlines)
    emergency_order = _mapping(path, data, "emergency_order", hotlines)
    for kind in list(by_crisis) + list(emergency_order):
        if kind not in CRISIS_KINDS:
            raise HotlinesError(f"{path}: unknown crisis kind {kind!r}")
    return HotlineTable(
        hotlines=hotlines,
        emergency_first=_ids(path, "emergency_first", data.get("emergency_first") or [], hotlines),
        emergency_order=emergency_order,
        by_crisis=by_crisis,
        by_concern=_mapping(path, data, "by_concern", hotlines),
        not_for_affected={
            _ids(path, "not_for_affected", [hotline_id], hotlines)[0]: tuple(affected)
            for hotline_id, affected in (data.get("not_for_affected") or {}).items()
        },
    )


@lru_cache(maxsize=1)
def _default_table() -> HotlineTable:
    return load(DEFAULT_FILE)


def emergency_for(kind: Optional[str], concerns: Sequence[str],
                  affected: Optional[str] = None) -> List[Hotline]:
    """``HotlineTable.emergency_for`` on data/hotlines.yml (read on first use)."""
    return _default_table().emergency_for(kind, list(concerns), affected)
