"""The staff console's tables, in the database of the SQL conversation store.

Created on first use (``create``). No table holds a password (only its scrypt
hash) or a session token (only its SHA-256). Message text is kept only in the
review queue, masked as the conversation store masks it, and each item goes
when its conversation goes (retention, quick exit; bot/staff/review.py).
"""
from __future__ import annotations

import weakref
from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

accounts = sa.Table(
    "staff_accounts", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

sessions = sa.Table(
    "staff_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, index=True),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
)

# Failed logins per key ("user:NAME" or "addr:IP"); a key is locked until ``locked_until``.
login_failures = sa.Table(
    "staff_login_failures", metadata,
    sa.Column("key", sa.String(160), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("first_at", sa.Float, nullable=False),
    sa.Column("locked_until", sa.Float, nullable=False, default=0.0),
)

audit = sa.Table(
    "staff_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("who", sa.String(64), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("target", sa.String(100), nullable=True),  # an id or a label, never message text
)

# One row per day, metric and key: counts only, written at the turn (bot/staff/usage.py).
daily_counts = sa.Table(
    "staff_daily_counts", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("metric", sa.String(40), primary_key=True),
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

review_queue = sa.Table(
    "staff_review_queue", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),  # to expire with its conversation; never shown
    sa.Column("text", sa.Text, nullable=False),  # masked
    sa.Column("reason", sa.String(20), nullable=False),  # fallback | low_score
    sa.Column("intent", sa.String(100), nullable=True),
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("lang", sa.String(10), nullable=True),
    sa.Column("created_at", sa.Float, nullable=False, index=True),
)

# Staff decisions on residents' reports (bot/stores/reports.py keeps the reports).
report_decisions = sa.Table(
    "staff_report_decisions", metadata,
    sa.Column("report_id", sa.Integer, primary_key=True),
    sa.Column("decision", sa.String(20), nullable=False),  # fixed | not_a_problem
    sa.Column("who", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
)

# Weak, not id(engine): a new engine may get the id of one already collected
# (the tests make one per test), and would then never get its tables.
_ready: "weakref.WeakSet[Any]" = weakref.WeakSet()


def create(engine: Any) -> None:
    """Creates the tables once per engine (idempotent)."""
    if engine not in _ready:
        metadata.create_all(engine, checkfirst=True)
        _ready.add(engine)


def engine_of(tracker_store: Any) -> Any:
    """The engine of the SQL store behind a running server's tracker store, or None."""
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.stores.behind import stores_behind

    for store in stores_behind(tracker_store):
        if isinstance(store, SQLTrackerStore):
            return store.engine
    return None


def engine_from_endpoints(endpoints: str, needed_for: str) -> Any:
    """An engine on the SQL store endpoints.yml configures (commands); StoreConfigError if none."""
    from bot.settings import PROJECT_ROOT
    from bot.stores.config import sql_engine, sql_store

    config = sql_store(endpoints, PROJECT_ROOT, needed_for)
    sqlite = config.sqlite_path(PROJECT_ROOT)
    if sqlite is not None:
        sqlite.parent.mkdir(parents=True, exist_ok=True)
    return sql_engine(config.sql_url(PROJECT_ROOT))
