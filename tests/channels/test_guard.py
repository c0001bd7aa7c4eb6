"""What every channel does around a turn: cap, clean, never silent."""
import asyncio

import pytest

from bot.channels.guard import GuardedTurn, clean

RESPONSES = {
    "utter_service_unavailable": [{"text": "福祉丸ごと相談窓口へ"}],
    "utter_long_message": [{"text": "長かったので"}],
    "utter_ask_concern": [{"text": "どんなことで"}],
}


def test_control_characters_go_line_breaks_stay():
    assert clean("a\x00b\x07c\nd\te") == "ab" + "c\nd\te"


@pytest.mark.parametrize("text", ["", "   ", "\u3000\n", "\x00\x01", "\u200b"])
def test_blank_messages_get_the_question_without_the_pipeline(text):
    turn = GuardedTurn(text, RESPONSES)
    assert turn.blank
    assert turn.blank_reply()[0]["text"] == "どんなことで"


def test_over_long_messages_are_cut_and_the_resident_told():
    turn = GuardedTurn("あ" * 10_000, RESPONSES)
    assert len(turn.text) == 5000 and turn.was_cut
    out = turn.finish([{"recipient_id": "s", "text": "答え"}])
    assert [m["text"] for m in out] == ["長かったので", "答え"]


def test_a_turn_without_a_reply_still_answers():
    turn = GuardedTurn("助けて", RESPONSES)
    assert turn.finish([])[-1]["text"] == "福祉丸ごと相談窓口へ"


def test_a_failing_or_slow_turn_is_remembered_not_raised():
    async def boom():
        raise RuntimeError("action server down")

    async def slow():
        await asyncio.sleep(5)

    for coro, timeout in ((boom(), 1), (slow(), 0.05)):
        turn = GuardedTurn("x", RESPONSES)
        asyncio.run(turn.run(coro, timeout))
        assert turn.failed


def test_without_a_domain_the_built_in_words_still_name_the_window():
    assert "福祉丸ごと相談窓口" in GuardedTurn("x").finish([])[-1]["text"]


def test_over_2000_characters_the_whole_text_goes_on_and_the_resident_is_told():
    turn = GuardedTurn("あ" * 2001, RESPONSES)
    assert len(turn.text) == 2001 and turn.was_cut


def test_an_english_writer_is_told_in_english():
    turn = GuardedTurn("I am writing a very long message about my family. " * 50)
    assert turn.was_cut and turn.say("utter_long_message").startswith("Your message was very long")
    assert "110" in turn.say("utter_service_unavailable") and "police" in turn.say("utter_service_unavailable")
