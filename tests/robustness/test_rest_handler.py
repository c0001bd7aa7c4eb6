"""The guarded REST channel's handler, served by a real Sanic app with a stub navigator.

No model needed: `on_new_message` is a stub that echoes, sleeps, raises or
stays silent, so every way a turn can go is exercised over real HTTP.
"""
import asyncio
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sanic import Sanic

from bot.channels.rest import NavigatorRestInput
from tests.robustness.cases import BAD_INPUTS, OK, check_outcome
from tests.support.inprocess import ThreadedSanic
from tests.support.net import http

SAFETY = "福祉丸ごと相談窓口"
TIMEOUT = 1


class StubNavigator:
    """Stands in for Rasa's handler; remembers what reached it."""

    def __init__(self):
        self.received = []

    async def __call__(self, message):
        self.received.append(message.text)
        if message.text == "slow":
            await asyncio.sleep(TIMEOUT * 5)
        elif message.text == "boom":
            raise RuntimeError("the action server is down")
        elif message.text == "silent":
            return
        await message.output_channel.send_text_message(message.sender_id, f"echo {len(message.text)}")


@pytest.fixture(scope="module")
def server():
    stub = StubNavigator()
    app = Sanic("rest_handler_test")
    channel = NavigatorRestInput(timeout_seconds=TIMEOUT)
    app.blueprint(channel.blueprint(stub), url_prefix="/webhooks/rest")
    running = ThreadedSanic(app).start()
    running.stub = stub
    running.hook = f"{running.url}/webhooks/rest/webhook"
    yield running
    running.stop()


def post(server, message, sender="resident"):
    return http("POST", server.hook, {"sender": sender, "message": message}, timeout=30)


def assert_still_serving(server):
    status, body = post(server, "こんにちは")
    assert status == 200 and body[-1]["text"] == "echo 5"


@pytest.mark.parametrize("name, raw, content_type, expected", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_gets_a_reply_or_a_4xx_and_the_server_keeps_serving(server, name, raw, content_type, expected):
    status, body = http("POST", server.hook, raw=raw, content_type=content_type, timeout=30)
    check_outcome(name, status, body, expected)
    assert_still_serving(server)


def test_blank_messages_are_answered_without_the_pipeline(server):
    before = len(server.stub.received)
    status, body = post(server, " \u3000\u200b ")
    assert status == 200 and "困って" in body[0]["text"]
    assert len(server.stub.received) == before


def test_control_characters_are_removed_before_the_pipeline(server):
    post(server, "\x00\x07助けて\x1b")
    assert server.stub.received[-1] == "助けて"


def test_a_long_message_is_cut_to_5000_characters_and_the_resident_told(server):
    status, body = post(server, "あ" * 10_000)
    assert status == 200
    assert server.stub.received[-1] == "あ" * 5000
    assert "長かった" in body[0]["text"] and body[-1]["text"] == "echo 5000"


def test_a_message_over_2000_characters_is_passed_whole_for_the_crisis_read(server):
    status, body = post(server, "あ" * 2500)
    assert status == 200
    assert server.stub.received[-1] == "あ" * 2500
    assert "長かった" in body[0]["text"]


@pytest.mark.parametrize("trouble", ["slow", "boom", "silent"])
def test_a_failing_slow_or_silent_turn_still_names_the_safety_window(server, trouble):
    status, body = post(server, trouble)
    assert status == 200
    assert SAFETY in body[-1]["text"] and "110" in body[-1]["text"]
    assert_still_serving(server)


def test_get_on_the_webhook_is_a_4xx(server):
    status, _ = http("GET", server.hook)
    assert status == 405


def test_health(server):
    assert http("GET", f"{server.url}/webhooks/rest/") == (200, {"status": "ok"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sender=json_values | st.text(min_size=1, max_size=40), message=json_values | st.text(max_size=300),
       extra=st.dictionaries(st.text(max_size=8), json_values, max_size=3))
def test_any_json_body_gets_a_reply_or_a_4xx(server, sender, message, extra):
    body = {**extra, "sender": sender, "message": message}
    status, reply = http("POST", server.hook, raw=json.dumps(body).encode(), timeout=30)
    valid = isinstance(sender, str) and sender.strip() and len(sender) <= 128 and isinstance(message, str)
    check_outcome(repr(body)[:80], status, reply, OK if valid else "4xx")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_any_bytes_get_a_reply_or_a_4xx(server, raw):
    status, reply = http("POST", server.hook, raw=raw, timeout=30)
    assert status < 500 and reply not in ("", None)


def test_lone_surrogates_never_reach_the_pipeline(server):
    status, body = http("POST", server.hook, raw=b'{"sender": "r", "message": "\\ud83d\\u52a9\\udc4b"}')
    assert status == 200 and server.stub.received[-1] == "助"
