"""How much of a message is read, and for what.

Measured here: one parse of a 6,000-character message took 5 s and an
18,000-character one 34 s and about 10 GB (DIET's cost grows with the square
of the length); Sudachi refuses more than about 49,000 bytes. No resident
writes 2,000 characters to ask for a window, so the concern is read from the
first ``MAX_MESSAGE_CHARS`` (the tokenizer stops there) and the resident is
told so.

Danger is read from all of it: a long post can end in a goodbye. Channels
accept up to ``MAX_INPUT_CHARS``, LINE's own limit for a text message, and
the crisis patterns and the crisis model (whose cost grows with the length,
not its square) read every character of that.
"""
from __future__ import annotations

from typing import Tuple

MAX_MESSAGE_CHARS = 2000
MAX_INPUT_CHARS = 5000


def cap(text: str, limit: int = MAX_MESSAGE_CHARS) -> Tuple[str, bool]:
    """Returns the text cut to ``limit`` characters and whether it was cut."""
    if len(text) <= limit:
        return text, False
    return text[:limit], True


def understood_part(text: str) -> str:
    """The part of a message the concern is read from (the rest is read for danger only)."""
    return text[:MAX_MESSAGE_CHARS]
