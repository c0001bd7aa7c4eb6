"""Masks what identifies a resident in their own words before they are stored.

Phone numbers, e-mail addresses, postal codes, street addresses, My
Number-like and card-like digit runs become placeholders such as ［電話番号］.
The patterns are data (``data/privacy/patterns.yml``); this module only
applies them, in the file's order. Ages (15歳), years, grades and small
numbers are left alone; only residents' text is masked (the bot's replies
with the national hotline numbers are stored as sent).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, List, Optional, Tuple

import yaml

from bot import settings

DEFAULT_PATTERNS_FILE = settings.DEFAULTS.privacy_patterns_file


class PatternError(ValueError):
    """The patterns file is unusable; the message names the file and the entry."""


@dataclass(frozen=True)
class Pattern:
    """One kind of personal detail and what replaces it."""

    name: str
    placeholder: str
    regex: "re.Pattern[str]"
    digits: Optional[Tuple[int, int]] = None  # masked only with this many digits


@dataclass(frozen=True)
class Masker:
    """The loaded patterns; ``mask`` applies them in order."""

    patterns: Tuple[Pattern, ...]
    public_numbers: FrozenSet[str]

    @classmethod
    def from_file(cls, path: Path) -> "Masker":
        """Reads and checks a patterns file (see data/privacy/patterns.yml)."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise PatternError(f"{path}: cannot be read: {error}") from None
        patterns: List[Pattern] = []
        for index, entry in enumerate(data.get("patterns") or []):
            where = f"{path}: patterns[{index}]"
            if not isinstance(entry, dict) or not {"name", "placeholder", "regex"} <= entry.keys():
                raise PatternError(f"{where}: needs name, placeholder and regex")
            try:
                compiled = re.compile(entry["regex"])
            except re.error as error:
                raise PatternError(f"{where} ({entry['name']}): invalid regex: {error}") from None
            digits = entry.get("digits")
            if digits is not None and not (
                isinstance(digits, list) and len(digits) == 2 and all(isinstance(d, int) for d in digits)
            ):
                raise PatternError(f"{where} ({entry['name']}): digits must be [min, max]")
            patterns.append(Pattern(entry["name"], entry["placeholder"], compiled,
                                    tuple(digits) if digits else None))
        if not patterns:
            raise PatternError(f"{path}: no patterns")
        return cls(tuple(patterns), _public_numbers())

    def mask(self, text: str) -> str:
        """``text`` with every personal detail replaced by its placeholder."""
        for pattern in self.patterns:
            text = pattern.regex.sub(lambda match, p=pattern: self._replace(p, match), text)
        return text

    def _replace(self, pattern: Pattern, match: "re.Match[str]") -> str:
        found = match.group(0)
        digits = _digits(found)
        if pattern.digits is not None:
            low, high = pattern.digits
            if not low <= len(digits) <= high:
                return found
        if digits and digits in self.public_numbers:
            return found
        return pattern.placeholder


def _public_numbers() -> FrozenSet[str]:
    """The hotline numbers the replies give, digits only: quoting one is not personal."""
    from bot import hotlines

    # The file the navigator serves (NAVIGATOR_HOTLINES_FILE), not always data/hotlines.yml.
    return frozenset(_digits(h.number) for h in hotlines.load(settings.load().hotlines_file).hotlines.values())


def _digits(text: str) -> str:
    """The decimal digits of ``text`` as ASCII (full-width ones included)."""
    return "".join(str(int(ch)) for ch in text if ch.isdecimal())


@lru_cache(maxsize=4)
def load(path: Optional[Path] = None) -> Masker:
    """The masker for ``path`` (default: data/privacy/patterns.yml), loaded once."""
    return Masker.from_file(Path(path) if path else DEFAULT_PATTERNS_FILE)


def mask(text: str) -> str:
    """Masks a resident's text with the project's patterns; non-text is returned as is."""
    if not isinstance(text, str) or not text:
        return text
    return load().mask(text)
