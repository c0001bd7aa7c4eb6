"""Conversational replies through the navigator: language and mode apply."""
import pytest

from actions.action_reply import ActionReply
from actions.action_reset_topic import ActionResetTopic
from actions.action_switch_easy_japanese import ActionSwitchEasyJapanese
from tests.actions.conftest import run, tracker


@pytest.mark.parametrize("intent", ["greet", "goodbye", "thanks", "affirm", "deny", "bot_challenge", "ask_human",
                                    "small_talk"])
def test_each_conversational_intent_has_its_reply(navigator, domain, intent):
    messages, slots = run(ActionReply(navigator), tracker("こんにちは", intent), domain)
    assert len(messages) == 1 and messages[0]["text"]
    assert slots == {"lang": "ja"}


def test_the_bot_says_it_is_an_automatic_guide_not_a_counsellor(navigator, domain):
    messages, _ = run(ActionReply(navigator), tracker("人間ですか", "bot_challenge"), domain)
    assert "自動の案内" in messages[0]["text"] and "相談員" in messages[0]["text"]


@pytest.mark.parametrize("text, lang", [("テスト", "ja"), ("test", "en")])
def test_small_talk_gets_the_topics_and_never_a_window(navigator, domain, text, lang):
    messages, _ = run(ActionReply(navigator), tracker(text, "small_talk", slots={"lang": lang}), domain)
    assert len(messages) == 1
    payloads = {b["payload"] for b in messages[0]["buttons"]}
    assert "/general" in payloads and len(payloads) >= 5
    assert not messages[0].get("custom"), "no window payload for small talk"
    assert ("自動" in messages[0]["text"]) if lang == "ja" else ("automatic" in messages[0]["text"])


def test_english_in_english_out(navigator, domain):
    messages, slots = run(ActionReply(navigator), tracker("Hello, can you help me please", "greet"), domain)
    assert slots["lang"] == "en" and "Nishitokyo" in messages[0]["text"]


def test_another_topic_forgets_the_person_but_keeps_the_mode(domain):
    messages, slots = run(ActionResetTopic(), tracker("ほかの相談", "new_topic"), domain)
    assert slots == {k: None for k in ("concerns", "age_group", "affected", "on_behalf", "pending_question")}


def test_easy_japanese_switches_on(domain):
    messages, slots = run(ActionSwitchEasyJapanese(), tracker("やさしい日本語で", "easy_japanese"), domain)
    assert slots["easy_japanese"] is True
    assert messages[0]["response"] == "utter_easy_japanese_on"


def test_plain_japanese_switches_easy_japanese_off(domain):
    on_tracker = tracker("ふつうの日本語でいいです", "plain_japanese", slots={"easy_japanese": True})
    messages, slots = run(ActionSwitchEasyJapanese(), on_tracker, domain)
    assert slots["easy_japanese"] is False
    assert messages[0]["response"] == "utter_easy_japanese_off"
    assert "utter_easy_japanese_off" in domain["responses"]
