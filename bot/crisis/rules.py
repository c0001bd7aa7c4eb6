"""Loads the crisis patterns of data/crisis/ into matchers, failing with the file and id.

The YAML says what a crisis looks like; this module only parses it. Nothing
is read at import: `load()` reads on first use and caches per directory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from bot.crisis.kinds import kinds
from bot.crisis.token_patterns import TokenPattern, parse
from bot.data_file import read_yaml
from bot.settings import DEFAULTS
from bot.text.blank import is_empty

DEFAULT_DIRECTORY = DEFAULTS.crisis_dir
SCOPES = ("overlap", "sentence", "message")

Matcher = Union[TokenPattern, "re.Pattern[str]"]


class CrisisRulesError(ValueError):
    """A crisis data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Trigger:
    """One way a crisis shows itself in a message (patterns.yml)."""

    id: str
    kind: str
    match: Tuple[Matcher, ...]
    not_followed_by: Tuple[TokenPattern, ...] = ()
    with_any: Tuple[Matcher, ...] = ()
    needs_any: Tuple[Matcher, ...] = ()
    # Groups that must each match somewhere in the message (a child named in one
    # sentence, the bruises in another, the fear in a third).
    needs_all: Tuple[Tuple[Matcher, ...], ...] = ()
    unless_any: Tuple[Matcher, ...] = ()


@dataclass(frozen=True)
class Guard:
    """A calm use of crisis words (guards.yml)."""

    id: str
    kinds: Tuple[str, ...]
    scope: str
    all_of: Tuple[Tuple[Matcher, ...], ...]
    unless_any: Tuple[Matcher, ...] = ()


@dataclass(frozen=True)
class Cue:
    """A weak urgency cue for the combination with the model (model_combination.yml)."""

    id: str
    match: Tuple[Matcher, ...]


@dataclass(frozen=True)
class ModelCombination:
    """When the model's confidence plus a cue flags a crisis."""

    min_confidence: float
    kind_by_intent: Mapping[str, str]
    cues: Tuple[Cue, ...]


@dataclass(frozen=True)
class CrisisRules:
    """Everything data/crisis/ says."""

    kind_priority: Tuple[str, ...]
    triggers: Tuple[Trigger, ...]
    guards: Tuple[Guard, ...]
    model: ModelCombination = field(default_factory=lambda: ModelCombination(1.1, {}, ()))
    # Violence now against a minor is reported as child_danger (189 as well as 110).
    minor_in_message: Tuple[Matcher, ...] = ()
    # The thresholds of bot.crisis.assessment.Tiers (model_combination.yml `tiers:`).
    tiers: Mapping[str, Any] = field(default_factory=dict)


def _read(path: Path) -> Dict[str, Any]:
    data = read_yaml(path, CrisisRulesError)
    if not isinstance(data, dict):
        raise CrisisRulesError(f"{path}: expected a mapping at the top")
    return data


class _Compiler:
    """Turns entries ("re:...", "$set", token pattern) into matchers for one file."""

    def __init__(self, path: Path, sets: Mapping[str, Sequence[str]]) -> None:
        self.path = path
        self.sets = sets

    def entries(self, where: str, raw: Any) -> Tuple[Matcher, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise CrisisRulesError(f"{self.path}: {where}: expected a list")
        out: List[Matcher] = []
        for entry in raw:
            out.extend(self._entry(where, entry))
        return tuple(out)

    def _entry(self, where: str, entry: Any) -> List[Matcher]:
        if not isinstance(entry, str) or is_empty(entry):
            raise CrisisRulesError(f"{self.path}: {where}: entries must be non-empty strings")
        if entry.startswith("$"):
            name = entry[1:]
            if name not in self.sets:
                raise CrisisRulesError(f"{self.path}: {where}: unknown set {entry!r}")
            return [m for item in self.sets[name] for m in self._entry(f"{where} {entry}", item)]
        if entry.startswith("re:"):
            try:
                return [re.compile(entry[3:])]
            except re.error as error:
                raise CrisisRulesError(f"{self.path}: {where}: bad regex {entry!r} ({error})") from None
        try:
            return [parse(entry)]
        except ValueError as error:
            raise CrisisRulesError(f"{self.path}: {where}: {error}") from None

    def token_only(self, where: str, raw: Any) -> Tuple[TokenPattern, ...]:
        matchers = self.entries(where, raw)
        if any(not isinstance(m, TokenPattern) for m in matchers):
            raise CrisisRulesError(f"{self.path}: {where}: only token patterns are allowed here")
        return matchers  # type: ignore[return-value]


def _sets(path: Path, data: Mapping[str, Any], inherited: Mapping[str, Sequence[str]]) -> Dict[str, Sequence[str]]:
    sets = dict(inherited)
    for name, items in (data.get("sets") or {}).items():
        if not isinstance(items, list):
            raise CrisisRulesError(f"{path}: set {name!r}: expected a list")
        sets[name] = items
    return sets


def _kind(path: Path, where: str, kind: Any) -> str:
    if kind not in kinds():
        raise CrisisRulesError(f"{path}: {where}: kind must be one of {kinds()}, got {kind!r}")
    return kind


def _triggers(path: Path, data: Mapping[str, Any], sets) -> Tuple[Tuple[str, ...], Tuple[Trigger, ...]]:
    compiler = _Compiler(path, sets)
    priority = tuple(_kind(path, "kind_priority", k) for k in data.get("kind_priority") or kinds())
    triggers, seen = [], set()
    for raw in data.get("triggers") or []:
        trigger_id = raw.get("id") if isinstance(raw, dict) else None
        if not trigger_id or trigger_id in seen:
            raise CrisisRulesError(f"{path}: trigger without a unique id: {trigger_id!r}")
        seen.add(trigger_id)
        where = f"trigger {trigger_id}"
        match = compiler.entries(f"{where} match", raw.get("match"))
        if not match:
            raise CrisisRulesError(f"{path}: {where}: needs at least one `match` entry")
        triggers.append(
            Trigger(
                id=trigger_id,
                kind=_kind(path, where, raw.get("kind")),
                match=match,
                not_followed_by=compiler.token_only(f"{where} not_followed_by", raw.get("not_followed_by")),
                with_any=compiler.entries(f"{where} with_any", raw.get("with_any")),
                needs_any=compiler.entries(f"{where} needs_any", raw.get("needs_any")),
                needs_all=_groups(compiler, f"{where} needs_all", raw.get("needs_all")),
                unless_any=compiler.entries(f"{where} unless_any", raw.get("unless_any")),
            )
        )
    return priority, tuple(triggers)


def _groups(compiler: _Compiler, where: str, raw: Any) -> Tuple[Tuple[Matcher, ...], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(group, list) and group for group in raw):
        raise CrisisRulesError(f"{compiler.path}: {where}: expected a list of non-empty lists")
    return tuple(compiler.entries(f"{where} group {i + 1}", group) for i, group in enumerate(raw))


def _guards(path: Path, data: Mapping[str, Any], sets) -> Tuple[Guard, ...]:
    compiler = _Compiler(path, sets)
    guards = []
    for raw in data.get("guards") or []:
        guard_id = raw.get("id") if isinstance(raw, dict) else None
        where = f"guard {guard_id}"
        if not guard_id:
            raise CrisisRulesError(f"{path}: a guard without an id")
        scope = raw.get("scope")
        if scope not in SCOPES:
            raise CrisisRulesError(f"{path}: {where}: scope must be one of {SCOPES}, got {scope!r}")
        groups = tuple(compiler.entries(f"{where} all_of", group) for group in raw.get("all_of") or [])
        if not groups or not all(groups):
            raise CrisisRulesError(f"{path}: {where}: all_of needs non-empty groups")
        guards.append(
            Guard(
                id=guard_id,
                kinds=tuple(_kind(path, where, k) for k in raw.get("kinds") or kinds()),
                scope=scope,
                all_of=groups,
                unless_any=compiler.entries(f"{where} unless_any", raw.get("unless_any")),
            )
        )
    return tuple(guards)


def _model(path: Path, data: Mapping[str, Any], sets) -> ModelCombination:
    compiler = _Compiler(path, sets)
    kind_by_intent = {
        intent: _kind(path, f"kind_by_intent {intent}", kind)
        for intent, kind in (data.get("kind_by_intent") or {}).items()
    }
    cues = tuple(
        Cue(id=raw["id"], match=compiler.entries(f"cue {raw.get('id')}", raw.get("match")))
        for raw in data.get("cues") or []
    )
    try:
        min_confidence = float(data["min_confidence"])
    except (KeyError, TypeError, ValueError):
        raise CrisisRulesError(f"{path}: min_confidence must be a number") from None
    return ModelCombination(min_confidence=min_confidence, kind_by_intent=kind_by_intent, cues=cues)


def load_directory(directory: Path) -> CrisisRules:
    """Reads patterns.yml, guards.yml and model_combination.yml of ``directory``."""
    directory = Path(directory)
    patterns_path = directory / "patterns.yml"
    patterns = _read(patterns_path)
    sets = _sets(patterns_path, patterns, {})
    priority, triggers = _triggers(patterns_path, patterns, sets)

    guards_path = directory / "guards.yml"
    guards_data = _read(guards_path) if guards_path.exists() else {}
    guards = _guards(guards_path, guards_data, _sets(guards_path, guards_data, sets))

    model_path = directory / "model_combination.yml"
    model_data = _read(model_path) if model_path.exists() else {}
    model = (
        _model(model_path, model_data, sets)
        if model_data
        else ModelCombination(min_confidence=1.1, kind_by_intent={}, cues=())
    )
    tiers = model_data.get("tiers") or {}
    if not isinstance(tiers, dict):
        raise CrisisRulesError(f"{model_path}: tiers: expected a mapping")
    minor = _Compiler(patterns_path, sets).entries("minor_in_message", patterns.get("minor_in_message"))
    return CrisisRules(
        kind_priority=priority, triggers=triggers, guards=guards, model=model, minor_in_message=minor,
        tiers=tiers,
    )


@lru_cache(maxsize=4)
def load(directory: Optional[Path] = None) -> CrisisRules:
    """The rules of ``directory`` (default data/crisis), read once per process."""
    return load_directory(Path(directory) if directory else DEFAULT_DIRECTORY)
