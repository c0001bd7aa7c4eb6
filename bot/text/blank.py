"""Whether a text holds anything to read."""
from __future__ import annotations

import unicodedata
from typing import Optional


def is_blank(text: str) -> bool:
    """True for whitespace and invisible characters (controls, zero-width)."""
    return all(
        ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs") for ch in text
    )


def is_empty(text: Optional[str]) -> bool:
    """True for None, the empty string and whitespace only (what ``str.strip`` removes)."""
    return not text or not text.strip()
