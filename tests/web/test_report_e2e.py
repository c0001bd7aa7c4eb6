"""A resident sends a report from a card in a real browser, and staff find it with `python -m bot reports`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support.net import served_script
from tests.web.browser import CHROMIUM, E2E_TIMEOUT, ROOT, WEB, browser_missing_reason

OUT = ROOT / "test-output" / "web" / "report"


@pytest.fixture
def report_server():
    """tests/web/report_server.py on a free port with its own SQLite store; yields (url, endpoints)."""
    workdir = Path(tempfile.mkdtemp(prefix="report-server-"))
    db = workdir / "conversations.db"
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    try:
        with served_script(ROOT / "tests" / "web" / "report_server.py", ["--db", str(db)], workdir,
                           "report server", env={"PYTHONPATH": str(ROOT)}) as url:
            yield url, endpoints
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_a_report_from_a_card_is_listed_by_bot_reports(report_server):
    reason = browser_missing_reason()
    if reason:
        pytest.fail(f"{reason}: run scripts/install-test-deps")
    url, endpoints = report_server
    done = subprocess.run(["node", str(WEB / "e2e" / "report.e2e.mjs"), url, "--out", str(OUT)],
                          cwd=ROOT, capture_output=True, text=True, timeout=E2E_TIMEOUT,
                          env=dict(os.environ, CHROMIUM_PATH=str(CHROMIUM)))
    lines = [line for line in done.stdout.splitlines() if line.startswith("E2E-RESULT ")]
    result = json.loads(lines[-1][len("E2E-RESULT "):]) if lines else {"ok": False}
    assert done.returncode == 0 and result["ok"], f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"

    listed = subprocess.run([sys.executable, "-m", "bot", "reports", "--endpoints", str(endpoints)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert listed.returncode == 0, listed.stderr[-2000:]
    (line,) = [row for row in listed.stdout.splitlines() if f"  {result['window_id']}  moved  (web)" in row]
    # The line of text is kept masked, as conversations are.
    assert "090-1234-5678" not in line and "［電話番号］" in line
    assert "1 report(s)" in listed.stdout
