"""Where one sentence of a resident's message ends and the next begins.

The crisis patterns are matched per sentence, and the crisis model and the
ConcernScorer score each sentence of a long post as well as the whole, so
all of them cut in one place.

A quotation is part of the sentence that quotes it: 「殺す気か！」って叫んだ
is one sentence, so that what is said about the quote (叫んだ, 笑いながら,
冗談) is read with it. A line break always ends a sentence, and an unclosed
bracket stops counting after a while, so one stray 「 cannot glue a whole
post into one sentence.
"""
from __future__ import annotations

import re
from typing import List, Tuple

_END_MARKS = "。．！？!?"
_OPENING = {"「": "」", "『": "』", "（": "）", "(": ")", "“": "”"}
# A quote longer than this is no longer read as a quote.
_LONGEST_QUOTE = 120
_FULL_STOP = re.compile(r"\.(?:\s|$)")


def spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of every sentence that is not blank, end marks included."""
    bounds, start, i = [], 0, 0
    closing: List[Tuple[str, int]] = []  # brackets still open, with where they opened
    n = len(text)
    while i < n:
        ch = text[i]
        if closing and i - closing[-1][1] > _LONGEST_QUOTE:
            closing.clear()
        if ch in _OPENING:
            closing.append((_OPENING[ch], i))
        elif closing and ch == closing[-1][0]:
            closing.pop()
        if ch == "\n":
            closing.clear()
        ends = ch == "\n" or (not closing and (ch in _END_MARKS or _FULL_STOP.match(text, i)))
        if ends:
            j = i + 1
            # A run of marks (！？…) and closing brackets after them stay with the sentence.
            while j < n and (text[j] in _END_MARKS or text[j] in "\n」』）)”"):
                j += 1
            bounds.append((start, j))
            start = i = j
            continue
        i += 1
    if start < n:
        bounds.append((start, n))
    return [(s, e) for s, e in bounds if text[s:e].strip()]
