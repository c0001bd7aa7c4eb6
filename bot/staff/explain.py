"""Why the navigator answered as it did, for city staff, from one ``navigator.result`` payload.

The payload (bot/navigator.py, docs/architecture.md "Reply contract") already
carries every id staff need; this module only picks them out and names them.
It never reads message text: the payload holds none of the resident's words.

What comes from where:

- concerns: ``concerns`` (ids, most likely first), labels from
  data/services/concerns.yml, scores from ``concern_scores`` (the combined
  score of bot.concerns.concern_scores). A concern has no score (None) when
  the turn took it from an earlier one (the answer to the age or "who"
  question), or in a payload made before ``concern_scores`` existed.
- crisis: ``risk`` is the tier (crisis | possible); the kind is
  ``crisis_kind`` for a crisis and ``risk_kind`` otherwise; ``crisis_source``
  names the rule or the model that set it ("pattern:<trigger id>", "model",
  "model+context:<what>", "guarded:<trigger id>", "rule:<id>", "entity");
  ``crisis_route`` the route of data/crisis/routes.yml (crisis only). The
  crisis model's probability is not in the payload and is not shown.
- facts: ``person`` (age_group, affected, on_behalf) as the turn used them,
  i.e. after the crisis route's own person, with the earlier turns' slots.
- windows: ``windows`` in the order shown; ``reasons`` are the routing's short
  English codes ("concern: hikikomori", "age group high_school fits age_max 18").
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional

import yaml

# Starts every line meant for staff, so it never reads as the navigator's words.
STAFF_MARKER = "[職員用]"
DEPARTMENT_SEPARATOR = "・"


@lru_cache(maxsize=1)
def _concern_labels() -> Dict[str, str]:
    """The Japanese label of each concern id, read from the catalogue once (not at import)."""
    from bot.settings import load

    path = load().services_dir / "concerns.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {entry["id"]: entry["ja"] for entry in document.get("concerns") or []}


def _language(result: Mapping[str, Any]) -> str:
    """"en", "easy" (やさしい日本語) or "ja"."""
    if result.get("lang") == "en":
        return "en"
    return "easy" if result.get("easy_japanese") else str(result.get("lang") or "ja")


def _score(value: Any) -> Optional[float]:
    return None if value is None else round(float(value), 3)


def explain(
    result: Mapping[str, Any], *, labels: Optional[Mapping[str, str]] = None
) -> Dict[str, Any]:
    """The staff explanation of one ``navigator.result`` payload, JSON-ready.

    Args:
        result: the payload the action sends as custom JSON.
        labels: concern id → label; by default data/services/concerns.yml's Japanese labels.

    Returns:
        ``{"concerns": [{"id", "label", "score"}], "crisis": None or {"tier", "kind",
        "source", "route"}, "facts": {name: value}, "windows": [{"id", "name",
        "department", "reasons"}], "language": "ja" | "en" | "easy"}``. ``score``
        is None when the payload has no score for the concern (see the module's
        docstring); ``route`` is None outside a crisis.
    """
    labels = _concern_labels() if labels is None else labels
    scores = result.get("concern_scores") or {}
    concerns = [
        {"id": concern, "label": labels.get(concern, concern), "score": _score(scores.get(concern))}
        for concern in result.get("concerns") or []
    ]
    crisis = None
    if result.get("risk"):
        crisis = {
            "tier": str(result["risk"]),
            "kind": result.get("crisis_kind") or result.get("risk_kind"),
            "source": str(result.get("crisis_source") or ""),
            "route": result.get("crisis_route"),
        }
    person = result.get("person") or {}
    facts = {
        "age_group": person.get("age_group"),
        "affected": person.get("affected"),
        "on_behalf": bool(person.get("on_behalf")),
    }
    windows = [
        {
            "id": window.get("id"),
            "name": window.get("name") or window.get("id") or "",
            "department": DEPARTMENT_SEPARATOR.join(window.get("departments") or []),
            "reasons": [str(reason) for reason in window.get("reasons") or []],
        }
        for window in result.get("windows") or []
    ]
    return {
        "concerns": concerns,
        "crisis": crisis,
        "facts": facts,
        "windows": windows,
        "language": _language(result),
    }


def _concern_text(concern: Mapping[str, Any], unscored: str) -> str:
    score = unscored if concern["score"] is None else f"{concern['score']:.2f}"
    return f"{concern['label']}[{concern['id']}] {score}"


def _crisis_text(crisis: Optional[Mapping[str, Any]]) -> str:
    if crisis is None:
        return "なし"
    why = [f"根拠 {crisis['source'] or '不明'}"]
    if crisis.get("route"):
        why.append(f"経路 {crisis['route']}")
    return f"{crisis['tier']}・{crisis['kind'] or '種別不明'}（{'、'.join(why)}）"


def _facts_text(facts: Mapping[str, Any]) -> str:
    found = [f"{name}={value}" for name, value in facts.items() if value not in (None, False, "")]
    return "、".join(found) if found else "なし"


def explain_lines(
    result: Mapping[str, Any], *, labels: Optional[Mapping[str, str]] = None
) -> List[str]:
    """The same as :func:`explain`, as short lines for the shell, each starting with STAFF_MARKER.

    One line for the concerns and language, one for the crisis, one for the
    person facts, then one per window with its reasons.
    """
    found = explain(result, labels=labels)
    # No score: taken from an earlier turn, or a payload older than concern_scores.
    unscored = "前の回答から" if "concern_scores" in result else "スコアなし"
    concerns = "、".join(_concern_text(c, unscored) for c in found["concerns"]) or "なし（該当なし・対象外）"
    lines = [
        f"相談: {concerns}｜言語: {found['language']}",
        f"危機: {_crisis_text(found['crisis'])}",
        f"本人: {_facts_text(found['facts'])}",
    ]
    for number, window in enumerate(found["windows"], 1):
        department = f"（{window['department']}）" if window["department"] else ""
        reasons = "; ".join(window["reasons"]) or "理由なし"
        lines.append(f"窓口{number}: {window['name']}{department} ← {reasons}")
    if not found["windows"]:
        lines.append("窓口: なし")
    return [f"{STAFF_MARKER} {line}" for line in lines]
