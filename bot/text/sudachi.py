"""One Sudachi dictionary per process, one Sudachi tokenizer per thread.

Sudachi's ``Dictionary`` is safe to share, but a ``Tokenizer`` is not: Rasa
trains, tests and serves from worker threads, so every thread gets its own
tokenizer, created lazily from the process-wide dictionary.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Dict, List

from bot.text.blank import is_blank

# Sudachi refuses input of more than about 49,000 bytes; 10,000 characters of
# UTF-8 Japanese stay well below that (at most 4 bytes each).
MAX_CHUNK_CHARS = 10_000

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_dictionary = None
_dictionary_lock = threading.Lock()
_per_thread = threading.local()


@dataclass(frozen=True)
class Morpheme:
    """What the project uses of one Sudachi morpheme, with offsets into the original text."""

    surface: str
    normalized: str  # the form 表記ゆれ share: 引き篭もり / ひきこもり → 引き籠もり
    dictionary_form: str
    reading: str  # katakana
    pos: str  # first part-of-speech field, e.g. 名詞, 動詞, 空白
    begin: int
    end: int


def _dictionary_instance():
    global _dictionary
    if _dictionary is None:
        with _dictionary_lock:
            if _dictionary is None:
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
    return _dictionary


def _tokenizer(mode: str):
    cache: Dict[str, object] = getattr(_per_thread, "tokenizers", None)
    if cache is None:
        cache = _per_thread.tokenizers = {}
    if mode not in cache:
        cache[mode] = _dictionary_instance().tokenizer(mode=mode)
    return cache[mode]


def _lemma(surface: str, normalized: str) -> str:
    # Sudachi normalizes Latin words to katakana loanwords (help → ヘルプ) and
    # keeps their case; English-writing residents are better served by the
    # word itself, folded to NFKC lower case (ＤＶ / DV / dv → dv).
    folded = unicodedata.normalize("NFKC", surface)
    if folded.isascii() and any(ch.isalpha() for ch in folded):
        return folded.lower()
    return normalized


def _chunks(text: str):
    """Yields (offset, piece) so that no piece exceeds Sudachi's input limit."""
    start = 0
    while start < len(text):
        end = min(start + MAX_CHUNK_CHARS, len(text))
        if end < len(text):
            # Cut after the last sentence end or line break when there is one.
            cut = max(text.rfind(sep, start, end) for sep in ("\n", "。", "．", ". "))
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def analyze(text: str, mode: str = "C") -> List[Morpheme]:
    """Splits ``text`` into morphemes, dropping whitespace and invisible characters.

    Offsets point into ``text`` itself (Sudachi's own ``begin()``/``end()``),
    also for full-width characters and text longer than Sudachi accepts.
    """
    if not text:
        return []
    # A lone surrogate cannot be encoded for Sudachi; U+FFFD keeps every offset.
    original, text = text, _LONE_SURROGATE.sub("\ufffd", text)
    tokenizer = _tokenizer(mode)
    morphemes: List[Morpheme] = []
    for offset, piece in _chunks(text):
        for m in tokenizer.tokenize(piece):
            surface = original[offset + m.begin() : offset + m.end()]
            if is_blank(surface):
                continue
            morphemes.append(
                Morpheme(
                    surface=surface,
                    normalized=_lemma(surface, m.normalized_form()),
                    dictionary_form=m.dictionary_form(),
                    reading=m.reading_form(),
                    pos=m.part_of_speech()[0],
                    begin=offset + m.begin(),
                    end=offset + m.end(),
                )
            )
    return morphemes


def normalized_forms(text: str, mode: str = "C") -> List[str]:
    """The normalized form of every morpheme, the shape patterns are matched against."""
    return [m.normalized for m in analyze(text, mode)]
