"""The guard every channel inherits (bot/channels/base.py), without a transport."""
import asyncio
from typing import Any, List

from rasa.core.channels.channel import CollectingOutputChannel

from bot.channels.base import GuardedInputChannel


class Channel(GuardedInputChannel):
    @classmethod
    def name(cls) -> str:
        return "test"

    def turn_timeout_seconds(self) -> float:
        return 0.05


def navigator(answer: str = "答え", fail: bool = False, hang: bool = False):
    seen: List[Any] = []

    async def on_new_message(message):
        seen.append(message)
        if fail:
            raise RuntimeError("action server down")
        if hang:
            await asyncio.sleep(5)
        await message.output_channel.send_text_message(message.sender_id, answer)

    return on_new_message, seen


def collect(text: str, **kwargs) -> tuple:
    on_new_message, seen = navigator(**kwargs)
    messages = asyncio.run(Channel().collect_turn(text, "s1", on_new_message))
    return [m["text"] for m in messages], seen


def stream(text: str, **kwargs) -> tuple:
    on_new_message, seen = navigator(**kwargs)
    output = CollectingOutputChannel()
    said: List[str] = []

    async def say(words: str) -> None:
        said.append(words)
        await output.send_text_message("s1", words)

    asyncio.run(Channel().stream_turn(text, "s1", on_new_message, None, output,
                                      lambda: len(output.messages), say))
    return [m["text"] for m in output.messages], said, seen


def test_a_message_reaches_the_navigator_cleaned_and_named_after_the_channel():
    texts, seen = collect("学校に\x00行けない")
    assert texts == ["答え"]
    assert seen[0].text == "学校に行けない"
    assert seen[0].input_channel == "test" and seen[0].sender_id == "s1"


def test_a_blank_message_is_answered_without_the_navigator():
    texts, seen = collect("\u3000\n")
    assert seen == [] and len(texts) == 1 and texts[0]
    streamed, said, seen = stream("\u200b")
    assert seen == [] and streamed == said and len(said) == 1


def test_a_failing_or_hanging_navigator_still_gets_the_safety_answer():
    for kwargs in ({"fail": True}, {"hang": True}):
        texts, _ = collect("助けて", **kwargs)
        assert "福祉丸ごと相談窓口" in texts[-1]
        streamed, said, _ = stream("助けて", **kwargs)
        assert said == streamed and "福祉丸ごと相談窓口" in said[-1]


def test_a_long_message_is_cut_and_the_note_comes_first():
    texts, seen = collect("あ" * 6000)
    assert len(seen[0].text) == 5000 and texts[1] == "答え" and texts[0] != "答え"
    streamed, said, seen = stream("あ" * 6000)
    assert streamed == [said[0], "答え"] and len(seen[0].text) == 5000


def test_an_answered_stream_gets_no_safety_answer():
    streamed, said, _ = stream("学校に行けない")
    assert streamed == ["答え"] and said == []
