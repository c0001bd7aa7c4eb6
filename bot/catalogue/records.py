"""The shapes of catalogue records: frozen dataclasses built from data/services/*.yml."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Optional, Tuple


@dataclass(frozen=True)
class Concern:
    """One of the concern ids of concerns.yml, with its button labels."""

    id: str
    ja: str
    en: str


@dataclass(frozen=True)
class Department:
    """A 担当課 as the plan spells it, with an unofficial English rendering."""

    name: str
    name_en: str


@dataclass(frozen=True)
class Jigyo:
    """One row of a ■主な事業 table of the plan."""

    id: str
    name: str
    departments: Tuple[str, ...]
    concerns: Tuple[str, ...]
    resident_can_use: bool
    goal: int
    goal_title: str
    measure: int
    measure_title: str
    group: str
    group_title: str
    repeat_of: Optional[str] = None

    @property
    def is_repeat(self) -> bool:
        """True for a 再掲 row (it repeats an earlier row of the plan)."""
        return self.repeat_of is not None

    @property
    def plan_ref(self) -> str:
        """Where the row sits, e.g. ``基本目標3 (2) ①``."""
        return f"基本目標{self.goal} ({self.measure}) {self.group}"


@dataclass(frozen=True)
class Audience:
    """Who a window is for; the empty audience means anyone."""

    age_min: Optional[int] = None
    age_max: Optional[int] = None
    groups: Tuple[str, ...] = ()
    victims: Tuple[str, ...] = ()
    note: Optional[str] = None

    @property
    def age_limited(self) -> bool:
        """True when the window is only for some ages."""
        return self.age_min is not None or self.age_max is not None or bool(self.groups)


@dataclass(frozen=True)
class ConcernRule:
    """How a window is offered for one of its concerns (overrides the window's own)."""

    priority: Optional[int] = None
    age_groups: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    """Contact details, only ever filled from a cited source."""

    source: str
    phone: Optional[str] = None
    url: Optional[str] = None
    hours: Optional[str] = None


@dataclass(frozen=True)
class Window:
    """A place or service of the plan that a resident can go to, contact or use."""

    id: str
    name: str
    name_en: str
    what: str
    what_plain: str
    what_en: str
    departments: Tuple[str, ...]
    concerns: Tuple[str, ...]
    audience: Audience
    jigyo: Tuple[str, ...]
    plan_ref: str
    priority: int
    concern_rules: Tuple[Tuple[str, ConcernRule], ...] = ()
    place: Optional[str] = None
    contact: Optional[Contact] = None
    kind: str = "window"  # window | service | activity | planned (validation.KINDS)
    sources: Tuple[Tuple[str, str], ...] = ()  # (claim, "plan L…" | "cited: …" | "inferred: …")
    checked: Optional[date] = None
    checked_by: Optional[str] = None

    def rule_for(self, concern: str) -> ConcernRule:
        """The per-concern rule, or an empty one."""
        return dict(self.concern_rules).get(concern, ConcernRule())

    def priority_for(self, concern: str) -> int:
        """The welfare worker's rank of this window for a concern: lower comes first."""
        rule = self.rule_for(concern)
        return self.priority if rule.priority is None else rule.priority


@dataclass(frozen=True)
class AgeGroup:
    """A Person.age_group value and the ages it stands for."""

    id: str
    ja: str
    en: str
    age_min: int
    age_max: Optional[int]


@dataclass(frozen=True)
class RoutingRules:
    """The routing choices of routing.yml."""

    age_groups: Dict[str, AgeGroup]
    general_windows: Tuple[str, ...]
    one_stop_window: str
    one_stop_for_concerns: Tuple[str, ...]
    age_question_for: Tuple[str, ...]
    affected_question_for: Tuple[str, ...]
    victim_concerns: Tuple[str, ...]
    victims_by_affected: Dict[str, str]
    victims_by_age_group: Dict[str, Optional[str]]
    victims_by_affected_when_age_unknown: Dict[str, str]
    take_part_concerns: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """What we know of the person the worry is about.

    age_group: "elementary_junior" | "high_school" | "adult" | "senior" | None;
    affected: self child partner parent sibling elderly disabled neighbour | None.
    """

    age_group: Optional[str] = None
    age: Optional[int] = None
    affected: Optional[str] = None
    on_behalf: bool = False


@dataclass(frozen=True)
class Match:
    """A window offered for one concern, with why (which concern, which condition)."""

    window: Window
    concern: str
    reasons: List[str] = field(default_factory=list)
