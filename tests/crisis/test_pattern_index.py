"""The detector tries a pattern only where its first morpheme can match: the same spans as trying everywhere."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.crisis import rules
from bot.crisis.detector import _sentences, _spans
from bot.crisis.token_patterns import TokenPattern, parse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "pattern, forms",
    [
        ("死ぬ たい", {"死ぬ"}),
        ("殴る|蹴る ~2 居る", {"殴る", "蹴る"}),
        ("もう? 死ぬ たい", {"もう", "死ぬ"}),
        ("て? で? 死ぬ", {"て", "で", "死ぬ"}),
        ("~3 死ぬ", None),  # a leading gap: any morpheme may begin a match
        ("もう? ~2 死ぬ", None),
        ("もう? 本当?", None),  # nothing required
    ],
)
def test_start_forms(pattern, forms):
    assert parse(pattern).start_forms == (None if forms is None else frozenset(forms))


def _every_start(pattern: TokenPattern, sentence):
    ms = sentence.morphemes
    for first in range(len(ms)):
        last = pattern.match_at(ms, first)
        if last is not None and last > first:
            yield ms[first].begin, ms[last - 1].end, last


def _token_patterns(loaded):
    groups = [loaded.minor_in_message]
    for trigger in loaded.triggers:
        groups += [trigger.match, trigger.not_followed_by, trigger.with_any, trigger.needs_any,
                   trigger.unless_any, *trigger.needs_all]
    for guard in loaded.guards:
        groups += [*guard.all_of, guard.unless_any]
    groups += [cue.match for cue in loaded.model.cues]
    return list({m for group in groups for m in group if isinstance(m, TokenPattern)})


def test_every_pattern_of_the_data_finds_what_a_search_from_every_morpheme_finds():
    loaded = rules.load()
    patterns = _token_patterns(loaded)
    assert len(patterns) > 100
    cases = yaml.safe_load((ROOT / "tests" / "crisis" / "crisis_cases.yml").read_text(encoding="utf-8"))
    texts = [c["text"] for c in cases["crisis"]] + [c["text"] if isinstance(c, dict) else c for c in cases["calm"]]
    found = 0
    for text in texts:
        for sentence in _sentences(text):
            for pattern in patterns:
                expected = list(_every_start(pattern, sentence))
                assert list(_spans(pattern, sentence)) == expected, (pattern.source, text)
                found += bool(expected)
    assert found > 100  # the comparison covered matches, not only misses
