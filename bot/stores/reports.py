"""Residents' reports of wrong or out-of-date window information, in the conversation store's database.

The reports live in their own table, ``catalogue_reports``, of the database
the SQL conversation store uses (SQLite by default; PostgreSQL when several
replicas share it, see docs/deployment.md), so that they need no database of
their own and every replica sees them. A report holds the window id, the
reason chosen, the optional line of text (masked as conversations are, before
it is written) and the date; never the sender id, the time of day, or anything
else that would tie it to a conversation.

    python -m bot reports [--endpoints endpoints.yml] [--since YYYY-MM-DD]

lists them for staff, newest first.
"""
from __future__ import annotations

import argparse
import datetime
import sys
from dataclasses import dataclass
from typing import Any, List, Optional

import sqlalchemy as sa

from bot.settings import PROJECT_ROOT

TABLE = "catalogue_reports"
MAX_NOTE_CHARS = 200

_metadata = sa.MetaData()
reports_table = sa.Table(
    TABLE, _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("window_id", sa.String(100), nullable=False, index=True),
    sa.Column("reason", sa.String(20), nullable=False),
    sa.Column("note", sa.String(4 * MAX_NOTE_CHARS), nullable=True),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("reported_on", sa.Date, nullable=False, index=True),
)


@dataclass(frozen=True)
class Report:
    """One stored report."""

    id: int
    window_id: str
    reason: str
    note: Optional[str]
    channel: str
    reported_on: datetime.date

    def line(self) -> str:
        """One line of the reports listing (no sender id)."""
        note = f"  「{self.note}」" if self.note else ""
        return f"{self.reported_on}  {self.window_id}  {self.reason}  ({self.channel}){note}"


class ReportStore:
    """Adds and lists reports in one SQL database."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self._ready = False

    def _create(self) -> None:
        if not self._ready:
            _metadata.create_all(self.engine, tables=[reports_table], checkfirst=True)
            self._ready = True

    def add(self, window_id: str, reason: str, note: Optional[str], channel: str,
            on: Optional[datetime.date] = None) -> None:
        """Stores one report; ``note`` must already be masked."""
        self._create()
        with self.engine.begin() as connection:
            connection.execute(reports_table.insert().values(
                window_id=window_id, reason=reason, note=note or None, channel=channel,
                reported_on=on or datetime.date.today(),
            ))

    def list(self, since: Optional[datetime.date] = None) -> List[Report]:
        """The reports, newest first."""
        self._create()
        query = sa.select(reports_table).order_by(reports_table.c.reported_on.desc(), reports_table.c.id.desc())
        if since is not None:
            query = query.where(reports_table.c.reported_on >= since)
        with self.engine.connect() as connection:
            return [Report(**dict(row._mapping)) for row in connection.execute(query)]


def for_tracker_store(tracker_store: Any) -> Optional[ReportStore]:
    """The report store in the database of the running server's SQL conversation store, if any."""
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.stores.behind import stores_behind

    for store in stores_behind(tracker_store):
        if isinstance(store, SQLTrackerStore):
            return ReportStore(store.engine)
    return None


def main(argv: Optional[List[str]] = None) -> int:
    """``python -m bot reports``: the reports, newest first; returns the exit code."""
    import warnings

    warnings.simplefilter("ignore")  # Rasa's import-time deprecation notices
    parser = argparse.ArgumentParser(prog="python -m bot reports",
                                     description="list residents' reports of wrong window information")
    parser.add_argument("--endpoints", default=str(PROJECT_ROOT / "endpoints.yml"))
    parser.add_argument("--since", help="only reports from this date on (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    try:
        since = datetime.date.fromisoformat(args.since) if args.since else None
    except ValueError:
        parser.error("--since must be a date YYYY-MM-DD")

    from bot.stores.config import StoreConfigError, describe_url, first_line, sql_engine, sql_store

    try:
        config = sql_store(args.endpoints, PROJECT_ROOT, "the reports list")
        url = config.sql_url(PROJECT_ROOT)  # relative SQLite paths: as bot/serve.py runs Rasa
        sqlite = config.sqlite_path(PROJECT_ROOT)
    except StoreConfigError as error:
        print(error, file=sys.stderr)
        return 2
    if sqlite is not None and not sqlite.is_file():
        print(f"0 report(s): the conversation store {sqlite} does not exist yet")
        return 0
    engine = sql_engine(url)
    try:
        found = ReportStore(engine).list(since)
    except Exception as error:  # noqa: BLE001 - one clear line, not a stack trace
        print(f"the reports at {describe_url(url)} could not be read: {first_line(error)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    for report in found:
        print(report.line())
    print(f"{len(found)} report(s) in {describe_url(url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
