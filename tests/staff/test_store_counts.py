"""The conversation store counts each turn once for the console (bot/privacy/store.py → bot/staff/usage.py)."""
import asyncio

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.store import MaskingSQLTrackerStore
from bot.staff import tables, usage  # noqa: F401  (usage listens to the store: it counts the turns)

RESULT = {"type": "navigator.result", "lang": "ja", "easy_japanese": False, "concerns": ["dv"], "crisis": False}


def test_each_saved_turn_is_counted_once_and_queued_masked(tmp_path):
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    tracker = DialogueStateTracker("s1", slots=[])
    tracker.update(UserUttered("夫が怖い", intent={"name": "dv", "confidence": 0.9}, input_channel="socketio"))
    tracker.update(BotUttered(data={"custom": RESULT}))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # saved again with nothing new: nothing more counted
    tracker.update(UserUttered("あの 090-1234-5678 です", intent={"name": "nlu_fallback", "confidence": 0.2},
                               input_channel="socketio"))
    asyncio.run(store.save(tracker))
    with store.engine.connect() as db:
        counts = {(r.metric, r.key): r.count for r in db.execute(sa.select(tables.daily_counts))}
        queued = [r.text for r in db.execute(sa.select(tables.review_queue))]
    assert counts[("messages", "socketio")] == 2 and counts[("concern", "dv")] == 1
    assert counts[("fallback", "all")] == 1
    assert queued == ["あの ［電話番号］ です"]  # masked as the conversation store keeps it
