"""bot/privacy/retention.py: whole conversations older than N days are deleted, newer ones kept."""
import asyncio
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.store import MaskingSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DAY = 86400


def conversation(sender, last_seen_days_ago, first_seen_days_ago):
    now = time.time()
    first, last = now - first_seen_days_ago * DAY, now - last_seen_days_ago * DAY
    return DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_listen", timestamp=first),
        UserUttered("こんにちは", intent={"name": "greet"}, timestamp=first),
        BotUttered("こんにちは", timestamp=first + 1),
        UserUttered("子どものことで", intent={"name": "child_rearing"}, timestamp=last),
    ])


def senders(db):
    rows = sqlite3.connect(db).execute("select distinct sender_id from events").fetchall()
    return sorted(r[0] for r in rows)


def test_only_conversations_whose_last_event_is_old_are_deleted(tmp_path):
    db = tmp_path / "conversations.db"
    store = MaskingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))
    for tracker in (
        conversation("old-1", 45, 60),
        conversation("old-2", 31, 31),
        conversation("ongoing", 2, 90),  # began long ago, still active: kept whole
        conversation("new", 0, 0),
    ):
        asyncio.run(store.save(tracker))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {db}\n", encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "bot.retention", "--endpoints", str(endpoints), *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)

    dry = run("--days", "30", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would delete 2 conversations (8 events)" in dry.stdout
    assert senders(db) == ["new", "old-1", "old-2", "ongoing"]

    done = run("--days", "30")
    assert done.returncode == 0, done.stderr
    assert "deleted 2 conversations (8 events)" in done.stdout
    assert senders(db) == ["new", "ongoing"]
    count = sqlite3.connect(db).execute("select count(*) from events where sender_id='ongoing'").fetchone()
    assert count[0] == 4  # nothing taken out of a conversation that is kept

    assert run("--days", "30").stdout.startswith("deleted 0 conversations")


def test_retention_refuses_a_store_that_is_not_sql(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://127.0.0.1:1/webhook\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot.retention", "--endpoints", str(endpoints)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "SQL conversation store" in done.stderr
