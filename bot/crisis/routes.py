"""Which crisis reply a message gets: data/crisis/routes.yml, read and chosen from.

The kind says what is happening; the reply also depends on who is writing
(a child, a witness, a parent), who is hurt (an older or disabled person, a
child) and who hurts (a partner or not). Those facts come from the crisis
model's role heads and, where they say it more surely, from the person facts
(an age, who is affected) read by bot/person.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Any, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.crisis import attackers
from bot.crisis.kinds import kinds
from bot.data_file import read_yaml
from bot.settings import DEFAULTS

DEFAULT_FILE = DEFAULTS.crisis_dir / "routes.yml"
FACTS = ("kind", "writer", "victim", "attacker")
MINOR_AGE_GROUPS = ("elementary_junior", "high_school")


class RoutesError(ValueError):
    """routes.yml is malformed; the message names the file and the route."""


@dataclass(frozen=True)
class Facts:
    """What a route is chosen by."""

    kind: str
    writer: Optional[str] = None
    victim: Optional[str] = None
    attacker: Optional[str] = None


@dataclass(frozen=True)
class Route:
    """One reply: its opening text, its lines in order, the windows that follow."""

    id: str
    text: str
    lines: Tuple[str, ...]
    when: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)
    concern: Optional[str] = None
    affected: Optional[str] = None

    @property
    def for_a_child_writer(self) -> bool:
        """The route answers a child writing about themselves (routes.yml ``writer: [child]``)."""
        return "child" in self.when.get("writer", ())

    def holds(self, facts: Facts) -> bool:
        """Every condition of ``when`` holds for ``facts``."""
        return all(getattr(facts, name) in allowed for name, allowed in self.when.items())


@dataclass(frozen=True)
class Routes:
    """The crisis routes and the possible-risk lines."""

    crisis: Tuple[Route, ...]
    possible: Tuple[Route, ...]

    def for_crisis(self, facts: Facts) -> Route:
        """The first crisis route that holds (routes.yml ends each kind with a catch-all)."""
        return _first(self.crisis, facts)

    def for_possible(self, facts: Facts) -> Route:
        """The first possible-risk route that holds."""
        return _first(self.possible, facts)

    def hotline_ids(self) -> List[str]:
        """Every hotline id any route names."""
        return sorted({line for route in self.crisis + self.possible for line in route.lines})


def _first(routes: Sequence[Route], facts: Facts) -> Route:
    for route in routes:
        if route.holds(facts):
            return route
    raise LookupError(f"no route for kind {facts.kind!r}")


def facts_of(assessment: Any, age_group: Optional[str] = None, affected: Optional[str] = None,
             named_attackers: AbstractSet[str] = frozenset()) -> Facts:
    """The facts of a CrisisAssessment, corrected by the person facts where they are surer.

    A writer who gives a minor's age or grade about themselves is a child,
    whatever the model guessed, and one who gives a grown-up's age is not; an
    older writer hurt themselves is an older victim; an older or disabled
    person named as the one affected is the victim; an older person's age
    (82歳の母) is never a child's. A partner guessed by the model who is not
    named, when someone else is (``named_attackers``, bot.crisis.attackers.named
    of the message: 上司に殴られた), yields to the one named.
    """
    writer, victim = assessment.writer, assessment.victim
    about_the_writer = affected in (None, "self")
    if age_group in MINOR_AGE_GROUPS and about_the_writer:
        writer = "child"
    elif writer == "child" and about_the_writer and age_group in ("adult", "senior"):
        # 30過ぎて実家におる / 83です: the writer gave a grown-up's age; the model's guess yields.
        writer = "older" if age_group == "senior" else "self"
    if victim in (None, "self", "adult") and affected in ("elderly", "disabled"):
        victim = affected
    # An age given for the one affected outranks the model's guess (82歳の母 is no child).
    if victim == "child" and age_group == "adult" and affected != "child":
        victim = "adult"
    someone_else = affected not in (None, "self")
    if age_group == "senior" and (victim in (None, "adult", "child") or (victim == "self" and someone_else)):
        victim = "elderly"
    if victim in (None, "self") and (writer == "older" or (age_group == "senior" and affected in (None, "self"))):
        victim = "elderly"
    attacker = attackers.corrected(assessment.attacker, named_attackers) if named_attackers else assessment.attacker
    return Facts(kind=_kind_of_fear(assessment.kind, writer, victim), writer=writer, victim=victim, attacker=attacker)


def _kind_of_fear(kind: str, writer: Optional[str], victim: Optional[str]) -> str:
    """A parent's fear and a carer's fear, told by who would be hurt.

    The words are the same (突き飛ばしそう, 口をふさいでしまいそう, afraid of
    myself); the one who would be hurt is read apart from the kind. An older or
    disabled person cared for makes it a carer's fear. A child makes it a
    parent's only when a parent writes: a child who cares for a sick mother is
    read as "child" too.
    """
    if kind == "fear_of_harming_child" and victim in ("elderly", "disabled"):
        return "carer_fear"
    if kind == "carer_fear" and victim == "child" and writer == "parent":
        return "fear_of_harming_child"
    return kind


def _route(path: Path, where: str, raw: Any, index: int) -> Route:
    if not isinstance(raw, dict):
        raise RoutesError(f"{path}: {where} {index + 1}: expected a mapping")
    route_id = str(raw.get("id") or f"{where}.{index + 1}")
    when: Dict[str, Tuple[str, ...]] = {}
    for name, allowed in (raw.get("when") or {}).items():
        if name not in FACTS or not isinstance(allowed, list) or not allowed:
            raise RoutesError(f"{path}: route {route_id}: `when` takes lists for {FACTS}, got {name!r}")
        if name == "kind" and not set(allowed) <= set(kinds()):
            raise RoutesError(f"{path}: route {route_id}: unknown kind in {allowed}")
        when[name] = tuple(allowed)
    lines = raw.get("lines")
    if not raw.get("text") or not isinstance(lines, list) or not lines:
        raise RoutesError(f"{path}: route {route_id}: needs `text` and a non-empty `lines` list")
    return Route(id=route_id, text=str(raw["text"]), lines=tuple(lines), when=when,
                 concern=raw.get("concern"), affected=raw.get("affected"))


def load(path: Optional[Path] = None, known_hotlines: Optional[Sequence[str]] = None) -> Routes:
    """Reads and checks routes.yml: every kind has a route, every line id is known."""
    path = Path(path) if path else DEFAULT_FILE
    data = read_yaml(path, RoutesError)
    if not isinstance(data, dict):
        raise RoutesError(f"{path}: expected a mapping at the top")
    crisis = tuple(_route(path, "route", raw, i) for i, raw in enumerate(data.get("routes") or []))
    possible = tuple(_route(path, "possible", raw, i) for i, raw in enumerate(data.get("possible") or []))
    routes = Routes(crisis=crisis, possible=possible)
    for kind in kinds():
        try:
            routes.for_crisis(Facts(kind=kind, writer="__any__", victim="__any__", attacker="__any__"))
            routes.for_possible(Facts(kind=kind, writer="__any__", victim="__any__", attacker="__any__"))
        except LookupError:
            raise RoutesError(f"{path}: kind {kind!r} has no route that always holds") from None
    if known_hotlines is not None:
        unknown = sorted(set(routes.hotline_ids()) - set(known_hotlines))
        if unknown:
            raise RoutesError(f"{path}: unknown hotline ids {unknown}")
    return routes


@lru_cache(maxsize=2)
def default_routes(path: Optional[Path] = None) -> Routes:
    """routes.yml of the project (or ``path``), read once per process."""
    return load(path)
