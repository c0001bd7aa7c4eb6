"""An SQL tracker store that never writes a resident's personal details.

Registered in endpoints.yml as::

    tracker_store:
      type: bot.privacy.store.MaskingSQLTrackerStore
      dialect: sqlite            # or postgresql (see docs/deployment.md)
      db: var/conversations.db

The pipeline and the actions work on the tracker in memory, which keeps the
resident's original words for the current turn; only the copies written to
the database are masked (bot/privacy/masking.py). A conversation read back
from the store therefore holds masked earlier messages, which no part of the
navigator needs word for word. The old path bot.stores.masking.MaskingSQLTrackerStore
still works for existing endpoints.yml files.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Dict, Iterator, List, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.masking import mask


def masked_event(event: Event) -> Event:
    """A copy of a UserUttered event with its text masked; other events unchanged."""
    if not isinstance(event, UserUttered):
        return event
    masked = copy.copy(event)
    masked.text = mask(event.text) if event.text else event.text
    parse_data: Dict[str, Any] = copy.deepcopy(event.parse_data)
    if parse_data.get("text"):
        parse_data["text"] = mask(parse_data["text"])
    for entity in parse_data.get("entities") or []:
        for key in ("value", "text"):
            if isinstance(entity.get(key), str):
                entity[key] = mask(entity[key])
    masked.parse_data = parse_data
    masked.entities = list(parse_data.get("entities") or [])
    return masked


# Called as callback(engine, sender_id, masked_events) once a turn is stored.
# The staff console's daily counts listen here (bot/staff/usage.py registers
# itself; bot.rasa_server imports it): privacy knows nothing of staff.
_after_stored: List[Callable[[Any, str, List[Event]], None]] = []


def after_stored(callback: Callable[[Any, str, List[Event]], None]) -> None:
    """Calls ``callback(engine, sender_id, masked_events)`` after every stored turn (once per callback)."""
    if callback not in _after_stored:
        _after_stored.append(callback)


class MaskingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose stored UserUttered events hold masked text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            import sqlalchemy as sa

            # Measured: two commits a turn cost about 9 ms each in disk syncs.
            # WAL with synchronous=NORMAL keeps the file consistent after a crash
            # and loses at most the last turns on a power cut.
            sa.event.listen(self.engine, "connect", _sqlite_write_ahead_log)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The events not stored yet, as they will be written: user text masked."""
        import sqlalchemy as sa

        written = [masked_event(event) for event in super()._additional_events(session, tracker)]
        if _after_stored:
            callbacks = list(_after_stored)
            sa.event.listen(session, "after_commit",
                            lambda _: [call(self.engine, tracker.sender_id, written) for call in callbacks],
                            once=True)
        return iter(written)

    async def _stream_new_events(self, event_broker: Any, new_events: List[Event],
                                 sender_id: Text) -> None:
        """An event broker, if one is ever configured, gets the masked events too."""
        await super()._stream_new_events(event_broker, [masked_event(e) for e in new_events], sender_id)


def _sqlite_write_ahead_log(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
