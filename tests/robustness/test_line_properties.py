"""Property-based test of the LINE webhook with VALID signatures: anything LINE could send.

The LINE engineer's tests (tests/channels/test_line.py) cover the recorded
payloads; here random events and bodies, all correctly signed, must get a
200 or a 4xx (never a 500), and every text or postback from a one-to-one
chat must be answered (never silence).
"""
import asyncio
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sanic import Sanic

from bot.channels.line import LineInput, LineSettings
from bot.channels.line_signature import sign
from tests.support.inprocess import ThreadedSanic
from tests.support.net import http

SECRET = "robustness-test-secret"


class RecordingApi:
    """Stands in for LINE's Messaging API: records replies and pushes."""

    def __init__(self):
        self.replies = []

    async def reply(self, reply_token, messages):
        self.replies.append((reply_token, messages))

    async def push(self, to, messages):
        self.replies.append((None, messages))


async def echo(message):
    await message.output_channel.send_text_message(message.sender_id, f"echo {len(message.text)}")


@pytest.fixture(scope="module")
def line():
    api = RecordingApi()
    channel = LineInput(LineSettings(channel_secret=SECRET, channel_access_token="t",
                                     turn_timeout_seconds=5), api=api)
    app = Sanic("line_properties_test")
    app.blueprint(channel.blueprint(echo), url_prefix="/webhooks/line")
    server = ThreadedSanic(app).start()
    server.channel, server.api = channel, api
    server.hook = f"{server.url}/webhooks/line/webhook"
    yield server
    server.stop()


def post_signed(server, raw: bytes):
    request_headers_signature = sign(raw, SECRET)
    import urllib.request

    request = urllib.request.Request(server.hook, data=raw, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Line-Signature", request_headers_signature)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    asyncio.run_coroutine_threadsafe(server.channel.drain(), server.loop).result(30)
    return status


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)
ids = st.text(alphabet="0123456789ABCDEFabcdef", min_size=1, max_size=26)
user_source = st.fixed_dictionaries({"type": st.just("user"), "userId": ids.map(lambda s: "U" + s)})
text_event = st.fixed_dictionaries({
    "type": st.just("message"), "replyToken": ids, "webhookEventId": ids, "mode": st.just("active"),
    "source": user_source,
    "message": st.fixed_dictionaries({"type": st.just("text"), "id": ids, "text": st.text(max_size=300)}),
})
postback_event = st.fixed_dictionaries({
    "type": st.just("postback"), "replyToken": ids, "webhookEventId": ids, "source": user_source,
    "postback": st.fixed_dictionaries({"data": st.text(min_size=1, max_size=100)}),
})
odd_event = st.fixed_dictionaries({
    "type": st.sampled_from(["message", "postback", "follow", "unfollow", "join", "beacon", "unsend",
                             "memberJoined", "videoPlayComplete", "something_new"]),
    "replyToken": ids | st.none(), "webhookEventId": ids,
    "source": user_source | st.fixed_dictionaries({"type": st.sampled_from(["group", "room"]),
                                                   "groupId": ids}) | json_values,
    "message": json_values, "postback": json_values,
}) | json_values


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(text_event | postback_event | odd_event, max_size=4))
def test_any_signed_events_get_200_and_every_chat_message_an_answer(line, events):
    for event in events:  # LINE's ids are unique (repeated ones are redeliveries, skipped)
        if isinstance(event, dict) and "webhookEventId" in event:
            event["webhookEventId"] = uuid.uuid4().hex
            if isinstance(event.get("replyToken"), str):
                event["replyToken"] = uuid.uuid4().hex
    before = len(line.api.replies)
    raw = json.dumps({"destination": "Uxxx", "events": events}).encode("utf-8")
    assert post_signed(line, raw) == 200
    answerable = {e["replyToken"] for e in events
                  if isinstance(e, dict) and (
                      (e.get("type") == "message" and isinstance(e.get("message"), dict)
                       and e["message"].get("type") == "text" and isinstance(e["message"].get("text"), str))
                      or (e.get("type") == "postback" and isinstance(e.get("postback"), dict)
                          and isinstance(e["postback"].get("data"), str) and e["postback"]["data"]))
                  and isinstance(e.get("source"), dict) and e["source"].get("type") == "user"
                  and e["source"].get("userId") and e.get("mode", "active") != "standby"}
    answered = {token for token, _ in line.api.replies[before:]}
    assert answerable <= answered


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_signed_body_gets_200_or_a_4xx(line, raw):
    assert post_signed(line, raw) in (200, 400, 413)


def test_a_deeply_nested_signed_body_is_a_4xx(line):
    assert post_signed(line, b"[" * 5000 + b"]" * 5000) == 400
    assert http("GET", f"{line.url}/webhooks/line/")[0] == 200
