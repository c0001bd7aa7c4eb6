"""Spans of text already taken by a longer match (the person facts, who hurts)."""
from __future__ import annotations

from typing import Iterable, Tuple


def is_free(taken: Iterable[Tuple[int, int]], start: int, end: int) -> bool:
    """[start, end) overlaps none of ``taken``: a word inside a longer one found first is not read again."""
    return all(end <= s or start >= e for s, e in taken)
