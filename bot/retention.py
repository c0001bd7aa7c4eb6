"""Deletes whole conversations whose last event is older than N days.

    python -m bot.retention --days 30 [--endpoints endpoints.yml] [--dry-run]

Works on the SQL conversation store endpoints.yml configures (SQLite or
PostgreSQL; `type: SQL` or bot.stores.masking.MaskingSQLTrackerStore). A
conversation is all events of one sender id; it is deleted only when even its
newest event is older than the limit, so an ongoing conversation is kept
whole. Prints counts only, never what residents wrote. Run it daily (cron or
a systemd timer; see docs/deployment.md).
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from typing import Any, List, Optional

from bot.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Deleted:
    """What one run removed (or would remove, in a dry run)."""

    conversations: int
    events: int


def delete_old_conversations(engine: Any, days: float, now: Optional[float] = None,
                             dry_run: bool = False) -> Deleted:
    """Deletes every conversation whose newest event is older than ``days`` days."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    if days < 0:
        raise ValueError("days must not be negative")
    events = SQLTrackerStore.SQLEvent.__table__
    cutoff = (time.time() if now is None else now) - days * 86400
    SQLTrackerStore.Base.metadata.create_all(engine, tables=[events])
    old_senders = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with engine.begin() as connection:
        senders: List[str] = [row[0] for row in connection.execute(old_senders)]
        count = 0
        for start in range(0, len(senders), 500):  # bounded IN lists
            chunk = senders[start:start + 500]
            where = events.c.sender_id.in_(chunk)
            if dry_run:
                count += connection.execute(
                    sa.select(sa.func.count()).select_from(events).where(where)).scalar()
            else:
                count += connection.execute(events.delete().where(where)).rowcount
    return Deleted(conversations=len(senders), events=count)


def main(argv: Optional[List[str]] = None) -> int:
    """Command line; returns the exit code."""
    import warnings

    warnings.simplefilter("ignore")  # Rasa's import-time deprecation notices
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=float, default=DEFAULT_DAYS,
                        help=f"keep conversations active in the last N days (default {DEFAULT_DAYS})")
    parser.add_argument("--endpoints", default=str(PROJECT_ROOT / "endpoints.yml"))
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must not be negative")

    from bot.stores.config import StoreConfigError, describe_url, first_line, sql_engine, sql_store

    try:
        # relative SQLite paths: as bot/serve.py runs Rasa
        url = sql_store(args.endpoints, PROJECT_ROOT, "retention").sql_url(PROJECT_ROOT)
    except StoreConfigError as error:
        print(error, file=sys.stderr)
        return 2
    engine = sql_engine(url)
    try:
        deleted = delete_old_conversations(engine, args.days, dry_run=args.dry_run)
    except Exception as error:  # noqa: BLE001 - one clear line, not a stack trace
        print(f"the conversation store at {describe_url(url)} could not be cleaned: {first_line(error)}",
              file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {deleted.conversations} conversations ({deleted.events} events) "
          f"with no message in the last {args.days:g} days from {describe_url(url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
