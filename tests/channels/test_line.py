"""The LINE channel, in three layers: routes, signed webhooks, output against a fake Messaging API.

Every HTTP test serves the channel on 127.0.0.1 (a free port) and points it
at tests/channels/fake_line_api.py, also on 127.0.0.1; a stub stands in for
the navigator and answers through the output channel as the navigator does.
"""
import asyncio
import json
import time
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional

import aiohttp
import pytest
from sanic import Sanic

from bot.channels import line_messages
from bot.channels.line import (
    LineCredentialsError,
    LineInput,
    LineNotConfigured,
    LineOutput,
    LineSettings,
    SeenEvents,
    sender_id_for,
)
from bot.channels.line_signature import sign
from bot.navigator_result import NavigatorResult
from tests.channels.fake_line_api import SECRET, TOKEN, fake_line_api, serve_channel

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED_BODY = (FIXTURES / "line_webhook_text.json").read_bytes()
RECORDED_SIGNATURE = (FIXTURES / "line_webhook_text.signature").read_text().strip()
USER = "U4af4980629aaaaaaaaaaaaaaaaaaaaaa"

AGE_OPTIONS = [{"title": "小・中学生", "payload": '/inform{"age_group":"elementary_junior"}'},
               {"title": "高校生くらい（18歳まで）", "payload": '/inform{"age_group":"high_school"}'}]
RESULT = NavigatorResult(
    lang="ja", concerns=["dv"], crisis=False,
    person={"age_group": None, "affected": "partner"},
    windows=[
        {"id": "parite", "name": "男女平等推進センター パリテ", "departments": ["協働コミュニティ課"],
         "what": "配偶者やパートナーからの暴力の相談を受けます。", "for_concerns": ["dv"]},
        {"id": "fukushi_marugoto", "name": "福祉丸ごと相談窓口", "departments": ["地域共生課"],
         "what": "どこに相談すればよいかわからないことも、まず話を聞きます。", "for_concerns": ["dv"]},
    ],
    emergency=[{"name": "警察 (緊急)", "number": "110", "hours": "24時間"}],
    question={"text": "年齢によって合う窓口が変わります。ご本人は何歳くらいですか。", "options": AGE_OPTIONS},
).to_dict()
LISTING = ("配偶者などからの暴力について、相談できる市の窓口です。\n"
           "■ 男女平等推進センター パリテ（協働コミュニティ課）\n　配偶者やパートナーからの暴力の相談を受けます。\n"
           "■ 福祉丸ごと相談窓口（地域共生課）\n　どこに相談すればよいかわからないことも、まず話を聞きます。\n"
           "【すぐに連絡できるところ】\n・警察 (緊急)：110（24時間）\n"
           "連絡先は市のホームページ（https://www.city.nishitokyo.lg.jp/）で確かめてください。")


class Navigator:
    """Stands in for the agent: records the messages, answers as the navigator does."""

    def __init__(self, delay: float = 0.0, fail: bool = False) -> None:
        self.received: List[Any] = []
        self.delay, self.fail = delay, fail

    async def __call__(self, message: Any) -> None:
        self.received.append(message)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("action server down")
        out = message.output_channel
        await out.send_response(message.sender_id, {"custom": RESULT})
        await out.send_response(message.sender_id, {"text": LISTING})
        await out.send_response(message.sender_id,
                                {"text": RESULT["question"]["text"], "buttons": AGE_OPTIONS})


def settings(base_url: str = "http://127.0.0.1:9", **overrides: Any) -> LineSettings:
    values = dict(channel_secret=SECRET, channel_access_token=TOKEN, api_base_url=base_url,
                  turn_timeout_seconds=5.0, http_timeout_seconds=5.0)
    values.update(overrides)
    return LineSettings(**values)


def event(kind: str = "message", text: Optional[str] = "ひとりで悩んでいます", *, redelivery: bool = False,
          event_id: Optional[str] = None, source: Optional[Dict[str, str]] = None,
          **fields: Any) -> Dict[str, Any]:
    body: Dict[str, Any] = {
        "type": kind, "mode": "active", "timestamp": 1692251666727,
        "source": source or {"type": "user", "userId": USER},
        "webhookEventId": event_id or uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": redelivery},
    }
    if kind in ("message", "postback", "follow"):
        body["replyToken"] = uuid.uuid4().hex
    if kind == "message":
        body["message"] = {"type": "text", "id": "1", "text": text}
    body.update(fields)
    return body


def webhook_body(*events: Dict[str, Any]) -> bytes:
    body = {"destination": "U0", "events": list(events)}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


async def post(base: str, body: bytes, signature: Optional[str] = "sign") -> aiohttp.ClientResponse:
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        headers["X-Line-Signature"] = sign(body, SECRET)
    elif signature is not None:
        headers["X-Line-Signature"] = signature
    async with aiohttp.ClientSession() as session:
        url = base + "/webhooks/line/webhook"
        async with session.post(url, data=body, headers=headers) as answer:
            await answer.read()
            return answer


@asynccontextmanager
async def world(navigator: Optional[Navigator] = None, **overrides: Any):
    """The fake LINE API, the channel pointed at it, served on a free port."""
    navigator = navigator or Navigator()
    async with fake_line_api() as api:
        channel = LineInput(settings(api.base_url, **overrides))
        async with serve_channel(channel, navigator) as base:
            yield base, api, channel, navigator


def run(scenario: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(asyncio.wait_for(scenario(), 20))


# -- layer 1: routes and credentials ---------------------------------------------------
def test_rasa_registers_the_health_and_webhook_routes():
    from rasa.core.channels.channel import register

    app = Sanic(f"routes_{uuid.uuid4().hex[:8]}")
    register([LineInput(settings())], app, route="/webhooks/")
    paths = {route.path for route in app.router.routes}
    assert {"webhooks/line/webhook", "webhooks/line"} <= {p.rstrip("/") for p in paths}


def test_health_answers():
    async def scenario():
        async with world() as (base, _api, _channel, _nav):
            async with aiohttp.ClientSession() as session:
                async with session.get(base + "/webhooks/line/") as answer:
                    assert answer.status == 200
                    assert await answer.json() == {"status": "ok"}
    run(scenario)


def test_missing_secrets_fail_clearly_naming_the_variables(monkeypatch):
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    both = "LINE_CHANNEL_SECRET.*LINE_CHANNEL_ACCESS_TOKEN"
    with pytest.raises(LineCredentialsError, match=both):
        LineInput.from_credentials({"required": True})
    with pytest.raises(LineCredentialsError, match="LINE_CHANNEL_ACCESS_TOKEN"):
        LineInput.from_credentials({"channel_secret": "s", "required": "true"})


def test_without_secrets_the_channel_is_off_and_says_why(monkeypatch):
    for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    channel = LineInput.from_credentials(None)
    assert isinstance(channel, LineNotConfigured)
    assert "LINE_CHANNEL_SECRET" in channel.reason


def test_settings_come_from_credentials_then_the_environment(monkeypatch):
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "from-env")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "token-env")
    monkeypatch.setenv("LINE_API_BASE_URL", "http://127.0.0.1:8080/")
    monkeypatch.setenv("LINE_ALLOW_PUSH", "true")
    channel = LineInput.from_credentials({"channel_secret": "from-credentials"})
    assert channel.settings.channel_secret == "from-credentials"
    assert channel.settings.channel_access_token == "token-env"
    assert channel.settings.api_base_url == "http://127.0.0.1:8080"
    assert channel.settings.allow_push is True
    monkeypatch.delenv("LINE_API_BASE_URL")
    monkeypatch.delenv("LINE_ALLOW_PUSH")
    defaults = LineInput.from_credentials(None).settings
    assert defaults.api_base_url == "https://api.line.me" and defaults.allow_push is False


def test_the_tracker_never_sees_lines_user_id():
    sender = LineInput(settings()).sender_id(USER)
    assert USER not in sender and sender.startswith("line-")
    assert sender == LineInput(settings()).sender_id(USER)  # the same resident keeps one tracker
    assert sender != sender_id_for(USER, "another key")


# -- layer 2: signed webhooks ------------------------------------------------------------
def test_the_recorded_payload_with_its_signature_is_answered():
    async def scenario():
        async with world() as (base, api, channel, navigator):
            answer = await post(base, RECORDED_BODY, RECORDED_SIGNATURE)
            assert answer.status == 200
            await api.wait_for_calls(1)
            message = navigator.received[0]
            assert message.text == "夫に殴られて家にいるのがこわいです"
            assert message.input_channel == "line"
            assert message.sender_id == channel.sender_id(USER)
            assert api.calls[0].path == "/v2/bot/message/reply"
            assert api.calls[0].body["replyToken"] == "38ef843bde154d9b91c21320ffd17a0f"
    run(scenario)


@pytest.mark.parametrize("signature, status", [
    (None, 400),                                   # missing
    ("", 400),                                     # empty
    (RECORDED_SIGNATURE[:-2] + "A=", 401),         # wrong
    (sign(RECORDED_BODY, "another-secret"), 401),  # another channel's
])
def test_a_bad_signature_is_refused_and_nothing_processed(signature, status):
    async def scenario():
        async with world() as (base, api, _channel, navigator):
            answer = await post(base, RECORDED_BODY, signature)
            assert answer.status == status
            await asyncio.sleep(0.1)
            assert navigator.received == [] and api.calls == []
    run(scenario)


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[]", b'{"events": "x"}'])
def test_malformed_json_is_400_even_when_signed(body):
    async def scenario():
        async with world() as (base, _api, _channel, navigator):
            assert (await post(base, body)).status == 400
            assert navigator.received == []
    run(scenario)


def test_an_oversized_body_is_413():
    async def scenario():
        async with world() as (base, _api, _channel, navigator):
            body = webhook_body(event(text="あ" * 100_000))
            assert (await post(base, body)).status == 413
            assert navigator.received == []
    run(scenario)


def test_lines_verify_request_without_events_is_200():
    async def scenario():
        async with world() as (base, api, _channel, _navigator):
            assert (await post(base, webhook_body())).status == 200
            await asyncio.sleep(0.05)
            assert api.calls == []
    run(scenario)


# -- each event type --------------------------------------------------------------------------
@pytest.mark.parametrize("message", [
    {"type": "sticker", "id": "1", "packageId": "446", "stickerId": "1988"},
    {"type": "image", "id": "2", "contentProvider": {"type": "line"}},
    {"type": "location", "id": "3", "latitude": 35.7, "longitude": 139.5},
])
def test_stickers_images_and_other_messages_get_a_kind_text_only_note(message):
    async def scenario():
        async with world() as (base, api, _channel, navigator):
            assert (await post(base, webhook_body(event(message=message)))).status == 200
            (call,) = await api.wait_for_calls(1)
            assert navigator.received == []
            assert call.body["messages"] == [
                {"type": "text", "text": line_messages.texts_for("ja")["utter_line_unsupported"]}]
    run(scenario)


def test_follow_is_greeted_as_an_automatic_guide_with_the_dv_note():
    async def scenario():
        async with world() as (base, api, _channel, navigator):
            assert (await post(base, webhook_body(event("follow")))).status == 200
            (call,) = await api.wait_for_calls(1)
            (greeting,) = call.body["messages"]
            assert "自動の案内" in greeting["text"] and "相談員" in greeting["text"]
            assert "LINEアプリの履歴" in greeting["text"] and "市のホームページのチャット" in greeting["text"]
            assert navigator.received == []
    run(scenario)


def test_a_quick_reply_postback_is_the_residents_message():
    async def scenario():
        async with world() as (base, api, _channel, navigator):
            data = '/inform{"age_group":"elementary_junior"}'
            postback = event("postback", postback={"data": data})
            assert (await post(base, webhook_body(postback))).status == 200
            await api.wait_for_calls(1)
            assert navigator.received[0].text == '/inform{"age_group":"elementary_junior"}'
    run(scenario)


@pytest.mark.parametrize("unanswered", [
    event("unfollow"),
    event("join", source={"type": "group", "groupId": "C1"}),
    # consultations only in one-to-one chats
    event("message", source={"type": "group", "groupId": "C1", "userId": USER}),
    event("somethingLineAddsLater"),
    event("message", mode="standby"),
    event("postback", postback={}),
])
def test_other_events_are_acknowledged_without_an_answer(unanswered):
    async def scenario():
        async with world() as (base, api, channel, navigator):
            assert (await post(base, webhook_body(unanswered))).status == 200
            await channel.drain()
            assert navigator.received == [] and api.calls == []
    run(scenario)


def test_a_long_message_reaches_the_pipeline_whole_up_to_lines_limit_and_the_resident_told():
    # Read whole for danger (LINE's own limit is 5,000); the concern only from the first 2,000.
    async def scenario():
        async with world() as (base, api, _channel, navigator):
            assert (await post(base, webhook_body(event(text="あ" * 3000)))).status == 200
            (call,) = await api.wait_for_calls(1)
            assert len(navigator.received[0].text) == 3000
            assert call.body["messages"][0]["text"].startswith("メッセージがとても長かったので")
    run(scenario)


def test_a_blank_message_is_asked_about_without_the_pipeline():
    async def scenario():
        async with world() as (base, api, _channel, navigator):
            await post(base, webhook_body(event(text="\u3000\u200b")))
            (call,) = await api.wait_for_calls(1)
            assert navigator.received == []
            assert call.body["messages"][0]["text"].startswith("どんなことで困っていますか")
    run(scenario)


def test_a_failing_navigator_still_names_the_window_and_the_emergency_numbers():
    async def scenario():
        async with world(Navigator(fail=True)) as (base, api, _channel, _navigator):
            await post(base, webhook_body(event()))
            (call,) = await api.wait_for_calls(1)
            text = call.body["messages"][0]["text"]
            assert "福祉丸ごと相談窓口" in text and "110" in text
    run(scenario)


# -- redelivery and speed -------------------------------------------------------------------------
def test_a_redelivered_event_is_not_answered_twice():
    async def scenario():
        async with world() as (base, api, channel, navigator):
            first = event(event_id="01H810YECXQQZ37VAXPF6H9E6T")
            again = dict(first, deliveryContext={"isRedelivery": True})
            assert (await post(base, webhook_body(first))).status == 200
            assert (await post(base, webhook_body(again))).status == 200
            await channel.drain()
            assert len(navigator.received) == 1 and len(api.calls) == 1
            # A redelivery of an event never seen (we were down) is answered.
            unseen = event(redelivery=True)
            await post(base, webhook_body(unseen))
            await channel.drain()
            assert len(navigator.received) == 2
    run(scenario)


def test_seen_events_are_bounded_and_forgotten_after_their_time():
    now = [0.0]
    seen = SeenEvents(max_size=3, ttl_seconds=10, clock=lambda: now[0])
    assert [seen.seen_before(i) for i in "abca"] == [False, False, False, True]
    seen.seen_before("d")
    assert len(seen) == 3 and seen.seen_before("a") is False  # the oldest went first
    now[0] = 11
    assert seen.seen_before("d") is False and len(seen) == 1


def test_the_webhook_answers_at_once_while_the_navigator_is_slow():
    async def scenario():
        async with world(Navigator(delay=1.5)) as (base, api, _channel, _navigator):
            started = time.monotonic()
            answer = await post(base, webhook_body(event()))
            took = time.monotonic() - started
            assert answer.status == 200 and took < 1.0, took  # LINE wants its 200 within a second
            assert api.calls == []
            await api.wait_for_calls(1, timeout=5)
            assert api.calls[0].path == "/v2/bot/message/reply"
    run(scenario)


# -- reply token fallbacks -------------------------------------------------------------------------
@pytest.mark.parametrize("allow_push, paths", [
    (True, ["/v2/bot/message/reply", "/v2/bot/message/push"]),
    (False, ["/v2/bot/message/reply"]),
])
def test_an_invalid_reply_token_falls_back_to_push_only_when_allowed(allow_push, paths):
    async def scenario():
        async with world(allow_push=allow_push) as (base, api, channel, _navigator):
            stale = event()
            api.expired_tokens.add(stale["replyToken"])
            await post(base, webhook_body(stale))
            await channel.drain()
            assert [c.path for c in api.calls] == paths
            if allow_push:
                push = api.calls[1]
                assert push.body["to"] == USER  # the real id, held only for this turn
                assert push.headers.get("X-Line-Retry-Key")
                assert push.body["messages"] == api.calls[0].body["messages"]
    run(scenario)


def test_an_expired_reply_token_is_not_tried_and_push_is_used_when_allowed():
    async def scenario():
        expired = world(allow_push=True, reply_token_ttl_seconds=0.0)
        async with expired as (base, api, channel, _nav):
            await post(base, webhook_body(event()))
            await channel.drain()
            assert [c.path for c in api.calls] == ["/v2/bot/message/push"]
    run(scenario)


# -- layer 3: the full round trip --------------------------------------------------------------
def test_round_trip_one_reply_with_numbers_carousel_dv_note_and_quick_replies():
    async def scenario():
        async with world() as (base, api, channel, navigator):
            assert (await post(base, RECORDED_BODY, RECORDED_SIGNATURE)).status == 200
            (call,) = await api.wait_for_calls(1)
            await channel.drain()
            return call, navigator
    call, navigator = run(scenario)

    assert call.path == "/v2/bot/message/reply"
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert call.headers["Content-Type"].startswith("application/json")
    body = call.body
    assert set(body) == {"replyToken", "messages"}
    messages = body["messages"]
    assert [m["type"] for m in messages] == ["text", "flex", "text", "text"]
    numbers, carousel, dv_note, question = messages
    # 1. the numbers, without the window lines the carousel shows
    assert "・警察 (緊急)：110（24時間）" in numbers["text"] and "■" not in numbers["text"]
    # 2. one bubble per window
    bubbles = carousel["contents"]["contents"]
    assert [b["body"]["contents"][0]["text"] for b in bubbles] == ["男女平等推進センター パリテ", "福祉丸ごと相談窓口"]
    assert bubbles[0]["body"]["contents"][1]["text"] == "担当：協働コミュニティ課"
    # 3. the DV note
    assert "LINEアプリの履歴" in dv_note["text"]
    # 4. the question with its quick replies, postbacks that come back as the message
    assert question["text"] == RESULT["question"]["text"]
    items = question["quickReply"]["items"]
    assert [(i["action"]["label"], i["action"]["data"]) for i in items] == [
        (o["title"], o["payload"]) for o in AGE_OPTIONS]
    line_messages.check_reply(messages)
    # the navigator ran once, and nothing of the resident's went to LINE
    assert len(navigator.received) == 1
    assert "殴られて" not in call.raw.decode("utf-8")


def test_the_output_channel_gathers_a_turn_in_order():
    async def scenario():
        out = LineOutput()
        await out.send_response("s", {"text": "a"})
        await out.send_response("s", {"text": "b", "buttons": AGE_OPTIONS})
        await out.send_response("s", {"custom": RESULT})
        await out.send_response("s", {"image": "https://example.invalid/x.png"})
        return out.messages
    messages = run(scenario)
    kinds = [sorted(k for k in m if k != "recipient_id") for m in messages]
    assert kinds == [["text"], ["buttons", "text"], ["custom"]]
    assert LineOutput.name() == "line"
