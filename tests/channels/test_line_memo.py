"""The 相談メモ on LINE (issue 21): 「メモ」 or its quick reply → one text to show at the counter.

Served as in tests/channels/test_line.py (the channel on 127.0.0.1, the fake
Messaging API); a stub navigator answers with a result recorded from
bot/navigator.py and, as Rasa's agent does, saves the turn in a real
in-memory tracker store (``app.ctx.agent.tracker_store``), where the channel
reads the last result back.
"""
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, List

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels import line_memo, memo_data
from bot.channels.line import LineInput
from tests.channels.fake_line_api import fake_line_api, serve_channel
from tests.channels.test_line import USER, event, post, run, settings, webhook_body

RECORDED = json.loads((Path(__file__).parents[1] / "web" / "recorded_turns.json").read_text(encoding="utf-8"))


def recorded(match: Any) -> List[Dict[str, Any]]:
    return next(t["messages"] for t in RECORDED["turns"] if t.get("match") == match)


CARE = recorded(["介護", "/poverty"])      # elderly_care + poverty, Japanese
EASY = recorded("すまいが なくて")          # housing, やさしい日本語
ENGLISH = recorded("lost my job")          # employment, English
DV = recorded("/dv")


class StoringNavigator:
    """Answers with recorded messages and saves the turn, as Rasa's agent does."""

    def __init__(self, store: InMemoryTrackerStore, answers: List[List[Dict[str, Any]]]) -> None:
        self.store, self.answers, self.received = store, list(answers), []

    async def __call__(self, message: Any) -> None:
        self.received.append(message.text)
        tracker = await self.store.retrieve(message.sender_id) or DialogueStateTracker(message.sender_id, slots=[])
        tracker.update(UserUttered(message.text))
        for bot_message in self.answers.pop(0):
            await message.output_channel.send_response(message.sender_id, json.loads(json.dumps(bot_message)))
            tracker.update(BotUttered(bot_message.get("text"), data=bot_message))
        await self.store.save(tracker)


async def conversation(texts: List[Any], answers: List[List[Dict[str, Any]]]):
    """Sends each text (or a postback: ("postback", data)) in turn; returns the replies and the navigator."""
    store = InMemoryTrackerStore(Domain.empty())
    navigator = StoringNavigator(store, answers)
    async with fake_line_api() as api:
        channel = LineInput(settings(api.base_url))
        async with serve_channel(channel, navigator, agent=SimpleNamespace(tracker_store=store)) as base:
            for number, text in enumerate(texts, start=1):
                if isinstance(text, tuple):
                    body = webhook_body(event("postback", text=None, postback={"data": text[1]}))
                else:
                    body = webhook_body(event(text=text))
                assert (await post(base, body)).status == 200
                await api.wait_for_calls(number)
            replies = [call.body["messages"] for call in api.calls]
    return replies, navigator, store, channel


def quick_items(reply: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [item["action"] for item in (reply[-1].get("quickReply") or {}).get("items", [])]


def test_a_result_offers_the_memo_and_memo_sends_one_text_for_the_counter():
    async def scenario():
        replies, navigator, store, channel = await conversation(["母の介護のことで困っています", "メモ"], [CARE])
        # The result's reply ends with the memo's quick reply (a postback, not the resident's words).
        memo_action = [a for a in quick_items(replies[0]) if a.get("data") == "/line_memo"]
        assert memo_action == [{"type": "postback", "label": "相談メモ", "data": "/line_memo",
                                "displayText": "相談メモ"}]
        # 「メモ」 never reached the navigator, and was not saved in the conversation.
        assert navigator.received == ["母の介護のことで困っています"]
        tracker = await store.retrieve(channel.sender_id(USER))
        assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["母の介護のことで困っています"]

        assert len(replies[1]) == 1 and replies[1][0]["type"] == "text"
        memo = replies[1][0]["text"]
        result = CARE[0]["custom"]
        assert memo.startswith("【相談メモ】窓口で、この画面を見せてください。\n作成日：")
        assert "■ 相談したいこと\n・介護・高齢者の暮らし\n・生活のお金の困りごと" in memo
        for number, window in enumerate(result["windows"], start=1):
            assert (f"{number}. {window['name']}\n　担当課：{'・'.join(window['departments'])}\n"
                    f"　{window['what']}") in memo
        assert "・介護保険のサービスを使うには、何から始めればよいですか。" in memo
        assert "・使える支援や制度はありますか。" in memo
        assert memo.count("LINEのトーク履歴に残ります") == 1
        assert "https://www.city.nishitokyo.lg.jp/" in memo
        # No own note on LINE: the web memo's 「窓口で伝えること」 is not in it.
        assert "窓口で伝えること" not in memo
    run(scenario)


def test_the_quick_reply_postback_gets_the_memo_in_english_with_the_japanese_names():
    async def scenario():
        replies, navigator, _store, _channel = await conversation(
            ["I lost my job and I need help finding work", ("postback", "/line_memo")], [ENGLISH])
        assert navigator.received == ["I lost my job and I need help finding work"]
        assert [a["label"] for a in quick_items(replies[0])] == ["Memo"]
        memo = replies[1][0]["text"]
        assert memo.startswith("[Consultation memo / 相談メモ] Please show this screen at the window.\nDate: ")
        assert "・Work and finding a job (仕事・就労)" in memo
        assert "1. Daily Life Support Consultation Desk (生活サポート相談窓口)\n" \
               "　Department (担当課): Community Welfare Division (地域共生課)" in memo
        assert "Consultation for Foreign Residents (外国人相談)" in memo
        assert "・Can you help me look for work?" in memo
        assert memo.count("LINE chat history") == 1
    run(scenario)


def test_in_easy_japanese_the_memo_carries_readings():
    async def scenario():
        replies, _navigator, _store, _channel = await conversation(["すまいが なくて こまっています", "めも"], [EASY])
        memo = replies[1][0]["text"]
        assert "相談（そうだん）メモ" in memo and "作（つく）った日（ひ）：" in memo
        assert "居住（きょじゅう）に係（かか）る相談（そうだん）" in memo and "住宅課（じゅうたくか）" in memo
        assert "・家（いえ）を探（さが）すとき、手伝（てつだ）ってもらえますか。" in memo
    run(scenario)


def test_dv_gets_no_memo_prompt_but_the_memo_when_asked():
    async def scenario():
        replies, _navigator, _store, _channel = await conversation(["家族からの暴力", "メモ"], [DV])
        assert all(a.get("data") != "/line_memo" for a in quick_items(replies[0]))
        memo = replies[1][0]["text"]
        assert "男女平等推進センターパリテ" in memo
        assert "・相談したことが相手に知られないようにできますか。" in memo
    run(scenario)


def test_memo_before_any_result_says_what_to_do():
    async def scenario():
        replies, navigator, _store, _channel = await conversation(["メモ"], [])
        assert navigator.received == []
        assert replies[0] == [{"type": "text", "text": memo_data.cached()["texts"]["ja"]["line_none"]}]
    run(scenario)


def test_only_the_memo_words_ask_for_it():
    for text in ("メモ", " メモ。", "ﾒﾓ", "相談メモ", "MEMO", "/line_memo"):
        assert line_memo.is_request(text), text
    for text in ("メモを取っておきたい相談があります", "memo about my rent", "", None):
        assert not line_memo.is_request(text), text


def test_the_last_result_with_windows_is_the_one_used():
    care, english = CARE[0]["custom"], ENGLISH[0]["custom"]
    events = [BotUttered("x", data={"custom": care}), BotUttered("y", data={"custom": english}),
              BotUttered("no windows", data={"custom": dict(care, windows=[])}), UserUttered("メモ")]
    assert line_memo.last_result(events) is english
    assert line_memo.last_result([UserUttered("a")]) is None


def test_a_crisis_reply_ends_with_its_numbers_not_with_a_memo_prompt():
    crisis = recorded("死にたい")
    result = next(m["custom"] for m in crisis if "custom" in m)
    assert result["windows"] and result["risk"] == "crisis"
    assert line_memo.offer_button(result) == []
    assert line_memo.offer_button(CARE[0]["custom"]) != []
