"""Width and case folding that remembers where each character came from.

Raw-text patterns are written once for ＡＢＣ / abc / ｼﾆﾀｲ alike, so they run
over NFKC, lower-cased text; spans found there must still point into the
resident's original text (the crisis detector compares them with morpheme
offsets, the person-facts extractor reports them as entity offsets).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import List, Tuple


@dataclass(frozen=True)
class FoldedText:
    """``text`` folded; ``origin[i]`` is the index in the original of folded character i."""

    text: str
    origin: Tuple[int, ...]
    original_length: int

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """The span of the original text that folded characters [start, end) came from."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else self.original_length
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


# Typographic apostrophes and quotes (phones type I’m, don’t): the patterns write '.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


def fold(text: str) -> FoldedText:
    """NFKC, lower case and plain quotes, character by character, keeping the origin of each result."""
    out: List[str] = []
    origin: List[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).lower().translate(_QUOTES)
        out.append(folded)
        origin.extend([index] * len(folded))
    return FoldedText(text="".join(out), origin=tuple(origin), original_length=len(text))
