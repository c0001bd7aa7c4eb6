"""`python -m bot staff add|remove|list`: accounts on the command line, the password never shown."""
import subprocess
import sys

import sqlalchemy as sa

from bot.settings import PROJECT_ROOT
from bot.staff import tables

PASSWORD = "a staff password 1"


def run(endpoints, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "bot", "staff", "--endpoints", str(endpoints), *args],
                          input=stdin, capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)


def test_add_list_remove(tmp_path):
    db = tmp_path / "conversations.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    added = run(endpoints, "add", "suzuki", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0 and "staff account suzuki saved" in added.stdout
    assert PASSWORD not in added.stdout + added.stderr
    assert PASSWORD not in db.read_bytes().decode("latin-1")
    assert run(endpoints, "list").stdout.split() == ["suzuki"]
    short = run(endpoints, "add", "kato", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 12" in short.stderr and "short" not in short.stdout
    assert run(endpoints, "remove", "suzuki").returncode == 0
    assert run(endpoints, "remove", "suzuki").returncode == 1
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        log = [(r.who, r.action, r.target) for r in conn.execute(sa.select(tables.audit).order_by(tables.audit.c.id))]
    engine.dispose()
    assert log == [("command line", "account_added", "suzuki"), ("command line", "account_removed", "suzuki")]


def test_a_store_that_is_not_sql_is_refused(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: InMemoryTrackerStore\n", encoding="utf-8")
    done = run(endpoints, "list")
    assert done.returncode == 2 and "SQL conversation store" in done.stderr
