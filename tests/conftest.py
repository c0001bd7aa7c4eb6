"""Fixtures shared by the whole suite.

`navigator_server` (session): one real navigator (`python -m bot.serve`: Rasa
server + action server) on free ports with a temporary SQLite conversation
store; yields its base URL, e.g. ``http://127.0.0.1:40123``. Tests that use
it skip with the reason when the trained model is missing. `navigator` yields
the same server as a tests.support.navigator.Navigator (ports, db, log).
NAVIGATOR_TEST_ACTION_PORT=<port> makes it use an action server already
running there instead of starting its own.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `tests.support` importable however pytest is run
    sys.path.insert(0, str(ROOT))

from tests.support.navigator import Navigator, model_missing_reason, new_workdir  # noqa: E402


@pytest.fixture(scope="session")
def navigator():
    """The shared real navigator (skips when there is no trained model)."""
    reason = model_missing_reason()
    if reason:
        pytest.skip(reason)
    workdir = new_workdir()
    server = Navigator(workdir=workdir, db=workdir / "conversations.db")
    external = os.environ.get("NAVIGATOR_TEST_ACTION_PORT")
    if external:  # reuse an action server already running on that port
        server.no_actions, server.action_port = True, int(external)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def navigator_server(navigator) -> str:
    """Base URL of the shared real navigator."""
    return navigator.url
