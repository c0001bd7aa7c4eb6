"""A small pattern language over Sudachi morphemes, so crisis patterns stay data.

A pattern is a string of items separated by spaces:

``死ぬ て? 仕舞う? たい``
    each item names a form; a morpheme matches when its normalized form, its
    dictionary form or its surface equals it (so 死にたい / しにたい / 死にてえ
    all match ``死ぬ たい``: Sudachi gives them the same normalized forms);
``殴る|蹴る|叩く``
    alternatives;
``て?``
    an optional item;
``~3``
    a gap of 0 to 3 arbitrary morphemes.

Patterns are matched morpheme by morpheme, not over the text, so a pattern
never matches half a word (自殺 does not match inside 自殺予防 unless the
dictionary itself splits the compound, and guards handle that case).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import FrozenSet, Optional, Sequence, Tuple

from bot.text.sudachi import Morpheme


@dataclass(frozen=True)
class Item:
    """One position of a pattern: a set of forms, or a gap of up to ``gap`` morphemes."""

    forms: frozenset = frozenset()
    optional: bool = False
    gap: int = 0

    def accepts(self, morpheme: Morpheme) -> bool:
        """True when the morpheme has one of this item's forms."""
        return (
            morpheme.normalized in self.forms
            or morpheme.dictionary_form in self.forms
            or morpheme.surface in self.forms
        )


@dataclass(frozen=True)
class TokenPattern:
    """A parsed pattern; ``source`` is the string it was written as."""

    source: str
    items: Tuple[Item, ...]
    # Every match begins with a morpheme of one of these forms (None: it may
    # begin anywhere). The detector looks only at those positions: trying
    # each pattern at every morpheme was a third of a message's parse time.
    start_forms: Optional[FrozenSet[str]] = field(default=None, compare=False)

    def search(self, morphemes: Sequence[Morpheme]) -> Optional[Tuple[int, int]]:
        """(first, last+1) morpheme index of the first match, or None."""
        for start in range(len(morphemes)):
            end = self.match_at(morphemes, start)
            if end is not None:
                return start, end
        return None

    def match_at(self, morphemes: Sequence[Morpheme], start: int) -> Optional[int]:
        """End index when the pattern matches from exactly ``start``, else None."""
        return _match(self.items, 0, morphemes, start)


def _match(items: Tuple[Item, ...], k: int, morphemes: Sequence[Morpheme], i: int) -> Optional[int]:
    if k == len(items):
        return i
    item = items[k]
    if item.gap:
        for skip in range(item.gap + 1):
            if i + skip > len(morphemes):
                break
            end = _match(items, k + 1, morphemes, i + skip)
            if end is not None:
                return end
        return None
    if i < len(morphemes) and item.accepts(morphemes[i]):
        end = _match(items, k + 1, morphemes, i + 1)
        if end is not None:
            return end
    if item.optional:
        return _match(items, k + 1, morphemes, i)
    return None


def parse(source: str) -> TokenPattern:
    """Parses one pattern string; raises ValueError naming the pattern when it is malformed."""
    items = []
    for word in source.split():
        if word.startswith("~"):
            try:
                gap = int(word[1:])
            except ValueError:
                raise ValueError(f"bad gap {word!r} in pattern {source!r}") from None
            items.append(Item(gap=gap))
            continue
        optional = word.endswith("?") and len(word) > 1
        forms = frozenset(f for f in word.rstrip("?").split("|") if f)
        if not forms:
            raise ValueError(f"empty item {word!r} in pattern {source!r}")
        items.append(Item(forms=forms, optional=optional))
    if not any(item.forms for item in items):
        raise ValueError(f"pattern {source!r} names no form")
    return TokenPattern(source=source, items=tuple(items), start_forms=_start_forms(items))


def _start_forms(items: Sequence[Item]) -> Optional[FrozenSet[str]]:
    """The forms a non-empty match can begin with: those of the leading optional items and the first required one."""
    forms: set = set()
    for item in items:
        if item.gap:
            return None
        forms |= item.forms
        if not item.optional:
            return frozenset(forms)
    return None
