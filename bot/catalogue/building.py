"""Turns validated catalogue documents into records."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from bot.catalogue.records import (
    AgeGroup,
    Audience,
    Concern,
    ConcernRule,
    Contact,
    Department,
    Jigyo,
    RoutingRules,
    Window,
)


def concerns(entries: List[Dict[str, Any]]) -> Dict[str, Concern]:
    """Concerns by id, in file order."""
    return {e["id"]: Concern(id=e["id"], ja=e["ja"], en=e["en"]) for e in entries}


def departments(entries: List[Dict[str, Any]]) -> Dict[str, Department]:
    """Departments by name, in file order."""
    return {e["name"]: Department(name=e["name"], name_en=e["name_en"]) for e in entries}


def jigyo(goals: List[Dict[str, Any]]) -> Dict[str, Jigyo]:
    """事業 rows by id in the plan's order; 再掲 rows take their original's concerns."""
    rows: Dict[str, Dict[str, Any]] = {}
    places: Dict[str, Dict[str, Any]] = {}
    for goal in goals:
        for measure in goal["measures"]:
            for group in measure["groups"]:
                for row in group["jigyo"]:
                    rows[row["id"]] = row
                    places[row["id"]] = dict(
                        goal=goal["number"], goal_title=goal["title"],
                        measure=measure["number"], measure_title=measure["title"],
                        group=group["mark"], group_title=group["title"],
                    )
    built: Dict[str, Jigyo] = {}
    for ident, row in rows.items():
        source = rows[row["repeat_of"]] if row.get("repeat_of") else row
        built[ident] = Jigyo(
            id=ident,
            name=row["name"],
            departments=tuple(row["departments"]),
            concerns=tuple(row.get("concerns", source.get("concerns")) or ()),
            resident_can_use=bool(row.get("resident_can_use", source.get("resident_can_use"))),
            repeat_of=row.get("repeat_of"),
            **places[ident],
        )
    return built


def _audience(raw: Dict[str, Any]) -> Audience:
    return Audience(
        age_min=raw.get("age_min"),
        age_max=raw.get("age_max"),
        groups=tuple(raw.get("groups") or ()),
        victims=tuple(raw.get("victims") or ()),
        note=raw.get("note"),
    )


def _contact(raw: Optional[Dict[str, Any]]) -> Optional[Contact]:
    if not raw:
        return None
    return Contact(source=raw["source"], phone=raw.get("phone"), url=raw.get("url"), hours=raw.get("hours"))


def windows(entries: List[Dict[str, Any]]) -> Dict[str, Window]:
    """Windows by id, in file order."""
    built = {}
    for e in entries:
        rules = tuple(
            (concern, ConcernRule(priority=r.get("priority"), age_groups=tuple(r.get("age_groups") or ())))
            for concern, r in (e.get("concern_rules") or {}).items()
        )
        built[e["id"]] = Window(
            id=e["id"], name=e["name"], name_en=e["name_en"],
            what=e["what"], what_plain=e["what_plain"], what_en=e["what_en"],
            departments=tuple(e["departments"]), concerns=tuple(e["concerns"]),
            audience=_audience(e["audience"]), jigyo=tuple(e["jigyo"]),
            plan_ref=e["plan_ref"], priority=e["priority"], concern_rules=rules,
            place=e.get("place"), contact=_contact(e.get("contact")),
            kind=e["kind"], sources=tuple((k, str(v)) for k, v in (e.get("sources") or {}).items()),
            checked=e.get("checked"), checked_by=e.get("checked_by"),
        )
    return built


def routing(raw: Dict[str, Any], bands: Dict[str, Any]) -> RoutingRules:
    """The routing settings, with the age groups of age_bands.yml."""
    victim = raw.get("victim_routing") or {}
    questions = raw.get("questions") or {}
    return RoutingRules(
        age_groups={
            ident: AgeGroup(id=ident, ja=g["ja"], en=g["en"], age_min=g["age_min"], age_max=g.get("age_max"))
            for ident, g in bands["age_groups"].items()
        },
        general_windows=tuple(raw["general_windows"]),
        one_stop_window=raw["one_stop_window"],
        one_stop_for_concerns=tuple(raw.get("one_stop_for_concerns") or ()),
        age_question_for=tuple(questions.get("age") or ()),
        affected_question_for=tuple(questions.get("affected") or ()),
        victim_concerns=tuple(victim.get("concerns") or ()),
        victims_by_affected=dict(victim.get("by_affected") or {}),
        victims_by_age_group=dict(victim.get("by_age_group") or {}),
        victims_by_affected_when_age_unknown=dict(victim.get("by_affected_when_age_unknown") or {}),
        take_part_concerns=tuple(raw.get("take_part_concerns") or ()),
    )
