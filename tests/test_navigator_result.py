"""The typed navigator.result: the payload clients get stays key for key what it was."""
import asyncio
from pathlib import Path

import pytest
import yaml

from actions.action_show_windows import ActionShowWindows
from bot.navigator_result import NavigatorResult, is_payload, payload_in
from tests.actions.conftest import run, tracker

ROOT = Path(__file__).parents[1]
MODEL = ROOT / "models" / "navigator.tar.gz"

# docs/architecture.md's reply contract, in the order clients have received it.
KEYS = ["type", "lang", "easy_japanese", "concerns", "crisis", "crisis_kind", "risk", "crisis_route",
        "crisis_source", "risk_kind", "person", "windows", "report", "emergency", "possible_risk",
        "question", "listing_text", "listing_without_windows", "concern_scores"]
# A turn without a concern lists no windows and so sends no listing.
KEYS_WITHOUT_LISTING = [k for k in KEYS if not k.startswith("listing")]


@pytest.fixture(scope="module")
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def action():
    from bot.assembly import default_navigator

    return ActionShowWindows(default_navigator())


def sent(action, domain, text, intent, **kwargs):
    """The payload the real action sent for a parse, and the dispatcher's messages."""
    messages, _ = run(action, tracker(text, intent, **kwargs), domain)
    payloads = [m["custom"] for m in messages if is_payload(m.get("custom"))]
    assert len(payloads) == 1, messages
    return payloads[0], messages


def test_an_empty_result_has_the_contract_keys_without_the_listing():
    payload = NavigatorResult().to_dict()
    assert list(payload) == KEYS_WITHOUT_LISTING
    assert payload["type"] == "navigator.result" and payload["concern_scores"] == {}


def test_a_listing_adds_its_two_texts_before_the_scores():
    payload = NavigatorResult(listing_text="a\nb", listing_without_windows="a").to_dict()
    assert list(payload) == KEYS
    assert (payload["listing_text"], payload["listing_without_windows"]) == ("a\nb", "a")


@pytest.mark.parametrize("text, intent, kwargs", [
    ("夫に殴られています", "dv", {}),
    ("子どもが学校に行けなくなりました", "hikikomori", {}),
    ("もう死にたい", "crisis", {"entities": [{"entity": "crisis", "value": "suicide"}]}),
    ("天気を教えて", "out_of_scope", {}),
    ("中2です", "inform", {"slots": {"concerns": ["hikikomori"], "pending_question": "age"},
                         "entities": [{"entity": "age", "value": "中2"}]}),
    ("My husband hits me", "dv", {"slots": {"easy_japanese": True}}),
])
def test_the_real_actions_payload_reads_back_unchanged(action, domain, text, intent, kwargs):
    payload, messages = sent(action, domain, text, intent, **kwargs)
    assert list(payload) == (KEYS if payload["concerns"] else KEYS_WITHOUT_LISTING)
    found = NavigatorResult.from_messages(messages)
    assert found == NavigatorResult.from_dict(payload)
    assert found.to_dict() == payload and list(found.to_dict()) == list(payload)


def test_the_listing_is_the_text_sent_after_the_payload(action, domain):
    payload, messages = sent(action, domain, "子どもが学校に行けなくなりました", "hikikomori")
    at = next(i for i, m in enumerate(messages) if is_payload(m.get("custom")))
    assert messages[at + 1]["text"] == payload["listing_text"]
    assert set(payload["listing_without_windows"].split("\n")) < set(payload["listing_text"].split("\n"))
    assert all(w["name"] not in payload["listing_without_windows"] for w in payload["windows"])


def test_a_result_is_found_wherever_a_turn_carries_it():
    payload = NavigatorResult(concerns=["dv"]).to_dict()
    assert payload_in([{"text": "x"}, {"custom": {"type": "other"}}, {"custom": payload}]) is payload
    assert payload_in([{"json_message": payload}]) is payload  # the navigator's own Reply
    assert NavigatorResult.from_messages([{"recipient_id": "s", "custom": payload}]).concerns == ["dv"]
    assert NavigatorResult.from_messages([{"text": "x"}, "not a message"]) is None
    assert NavigatorResult.from_messages(None) is None


def test_an_older_partial_payload_reads_with_defaults_and_a_foreign_one_is_refused():
    older = NavigatorResult.from_dict({"type": "navigator.result", "lang": "en", "concerns": ["dv"],
                                       "crisis": False, "a_key_of_the_future": 1})
    assert older.lang == "en" and older.windows == [] and older.listing_text is None
    with pytest.raises(ValueError):
        NavigatorResult.from_dict({"type": "something.else"})


@pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model (models/navigator.tar.gz)")
def test_payloads_of_parsed_messages_keep_their_keys(action, domain):
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    for text in ("夫に殴られています", "母の介護に疲れました", "テスト"):
        parse = asyncio.run(agent.parse_message(text))
        reply = action.navigator.answer(parse, {}, domain)
        payload = reply.payload
        assert list(payload) == (KEYS if payload["concerns"] else KEYS_WITHOUT_LISTING), text
        assert NavigatorResult.from_dict(payload).to_dict() == payload
        assert reply.result == NavigatorResult.from_dict(payload)
