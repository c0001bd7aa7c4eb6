"""bot/channels/webchat.py and the files it serves: routes, headers, forget; the page's own rules."""
from __future__ import annotations

import asyncio
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sanic import Sanic

from bot.channels.webchat import FILES, WebChatInput
from tests.support.net import http

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
CITY = "https://www.city.nishitokyo.lg.jp/"


# ---- layer 1: routes registered ------------------------------------------------------------

def test_the_channel_serves_under_chat_and_registers_its_routes():
    from rasa.core.channels.channel import register

    app = Sanic("webchat_routes_test")
    channel = WebChatInput.from_credentials(None)
    assert channel.url_prefix() == "/chat"
    register([channel], app, route="/webhooks/")
    paths = {route.path.rstrip("/") for route in app.router.routes}
    assert {"chat", "chat/app.js", "chat/style.css", "chat/socket.io.min.js",
            "chat/memo.js", "chat/memo.css", "chat/memo.json",
            "chat/health", "chat/forget", "chat/report", "chat/report.js"} <= paths


def test_every_served_file_exists():
    for name, (relative, _) in FILES.items():
        assert (WEB / relative).is_file(), f"{relative} (for /chat/{name}) is missing"


# ---- the page: nothing from elsewhere, nothing kept ---------------------------------------

class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.inline_scripts, self.inline_styles, self.handlers = [], 0, 0, []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            if "src" in attrs:
                self.refs.append(attrs["src"])
            else:
                self._in_script = True
        if tag == "style":
            self.inline_styles += 1
        if tag == "link":
            self.refs.append(attrs.get("href", ""))
        for key in attrs:
            if key.startswith("on"):
                self.handlers.append((tag, key))
        if "style" in attrs:
            self.inline_styles += 1

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def test_the_page_loads_no_script_or_style_from_elsewhere():
    refs = _Refs()
    refs.feed((WEB / "index.html").read_text(encoding="utf-8"))
    # report.js (issue 20: the card notes) comes before app.js, which calls it.
    assert refs.refs == ["style.css", "memo.css", "socket.io.min.js", "report.js", "app.js", "memo.js"]
    # The Content-Security-Policy allows only 'self': no inline code either.
    assert refs.inline_scripts == 0 and refs.inline_styles == 0 and refs.handlers == []
    for name in ("style.css", "memo.css"):
        css = (WEB / name).read_text(encoding="utf-8")
        assert "@import" not in css and not re.search(r"url\(", css), name


def test_the_only_address_in_the_page_is_the_citys():
    for name in ("index.html", "app.js", "report.js", "style.css", "memo.js", "memo.css"):
        text = (WEB / name).read_text(encoding="utf-8")
        urls = set(re.findall(r"https?://[^\s'\"<>）)]+", text))
        assert urls <= {CITY}, f"{name} names {urls - {CITY}}"


def test_the_page_keeps_nothing_in_the_browser():
    for name in ("app.js", "report.js", "memo.js"):
        script = (WEB / name).read_text(encoding="utf-8")
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)  # comments may name them
        for api in ("localStorage", "sessionStorage", "document.cookie", "indexedDB", "caches",
                    "console.log", "serviceWorker"):
            assert api not in code, f"{name} uses {api}"


def test_socket_io_client_comes_from_the_lock_file_not_a_cdn():
    import json

    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/socket.io-client"]
    # Pinned by content (the registry's sha512); `resolved`, when written, is the npm registry.
    assert entry["integrity"].startswith("sha512-")
    assert entry.get("resolved", "https://registry.npmjs.org/").startswith("https://registry.npmjs.org/")


# ---- layer 2: over HTTP (the fake navigator serves the same channel) ----------------------

def test_the_page_and_its_files_with_strict_headers(fake_navigator):
    import urllib.request

    with urllib.request.urlopen(f"{fake_navigator}/chat/") as answer:
        html = answer.read().decode("utf-8")
        headers = answer.headers
    assert "すぐに閉じる" in html
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    assert headers.get("Set-Cookie") is None
    for name in ("app.js", "style.css", "socket.io.min.js", "memo.js", "memo.css", "memo.json"):
        status, _ = http("GET", f"{fake_navigator}/chat/{name}")
        assert status == 200, name


@pytest.mark.parametrize("path", ["package.json", "e2e/chat.e2e.mjs", "e2e/memo.e2e.mjs", "..%2Fpyproject.toml",
                                  "node_modules/socket.io-client/package.json"])
def test_nothing_else_under_web_is_served(fake_navigator, path):
    assert http("GET", f"{fake_navigator}/chat/{path}")[0] == 404


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"session_id": 5}', b'{"session_id": "a/b"}',
                                  b'{"session_id": ""}', b'{"session_id": "' + b"x" * 100 + b'"}'])
def test_forget_refuses_what_is_not_a_session_id(fake_navigator, body):
    status, answer = http("POST", f"{fake_navigator}/chat/forget", raw=body)
    assert status == 400 and "error" in answer


def test_forget_deletes_the_conversation_of_that_socket_only(fake_navigator):
    import socketio

    async def converse():
        clients, ids = [], []
        for text in ("母の介護のことで困っています", "ひきこもりの相談"):
            client = socketio.AsyncClient()
            replies = asyncio.Queue()
            client.on("bot_uttered", replies.put_nowait)
            await client.connect(fake_navigator, socketio_path="/socket.io", transports=["polling"])
            await client.emit("user_uttered", {"message": text})
            first = await asyncio.wait_for(replies.get(), 10)
            clients.append(client)
            ids.append(client.get_sid())
            assert first["type"] == "navigator.result", "the payload arrives whole, as the event's data"
        await asyncio.sleep(0.3)
        return clients, ids

    loop = asyncio.new_event_loop()
    clients = []
    try:
        clients, (leaving, staying) = loop.run_until_complete(converse())
        stored = http("GET", f"{fake_navigator}/fake/conversations")[1]["stored"]
        assert {leaving, staying} <= set(stored)

        status, answer = http("POST", f"{fake_navigator}/chat/forget", {"session_id": leaving})

        assert status == 200 and answer == {"forgotten": True}
        stored = http("GET", f"{fake_navigator}/fake/conversations")[1]["stored"]
        assert leaving not in stored and staying in stored
    finally:
        for client in clients:
            loop.run_until_complete(client.disconnect())
        loop.close()
