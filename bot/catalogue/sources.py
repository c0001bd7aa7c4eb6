"""Where each claim of a window comes from: a line of the plan, a cited source, or `inferred`.

A window's ``sources`` maps each claim it makes to one of

    plan L686, L852        lines of docs/plan/chapter5.txt that say it
    cited: <source>        a named public source (title, publisher, address)
    inferred: <reason>     not stated anywhere; the reason, for staff to confirm

Claims: ``what`` and ``descriptions`` (what_plain, what_en) always; ``departments``
when the window names any; ``audience`` when it says who it is for; ``age`` when
it is limited by age (audience ages or groups, or a concern rule's age groups).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bot.settings import DEFAULTS

PLAN = DEFAULTS.plan_file
KINDS = ("plan", "cited", "inferred")
_PLAN_SOURCE = re.compile(r"^plan (L\d+(?:-L\d+)?(?:, L\d+(?:-L\d+)?)*)$")
_PREFIXED = re.compile(r"^(cited|inferred): (.+)$", re.S)
# A reason of a few words at least: "inferred: yes" tells staff nothing to confirm.
MIN_REASON = 10
# The PDF text puts a table row's 担当課 on its own line below a long row name.
DEPARTMENT_LINES_BELOW = 3


@dataclass(frozen=True)
class Source:
    """One claim's source."""

    kind: str  # plan | cited | inferred
    lines: Tuple[int, ...] = ()  # plan lines
    text: str = ""  # the cited source or the reason

    def __str__(self) -> str:
        if self.kind == "plan":
            return "plan " + ", ".join(f"L{n}" for n in self.lines)
        return f"{self.kind}: {self.text}"


def parse(value: Any) -> Tuple[Optional[Source], str]:
    """(the source, "") or (None, what is wrong with it)."""
    if not isinstance(value, str) or not value.strip():
        return None, f"expected 'plan L<n>', 'cited: …' or 'inferred: <reason>', got {value!r}"
    value = value.strip()
    found = _PLAN_SOURCE.match(value)
    if found:
        lines: List[int] = []
        for part in found.group(1).split(", "):
            low, _, high = part.partition("-")
            start, end = int(low[1:]), int(high[1:]) if high else int(low[1:])
            lines.extend(range(start, end + 1))
        return Source("plan", tuple(lines)), ""
    found = _PREFIXED.match(value)
    if found:
        kind, text = found.group(1), found.group(2).strip()
        if kind == "inferred" and len(text) < MIN_REASON:
            return None, f"'inferred' needs its reason (at least {MIN_REASON} characters), got {text!r}"
        return Source(kind, text=text), ""
    return None, f"expected 'plan L<n>', 'cited: …' or 'inferred: <reason>', got {value!r}"


@lru_cache(maxsize=2)
def plan_lines(path: Path = PLAN) -> Tuple[str, ...]:
    """The plan's lines (line n is index n-1), spaces and the glossary's '*' removed."""
    text = path.read_text(encoding="utf-8")
    return tuple(re.sub(r"[\s*＊]", "", line) for line in text.splitlines())


def claims_of(window: Dict[str, Any]) -> List[str]:
    """The claims a window entry makes, each needing a source."""
    claims = ["what", "descriptions"]
    if window.get("departments"):
        claims.append("departments")
    audience = window.get("audience") if isinstance(window.get("audience"), dict) else {}
    if audience:
        claims.append("audience")
    rules = window.get("concern_rules") if isinstance(window.get("concern_rules"), dict) else {}
    if (
        audience.get("age_min") is not None or audience.get("age_max") is not None or audience.get("groups")
        or any(isinstance(r, dict) and r.get("age_groups") for r in rules.values())
    ):
        claims.append("age")
    return claims


def department_missing(source: Source, department: str, lines: Tuple[str, ...]) -> bool:
    """True when no cited plan line (or the few below it) names the department."""
    wanted = re.sub(r"\s", "", department)
    for n in source.lines:
        if wanted in "".join(lines[n - 1:n + DEPARTMENT_LINES_BELOW]):
            return False
    return True
