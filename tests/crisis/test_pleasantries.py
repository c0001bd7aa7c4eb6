"""Greetings, thanks and sign-offs alone are not a farewell note.

The crisis model read 「おはようございます。よろしくお願いいたします。」 and "Good
morning. Nice to meet you." as goodbyes (full block, 2026-12-05). A message
of pleasantries alone gets at most the calm line from the model; words of
finality, anything else said, or a pattern keep the crisis as before.
"""
from __future__ import annotations

import pytest

from bot.crisis import rules as crisis_rules
from bot.crisis.assessment import CrisisAssessor, Tiers
from bot.crisis.detector import CrisisDetector
from bot.crisis.model import CrisisScores
from bot.crisis.pleasantries import default

TIERS = Tiers(crisis_at=0.85, crisis_with_context_at=0.5, context_at=0.5, possible_at=0.25)


@pytest.fixture(scope="module")
def assessor():
    return CrisisAssessor(CrisisDetector(crisis_rules.load()), TIERS)


def _scores(p, kind="suicide"):
    return CrisisScores(probability=p, kind=kind, kinds={kind: p})


ONLY = [
    "おはようございます。よろしくお願いいたします。",
    "お世話になっております。何卒よろしくお願い申し上げます。",
    "ありがとうございました！助かりました",
    "夜分にすみません。",
    "こんにちは〜",
    "テスト",
    "Good morning. Nice to meet you.",
    "thank you so much, bye",
]
NOT_ONLY = [
    # finality
    "今までありがとうございました。さようなら",
    "みんなありがとう。さよなら",
    "Thank you for everything. Goodbye.",
    "最後にお礼を言いたくて。ありがとうございました",
    # something else is said
    "おはようございます。家賃が払えなくて困っています",
    "長い間お世話になりました。猫のことよろしくね",
    "ありがとう。もう疲れた",
    "",
]


@pytest.mark.parametrize("text", ONLY)
def test_pleasantries_alone(text):
    assert default().only(text)


@pytest.mark.parametrize("text", NOT_ONLY)
def test_not_pleasantries_alone(text):
    assert not default().only(text)


def test_the_model_alone_gives_a_greeting_at_most_the_calm_line(assessor):
    text = "おはようございます。よろしくお願いいたします。"
    assert assessor.assess(text, scores=_scores(0.97)).tier == "possible"
    assert assessor.assess(text, scores=_scores(0.7)) is None


def test_a_goodbye_with_finality_is_still_the_models_to_alarm(assessor):
    verdict = assessor.assess("今までありがとうございました。さようなら", scores=_scores(0.97))
    assert verdict.tier == "crisis"


def test_a_pattern_fires_whatever_the_pleasantries(assessor):
    verdict = assessor.assess("こんばんは。しにたい", scores=_scores(0.1))
    assert verdict.tier == "crisis" and verdict.source.startswith("pattern:")
