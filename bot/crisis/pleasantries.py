"""Is a message only greetings, thanks and sign-offs (data/crisis/pleasantries.yml)?

The crisis model reads short polite messages as goodbyes: two sentences of
thanks look like a farewell note. A message with nothing but pleasantries,
and no word of finality (今まで, 最後, everything), tells nothing of danger;
bot/crisis/assessment.py keeps the model alone from alarming on it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Tuple

import yaml

from bot.sentences import spans
from bot.settings import DEFAULTS
from bot.text.folding import fold

_LEFTOVER = re.compile(r"[\s\W_ー〜~・wｗ笑]+")


@dataclass(frozen=True)
class Pleasantries:
    """The pleasantry patterns and the words of finality that overrule them."""

    pleasantries: Tuple[re.Pattern, ...]
    finality: Tuple[re.Pattern, ...]

    def only(self, text: str) -> bool:
        """True when every sentence of ``text`` is a pleasantry and no word of finality occurs."""
        # The same folding as the crisis patterns (ｼﾆﾀｲ, I’m): the YAML is written once for all forms.
        norm = fold(text or "").text
        if not norm.strip() or any(p.search(norm) for p in self.finality):
            return False
        for start, end in spans(norm):
            rest = norm[start:end]
            for pattern in self.pleasantries:
                rest = pattern.sub(" ", rest)
            if _LEFTOVER.sub("", rest):
                return False
        return True


def load(path: Path = DEFAULTS.crisis_dir / "pleasantries.yml") -> Pleasantries:
    """Reads and compiles pleasantries.yml."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return Pleasantries(
        pleasantries=tuple(re.compile(p) for p in data["pleasantries"]),
        finality=tuple(re.compile(p) for p in data["finality"]),
    )


@lru_cache(maxsize=1)
def default() -> Pleasantries:
    """The project's pleasantries, read once."""
    return load()
