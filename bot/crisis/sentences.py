"""Where one sentence of a resident's message ends and the next begins.

The patterns are matched per sentence, and the crisis model scores each
sentence of a long post as well as the whole, so both cut in one place.
"""
from __future__ import annotations

import re
from typing import List, Tuple

_SENTENCE_END = re.compile(r"[。．！？!?\n]+|\.(?:\s|$)")


def spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of every sentence that is not blank, end marks included."""
    bounds, start = [], 0
    for end_mark in _SENTENCE_END.finditer(text):
        bounds.append((start, end_mark.end()))
        start = end_mark.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]
