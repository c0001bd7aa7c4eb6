"""Is a message Japanese or English? A small, dictionary-free check.

The navigator answers in the language the resident writes in. Residents mix
scripts freely — 「DVの相談をしたい」, "Where is 西東京市 city hall?" — so the
check weighs the two sides instead of looking for any Latin letter:

* Japanese side: kana and kanji characters, two characters counting as about
  one word (Japanese packs more into a character than English does).
* English side: Latin words, each English function word (``data/language/
  english_words.yml``) counting half again. A Latin word that is not on the
  list (DV, LINE, hikikomori) counts, but alone it never makes a Japanese
  sentence English.

Text in Japanese quotation brackets (「…」『…』) is left out when Japanese
remains outside them, since quoting what someone said in English does not
make the message English. Latin letters alone mean English (or romaji from
someone who does not write kana), except a lone acronym (DV, LINE). Anything
too short to tell, emoji and numbers give the default, ``"ja"``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Optional

import yaml

from bot.settings import DEFAULTS

DEFAULT = "ja"
WORDS_FILE = DEFAULTS.english_words_file

# A Latin word, with an inner apostrophe (don't, i'm).
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&\-]*")
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』")
# Japanese characters per English word on the scales below.
_JA_CHARS_PER_WORD = 2.0
# What one listed English word adds on top of counting as a word.
_FUNCTION_WORD_BONUS = 0.5
# Without any listed English word, Latin words must outweigh the Japanese by this much.
_UNLISTED_RATIO = 2.0


@lru_cache(maxsize=4)
def english_words(path: Path = WORDS_FILE) -> FrozenSet[str]:
    """The English words of ``path`` (key ``english_words``), lower case."""
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    words = data.get("english_words")
    if not isinstance(words, list) or not words:
        raise ValueError(f"{path}: expected a non-empty list under 'english_words'")
    return frozenset(str(w).strip().lower().replace("’", "'") for w in words)


def _is_japanese_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana (incl. ー)
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x2FFFF  # CJK extensions B–F
        or ch in "々〆"
    )


def _count_japanese(text: str) -> int:
    return sum(1 for ch in text if _is_japanese_char(ch))


def detect(text: Optional[str], words: Optional[FrozenSet[str]] = None) -> str:
    """``"en"`` when ``text`` is written in English, else ``"ja"`` (the default).

    Args:
        text: what the resident wrote, in any script.
        words: the English word list; by default the one in data/language/.

    Returns:
        ``"ja"`` or ``"en"``.
    """
    if not text:
        return DEFAULT
    listed = english_words() if words is None else words
    normalized = unicodedata.normalize("NFKC", text).replace("’", "'")
    folded = normalized.lower()

    unquoted = _QUOTED.sub(" ", folded)
    if _count_japanese(unquoted) > 0:
        folded = unquoted

    latin = _LATIN_WORD.findall(folded)
    japanese_chars = _count_japanese(folded)
    if sum(len(w) for w in latin) + japanese_chars < 2:
        return DEFAULT  # one letter, emoji, numbers, punctuation
    if not latin:
        return DEFAULT

    hits = sum(1 for w in latin if w in listed)
    en_score = len(latin) + _FUNCTION_WORD_BONUS * hits
    ja_score = japanese_chars / _JA_CHARS_PER_WORD

    if japanese_chars == 0:
        # Latin only: written by someone who did not use kana — English, or
        # romaji ("yachin harae nai"), which a kana reply would not help.
        # Acronyms alone ("DV", "LINE") are as much Japanese as English.
        if hits or len(latin) >= 2:
            return "en"
        return DEFAULT if _ACRONYM.fullmatch(normalized.strip(" \t\n!?.,")) else "en"
    if hits == 0:
        # Loanwords and names in a Japanese sentence, unless the Latin
        # words clearly carry the message (romaji with a kanji place name).
        return "en" if len(latin) >= 3 and en_score > _UNLISTED_RATIO * ja_score else DEFAULT
    return "en" if en_score > ja_score else DEFAULT
