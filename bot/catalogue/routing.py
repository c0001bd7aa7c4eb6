"""A welfare worker's choice of windows: concerns + what we know of the person -> Matches.

Which window fits whom is data (windows.yml audience / concern_rules / priority
and routing.yml); this module only applies it:

- a window limited by age is offered only when the person's age fits; while the
  age is unknown it is still offered, after the windows open to all ages, with
  the condition as its reason, and the general windows come first when the
  concern's routing depends on age;
- for victim-routed concerns (abuse) a window naming victims is offered only
  for its victims; all of them, each with its condition, while the victim is
  unknown;
- the one-stop window is added when there are several concerns or `general`;
- a window's kind decides whether it is offered at all: window and service
  records always, activity records only for the take-part concerns, planned
  records never (they are not there yet).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from bot.catalogue.records import Match, Person, RoutingRules, Window

_UNKNOWN = object()  # the victim could not be told from what we know


@dataclass
class _Candidate:
    window: Window
    concern: str
    tier: int  # 0: fits what we know, 1: fits only under a condition we do not know yet
    reasons: List[str] = field(default_factory=list)


class Router:
    """Applies the routing rules to a catalogue's windows."""

    def __init__(self, windows: Dict[str, Window], rules: RoutingRules) -> None:
        self.windows = windows
        self.rules = rules

    # -- what we know of the person ------------------------------------------------
    def age_range(self, person: Person) -> Optional[Tuple[int, Optional[int]]]:
        """The ages the person may have, or None when unknown."""
        if person.age is not None:
            return person.age, person.age
        group = self.rules.age_groups.get(person.age_group or "")
        return (group.age_min, group.age_max) if group else None

    def age_group_of(self, person: Person) -> Optional[str]:
        """The person's age group, from the group or from an exact age."""
        if person.age_group in self.rules.age_groups:
            return person.age_group
        if person.age is not None:
            for ident, group in self.rules.age_groups.items():
                if person.age >= group.age_min and (group.age_max is None or person.age <= group.age_max):
                    return ident
        return None

    def victim(self, person: Person):
        """Who is harmed: a victim kind, None (an adult: no victim-specific window), or _UNKNOWN."""
        rules = self.rules
        if person.affected in rules.victims_by_affected:
            return rules.victims_by_affected[person.affected]
        group = self.age_group_of(person)
        if group is not None and group in rules.victims_by_age_group:
            return rules.victims_by_age_group[group]
        if person.affected in rules.victims_by_affected_when_age_unknown:
            return rules.victims_by_affected_when_age_unknown[person.affected]
        return _UNKNOWN

    # -- one window, one concern -----------------------------------------------------
    def _age_check(self, window: Window, concern: str, person: Person) -> Tuple[Optional[bool], str]:
        """(True fits / False does not / None unknown, the condition as a reason)."""
        audience = window.audience
        rule_groups = window.rule_for(concern).age_groups
        limits = []
        if audience.age_min is not None:
            limits.append(f"age_min {audience.age_min}")
        if audience.age_max is not None:
            limits.append(f"age_max {audience.age_max}")
        if audience.groups:
            limits.append("for " + "/".join(audience.groups))
        if rule_groups:
            limits.append(f"for {concern}: " + "/".join(rule_groups))
        if not limits:
            return True, ""
        condition = ", ".join(limits)
        ages = self.age_range(person)
        if ages is None:
            return None, f"age unknown: only {condition}"
        low, high = ages
        group = self.age_group_of(person)
        fits = (
            (audience.age_min is None or low >= audience.age_min)
            and (audience.age_max is None or (high is not None and high <= audience.age_max))
            and (not audience.groups or group in audience.groups)
            and (not rule_groups or group in rule_groups)
        )
        who = f"age {person.age}" if person.age is not None else f"age group {person.age_group}"
        return fits, f"{who} fits {condition}"

    def offered(self, window: Window, concern: str) -> bool:
        """Whether the window's kind lets it be offered for the concern at all."""
        if window.kind in ("window", "service"):
            return True
        return window.kind == "activity" and concern in self.rules.take_part_concerns

    def _candidate(self, window: Window, concern: str, person: Person, victim) -> Optional[_Candidate]:
        if not self.offered(window, concern):
            return None
        reasons = [f"concern: {concern}"]
        tier = 0
        fits, reason = self._age_check(window, concern, person)
        if fits is False:
            return None
        if fits is None:
            tier = 1
        if reason:
            reasons.append(reason)
        if concern in self.rules.victim_concerns and window.audience.victims:
            victims = "/".join(window.audience.victims)
            if victim is _UNKNOWN:
                tier = 1
                reasons.append(f"victim unknown: for {victims}")
            elif victim in window.audience.victims:
                reasons.append(f"victim: {victim}")
            else:
                return None
        return _Candidate(window, concern, tier, reasons)

    # -- the answer --------------------------------------------------------------------
    def route(self, concerns: Iterable[str], person: Person) -> List[Match]:
        """Matches for each concern in turn, each in a welfare worker's order."""
        concerns = [c for c in dict.fromkeys(concerns)]
        victim = self.victim(person)
        age_known = self.age_range(person) is not None
        chosen: List[_Candidate] = []
        for concern in concerns:
            found = [
                c for c in (
                    self._candidate(w, concern, person, victim)
                    for w in self.windows.values() if concern in w.concerns
                ) if c is not None
            ]
            found.sort(key=lambda c: (c.tier, c.window.priority_for(concern)))
            first: List[_Candidate] = []
            if concern in self.rules.age_question_for and not age_known:
                first = [self._general(concern, "age unknown: a window for every age first")]
            elif not found:
                first = [self._general(concern, "no window fits what we know: a window for everything")]
            taken = {c.window.id for c in found}
            chosen += [c for c in first if c.window.id not in taken] + found
        self._add_one_stop(chosen, concerns)
        return [Match(window=c.window, concern=c.concern, reasons=c.reasons) for c in chosen]

    def _general(self, concern: str, reason: str) -> _Candidate:
        window = self.windows[self.rules.general_windows[0]]
        return _Candidate(window, concern, 0, [f"concern: {concern}", reason])

    def _add_one_stop(self, chosen: List[_Candidate], concerns: List[str]) -> None:
        if len(concerns) > 1:
            reason = "several concerns: the one-stop window can take them together"
        elif any(c in self.rules.one_stop_for_concerns for c in concerns):
            reason = f"concern {concerns[0]}: the one-stop window"
        else:
            return
        one_stop = self.rules.one_stop_window
        for candidate in chosen:
            if candidate.window.id == one_stop:
                candidate.reasons.append(reason)
                return
        window = self.windows[one_stop]
        concern = "general" if len(concerns) > 1 else concerns[0]
        chosen.append(_Candidate(window, concern, 0, [f"concern: {concern}", reason]))

    def question_needed(self, concerns: Iterable[str], person: Person) -> Optional[str]:
        """"age", "affected" or None: what would change the windows if we knew it."""
        age_known = self.age_range(person) is not None
        for concern in concerns:
            if concern in self.rules.affected_question_for and self.victim(person) is _UNKNOWN:
                if person.affected is None:
                    return "affected"
                if not age_known:
                    return "age"
            if concern in self.rules.age_question_for and not age_known:
                return "age"
        return None
