"""Reports of wrong window information are kept in the conversation store's database
(SQLite by default, PostgreSQL with replicas) and listed by `python -m bot reports`."""
import datetime

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain

from bot.cli import main
from bot.privacy.store import MaskingSQLTrackerStore
from bot.stores.config import StoreConfig, sql_engine
from bot.stores.reports import ReportStore, for_tracker_store
from tests.support import stores


def endpoints_for_sqlite(tmp_path):
    path = tmp_path / "endpoints.yml"
    path.write_text("tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n"
                    f"  dialect: sqlite\n  db: {tmp_path / 'conversations.db'}\n", encoding="utf-8")
    return path


def columns(engine):
    return {c["name"] for c in sa.inspect(engine).get_columns("catalogue_reports")}


def test_reports_go_to_the_sql_conversation_store_behind_rasas_wrappers(tmp_path):
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    wrapped = FailSafeTrackerStore(AwaitableTrackerStore(store))
    reports = for_tracker_store(wrapped)
    assert reports is not None and reports.engine is store.engine
    assert for_tracker_store(FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))) is None


def test_a_report_keeps_the_window_the_date_and_no_sender(tmp_path, capsys):
    endpoints = endpoints_for_sqlite(tmp_path)
    engine = sql_engine(StoreConfig.read(endpoints).sql_url(tmp_path))
    ReportStore(engine).add("josei_soudan", "department", "［電話番号］に変わっていた", "line",
                            on=datetime.date(2026, 12, 3))
    assert columns(engine) == {"id", "window_id", "reason", "note", "channel", "reported_on"}
    assert main(["reports", "--endpoints", str(endpoints)]) == 0
    out = capsys.readouterr().out
    assert "2026-12-03  josei_soudan  department  (line)  「［電話番号］に変わっていた」" in out
    assert "1 report(s)" in out
    assert main(["reports", "--endpoints", str(endpoints), "--since", "2026-12-04"]) == 0
    assert "0 report(s)" in capsys.readouterr().out


@pytest.fixture(scope="module")
def postgres():
    reason = stores.missing_reason()
    if reason:
        pytest.skip(reason)
    server = stores.PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_reports_on_postgresql_are_seen_by_every_replica(postgres, tmp_path, capsys):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n  dialect: postgresql\n"
        f"  url: 127.0.0.1\n  port: {postgres.port}\n  db: navigator\n  username: navigator\n", encoding="utf-8")
    url = StoreConfig.read(endpoints).sql_url(tmp_path)
    one, two = sql_engine(url), sql_engine(url)  # two replicas, one database
    ReportStore(one).add("parite", "closed", None, "web")
    assert [(r.window_id, r.reason, r.note) for r in ReportStore(two).list()] == [("parite", "closed", None)]
    assert main(["reports", "--endpoints", str(endpoints)]) == 0
    assert "parite  closed  (web)" in capsys.readouterr().out
