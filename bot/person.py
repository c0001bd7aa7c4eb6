"""Person facts in a message: an age or grade, and who the worry is about.

``extract(text)`` finds them with the patterns of data/person_facts.yml
(regular expressions and word lists over the NFKC, lower-cased text, offsets
into the original text); ``age_group(text)`` is the age group alone, as the
navigator asks for it (docs/architecture.md). Nothing is read at import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import List, Mapping, Optional, Sequence, Tuple

import yaml

from bot.data_file import read_yaml
from bot.settings import DEFAULTS
from bot.text.folding import FoldedText, fold
from bot.text.spans import is_free

DEFAULT_FILE = DEFAULTS.person_facts_file
# The age groups' one definition, shared with the catalogue's routing.
AGE_BANDS_FILE = DEFAULTS.age_bands_file
_AGE_FORMULA = re.compile(r"^n(?:\*(\d+))?(?:\+(\d+))?$")
_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100}


class PersonFactsError(ValueError):
    """data/person_facts.yml is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Span:
    """Where a fact was written: entity name, value, offsets into the original text."""

    entity: str  # "age" or "affected"
    value: str  # age: the text as written; affected: the canonical id
    start: int
    end: int


@dataclass(frozen=True)
class PersonFacts:
    """What one message says about the person concerned."""

    age_text: Optional[str] = None
    age: Optional[int] = None
    age_group: Optional[str] = None
    affected: Optional[str] = None
    on_behalf: bool = False
    spans: Tuple[Span, ...] = field(default=())


@dataclass(frozen=True)
class _AgePattern:
    id: str
    regex: "re.Pattern[str]"
    multiply: int = 1
    add: int = 0


@dataclass(frozen=True)
class _AgeMention:
    start: int  # folded offsets
    end: int
    age: Optional[int]
    group: Optional[str]


@dataclass(frozen=True)
class _PersonMention:
    start: int
    end: int
    affected: str


@dataclass(frozen=True)
class PersonRules:
    """The parsed data/person_facts.yml."""

    bands: Tuple[Tuple[str, int, Optional[int]], ...]
    age_patterns: Tuple[_AgePattern, ...]
    age_words: Tuple[Tuple[str, str], ...]  # (word, age group), longest first
    affected_words: Tuple[Tuple[str, str], ...]  # (word, affected id), longest first
    affected_priority: Tuple[str, ...]
    implied_age_group: Mapping[str, str]
    not_a_person: Tuple[str, ...]
    described: Tuple[str, ...] = ()
    self_introduction: Tuple["re.Pattern[str]", ...] = ()
    aggressor_after: Optional["re.Pattern[str]"] = None
    not_the_present_age_after: Optional["re.Pattern[str]"] = None

    def present(self, folded: str, end: int) -> bool:
        """False when the age mention ending at ``end`` is a past time or a workplace."""
        return not (self.not_the_present_age_after and self.not_the_present_age_after.match(folded, end))

    def group_of(self, age: int) -> Optional[str]:
        """The age group of an age in years."""
        for group, low, high in self.bands:
            if age >= low and (high is None or age <= high):
                return group
        return None


def kanji_number(text: str) -> Optional[int]:
    """八十 → 80, 十五 → 15, 二十一 → 21, 15 → 15; None when it is not a number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[char]
        elif char in _KANJI_UNITS:
            total += (digit if digit is not None else 1) * _KANJI_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


# Words come from data/person_facts.yml, never from a message: compiled once each.
@lru_cache(maxsize=4096)
def _word_regex(word: str) -> "re.Pattern[str]":
    folded = fold(word).text
    if folded.isascii():
        return re.compile(rf"\b{re.escape(folded)}\b")
    return re.compile(re.escape(folded))


def load_bands(path: Optional[Path] = None) -> Tuple[Tuple[str, int, Optional[int]], ...]:
    """(group, first age, last age or None) of data/services/age_bands.yml, youngest first."""
    path = Path(path) if path else AGE_BANDS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(
            (ident, int(band["age_min"]), None if band.get("age_max") is None else int(band["age_max"]))
            for ident, band in data["age_groups"].items()
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        raise PersonFactsError(f"{path}: cannot read the age groups ({error})") from None


def load(path: Optional[Path] = None, bands_path: Optional[Path] = None) -> PersonRules:
    """Reads and validates data/person_facts.yml (or ``path``), with the age groups of age_bands.yml."""
    path = Path(path) if path else DEFAULT_FILE
    data = read_yaml(path, PersonFactsError)
    if "age_groups" in data:
        raise PersonFactsError(
            f"{path}: age_groups: the age groups are defined once, in {AGE_BANDS_FILE.name} (data/services)")
    bands = load_bands(bands_path)
    groups = {b[0] for b in bands}
    patterns, words = [], []
    for raw in data["ages"]:
        if "words" in raw:
            for group, items in raw["words"].items():
                if group not in groups:
                    raise PersonFactsError(f"{path}: ages {raw['id']}: unknown age group {group!r}")
                words += [(fold(w).text, group) for w in items]
            continue
        formula = _AGE_FORMULA.match(str(raw.get("age", "")).replace(" ", ""))
        if not formula:
            raise PersonFactsError(f"{path}: ages {raw.get('id')}: age must look like n, n+6 or n*10+5")
        try:
            regex = re.compile(raw["regex"])
        except (KeyError, re.error) as error:
            raise PersonFactsError(f"{path}: ages {raw.get('id')}: bad regex ({error})") from None
        patterns.append(
            _AgePattern(raw["id"], regex, int(formula.group(1) or 1), int(formula.group(2) or 0))
        )
    affected = [(fold(w).text, who) for who, items in data["affected"].items() for w in items]
    # AGE in a self-introduction stands for any age pattern of the file.
    any_age = "|".join(f"(?:{p.regex.pattern})" for p in patterns) + "|" + "|".join(
        re.escape(w) for w, _ in sorted(words, key=lambda w: -len(w[0]))
    )
    any_age = re.sub(r"\(\?P<\w+>", "(?:", any_age)
    try:
        introductions = tuple(
            re.compile(x.replace("AGE", any_age))
            for x in data.get("self_introduction") or []
        )
        aggressor = re.compile(data["aggressor_after"]) if data.get("aggressor_after") else None
        not_present = (re.compile(data["not_the_present_age_after"])
                       if data.get("not_the_present_age_after") else None)
    except re.error as error:
        raise PersonFactsError(
            f"{path}: self_introduction / aggressor_after / not_the_present_age_after: bad regex ({error})"
        ) from None
    return PersonRules(
        bands=bands,
        age_patterns=tuple(patterns),
        age_words=tuple(sorted(words, key=lambda w: -len(w[0]))),
        affected_words=tuple(sorted(affected, key=lambda w: -len(w[0]))),
        affected_priority=tuple(data["affected"]),
        implied_age_group=dict(data.get("implied_age_group") or {}),
        not_a_person=tuple(fold(w).text for w in data.get("not_a_person") or []),
        described=tuple(data.get("described") or ()),
        self_introduction=introductions,
        aggressor_after=aggressor,
        not_the_present_age_after=not_present,
    )


@lru_cache(maxsize=1)
def _default_rules() -> PersonRules:
    return load(DEFAULT_FILE)


def _ages(rules: PersonRules, folded: str) -> List[_AgeMention]:
    found: List[_AgeMention] = []
    taken: List[Tuple[int, int]] = []
    for pattern in rules.age_patterns:
        for match in pattern.regex.finditer(folded):
            raw = next((v for k, v in match.groupdict().items() if k.startswith("n") and v), None)
            number = kanji_number(raw) if raw else None
            if number is None or not is_free(taken, match.start(), match.end()):
                continue
            age = number * pattern.multiply + pattern.add
            if age > 120:
                continue
            taken.append((match.start(), match.end()))
            if not rules.present(folded, match.end()):
                continue
            # A group `t` marks the age text inside a longer match ("is 15" → "15").
            start, end = match.span("t") if "t" in match.groupdict() and match.group("t") else match.span()
            found.append(_AgeMention(start, end, age, rules.group_of(age)))
    for word, group in rules.age_words:
        for match in _word_regex(word).finditer(folded):
            if is_free(taken, match.start(), match.end()):
                taken.append((match.start(), match.end()))
                if rules.present(folded, match.end()):
                    found.append(_AgeMention(match.start(), match.end(), None, group))
    return sorted(found, key=lambda m: m.start)


def _people(rules: PersonRules, folded: str) -> List[_PersonMention]:
    taken = [
        (m.start(), m.end()) for word in rules.not_a_person for m in re.finditer(re.escape(word), folded)
    ]
    found = []
    for word, who in rules.affected_words:  # longest first: 祖母 before 母
        for match in _word_regex(word).finditer(folded):
            if is_free(taken, match.start(), match.end()):
                taken.append((match.start(), match.end()))
                found.append(_PersonMention(match.start(), match.end(), who))
    return sorted(found, key=lambda m: m.start)


def _chosen_person(rules: PersonRules, people: Sequence[_PersonMention], folded: str) -> Optional[_PersonMention]:
    """The affected person: not the one who harms; the writer when introduced; else see the data."""
    harmed = [
        p for p in people
        if not (rules.aggressor_after and p.affected != "self" and rules.aggressor_after.match(folded, p.end))
    ]
    aggressors = len(harmed) < len(people)
    for pattern in rules.self_introduction:
        match = pattern.search(folded)
        if match:
            return _PersonMention(match.start(), match.start(), "self")
    others = [p for p in harmed if p.affected != "self"]
    described = [p for p in others if p.affected in rules.described]
    if described:
        return described[0]
    if others:
        return others[0]
    selves = [p for p in harmed if p.affected == "self"]
    if selves:
        return selves[0]
    if aggressors:  # 夫に殴られる: the writer is the one harmed
        return _PersonMention(0, 0, "self")
    return None


def _attached_age(ages: Sequence[_AgeMention], person: Optional[_PersonMention], folded: str):
    """The age written just before the person (80歳の母, 中2の息子), else the first age."""
    if person is not None:
        for age in ages:
            between = folded[age.end : person.start]
            if age.end <= person.start and re.fullmatch(r"\s*(?:の|になる|になった|の私の|old)?\s*", between):
                return age
    return ages[0] if ages else None


def extract(text: str, rules: Optional[PersonRules] = None) -> PersonFacts:
    """The person facts of ``text`` (empty facts when it says nothing of a person)."""
    if not text:
        return PersonFacts()
    rules = rules or _default_rules()
    folded: FoldedText = fold(text)
    ages = _ages(rules, folded.text)
    person = _chosen_person(rules, _people(rules, folded.text), folded.text)
    age = _attached_age(ages, person, folded.text)

    spans: List[Span] = []
    age_text = None
    if age is not None:
        start, end = folded.original_span(age.start, age.end)
        age_text = text[start:end]
        spans.append(Span("age", age_text, start, end))
    affected = person.affected if person else None
    if person is not None and person.end > person.start:
        start, end = folded.original_span(person.start, person.end)
        spans.append(Span("affected", affected, start, end))
    group = age.group if age else None
    if group is None and affected:
        group = rules.implied_age_group.get(affected)
    return PersonFacts(
        age_text=age_text,
        age=age.age if age else None,
        age_group=group,
        affected=affected,
        on_behalf=affected is not None and affected != "self",
        spans=tuple(sorted(spans, key=lambda s: s.start)),
    )


def age_group(text: str) -> Optional[str]:
    """The age group a text names: "中2" → elementary_junior, "高3" → high_school, "80歳" → senior."""
    return extract(text).age_group
