"""PersonFactsExtractor on Message objects: `age` as written, `affected` as an id, with offsets."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.person_facts_extractor import PersonFactsExtractor


@pytest.fixture(scope="module")
def extractor():
    return PersonFactsExtractor(PersonFactsExtractor.get_default_config())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("80歳の母が心配", [("age", "80歳", 0, 3), ("affected", "parent", 4, 5)]),
        ("中2の息子が不登校", [("age", "中2", 0, 2), ("affected", "child", 3, 5)]),
        ("夫が心配", [("affected", "partner", 0, 1)]),
        ("高校生です", [("age", "高校生", 0, 3)]),
        ("生活費が足りない", []),
    ],
)
def test_entities(extractor, text, expected):
    message = Message(data={"text": text})
    extractor.process([message])
    got = [(e["entity"], e["value"], e["start"], e["end"]) for e in message.get("entities", [])]
    assert got == expected
    assert all(e["extractor"] == "PersonFactsExtractor" for e in message.get("entities", []))


def test_existing_entities_are_kept(extractor):
    other = {"entity": "crisis", "value": "suicide", "start": 0, "end": 2, "extractor": "X"}
    message = Message(data={"text": "娘のこと", "entities": [other]})
    extractor.process([message])
    assert message.get("entities")[0] == other
    assert message.get("entities")[1]["value"] == "child"
