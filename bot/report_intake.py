"""Takes one report of wrong window information: checks it, masks it, limits it, stores it.

Used by the web page's ``POST /chat/report`` (bot/channels/webchat.py) and by
LINE's report postbacks (bot/channels/line.py). The answer is always one of a
few outcomes the channel turns into a status and a sentence; nothing here
raises on bad input, and nothing the resident wrote is logged.

Rate limits, in memory (each replica counts its own): a sender may send
``per_sender`` reports a minute, and all senders together ``per_minute``.
The sender key is used only for counting and is never stored.
"""
from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Container, Deque, Dict, Optional, Sequence

from bot import window_notes
from bot.privacy.masking import mask
from bot.stores.reports import MAX_NOTE_CHARS

logger = logging.getLogger(__name__)

PER_SENDER_PER_MINUTE = 3
ALL_SENDERS_PER_MINUTE = 30
WINDOW_ID = re.compile(r"^[a-z0-9_]{1,100}$")
# Control characters and line breaks: the note is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class Outcome:
    """What became of a report: ``status`` (HTTP-like) and ``key`` of its sentence or error."""

    status: int  # 200 stored, 400 bad input, 429 too many, 503 not stored
    key: str  # thanks | too_many | failed | an error code
    error: str = ""  # for bad input: what is wrong, in English, for the page's developers

    @property
    def stored(self) -> bool:
        """Whether the report was stored (status 200)."""
        return self.status == 200


class RateLimiter:
    """At most ``per_sender`` events a minute per sender and ``overall`` for everyone."""

    def __init__(self, per_sender: int = PER_SENDER_PER_MINUTE, overall: int = ALL_SENDERS_PER_MINUTE,
                 period: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_sender, self.overall, self.period, self.clock = per_sender, overall, period, clock
        self._all: Deque[float] = deque()
        self._by_sender: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, sender: str) -> bool:
        """Counts one event of ``sender`` if it is within the limits; False when not."""
        now = self.clock()
        with self._lock:
            self._drop_before(now - self.period)
            mine = self._by_sender.setdefault(sender, deque())
            if len(mine) >= self.per_sender or len(self._all) >= self.overall:
                return False
            mine.append(now)
            self._all.append(now)
            return True

    def _drop_before(self, cutoff: float) -> None:
        while self._all and self._all[0] <= cutoff:
            self._all.popleft()
        for sender in list(self._by_sender):
            times = self._by_sender[sender]
            while times and times[0] <= cutoff:
                times.popleft()
            if not times:
                del self._by_sender[sender]  # no sender key is kept longer than a minute


def clean_note(note: Any) -> Optional[str]:
    """The optional line of text: one line, at most MAX_NOTE_CHARS, masked; None when empty."""
    if note is None:
        return None
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", str(note))).strip()
    return mask(text) if text else None


class ReportIntake:
    """Checks, limits and stores reports for the windows of one catalogue."""

    def __init__(self, window_ids: Container[str], store_for: Callable[[], Any],
                 limiter: Optional[RateLimiter] = None, reasons: Optional[Sequence[str]] = None) -> None:
        self.window_ids = window_ids
        self.store_for = store_for  # () -> ReportStore or None (no SQL store configured)
        self.limiter = limiter or RateLimiter()
        self.reasons = tuple(reasons or window_notes.reason_ids())

    def take(self, sender: str, window_id: Any, reason: Any, note: Any = None, channel: str = "web") -> Outcome:
        """Stores one report, or says why not."""
        if not isinstance(window_id, str) or not WINDOW_ID.match(window_id) or window_id not in self.window_ids:
            return Outcome(400, "bad_window", "'window_id' must be the id of a window of the catalogue")
        if reason not in self.reasons:
            return Outcome(400, "bad_reason", f"'reason' must be one of {', '.join(self.reasons)}")
        if note is not None and not isinstance(note, str):
            return Outcome(400, "bad_note", "'note' must be a string or absent")
        if note is not None and len(note) > MAX_NOTE_CHARS:
            return Outcome(400, "note_too_long", f"'note' may be at most {MAX_NOTE_CHARS} characters")
        if not self.limiter.allow(sender):
            return Outcome(429, "too_many")
        try:
            store = self.store_for()
            if store is None:
                logger.error("a report could not be kept: no SQL conversation store is configured")
                return Outcome(503, "failed")
            store.add(window_id, reason, clean_note(note), channel)
        except Exception as error:  # noqa: BLE001 - a report must never bring an error page
            logger.error("a report could not be kept: %s", type(error).__name__)
            return Outcome(503, "failed")
        logger.info("report stored: window %s, reason %s, channel %s", window_id, reason, channel)
        return Outcome(200, "thanks")


@lru_cache(maxsize=1)
def _window_ids() -> frozenset:
    from bot.catalogue import Catalogue
    from bot.settings import PROJECT_ROOT

    return frozenset(Catalogue.from_directory(PROJECT_ROOT / "data" / "services").windows)


def for_app(app: Any) -> ReportIntake:
    """The server's intake, kept on ``app.ctx``: the catalogue's windows, the agent's SQL store."""
    from bot.stores.reports import for_tracker_store

    ctx = getattr(app, "ctx", None)
    intake = getattr(ctx, "report_intake", None)
    if intake is None:
        def store_for() -> Any:
            agent = getattr(ctx, "agent", None)
            return for_tracker_store(getattr(agent, "tracker_store", None)) if agent is not None else None

        intake = ReportIntake(_window_ids(), store_for)
        if ctx is not None:
            ctx.report_intake = intake
    return intake
