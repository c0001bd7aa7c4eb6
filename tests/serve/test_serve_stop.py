"""`python -m bot.serve` (plain mode) exits on SIGTERM, SIGINT and SIGHUP and leaves no server behind.

The shell mode's SIGTERM is tests/staff/test_shell_tmux.py's.
"""
import os
import signal
import subprocess
import time

import pytest

from tests.serve.test_children import alive, gone_within
from tests.support.navigator import Navigator, model_missing_reason, new_workdir
from tests.support.net import port_open

pytestmark = pytest.mark.skipif(model_missing_reason() is not None, reason=str(model_missing_reason()))


def descendants(pid: int):
    """The processes under ``pid``, children and theirs (from ps)."""
    rows = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True, check=True).stdout
    parent_of = {int(p): int(pp) for p, pp in (row.split() for row in rows.splitlines())}
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, pp in parent_of.items() if pp == current]
        found += kids
        frontier += kids
    return found


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_stops_serve_and_every_server(signum):
    workdir = new_workdir("serve-stop-test-")
    navigator = Navigator(workdir=workdir, db=workdir / "conversations.db")
    navigator.start()
    try:
        serve = navigator.process
        servers = descendants(serve.pid)
        assert len(servers) >= 2, "the action server and the Rasa server"
        assert port_open(navigator.port) and port_open(navigator.action_port)
        os.kill(serve.pid, signum)
        assert serve.wait(timeout=60) == 128 + signum
        deadline = time.monotonic() + 20
        while (port_open(navigator.port) or port_open(navigator.action_port)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not port_open(navigator.port) and not port_open(navigator.action_port)
        assert gone_within(servers, 20), [pid for pid in servers if alive(pid)]
    finally:
        navigator.stop()
