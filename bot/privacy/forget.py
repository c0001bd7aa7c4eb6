"""Deletes one resident's conversation from the conversation store (the quick exit).

The chat page's 「すぐに閉じる」 button (and Esc, and Shift pressed three
times) asks the server to forget the conversation of its socket session:
``bot.channels.webchat`` calls :func:`forget` with the running agent's
tracker store and that session's sender id.

Rasa wraps the configured store (``Agent`` in ``FailSafeTrackerStore``,
``TrackerStore.create`` in ``AwaitableTrackerStore``); :func:`forget` looks
through those wrappers and deletes from every store it finds underneath,
including the in-memory fallback a ``FailSafeTrackerStore`` writes to when
the primary store failed. Supported stores: in-memory, SQL (also subclasses
such as ``bot.privacy.store.MaskingSQLTrackerStore``), Redis, MongoDB and
DynamoDB. Any other store raises :class:`ForgetUnsupported`, so that a
store added later is not silently left holding what a resident wrote.
"""
from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import (
    DynamoTrackerStore,
    InMemoryTrackerStore,
    MongoTrackerStore,
    RedisTrackerStore,
    SQLTrackerStore,
)

from bot.stores.behind import stores_behind

__all__ = ["ForgetUnsupported", "forget", "stores_behind"]


class ForgetUnsupported(TypeError):
    """The tracker store is of a kind :func:`forget` cannot delete from."""


def _forget_in(store: Any, sender_id: str) -> int:
    """Deletes ``sender_id``'s conversation from one store; returns what was deleted."""
    if isinstance(store, InMemoryTrackerStore):
        return 1 if store.store.pop(sender_id, None) is not None else 0
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            deleted = (
                session.query(store.SQLEvent)
                .filter(store.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
            return int(deleted or 0)
    if isinstance(store, RedisTrackerStore):
        return int(store.red.delete(store.key_prefix + sender_id) or 0)
    if isinstance(store, MongoTrackerStore):
        return int(store.conversations.delete_many({"sender_id": sender_id}).deleted_count)
    if isinstance(store, DynamoTrackerStore):
        store.db.delete_item(Key={"sender_id": sender_id})
        return 1
    raise ForgetUnsupported(
        f"cannot delete a conversation from a {type(store).__name__}; "
        "add it to bot/privacy/forget.py"
    )


def forget(tracker_store: Any, sender_id: str) -> int:
    """Deletes every stored event of ``sender_id`` from ``tracker_store``.

    Args:
        tracker_store: the agent's tracker store, wrapped or not.
        sender_id: the conversation to delete (the socket session id for the
            chat page).

    Returns:
        How many stored records were deleted (0 when there was nothing:
        forgetting twice is not an error).

    Raises:
        ForgetUnsupported: a store behind ``tracker_store`` is of a kind this
            module does not know how to delete from.
        ValueError: ``sender_id`` is empty.
    """
    if not isinstance(sender_id, str) or not sender_id:
        raise ValueError("sender_id must be a non-empty string")
    return sum(_forget_in(store, sender_id) for store in stores_behind(tracker_store))
