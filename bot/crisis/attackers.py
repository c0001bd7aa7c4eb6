"""Who hurts, as the message names it: data/crisis/attackers.yml.

The crisis model's attacker head guesses `partner` for messages that name a
boss or a care helper, and a partner gives the DV lines
(data/crisis/routes.yml). ``named(text)`` is the set of attacker values the
words of a message name; ``corrected(attacker, named)`` takes the partner
away when the message names no partner and names someone else. Words never
make a partner of an attacker the model did not read as one.

Matching as bot/person.py: over the NFKC, lower-cased text, the longest word
first, a match inside a longer one or inside a ``not_a_name`` word ignored,
English words whole (plural or not); the writer's own work (担任です, I'm a
nurse) names no one who hurts. The text is never kept or logged: only
the values leave this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, FrozenSet, List, Optional, Tuple

from bot.data_file import read_yaml
from bot.settings import DEFAULTS
from bot.text.folding import fold
from bot.text.spans import is_free

DEFAULT_FILE = DEFAULTS.crisis_dir / "attackers.yml"
# A partner or an ex-partner: the attackers that give the DV lines.
PARTNERS = ("partner", "ex_partner")
# What `named` reports for a couple (父が母を…): a partner may be the one who hurts.
PARTNER = "partner"


class AttackersError(ValueError):
    """attackers.yml is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class AttackerWords:
    """The parsed data/crisis/attackers.yml."""

    words: Tuple[Tuple["re.Pattern[str]", str, str], ...]  # (regex, folded word, value), longest first
    preference: Tuple[str, ...]  # the values other than a partner's, in the file's order
    couples: Tuple[Tuple[FrozenSet[str], FrozenSet[str]], ...]  # folded words of each side
    a_couple: Tuple["re.Pattern[str]", ...]
    not_a_name: Tuple["re.Pattern[str]", ...]
    the_writer_after: Optional["re.Pattern[str]"] = None  # 担任です: the writer's own work
    the_writer_before: Optional["re.Pattern[str]"] = None  # I'm a teacher

    def the_writer(self, folded: str, start: int, end: int) -> bool:
        """The word at [start, end) names the writer's own work (担任です, I'm a nurse)."""
        return bool(
            (self.the_writer_after and self.the_writer_after.match(folded, end))
            or (self.the_writer_before and self.the_writer_before.search(folded[max(0, start - 40):start]))
        )


def _regex(word: str, plural: bool = True) -> "re.Pattern[str]":
    folded = fold(word).text
    if folded.isascii():
        return re.compile(rf"(?<![\w-]){re.escape(folded)}{'(?:s|es)?' if plural else ''}(?![\w-])")
    return re.compile(re.escape(folded))


def _strings(path: Path, where: str, raw) -> List[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise AttackersError(f"{path}: {where}: expected a list of words")
    return list(raw)


def load(path: Optional[Path] = None) -> AttackerWords:
    """Reads and checks attackers.yml: every value is an attacker value of the crisis model."""
    from bot.crisis.model import ROLES

    path = Path(path) if path else DEFAULT_FILE
    data = read_yaml(path, AttackersError)
    if not isinstance(data, dict) or not isinstance(data.get("attackers"), dict):
        raise AttackersError(f"{path}: expected an `attackers:` mapping")
    words = []
    for value, items in data["attackers"].items():
        if value not in ROLES["attacker"]:
            raise AttackersError(f"{path}: unknown attacker value {value!r} (known: {ROLES['attacker']})")
        words += [(fold(w).text, value) for w in _strings(path, f"attackers.{value}", items)]
    couples = []
    for index, pair in enumerate(data.get("couples") or []):
        if not isinstance(pair, list) or len(pair) != 2:
            raise AttackersError(f"{path}: couples {index + 1}: expected two lists of words")
        couples.append(tuple(frozenset(fold(w).text for w in _strings(path, f"couples {index + 1}", side))
                             for side in pair))
    try:
        after, before = (re.compile(data[key]) if data.get(key) else None
                         for key in ("the_writer_after", "the_writer_before"))
    except re.error as error:
        raise AttackersError(f"{path}: the_writer_after / the_writer_before: bad regex ({error})") from None
    return AttackerWords(
        words=tuple((_regex(w), w, v) for w, v in sorted(words, key=lambda w: -len(w[0]))),
        preference=tuple(v for v in data["attackers"] if v not in PARTNERS),
        couples=tuple(couples),
        a_couple=tuple(_regex(w) for w in _strings(path, "a_couple", data.get("a_couple") or [])),
        not_a_name=tuple(_regex(w, plural=False) for w in _strings(path, "not_a_name", data.get("not_a_name") or [])),
        the_writer_after=after,
        the_writer_before=before,
    )


@lru_cache(maxsize=2)
def default_words(path: Optional[Path] = None) -> AttackerWords:
    """attackers.yml of the project (or ``path``), read once per process."""
    return load(path)


def named(text: Optional[str], words: Optional[AttackerWords] = None) -> FrozenSet[str]:
    """The attacker values the words of ``text`` name; ``partner`` also for a couple (父が母を…)."""
    if not text:
        return frozenset()
    words = words or default_words()
    folded = fold(text).text
    taken = [m.span() for regex in words.not_a_name for m in regex.finditer(folded)]
    found, values = set(), set()
    for regex, word, value in words.words:  # longest first: 元夫 before 夫
        for match in regex.finditer(folded):
            if not is_free(taken, *match.span()):
                continue
            taken.append(match.span())
            if value in PARTNERS or not words.the_writer(folded, *match.span()):
                found.add(word)
                values.add(value)
    if any(found & one and found & other for one, other in words.couples) or any(
        regex.search(folded) for regex in words.a_couple
    ):
        values.add(PARTNER)
    return frozenset(values)


def corrected(attacker: Optional[str], named_values: AbstractSet[str],
              words: Optional[AttackerWords] = None) -> Optional[str]:
    """The model's attacker, unless it is a partner the message does not name and someone else is named.

    A partner or ex-partner guessed by the model stands when the message names
    a partner or an ex-partner (or a couple), or names no one else; else the
    first named value in the file's order (family before others, a stranger
    last). Any other guess stands as it is.
    """
    if attacker not in PARTNERS or named_values & set(PARTNERS):
        return attacker
    words = words or default_words()
    return next((value for value in words.preference if value in named_values), attacker)
