"""Coverage of the catalogue: what the plan holds and which worries are thinly served."""
from __future__ import annotations

from collections import Counter
from typing import Dict, List, Tuple

from bot.catalogue.catalogue import Catalogue

# A concern with fewer windows than this leaves a resident little choice.
FEW_WINDOWS = 2


def coverage(cat: Catalogue) -> Dict[str, object]:
    """Counts per 基本目標, per department and per concern."""
    rows = list(cat.jigyo.values())
    per_goal: Dict[int, Dict[str, int]] = {}
    for row in rows:
        goal = per_goal.setdefault(row.goal, {"rows": 0, "repeats": 0, "resident_can_use": 0})
        goal["rows"] += 1
        goal["repeats"] += row.is_repeat
        goal["resident_can_use"] += row.resident_can_use
    per_department = Counter(d for row in rows for d in row.departments)
    window_departments = Counter(d for w in cat.windows.values() for d in w.departments)
    per_concern = {
        c: {
            "windows": len(cat.windows_for(c)),
            "jigyo": sum(c in row.concerns for row in rows if not row.is_repeat),
        }
        for c in cat.concern_ids
    }
    return {
        "jigyo": len(rows),
        "repeats": sum(row.is_repeat for row in rows),
        "windows": len(cat.windows),
        "per_goal": per_goal,
        "per_department": {d: {"jigyo": per_department[d], "windows": window_departments[d]} for d in cat.departments},
        "per_concern": per_concern,
        "few_windows": [c for c, n in per_concern.items() if n["windows"] < FEW_WINDOWS],
    }


def render(cat: Catalogue) -> str:
    """The coverage report as plain text."""
    data = coverage(cat)
    lines: List[str] = [
        f"事業 rows: {data['jigyo']} ({data['repeats']} 再掲), windows: {data['windows']}",
        "",
        "per 基本目標 (rows / 再掲 / a resident can use):",
    ]
    titles = {row.goal: row.goal_title for row in cat.jigyo.values()}
    for goal, n in sorted(data["per_goal"].items()):
        lines.append(f"  基本目標{goal} {titles[goal]}: {n['rows']} / {n['repeats']} / {n['resident_can_use']}")
    lines += ["", "per department (事業 rows / windows):"]
    for name, n in data["per_department"].items():
        lines.append(f"  {name}: {n['jigyo']} / {n['windows']}")
    lines += ["", "per concern (windows / 事業 rows, 再掲 not counted):"]
    for concern, n in data["per_concern"].items():
        lines.append(f"  {concern}: {n['windows']} / {n['jigyo']}")
    few = data["few_windows"]
    lines += ["", f"concerns with fewer than {FEW_WINDOWS} windows: " + (", ".join(few) if few else "none")]
    kinds = Counter(w.kind for w in cat.windows.values())
    lines += ["", "per kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))]
    found = inferred(cat)
    lines += ["", f"inferred claims for staff to confirm ({len(found)}):"]
    lines += [f"  {ident} {claim}: {reason}" for ident, claim, reason in found] or ["  none"]
    return "\n".join(lines)


def inferred(cat: Catalogue) -> List[Tuple[str, str, str]]:
    """(window id, claim, reason) of every claim marked `inferred`, in file order."""
    prefix = "inferred: "
    return [
        (w.id, claim, source[len(prefix):])
        for w in cat.windows.values()
        for claim, source in w.sources
        if source.startswith(prefix)
    ]
