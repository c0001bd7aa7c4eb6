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
    turn = GuardedTurn("あ" * 10_000, RESPONSES, max_chars=2000)
    assert len(turn.text) == 2000 and turn.was_cut
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
