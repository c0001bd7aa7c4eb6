"""Readings (furigana) for やさしい日本語: 相談（そうだん）できる 窓口（まどぐち）.

Readings come from Sudachi's reading forms (katakana, turned into hiragana);
none is typed by hand. Each word that contains kanji gets the reading of its
kanji part only, okurigana and kana inside the word stay outside the
parentheses (話（はな）し, 問（と）い合（あ）わせ). Words written only in kanji
that follow each other without a break share one reading, so a name reads as
one: 男女平等推進（だんじょびょうどうすいしん）センター.

Formats:
* ``with_readings(text)`` — the plain format, readings in full-width
  parentheses; LINE and ``rasa shell`` show it as it is.
* ``ruby_segments(text)`` — ``(text, reading or None)`` pairs for renderers.
* ``to_html_ruby(text_with_readings)`` — HTML ``<ruby>`` from the plain format.

Digits, Latin letters and kana are never annotated; text without kanji comes
back unchanged, and a reading already written after a word is not repeated.
"""
from __future__ import annotations

import html
import re
from typing import List, Optional, Tuple

from bot.text.sudachi import analyze

Segment = Tuple[str, Optional[str]]

# Characters written as kanji: CJK ideographs and the iteration / abbreviation
# marks that stand for them (人々, 〆切, 一ヶ月).
_KANJI = (
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0002ffff"  # extensions B–F
    "々〆"
)
_KANJI_CHAR = re.compile(f"[{_KANJI}]")
_KANJI_LIKE = f"{_KANJI}ヶヵ"
_KANJI_LIKE_RUN = re.compile(f"[{_KANJI_LIKE}]+")
_HIRAGANA_READING = re.compile(r"[ぁ-ゖー]+")
# The plain format (a reading written after its kanji), parsed back for HTML
# and never annotated twice: kanji run, full-width parentheses, hiragana.
_PARENTHESIZED = re.compile(f"([{_KANJI_LIKE}]+)（([ぁ-ゖー]+)）")


def has_kanji(text: str) -> bool:
    """True when ``text`` contains at least one kanji."""
    return bool(_KANJI_CHAR.search(text))


def to_hiragana(text: str) -> str:
    """Katakana to hiragana (ァ–ヶ); everything else, ー included, stays."""
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def _align(surface: str, reading: str) -> List[Segment]:
    """Splits one word into kana and kanji parts, each kanji part with its reading.

    The kana of the surface are matched in the reading, so only the kanji get
    a reading (子ども → 子/こ + ども). When that cannot be done unambiguously,
    the kana shared at the start and end are taken off and the middle gets
    the rest of the reading (a word read irregularly as a whole).
    """
    parts = [(m.group(0), m.start(), m.end()) for m in _KANJI_LIKE_RUN.finditer(surface)]
    pattern, pieces, position = "", [], 0
    for run, start, end in parts:
        kana = surface[position:start]
        pattern += re.escape(to_hiragana(kana))
        pieces.append(kana)
        pattern += "(.+?)"
        pieces.append(None)
        position = end
    pattern += re.escape(to_hiragana(surface[position:]))
    pieces.append(surface[position:])

    lazy = re.fullmatch(pattern, reading)
    greedy = re.fullmatch(pattern.replace("(.+?)", "(.+)"), reading)
    if lazy and greedy and lazy.groups() == greedy.groups():
        segments: List[Segment] = []
        readings = iter(lazy.groups())
        runs = iter(run for run, _, _ in parts)
        for piece in pieces:
            if piece is None:
                segments.append((next(runs), next(readings)))
            elif piece:
                segments.append((piece, None))
        return segments

    # Fallback: strip the kana that surface and reading share at both ends.
    kana_surface = to_hiragana(surface)
    head = 0
    while (
        head < len(surface) - 1
        and head < len(reading) - 1
        and kana_surface[head] == reading[head]
        and not _KANJI_CHAR.match(surface[head])
    ):
        head += 1
    tail = 0
    while (
        tail < len(surface) - head - 1
        and tail < len(reading) - head - 1
        and kana_surface[-1 - tail] == reading[-1 - tail]
        and not _KANJI_CHAR.match(surface[-1 - tail])
    ):
        tail += 1
    middle = surface[head : len(surface) - tail]
    segments = [(surface[:head], None)] if head else []
    segments.append((middle, reading[head : len(reading) - tail]))
    if tail:
        segments.append((surface[len(surface) - tail :], None))
    return segments


def _merge_plain(segments: List[Segment]) -> List[Segment]:
    merged: List[Segment] = []
    for text, reading in segments:
        if not text:
            continue
        if reading is None and merged and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + text, None)
        else:
            merged.append((text, reading))
    return merged


def _annotate(text: str) -> List[Segment]:
    """Segments of text that carries no written readings."""
    if not has_kanji(text):
        return [(text, None)]
    # Words with readings, as (begin, end, reading); all-kanji neighbours joined.
    words: List[Tuple[int, int, str]] = []
    for m in analyze(text):
        if not has_kanji(m.surface):
            continue
        reading = to_hiragana(m.reading)
        if not _HIRAGANA_READING.fullmatch(reading):
            continue  # no usable reading (an unknown word is read as itself)
        if (
            words
            and words[-1][1] == m.begin
            and _KANJI_LIKE_RUN.fullmatch(m.surface)
            and _KANJI_LIKE_RUN.fullmatch(text[words[-1][0] : words[-1][1]])
        ):
            begin, _, before = words.pop()
            words.append((begin, m.end, before + reading))
        else:
            words.append((m.begin, m.end, reading))

    segments: List[Segment] = []
    position = 0
    for begin, end, reading in words:
        segments.append((text[position:begin], None))
        segments.extend(_align(text[begin:end], reading))
        position = end
    segments.append((text[position:], None))
    return segments


def ruby_segments(text: str) -> List[Segment]:
    """``text`` cut into ``(piece, reading)`` pairs; ``reading`` is None for pieces without kanji.

    Joining the pieces gives ``text`` back exactly, spaces included, except
    for readings already written in the plain format (相談（そうだん）): those
    become the reading of their segment, so ``ruby_segments(with_readings(t))``
    gives the segments of ``t``.
    """
    if not text:
        return []
    segments: List[Segment] = []
    position = 0
    for written in _PARENTHESIZED.finditer(text):
        segments.extend(_annotate(text[position : written.start()]))
        segments.append((written.group(1), written.group(2)))
        position = written.end()
    segments.extend(_annotate(text[position:]))
    return _merge_plain(segments)


def with_readings(text: str) -> str:
    """``text`` with the hiragana reading in full-width parentheses after every kanji part.

    >>> with_readings("相談できる窓口")
    '相談（そうだん）できる窓口（まどぐち）'
    """
    if not text or not has_kanji(text):
        return text
    return "".join(
        piece if reading is None else f"{piece}（{reading}）" for piece, reading in ruby_segments(text)
    )


# The default plain format, for LINE, rasa shell and the REST channel.
parenthesized = with_readings


def to_html_ruby(text_with_readings: str) -> str:
    """HTML for ``with_readings`` output: escaped, each 漢字（かな） as ``<ruby>``.

    >>> to_html_ruby("窓口（まどぐち）<b>")
    '<ruby>窓口<rt>まどぐち</rt></ruby>&lt;b&gt;'
    """
    escaped = html.escape(text_with_readings or "", quote=True)
    return _PARENTHESIZED.sub(r"<ruby>\1<rt>\2</rt></ruby>", escaped)
