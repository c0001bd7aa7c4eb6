"""The staff console in a real browser against a real navigator (web/e2e/staff.e2e.mjs).

Starts `python -m bot.serve` on free ports with its own SQLite store and a
temporary reviewed-examples directory (NAVIGATOR_REVIEWED_DIR, so the
repository is not touched), adds two staff accounts with `python -m bot staff
add`, sends a few scripted conversations through the REST channel and one
report through the chat page's endpoint, then runs the browser test with the
numbers it must show. Screenshots go to test-output/staff/.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys

import pytest
import sqlalchemy as sa
import yaml

from bot.navigator_result import payload_in
from bot.staff import tables
from tests.support.navigator import Navigator, model_missing_reason, new_workdir
from tests.support.net import http
from tests.web.browser import CHROMIUM, E2E_TIMEOUT, ROOT, WEB, browser_missing_reason

OUT = ROOT / "test-output" / "staff"
USER, LOCK_USER = "e2e-staff", "e2e-locked"
# Scripted residents: (message, how many senders write it). "/intent" messages
# are Rasa's own intent syntax: the model is not asked, so the counts are exact.
SCRIPT = [("/dv", 6), ("/housing+poverty", 5), ("/elderly_care", 2), ("/out_of_scope", 5)]
# Nonsense with a phone number to be masked. Which of them the model falls back
# on (nlu_fallback: it goes to review) depends on the trained model, so they
# are sent in turn until one reaches the review queue.
NONSENSE = ["ぴよぴよ ぱにゃにゃん", "ぬるぽ がっ ぬるぽ", "あいうえお かきくけこ", "もにょもにょ ほげほげ",
            "ゆらゆら ぽわん ちゅるる", "ぷにぷに もふもふ ぺたぺた"]
PHONE = "090-1234-5678"
MASKED_PHONE = "［電話番号］"
TRY_TEXT = "夫に毎日怒鳴られています"


@pytest.fixture
def staff_navigator():
    reason = model_missing_reason()
    if reason:
        pytest.skip(reason)
    workdir = new_workdir("staff-e2e-")
    db = workdir / "conversations.db"
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    password = secrets.token_urlsafe(18)
    for name in (USER, LOCK_USER):
        added = subprocess.run([sys.executable, "-m", "bot", "staff", "--endpoints", str(endpoints), "add", name,
                                "--password-stdin"], input=password + "\n", capture_output=True, text=True,
                               cwd=ROOT, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        assert added.returncode == 0, added.stderr
    reviewed = workdir / "reviewed"
    server = Navigator(workdir=workdir, db=db, env={"NAVIGATOR_REVIEWED_DIR": str(reviewed)})
    try:
        server.start()
        yield server, password, reviewed
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def queued(db, sender_id: str) -> bool:
    """Whether the store's review queue holds a message of this sender."""
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(tables.review_queue.c.sender_id)
                                .where(tables.review_queue.c.sender_id == sender_id)).first() is not None
    finally:
        engine.dispose()


def test_the_staff_console_in_a_browser(staff_navigator):
    reason = browser_missing_reason()
    if reason:
        pytest.fail(f"{reason}: run scripts/install-test-deps")
    server, password, reviewed = staff_navigator
    sent = 0
    for message, senders in SCRIPT:
        for i in range(senders):
            status, reply = server.say(f"script-{message[1:5]}-{i}", message)
            assert status == 200 and reply, (message, reply)
            sent += 1
    results = 6 + 5 + 2
    fallback = None
    for i, words in enumerate(NONSENSE):
        status, reply = server.say(f"script-fallback-{i}", f"{words} {PHONE}")
        assert status == 200
        sent += 1
        # The ConcernScorer may still read a concern in a fallen-back message (bot/concerns.py).
        payload = payload_in(reply) or {}
        results += 1 if payload.get("concerns") else 0
        if queued(server.db, f"script-fallback-{i}"):
            fallback = words
            break
    assert fallback, "the model fell back on none of the nonsense messages: add one to NONSENSE"
    fallback_masked = f"{fallback} {MASKED_PHONE}"
    status, _ = http("POST", f"{server.url}/chat/report", {"session_id": "scriptreport01", "window_id": "nodoka",
                                                          "reason": "moved", "note": "番号が変わった"})
    assert status == 200

    expect = {
        "cells": [
            ["concern", "dv", "total", "6"], ["concern", "housing", "total", "5"], ["concern", "poverty", "total", "5"],
            ["concern", "elderly_care", "total", "5未満"], ["per_period", "several_concerns", "total", "5"],
            ["per_period", "out_of_scope", "total", "5"], ["per_period", "messages", "total", str(sent)],
            ["per_period", "results", "total", str(results)], ["messages", "rest", "total", str(sent)],
            ["language", "ja", "total", str(results)],
        ],
        "forbidden": [*NONSENSE, PHONE, fallback_masked, TRY_TEXT, "番号が変わった"],
        "review": fallback_masked,
        "label": "not_a_concern",
        "csv": [",concern,dv,6", ",concern,elderly_care,5未満"],
    }
    done = subprocess.run(["node", str(WEB / "e2e" / "staff.e2e.mjs"), server.url, "--out", str(OUT)],
                          cwd=ROOT, capture_output=True, text=True, timeout=E2E_TIMEOUT,
                          env=dict(os.environ, CHROMIUM_PATH=str(CHROMIUM), STAFF_E2E_USER=USER,
                                   STAFF_E2E_PASSWORD=password, STAFF_E2E_LOCK_USER=LOCK_USER,
                                   STAFF_E2E_EXPECT=json.dumps(expect, ensure_ascii=False)))
    lines = [line for line in done.stdout.splitlines() if line.startswith("E2E-RESULT ")]
    result = json.loads(lines[-1][len("E2E-RESULT "):]) if lines else {"ok": False}
    assert done.returncode == 0 and result["ok"], f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    assert password not in done.stdout + done.stderr

    # The labelled example is in the reviewed directory, as Rasa training data, and nowhere in the repo.
    data = yaml.safe_load((reviewed / "out_of_scope.yml").read_text(encoding="utf-8"))
    assert data["nlu"][0] == {"intent": "out_of_scope", "examples": f"- {fallback_masked}\n"}
    assert not (ROOT / "data" / "nlu" / "reviewed" / "out_of_scope.yml").exists() or \
        fallback_masked not in (ROOT / "data" / "nlu" / "reviewed" / "out_of_scope.yml").read_text(encoding="utf-8")
    for name in ("overview.png", "try.png", "try-line.png"):
        assert (OUT / name).stat().st_size > 10_000, name
    log = open(server.log, encoding="utf-8", errors="replace").read()
    assert password not in log and PHONE not in log and fallback not in log and TRY_TEXT not in log
