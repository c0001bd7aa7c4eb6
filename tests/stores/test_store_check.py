"""bot/stores/check.py: a conversation store that cannot be used stops the start, in one line."""
import pytest

from bot.stores.check import StoreUnreachable, check_lock_store, check_tracker_store, main
from tests.support.net import free_port


def endpoints(tmp_path, text):
    path = tmp_path / "endpoints.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_sqlite_store_that_can_be_opened_passes(tmp_path):
    path = endpoints(tmp_path, f"""
tracker_store:
  type: bot.privacy.store.MaskingSQLTrackerStore
  dialect: sqlite
  db: {tmp_path}/conversations.db
""")
    assert check_tracker_store(path) == f"sqlite:///{tmp_path}/conversations.db"


def test_an_unreachable_postgresql_is_one_clear_line_without_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_DB_PASSWORD", "s3cret-pw")
    port = free_port()  # nothing listens there
    path = endpoints(tmp_path, f"""
tracker_store:
  type: bot.privacy.store.MaskingSQLTrackerStore
  dialect: postgresql
  url: 127.0.0.1
  port: {port}
  db: navigator
  username: navigator
  password: ${{NAVIGATOR_DB_PASSWORD}}
""")
    with pytest.raises(StoreUnreachable) as raised:
        check_tracker_store(path)
    message = str(raised.value)
    assert message.startswith(
        f"the conversation store at postgresql://…@127.0.0.1:{port}/navigator is unreachable: ")
    assert "\n" not in message and "s3cret-pw" not in message and "refused" in message


def test_a_store_class_that_does_not_import_is_an_error_not_an_in_memory_store(tmp_path):
    path = endpoints(tmp_path, "tracker_store:\n  type: bot.stores.no_such_module.Store\n")
    with pytest.raises(StoreUnreachable, match="bot.stores.no_such_module.Store cannot be imported"):
        check_tracker_store(path)


def test_a_missing_sqlite_directory_is_named(tmp_path):
    path = endpoints(tmp_path, f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {tmp_path}/nope/c.db\n")
    with pytest.raises(StoreUnreachable, match="does not exist"):
        check_tracker_store(path)


def test_an_unreachable_redis_lock_store_is_named(tmp_path, capsys):
    port = free_port()
    path = endpoints(tmp_path, f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {port}\n")
    with pytest.raises(StoreUnreachable, match=f"the lock store at redis://127.0.0.1:{port}/1 is unreachable"):
        check_lock_store(path)
    assert main([str(path)]) == 2
    assert "lock store" in capsys.readouterr().err


def test_a_relative_sqlite_path_is_taken_from_the_project_not_the_working_directory(tmp_path, monkeypatch):
    path = endpoints(tmp_path, "tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: var/c.db\n")
    base = tmp_path / "project"
    (base / "var").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)  # no var/ here
    assert check_tracker_store(path, base_dir=base) == f"sqlite:///{base}/var/c.db"


def test_the_project_endpoints_file_names_a_store_that_works():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    (root / "var").mkdir(exist_ok=True)  # bot/serve.py makes it before starting
    assert check_tracker_store(root / "endpoints.yml")
