"""「情報がちがう・古いときは」 on LINE: from a window bubble to `python -m bot reports`.

The navigator's answer is the real one (bot.assembly's navigator on the real
catalogue and domain), played through the LINE channel against the fake
Messaging API; the report is kept in an SQLite conversation store's database.
"""
import asyncio
from pathlib import Path

import pytest
import yaml

from bot.catalogue import Catalogue
from bot.channels import line_messages, line_reports
from bot.channels.line import LineInput
from bot.cli import main
from bot.report_intake import ReportIntake
from bot.stores.config import StoreConfig, sql_engine
from bot.stores.reports import ReportStore
from tests.channels.fake_line_api import fake_line_api, serve_channel
from tests.channels.test_line import event, post, settings, webhook_body

ROOT = Path(__file__).resolve().parents[2]


class RealNavigator:
    """Answers every message with the navigator's real reply to a DV worry."""

    def __init__(self):
        from bot.assembly import default_navigator

        self.navigator = default_navigator()
        self.domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
        self.received = []

    async def __call__(self, message):
        self.received.append(message.text)
        parse = {"text": "夫に毎日怒鳴られています", "intent": {"name": "dv", "confidence": 0.95},
                 "intent_ranking": [{"name": "dv", "confidence": 0.95}], "entities": []}
        reply = self.navigator.answer(parse, {"lang": "ja"}, self.domain)
        for sent in reply.messages:
            if "json_message" in sent:
                await message.output_channel.send_response(message.sender_id, {"custom": sent["json_message"]})
            else:
                await message.output_channel.send_response(message.sender_id, dict(sent))


@pytest.fixture
def endpoints(tmp_path):
    path = tmp_path / "endpoints.yml"
    path.write_text("tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n"
                    f"  dialect: sqlite\n  db: {tmp_path / 'conversations.db'}\n", encoding="utf-8")
    return path


def test_a_report_sent_through_postbacks_is_listed_by_bot_reports(endpoints, capsys):
    engine = sql_engine(StoreConfig.read(endpoints).sql_url(endpoints.parent))
    windows = Catalogue.from_directory(ROOT / "data" / "services").windows
    intake = ReportIntake(windows, lambda: ReportStore(engine))
    navigator = RealNavigator()

    async def scenario():
        async with fake_line_api() as api:
            channel = LineInput(settings(api.base_url), report_intake=intake)
            async with serve_channel(channel, navigator) as base:
                async def send(evt, calls):
                    assert (await post(base, webhook_body(evt))).status == 200
                    found = await api.wait_for_calls(calls)
                    await channel.drain()
                    return found[-1].body["messages"]

                answer = await send(event("message", "夫に毎日怒鳴られています"), 1)
                carousel = next(m for m in answer if m["type"] == "flex")
                bubble = carousel["contents"]["contents"][0]
                texts = [c["text"] for c in bubble["body"]["contents"]]
                button = bubble["footer"]["contents"][-1]["action"]
                question = await send(event("postback", postback={"data": button["data"]}), 2)
                items = question[-1]["quickReply"]["items"]
                thanks = await send(event("postback", postback={"data": items[0]["action"]["data"]}), 3)
                return texts, button, question, items, thanks
    texts, button, question, items, thanks = asyncio.run(asyncio.wait_for(scenario(), 30))

    window_id = "parite"
    checked = windows[window_id].checked
    assert f"情報確認日：{checked.year}年{checked.month}月{checked.day}日" in texts
    assert button == {"type": "postback", "label": "情報がちがう・古いときは",
                      "data": f"/report:ja:{window_id}", "displayText": "情報がちがう・古いときは"}
    assert question[-1]["text"] == "この窓口の情報の、どこがちがいましたか。"
    assert [i["action"]["label"] for i in items] == [
        "窓口がなくなっていた", "場所や連絡先が変わっていた", "担当の課がちがった", "年齢が合わなかった", "そのほか"]
    line_messages.check_reply(question)
    assert thanks == [{"type": "text", "text": "お知らせありがとうございます。市の担当者が確かめます。"}]
    # The postbacks never reached the navigator; the report names no one.
    assert navigator.received == ["夫に毎日怒鳴られています"]
    assert main(["reports", "--endpoints", str(endpoints)]) == 0
    out = capsys.readouterr().out
    assert f"  {window_id}  closed  (line)" in out and "1 report(s)" in out
    assert "line-" not in out and "U4af" not in out


def test_a_forged_report_postback_gets_a_sentence_not_an_error():
    class Never:
        def take(self, *args, **kwargs):
            raise AssertionError("a malformed postback must not be stored")

    assert line_reports.answer("/report:ja:../../etc:closed", "s", Never()) == [
        {"text": "いまはお知らせを受け付けられませんでした。時間をおいて、もう一度お願いします。"}]
    assert line_reports.open_data("ja", "") is None


def test_too_many_reports_are_answered_kindly():
    class Full:
        def take(self, *args, **kwargs):
            from bot.report_intake import Outcome

            return Outcome(429, "too_many")

    (message,) = line_reports.answer("/report:en:parite:moved", "s", Full())
    assert message["text"].startswith("There have been many reports")
