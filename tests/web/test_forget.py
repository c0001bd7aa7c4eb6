"""bot/privacy/forget.py: the quick exit deletes exactly one resident's conversation."""
from __future__ import annotations

import asyncio

import pytest
from rasa.core.tracker_store import (
    AwaitableTrackerStore,
    FailSafeTrackerStore,
    InMemoryTrackerStore,
    SQLTrackerStore,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.forget import ForgetUnsupported, forget, stores_behind


def _tracker(sender_id: str, text: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, slots=[])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(text))
    tracker.update(BotUttered("わかりました。"))
    return tracker


def _save(store, *trackers) -> None:
    for tracker in trackers:
        asyncio.run(store.save(tracker))


def _retrieve(store, sender_id):
    return asyncio.run(store.retrieve(sender_id))


@pytest.fixture
def domain() -> Domain:
    return Domain.empty()


def test_in_memory_store_forgets_only_that_sender(domain):
    store = InMemoryTrackerStore(domain)
    _save(store, _tracker("resident-a", "夫に殴られています"), _tracker("resident-b", "介護の相談"))

    assert forget(store, "resident-a") == 1

    assert _retrieve(store, "resident-a") is None
    assert _retrieve(store, "resident-b") is not None
    assert list(asyncio.run(store.keys())) == ["resident-b"]


def test_forgetting_twice_or_an_unknown_sender_is_not_an_error(domain):
    store = InMemoryTrackerStore(domain)
    _save(store, _tracker("resident-a", "こんにちは"))
    assert forget(store, "resident-a") == 1
    assert forget(store, "resident-a") == 0
    assert forget(store, "nobody") == 0


def test_sql_store_deletes_every_row_of_that_sender(domain, tmp_path):
    db = tmp_path / "conversations.db"
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(db))
    _save(store, _tracker("resident-a", "死にたい"), _tracker("resident-b", "お金に困っています"))
    with store.session_scope() as session:
        rows_a = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == "resident-a").count()
    assert rows_a >= 3

    assert forget(store, "resident-a") == rows_a

    with store.session_scope() as session:
        left = {sender for (sender,) in session.query(store.SQLEvent.sender_id).all()}
        texts = [row.data for row in session.query(store.SQLEvent).all()]
    assert left == {"resident-b"}
    assert not any("死にたい" in text for text in texts)
    assert _retrieve(store, "resident-a") is None
    # A second store on the same file (another replica) sees the deletion.
    assert _retrieve(SQLTrackerStore(domain, dialect="sqlite", db=str(db)), "resident-a") is None


def test_looks_through_rasas_wrappers_including_the_fail_safe_fallback(domain):
    primary = InMemoryTrackerStore(domain)
    fallback = InMemoryTrackerStore(domain)
    wrapped = FailSafeTrackerStore(AwaitableTrackerStore(primary), fallback_tracker_store=fallback)
    _save(primary, _tracker("resident-a", "一つ目"))
    _save(fallback, _tracker("resident-a", "primary が落ちていた間"))

    assert stores_behind(wrapped) == [primary, fallback]
    assert forget(wrapped, "resident-a") == 2
    assert _retrieve(primary, "resident-a") is None
    assert _retrieve(fallback, "resident-a") is None


def test_redis_store_deletes_the_senders_key(domain):
    from rasa.core.tracker_store import RedisTrackerStore

    class FakeRedis:
        def __init__(self):
            self.data = {"tracker:resident-a": b"{}", "tracker:resident-b": b"{}"}

        def delete(self, *keys):
            return sum(1 for key in keys if self.data.pop(key, None) is not None)

    store = RedisTrackerStore.__new__(RedisTrackerStore)  # no Redis server in unit tests
    store.red = FakeRedis()
    store.key_prefix = "tracker:"

    assert forget(store, "resident-a") == 1
    assert set(store.red.data) == {"tracker:resident-b"}


def test_an_unknown_store_is_refused_not_ignored(domain):
    class OtherStore:
        pass

    with pytest.raises(ForgetUnsupported, match="OtherStore"):
        forget(OtherStore(), "resident-a")
    with pytest.raises(ValueError):
        forget(InMemoryTrackerStore(domain), "")
