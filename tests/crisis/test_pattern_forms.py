"""Every form a crisis pattern names can match a morpheme.

A token pattern item matches one Sudachi morpheme (bot/crisis/token_patterns.py).
A form that Sudachi splits (リストカット → リスト + カット, 今すぐ → 今 + すぐ)
or two items that Sudachi joins into one word (今 まで → 今まで, 年 前 → 年前)
can never match: the pattern is silently dead. Such dead entries were found in
the patterns (今までありがとう, いなくなりたい) and in the urgency cues that keep
a guard from calming a message (今すぐ, 今から): write them as a sequence of
items instead (今 すぐ, 居る|いる ない 成る|なる たい).
"""
from __future__ import annotations

import dataclasses
import itertools
from typing import Iterator, List

import pytest

from bot.crisis import rules as crisis_rules
from bot.crisis.token_patterns import TokenPattern
from bot.text.sudachi import analyze


def _token_patterns(value) -> Iterator[TokenPattern]:
    if isinstance(value, TokenPattern):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _token_patterns(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _token_patterns(item)


@pytest.fixture(scope="module")
def patterns() -> List[TokenPattern]:
    found = {p.source: p for p in _token_patterns(crisis_rules.load())}
    assert len(found) > 100, "the crisis data should name well over a hundred token patterns"
    return list(found.values())


# Forms Sudachi splits or joins alone but not in a sentence, each with a
# sentence that shows it matching (the checks below read these sentences).
IN_CONTEXT = {
    "しのう": "もうしのうかな",
    "させる": "ご飯を食べさせてもらえない",
    "止む ない": "叫び声が止まない",
    "やむ ない": "泣き声がやまない",
    "年 前": "3年前",
    "一時": "一時は死にたいと言っていた",
}


def _matches_in_context(forms: str) -> bool:
    example = IN_CONTEXT.get(forms)
    if example is None:
        return False
    wanted = forms.split()
    morphemes = analyze(example)
    for start in range(len(morphemes) - len(wanted) + 1):
        window = morphemes[start:start + len(wanted)]
        if all(w in (m.surface, m.normalized, m.dictionary_form) for w, m in zip(wanted, window)):
            return True
    raise AssertionError(f"{example!r} does not show {forms!r} matching")


def _split_forms(pattern: TokenPattern) -> List[str]:
    return [f"{form!r} is {[m.surface for m in analyze(form)]}"
            for item in pattern.items for form in sorted(item.forms)
            if len(analyze(form)) > 1 and not _matches_in_context(form)]


def _joined_items(pattern: TokenPattern) -> List[str]:
    joined = []
    for a, b in zip(pattern.items, pattern.items[1:]):
        if not (a.forms and b.forms) or a.optional or b.optional:
            continue
        for x, y in itertools.product(sorted(a.forms), sorted(b.forms)):
            if len(analyze(x + y)) == 1 and not _matches_in_context(f"{x} {y}"):
                joined.append(f"{x} {y} is one word {x + y!r}")
    return joined


def test_every_form_is_one_morpheme(patterns):
    dead = {p.source: _split_forms(p) for p in patterns}
    assert not {k: v for k, v in dead.items() if v}


def test_no_two_items_are_one_word(patterns):
    dead = {p.source: _joined_items(p) for p in patterns}
    assert not {k: v for k, v in dead.items() if v}


def test_the_check_sees_a_dead_form():
    # The two checks above on patterns known to be dead, so that they cannot pass vacuously.
    from bot.crisis.token_patterns import parse

    assert _split_forms(parse("リストカット|自傷"))
    assert _joined_items(parse("今 まで ~2 ありがとう"))
    assert not _split_forms(parse("今 すぐ")) and not _joined_items(parse("今 すぐ"))


@pytest.mark.parametrize("text, kind", [
    ("今までありがとう。みんな元気でね", "suicide"),
    ("今まで本当にありがとう。さようなら", "suicide"),
    ("何もかも終わらせたい", "suicide"),
    ("私なんかいなくなる方がいい", "suicide"),
    ("隣の子どもが叫んでいて、泣き止まない", "child_danger"),
])
def test_words_the_dead_forms_missed_now_fire(text, kind):
    from bot.crisis.detector import CrisisDetector

    found = CrisisDetector(crisis_rules.load()).examine(text)
    assert found.signal is not None and found.signal.kind == kind


def test_urgency_written_as_two_words_keeps_a_guard_off():
    # 今すぐ / 今から are two morphemes: the urgency that keeps a past-and-resolved
    # guard from calming the message must still see them.
    from bot.crisis.detector import CrisisDetector

    detector = CrisisDetector(crisis_rules.load())
    settled = "10年前に自殺未遂をしたことがあります。今は元気に働いています"
    assert detector.examine(settled).calm_context is not None
    assert detector.examine(settled + "。でも今から死にます").calm_context is None
