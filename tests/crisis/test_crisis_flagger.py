"""CrisisFlagger on Message objects: the intent becomes `crisis`, the ranking stays the model's."""
from __future__ import annotations

import copy

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.crisis_flagger import CrisisFlagger


@pytest.fixture(scope="module")
def flagger():
    return CrisisFlagger(CrisisFlagger.get_default_config())


def _message(text, intent="mental_health", confidence=0.4, ranking=None):
    ranking = ranking if ranking is not None else [
        {"name": intent, "confidence": confidence},
        {"name": "poverty", "confidence": 0.1},
    ]
    return Message(data={"text": text, "intent": {"name": intent, "confidence": confidence}, "intent_ranking": ranking})


@pytest.mark.parametrize(
    "text, kind",
    [
        ("もう死にたい", "suicide"),
        ("今夫に殴られている", "violence_now"),
        ("子どもが叩かれて泣き叫んでいる", "child_danger"),
        ("I want to die", "suicide"),
    ],
)
def test_crisis_overrides_the_intent_and_keeps_the_ranking(flagger, text, kind):
    message = _message(text)
    ranking_before = copy.deepcopy(message.get("intent_ranking"))
    flagger.process([message])
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert message.get("intent_ranking") == ranking_before
    crisis = [e for e in message.get("entities") if e["entity"] == "crisis"]
    assert crisis == [
        {"entity": "crisis", "value": kind, "start": 0, "end": len(text), "extractor": "CrisisFlagger"}
    ]


def test_nlu_fallback_does_not_hide_a_crisis(flagger):
    message = _message("しにたい", intent="nlu_fallback", confidence=0.2)
    flagger.process([message])
    assert message.get("intent")["name"] == "crisis"


@pytest.mark.parametrize("text", ["ゲートキーパー研修について知りたい", "生活費が足りない", "死ぬほど笑った"])
def test_calm_message_is_untouched(flagger, text):
    message = _message(text, intent="general", confidence=0.8)
    before = copy.deepcopy(message.data)
    flagger.process([message])
    assert message.data == before


def test_model_confidence_with_an_urgency_cue_flags(flagger):
    message = _message("夫のことで、今すぐどうにかしてほしい", intent="dv", confidence=0.92)
    flagger.process([message])
    assert message.get("intent")["name"] == "crisis"
    assert [e["value"] for e in message.get("entities") if e["entity"] == "crisis"] == ["violence_now"]


def test_model_confidence_alone_does_not_flag(flagger):
    message = _message("夫のことで相談したいです", intent="dv", confidence=0.95)
    flagger.process([message])
    assert message.get("intent")["name"] == "dv"


def test_without_a_ranking_the_previous_intent_is_kept_in_it(flagger):
    message = Message(data={"text": "死にたい", "intent": {"name": "greet", "confidence": 0.9}})
    flagger.process([message])
    assert message.get("intent_ranking") == [{"name": "greet", "confidence": 0.9}]
