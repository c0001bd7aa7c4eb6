"""Checks a catalogue's documents and says, for each problem, file, entry and field.

Messages look like
``data/services/windows.yml: window 'nicomo_room': field 'audience.age_max':
expected an integer, got 'eighteen'``.
"""
from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from bot.catalogue import sources as claim_sources

VICTIMS = ("child", "elderly", "disabled", "partner")
# What a record is, from the plan's own words (docs/catalogue-review.md):
#   window    a place or line a resident can contact
#   service   something the city provides that a window arranges
#   activity  volunteering, campaigns, training: ways to take part
#   planned   検討, 創設検討, 整備予定: not there yet, never a place to go
KINDS = ("window", "service", "activity", "planned")
CITY_URL = "https://www.city.nishitokyo.lg.jp/"
CONTACT_FIELDS = ("source", "phone", "url", "hours")
# A phone number written outside `contact` (e.g. in `what`) would escape the
# rule that every number has a cited source.
_PHONE = re.compile(r"(?<![0-9])0\d{1,4}-\d{1,4}-\d{3,4}(?![0-9])|#\d{4}")
_URL = re.compile(r"https?://\S+")
_PLAN_REF = re.compile(r"^基本目標[1-6]( |$)")

_KIND_WORDS = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


def _is(value: Any, kind: type) -> bool:
    if kind is int:  # YAML true/false are bools, and bool is an int in Python
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is str:
        return isinstance(value, str) and value.strip() != ""
    return isinstance(value, kind)


class Problems:
    """Collects messages naming file, entry and field."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.messages: List[str] = []

    def add(self, file: str, entry: Optional[str], field: Optional[str], problem: str) -> None:
        """Records one problem."""
        parts = [str(self.directory / file)]
        if entry:
            parts.append(entry)
        if field:
            parts.append(f"field '{field}'")
        self.messages.append(": ".join(parts + [problem]))

    def typed(self, file, entry, field, value, kind, required=True, nullable=False) -> bool:
        """Checks one value's type; True when it is usable."""
        if value is None:
            if nullable or not required:
                return False
            self.add(file, entry, field, "missing")
            return False
        if not _is(value, kind):
            self.add(file, entry, field, f"expected {_KIND_WORDS[kind]}, got {value!r}")
            return False
        return True

    def string_list(self, file, entry, field, value, required=True, non_empty=False) -> List[str]:
        """Checks a list of strings; returns the good items."""
        if not self.typed(file, entry, field, value, list, required=required):
            return []
        good = []
        for i, item in enumerate(value):
            if _is(item, str):
                good.append(item)
            else:
                self.add(file, entry, f"{field}[{i}]", f"expected a string, got {item!r}")
        if non_empty and not value:
            self.add(file, entry, field, "must not be empty")
        return good

    def unknown_keys(self, file, entry, mapping: Dict[str, Any], known: Iterable[str], prefix="") -> None:
        """Flags keys the schema does not know (usually typos)."""
        known = tuple(known)
        for key in mapping:
            if key not in known:
                hint = difflib.get_close_matches(str(key), known, n=1)
                more = f"; did you mean '{hint[0]}'?" if hint else ""
                self.add(file, entry, f"{prefix}{key}", f"unknown field{more}")


def _suggest(name: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    return f"; did you mean '{hint[0]}'?" if hint else ""


def _ids(problems: Problems, file: str, kind: str, entries: List[Any], key: str = "id") -> Dict[str, Dict]:
    """Entries by id; reports entries that are not mappings, lack an id, or repeat one."""
    seen: Dict[str, Dict] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.add(file, f"{kind} #{i + 1}", None, f"expected a mapping, got {entry!r}")
            continue
        ident = entry.get(key)
        if not _is(ident, str):
            problems.add(file, f"{kind} #{i + 1}", key, f"expected a string, got {ident!r}")
            continue
        if ident in seen:
            problems.add(file, f"{kind} '{ident}'", key, "duplicate id")
            continue
        seen[ident] = entry
    return seen


def check_documents(directory: Path, docs: Dict[str, Any]) -> List[str]:
    """Every problem of a catalogue whose files all parsed."""
    p = Problems(directory)
    concern_ids = _check_concerns(p, docs["concerns.yml"]["concerns"])
    departments = _check_departments(p, docs["departments.yml"]["departments"])
    not_askable = [
        d.get("name") for d in docs["departments.yml"]["departments"]
        if isinstance(d, dict) and d.get("askable") is False
    ]
    age_groups = _check_age_groups(p, docs["age_bands.yml"])
    if "age_groups" in docs["routing.yml"]:
        p.add("routing.yml", None, "age_groups", "age groups are defined once, in age_bands.yml")
    jigyo = _check_jigyo(p, docs["jigyo.yml"]["goals"], concern_ids, departments)
    windows = _check_windows(p, docs["windows.yml"]["windows"], concern_ids, departments, age_groups, jigyo)
    for ident, w in windows.items():
        for i, name in enumerate(w.get("departments") or []):
            if name in not_askable:
                p.add("windows.yml", f"window '{ident}'", f"departments[{i}]",
                      f"'{name}' is no department a resident can ask for (departments.yml: askable: false)")
    _check_routing(p, docs["routing.yml"], concern_ids, age_groups, windows)
    take_part = docs["routing.yml"].get("take_part_concerns") or []
    for concern in concern_ids:
        if not any(_offered_for(w, concern, take_part) for w in windows.values()):
            p.add("windows.yml", None, None, f"concern '{concern}' is served by no window a resident can be sent to")
    return p.messages


def _offered_for(window: Dict[str, Any], concern: str, take_part: List[str]) -> bool:
    """True when routing may offer the window for the concern (by its kind)."""
    if concern not in (window.get("concerns") or []):
        return False
    kind = window.get("kind")
    return kind in ("window", "service") or (kind == "activity" and concern in take_part)


def _check_concerns(p: Problems, entries: List[Any]) -> List[str]:
    file = "concerns.yml"
    by_id = _ids(p, file, "concern", entries)
    for ident, entry in by_id.items():
        where = f"concern '{ident}'"
        p.unknown_keys(file, where, entry, ("id", "ja", "en"))
        p.typed(file, where, "ja", entry.get("ja"), str)
        p.typed(file, where, "en", entry.get("en"), str)
    return list(by_id)


def _check_departments(p: Problems, entries: List[Any]) -> List[str]:
    file = "departments.yml"
    by_name = _ids(p, file, "department", entries, key="name")
    for name, entry in by_name.items():
        where = f"department '{name}'"
        p.unknown_keys(file, where, entry, ("name", "name_en", "askable"))
        p.typed(file, where, "name_en", entry.get("name_en"), str)
        p.typed(file, where, "askable", entry.get("askable"), bool, required=False)
    return list(by_name)


def _check_department_names(p, file, where, names: List[str], known: List[str]) -> None:
    for i, name in enumerate(names):
        if name not in known:
            p.add(file, where, f"departments[{i}]", f"unknown department '{name}'{_suggest(name, known)}")


def _check_concern_ids(p, file, where, field, ids: List[str], known: List[str]) -> None:
    for i, ident in enumerate(ids):
        if ident not in known:
            p.add(file, where, f"{field}[{i}]", f"unknown concern '{ident}'{_suggest(ident, known)}")


def _check_age_groups(p: Problems, bands: Dict[str, Any]) -> List[str]:
    file = "age_bands.yml"
    p.unknown_keys(file, None, bands, ("age_groups",))
    groups = bands.get("age_groups")
    if not p.typed(file, None, "age_groups", groups, dict):
        return []
    for ident, group in groups.items():
        where = f"age group '{ident}'"
        if not p.typed(file, where, None, group, dict):
            continue
        p.unknown_keys(file, where, group, ("ja", "en", "age_min", "age_max"))
        p.typed(file, where, "ja", group.get("ja"), str)
        p.typed(file, where, "en", group.get("en"), str)
        p.typed(file, where, "age_min", group.get("age_min"), int)
        p.typed(file, where, "age_max", group.get("age_max"), int, nullable=True)
    return list(groups)


JIGYO_FIELDS = ("id", "name", "departments", "concerns", "resident_can_use", "repeat_of")


def _check_jigyo(p, goals: List[Any], concern_ids, departments) -> Dict[str, Dict]:
    """Walks 基本目標 > 施策 > group > 事業; returns the rows by id."""
    file = "jigyo.yml"
    rows: List[Any] = []
    for gi, goal in enumerate(goals):
        gwhere = f"goal #{gi + 1}"
        if not p.typed(file, gwhere, None, goal, dict):
            continue
        p.unknown_keys(file, gwhere, goal, ("number", "title", "measures"))
        p.typed(file, gwhere, "number", goal.get("number"), int)
        p.typed(file, gwhere, "title", goal.get("title"), str)
        for mi, measure in enumerate(goal.get("measures") or []):
            mwhere = f"goal {goal.get('number')} measure #{mi + 1}"
            if not p.typed(file, mwhere, None, measure, dict):
                continue
            p.unknown_keys(file, mwhere, measure, ("number", "title", "groups"))
            p.typed(file, mwhere, "number", measure.get("number"), int)
            p.typed(file, mwhere, "title", measure.get("title"), str)
            for ri, group in enumerate(measure.get("groups") or []):
                rwhere = f"goal {goal.get('number')} measure {measure.get('number')} group #{ri + 1}"
                if not p.typed(file, rwhere, None, group, dict):
                    continue
                p.unknown_keys(file, rwhere, group, ("mark", "title", "jigyo"))
                p.typed(file, rwhere, "mark", group.get("mark"), str)
                p.typed(file, rwhere, "title", group.get("title"), str)
                if p.typed(file, rwhere, "jigyo", group.get("jigyo"), list):
                    rows.extend(group["jigyo"])
    by_id = _ids(p, file, "事業", rows)
    for ident, row in by_id.items():
        where = f"事業 '{ident}'"
        p.unknown_keys(file, where, row, JIGYO_FIELDS)
        p.typed(file, where, "name", row.get("name"), str)
        if isinstance(row.get("name"), str) and "*" in row["name"]:
            p.add(file, where, "name", "remove the plan's '*' marks from the name")
        names = p.string_list(file, where, "departments", row.get("departments"), non_empty=True)
        _check_department_names(p, file, where, names, departments)
        repeat_of = row.get("repeat_of")
        if repeat_of is not None:
            if not p.typed(file, where, "repeat_of", repeat_of, str):
                continue
            original = by_id.get(repeat_of)
            if original is None:
                p.add(file, where, "repeat_of", f"no 事業 with id '{repeat_of}'")
            elif original.get("repeat_of") is not None:
                p.add(file, where, "repeat_of", f"'{repeat_of}' is itself a repeat; name the original")
        required = repeat_of is None  # a 再掲 row takes these from its original
        ids = p.string_list(file, where, "concerns", row.get("concerns"), required=required)
        _check_concern_ids(p, file, where, "concerns", ids, concern_ids)
        p.typed(file, where, "resident_can_use", row.get("resident_can_use"), bool, required=required)
    return by_id


WINDOW_FIELDS = (
    "id", "name", "name_en", "what", "what_plain", "what_en", "departments", "concerns",
    "audience", "concern_rules", "jigyo", "plan_ref", "priority", "place", "contact",
    "kind", "sources", "checked", "checked_by",
)
AUDIENCE_FIELDS = ("age_min", "age_max", "groups", "victims", "note")


def _check_windows(p, entries, concern_ids, departments, age_groups, jigyo) -> Dict[str, Dict]:
    file = "windows.yml"
    by_id = _ids(p, file, "window", entries)
    for ident, w in by_id.items():
        where = f"window '{ident}'"
        p.unknown_keys(file, where, w, WINDOW_FIELDS)
        for field in ("name", "name_en", "what", "what_plain", "what_en"):
            p.typed(file, where, field, w.get(field), str)
        if p.typed(file, where, "plan_ref", w.get("plan_ref"), str) and not _PLAN_REF.match(w["plan_ref"]):
            p.add(file, where, "plan_ref", f"expected '基本目標N (施策) ①…', got {w['plan_ref']!r}")
        p.typed(file, where, "priority", w.get("priority"), int)
        p.typed(file, where, "place", w.get("place"), str, required=False)
        names = p.string_list(file, where, "departments", w.get("departments"))
        _check_department_names(p, file, where, names, departments)
        concerns = p.string_list(file, where, "concerns", w.get("concerns"), non_empty=True)
        _check_concern_ids(p, file, where, "concerns", concerns, concern_ids)
        for i, ref in enumerate(p.string_list(file, where, "jigyo", w.get("jigyo"))):
            if ref not in jigyo:
                p.add(file, where, f"jigyo[{i}]", f"no 事業 with id '{ref}'{_suggest(ref, jigyo)}")
        _check_audience(p, file, where, w.get("audience"), age_groups)
        _check_concern_rules(p, file, where, w.get("concern_rules"), concerns, age_groups)
        _check_contact(p, file, where, w.get("contact"))
        kind = w.get("kind")
        if p.typed(file, where, "kind", kind, str) and kind not in KINDS:
            p.add(file, where, "kind", f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
        _check_sources(p, file, where, w)
        check_checked(p, file, where, w)
        for field in ("name", "name_en", "what", "what_plain", "what_en", "place"):
            text = w.get(field)
            if isinstance(text, str) and (_PHONE.search(text) or _URL.search(text)):
                p.add(file, where, field, "phone numbers and URLs belong in 'contact', with a source")
    return by_id


def _check_sources(p, file, where, window: Dict[str, Any]) -> None:
    """Every claim of the window has a source; plan lines exist and name its departments."""
    found = window.get("sources")
    if not p.typed(file, where, "sources", found, dict):
        return
    claims = claim_sources.claims_of(window)
    p.unknown_keys(file, where, found, ("what", "descriptions", "departments", "audience", "age"), prefix="sources.")
    plan = claim_sources.plan_lines()
    for claim in claims:
        field = f"sources.{claim}"
        if found.get(claim) is None:
            p.add(file, where, field, "missing: say 'plan L<n>', 'cited: <source>' or 'inferred: <reason>'")
            continue
        source, problem = claim_sources.parse(found[claim])
        if source is None:
            p.add(file, where, field, problem)
            continue
        beyond = [n for n in source.lines if not 1 <= n <= len(plan)]
        if beyond:
            p.add(file, where, field, f"the plan has {len(plan)} lines, not {beyond[0]}")
            continue
        if claim == "departments" and source.kind == "plan":
            for name in window.get("departments") or []:
                if isinstance(name, str) and claim_sources.department_missing(source, name, plan):
                    p.add(file, where, field, f"no line of '{found[claim]}' names '{name}'")


def check_checked(p, file, where, record: Dict[str, Any], today: Optional[datetime.date] = None) -> None:
    """``checked`` is a past date (YYYY-MM-DD) and ``checked_by`` a role."""
    checked = record.get("checked")
    if checked is None:
        p.add(file, where, "checked", "missing: the date (YYYY-MM-DD) the record was last checked")
    elif not isinstance(checked, datetime.date) or isinstance(checked, datetime.datetime):
        p.add(file, where, "checked", f"expected a date YYYY-MM-DD, got {checked!r}")
    elif checked > (today or datetime.date.today()):
        p.add(file, where, "checked", f"{checked} is in the future")
    p.typed(file, where, "checked_by", record.get("checked_by"), str)


def _check_audience(p, file, where, audience, age_groups) -> None:
    if not p.typed(file, where, "audience", audience, dict):
        return
    p.unknown_keys(file, where, audience, AUDIENCE_FIELDS, prefix="audience.")
    age_min = audience.get("age_min")
    age_max = audience.get("age_max")
    ok_min = p.typed(file, where, "audience.age_min", age_min, int, required=False)
    ok_max = p.typed(file, where, "audience.age_max", age_max, int, required=False)
    if ok_min and ok_max and age_min > age_max:
        p.add(file, where, "audience.age_min", f"{age_min} is above age_max {age_max}")
    for i, group in enumerate(p.string_list(file, where, "audience.groups", audience.get("groups"), required=False)):
        if group not in age_groups:
            p.add(file, where, f"audience.groups[{i}]", f"unknown age group '{group}'{_suggest(group, age_groups)}")
    for i, victim in enumerate(p.string_list(file, where, "audience.victims", audience.get("victims"), required=False)):
        if victim not in VICTIMS:
            p.add(file, where, f"audience.victims[{i}]", f"unknown victim '{victim}' (one of {', '.join(VICTIMS)})")
    p.typed(file, where, "audience.note", audience.get("note"), str, required=False)


def _check_concern_rules(p, file, where, rules, concerns, age_groups) -> None:
    if not p.typed(file, where, "concern_rules", rules, dict, required=False):
        return
    for concern, rule in rules.items():
        field = f"concern_rules.{concern}"
        if concern not in concerns:
            p.add(file, where, field, f"'{concern}' is not one of the window's concerns")
        if not p.typed(file, where, field, rule, dict):
            continue
        p.unknown_keys(file, where, rule, ("priority", "age_groups"), prefix=f"{field}.")
        p.typed(file, where, f"{field}.priority", rule.get("priority"), int, required=False)
        groups = p.string_list(file, where, f"{field}.age_groups", rule.get("age_groups"), required=False)
        for i, group in enumerate(groups):
            if group not in age_groups:
                p.add(file, where, f"{field}.age_groups[{i}]", f"unknown age group '{group}'")


def _check_contact(p, file, where, contact) -> None:
    if not p.typed(file, where, "contact", contact, dict):
        return
    if not contact:
        return
    p.unknown_keys(file, where, contact, CONTACT_FIELDS, prefix="contact.")
    p.typed(file, where, "contact.source", contact.get("source"), str)
    for field in ("phone", "url", "hours"):
        p.typed(file, where, f"contact.{field}", contact.get(field), str, required=False)
    url = contact.get("url")
    if isinstance(url, str) and not url.startswith(CITY_URL):
        p.add(file, where, "contact.url", f"only the city's site ({CITY_URL}) may be given, got {url!r}")


def _check_routing(p, routing, concern_ids, age_groups, windows) -> None:
    file = "routing.yml"
    p.unknown_keys(file, None, routing, (
        "age_groups", "general_windows", "one_stop_window", "one_stop_for_concerns",
        "questions", "victim_routing", "take_part_concerns", "age_groups",  # age_groups: reported above
    ))
    for i, ident in enumerate(p.string_list(file, None, "general_windows", routing.get("general_windows"),
                                            non_empty=True)):
        if ident not in windows:
            p.add(file, None, f"general_windows[{i}]", f"no window with id '{ident}'{_suggest(ident, windows)}")
        elif windows[ident].get("kind") != "window":
            p.add(file, None, f"general_windows[{i}]", f"'{ident}' is not of kind 'window'")
    one_stop = routing.get("one_stop_window")
    if p.typed(file, None, "one_stop_window", one_stop, str):
        if one_stop not in windows:
            p.add(file, None, "one_stop_window", f"no window with id '{one_stop}'{_suggest(one_stop, windows)}")
        elif windows[one_stop].get("kind") != "window":
            p.add(file, None, "one_stop_window", f"'{one_stop}' is not of kind 'window'")
    ids = p.string_list(file, None, "take_part_concerns", routing.get("take_part_concerns"), required=False)
    _check_concern_ids(p, file, None, "take_part_concerns", ids, concern_ids)
    ids = p.string_list(file, None, "one_stop_for_concerns", routing.get("one_stop_for_concerns"))
    _check_concern_ids(p, file, None, "one_stop_for_concerns", ids, concern_ids)

    questions = routing.get("questions")
    if p.typed(file, None, "questions", questions, dict):
        p.unknown_keys(file, None, questions, ("age", "affected"), prefix="questions.")
        age_ids = p.string_list(file, None, "questions.age", questions.get("age"))
        _check_concern_ids(p, file, None, "questions.age", age_ids, concern_ids)
        for concern in age_ids:  # asking the age is pointless unless some window depends on it
            if not any(_age_limited_for(w, concern) for w in windows.values()):
                p.add(file, None, "questions.age", f"no window for '{concern}' depends on age")
        ids = p.string_list(file, None, "questions.affected", questions.get("affected"))
        _check_concern_ids(p, file, None, "questions.affected", ids, concern_ids)

    victim = routing.get("victim_routing")
    if p.typed(file, None, "victim_routing", victim, dict):
        p.unknown_keys(file, None, victim, (
            "concerns", "by_affected", "by_age_group", "by_affected_when_age_unknown"), prefix="victim_routing.")
        ids = p.string_list(file, None, "victim_routing.concerns", victim.get("concerns"))
        _check_concern_ids(p, file, None, "victim_routing.concerns", ids, concern_ids)
        for key in ("by_affected", "by_age_group", "by_affected_when_age_unknown"):
            field = f"victim_routing.{key}"
            table = victim.get(key)
            if not p.typed(file, None, field, table, dict):
                continue
            for k, v in table.items():
                if key == "by_age_group" and k not in age_groups:
                    p.add(file, None, f"{field}.{k}", f"unknown age group '{k}'")
                if v is not None and v not in VICTIMS:
                    p.add(file, None, f"{field}.{k}", f"unknown victim {v!r} (one of {', '.join(VICTIMS)})")


def _age_limited_for(window: Dict[str, Any], concern: str) -> bool:
    if concern not in (window.get("concerns") or []):
        return False
    audience = window.get("audience") or {}
    rule = (window.get("concern_rules") or {}).get(concern) or {}
    return bool(
        audience.get("age_min") is not None or audience.get("age_max") is not None
        or audience.get("groups") or (isinstance(rule, dict) and rule.get("age_groups"))
    )
