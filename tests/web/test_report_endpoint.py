"""POST /chat/report answers bad input clearly, limits senders, and never fails with a 500."""
import json

import pytest

from bot.report_intake import RateLimiter, ReportIntake, clean_note
from tests.support.net import http

GOOD = {"session_id": "abcdEFGH1234", "window_id": "parite", "reason": "moved", "lang": "ja"}


@pytest.mark.parametrize("body, status, error", [
    (b"not json", 400, "the body must be a JSON object"),
    ([1, 2], 400, "the body must be a JSON object"),
    (dict(GOOD, session_id="../etc"), 400, "'session_id' must be a socket session id"),
    (dict(GOOD, window_id="no_such_window"), 400, "'window_id' must be the id of a window"),
    (dict(GOOD, window_id="<script>"), 400, "'window_id' must be the id of a window"),
    (dict(GOOD, reason="dunno"), 400, "'reason' must be one of closed, moved, department, age, other"),
    (dict(GOOD, note=["a"]), 400, "'note' must be a string"),
    (dict(GOOD, note="あ" * 201), 400, "'note' may be at most 200 characters"),
    (dict(GOOD, note="x" * 5000), 413, "the request body is too large"),
])
def test_bad_input_gets_a_clear_answer(fake_navigator, body, status, error):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    got, answer = http("POST", f"{fake_navigator}/chat/report", raw=raw)
    assert got == status
    assert error in answer["error"]
    assert answer["message"]  # a sentence the page shows


def test_a_store_that_cannot_keep_reports_is_a_503_with_a_sentence(fake_navigator):
    # The fake navigator keeps conversations in memory: no SQL database for reports.
    got, answer = http("POST", f"{fake_navigator}/chat/report",
                       raw=json.dumps(dict(GOOD, session_id="noSqlStore01", lang="en")).encode())
    assert got == 503
    assert answer["message"] == "The report could not be received just now. Please try again later."


class _Store:
    def __init__(self):
        self.added = []

    def add(self, *args):
        self.added.append(args)


def test_rate_limit_per_sender_and_per_minute():
    now = [0.0]
    store = _Store()
    intake = ReportIntake({"parite"}, lambda: store, RateLimiter(per_sender=2, overall=3, clock=lambda: now[0]))
    assert [intake.take("a", "parite", "moved").status for _ in range(3)] == [200, 200, 429]
    assert intake.take("b", "parite", "other").status == 200
    assert intake.take("c", "parite", "other").status == 429  # three a minute for everyone
    now[0] = 61.0
    assert intake.take("a", "parite", "closed").status == 200
    assert len(store.added) == 4


def test_the_note_is_one_masked_line_and_the_sender_is_not_stored():
    store = _Store()
    intake = ReportIntake({"parite"}, lambda: store)
    assert intake.take("sender-xyz", "parite", "moved", "電話は090-1234-5678\nでした").stored
    window_id, reason, note, channel = store.added[0]
    assert (window_id, reason, channel) == ("parite", "moved", "web")
    assert "090-1234-5678" not in note and "\n" not in note
    assert "sender-xyz" not in repr(store.added)
    assert clean_note("   ") is None


def test_a_failing_store_is_a_503_not_an_exception():
    def broken():
        raise RuntimeError("database is down")

    assert ReportIntake({"parite"}, broken).take("s", "parite", "age").status == 503
