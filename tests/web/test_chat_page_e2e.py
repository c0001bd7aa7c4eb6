"""The chat page in a real browser (Debian's Chromium, driven by web/e2e/chat.e2e.mjs).

Two servers: the fake navigator (recorded replies through the real channels:
fast, always runs) and the real one (`python -m bot.serve` with the trained
model; skipped with the reason when there is no model). Screenshots:
test-output/web/ (real) and test-output/web/fake/.
"""
from __future__ import annotations

import sqlite3

import yaml

from tests.support.net import http
from tests.web.browser import ROOT, run_e2e

OUT = ROOT / "test-output" / "web"


def test_chat_page_against_the_fake_navigator(fake_navigator):
    result = run_e2e(fake_navigator, OUT / "fake", fake=True)

    assert result["passed"] >= 40
    # One session per quick exit (button, Esc, Shift ×3), each really deleted.
    assert len(set(result["forgotten"])) == 3
    status, conversations = http("GET", f"{fake_navigator}/fake/conversations")
    assert status == 200
    for session_id in result["forgotten"]:
        assert session_id in conversations["seen"], "the page's socket id is the sender id"
        assert session_id not in conversations["stored"], "the conversation was forgotten"
    for name in ("chat.png", "crisis.png", "mobile-360.png"):
        assert (OUT / "fake" / name).stat().st_size > 10_000


def test_chat_page_against_the_real_navigator(navigator):
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8")) or {}
    assert "bot.channels.webchat.WebChatInput" in channels, (
        "credentials.yml must register the chat page: `bot.channels.webchat.WebChatInput:`"
    )
    result = run_e2e(navigator.url, OUT, fake=False)

    assert len(set(result["forgotten"])) == 3
    with sqlite3.connect(navigator.db) as db:
        for session_id in result["forgotten"]:
            rows = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (session_id,)).fetchone()
            assert rows[0] == 0, f"conversation {session_id} is still in the store"
    for name in ("chat.png", "crisis.png", "mobile-360.png"):
        assert (OUT / name).stat().st_size > 10_000
