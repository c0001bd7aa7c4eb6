"""The staff's shell: a turn as the resident reads it, the staff lines, --debug, and the ways out."""
import io
import json
from pathlib import Path

import pytest

from bot.staff.explain import STAFF_MARKER
from bot.staff.shell import CREDENTIALS, StaffShell, write_credentials

RECORDED = Path(__file__).parents[1] / "web" / "recorded_turns.json"


def recorded_turns_with_a_result():
    turns = json.loads(RECORDED.read_text(encoding="utf-8"))["turns"]
    found = [t["messages"] for t in turns
             if any((m.get("custom") or {}).get("type") == "navigator.result" for m in t["messages"])]
    assert len(found) >= 5
    return found


def shell(typed=(), replies=None, debug=False):
    """A shell reading ``typed`` then end of input; the navigator answers ``replies`` in turn."""
    typed, replies, sent = list(typed), list(replies or []), []

    def read(prompt):
        if not typed:
            raise EOFError
        return typed.pop(0)

    def send(message):
        sent.append(message)
        return replies.pop(0) if replies else [{"text": "はい"}]

    out = io.StringIO()
    return StaffShell(send, out=out, read=read, debug=debug, color=False), out, sent


@pytest.mark.parametrize("messages", recorded_turns_with_a_result())
def test_a_result_turn_reads_as_the_resident_sees_it_then_the_staff_lines(messages):
    lines = shell()[0].render(messages)
    text = "\n".join(lines)
    for message in messages:
        if message.get("text"):
            assert message["text"] in text
    assert "navigator.result" not in text and '"windows"' not in text
    staff = [line for line in lines if line.startswith(STAFF_MARKER)]
    assert staff and lines[-len(staff):] == staff, "the staff lines close the turn"
    assert any("相談:" in line for line in staff) and any("危機:" in line for line in staff)
    assert len(staff) < 12


def test_debug_adds_the_json_of_the_result():
    messages = recorded_turns_with_a_result()[0]
    plain = shell()[0].render(messages)
    debug = shell(debug=True)[0].render(messages)
    assert '"type": "navigator.result"' in "\n".join(debug)
    assert len(debug) > len(plain) + 20
    assert [line for line in debug if line.startswith(STAFF_MARKER)] == [
        line for line in plain if line.startswith(STAFF_MARKER)]


def test_a_turn_without_a_result_has_no_staff_line():
    assert shell()[0].render([{"text": "こんにちは"}]) == ["こんにちは"]


def test_buttons_are_numbered_and_a_number_presses_one():
    question = [{"text": "どなたのことですか？", "buttons": [
        {"title": "自分", "payload": '/inform{"affected": "self"}'},
        {"title": "子ども", "payload": '/inform{"affected": "child"}'}]}]
    staff, out, sent = shell(["ひとりで悩んでいる", "2", "3"], [question, [], []])
    assert staff.run() == 0
    assert sent == ["ひとりで悩んでいる", '/inform{"affected": "child"}', "3"]
    assert "  1) 自分\n  2) 子ども\n" in out.getvalue()


@pytest.mark.parametrize("typed, sent", [(["/stop", "まだ"], []), (["こんにちは"], ["こんにちは"]),
                                         (["", "  "], [])])
def test_stop_and_end_of_input_end_the_shell(typed, sent):
    staff, _, found = shell(typed)
    assert staff.run() == 0
    assert found == sent


def test_a_navigator_that_does_not_answer_ends_the_shell_with_1():
    def send(message):
        raise ConnectionRefusedError("refused")

    out = io.StringIO()
    assert StaffShell(send, out=out, read=lambda prompt: "こんにちは", color=False).run() == 1
    assert "ナビゲーターに届きませんでした" in out.getvalue()


def test_the_shell_server_opens_only_the_rest_channel(tmp_path):
    import yaml

    assert yaml.safe_load(write_credentials(tmp_path).read_text(encoding="utf-8")) == yaml.safe_load(CREDENTIALS)
    assert list(yaml.safe_load(CREDENTIALS)) == ["bot.channels.rest.NavigatorRestInput"]


def test_the_shell_posts_to_the_rest_channel_and_reads_its_answer():
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from bot.staff.shell import rest_ready, rest_sender

    received = []

    class Channel(BaseHTTPRequestHandler):
        def _answer(self, body):
            data = json.dumps(body).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - http.server's name
            self._answer({"status": "ok"} if self.path == "/webhooks/rest/" else {})

        def do_POST(self):  # noqa: N802
            received.append((self.path, json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self._answer([{"recipient_id": "s", "text": "こんにちは"}])

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Channel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        assert rest_ready(url)
        assert rest_sender(url, "staff-shell-x")("やあ") == [{"recipient_id": "s", "text": "こんにちは"}]
        assert received == [("/webhooks/rest/webhook", {"sender": "staff-shell-x", "message": "やあ"})]
    finally:
        server.shutdown()
        server.server_close()
    assert not rest_ready(url)
