"""bot/children.py: the servers stop with everything they started, and with bot.serve itself."""
import os
import signal
import subprocess
import sys
import time

import pytest

from bot.children import Children

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc: Linux")


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def gone_within(pids, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(alive(pid) for pid in pids)


def started_with_grandchild(children: Children, *, ignore_term: bool = False):
    """A child that starts a grandchild and prints its pid; returns (child, grandchild pid)."""
    trap = "trap '' TERM; " if ignore_term else ""
    child = children.start(["sh", "-c", f"{trap}sleep 300 & echo $!; wait"], stdout=subprocess.PIPE, text=True)
    return child, int(child.stdout.readline())


def test_stop_ends_each_server_and_what_it_started():
    children = Children()
    first, first_grandchild = started_with_grandchild(children)
    second, second_grandchild = started_with_grandchild(children)
    children.stop(timeout=5)
    assert first.returncode is not None and second.returncode is not None
    assert gone_within([first_grandchild, second_grandchild], 5)


def test_a_server_that_ignores_sigterm_is_killed_after_the_timeout():
    children = Children()
    child, grandchild = started_with_grandchild(children, ignore_term=True)
    started = time.monotonic()
    children.stop(timeout=1)
    assert child.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 10
    assert gone_within([grandchild], 5)


def test_each_server_has_a_process_group_of_its_own():
    children = Children()
    child, _ = started_with_grandchild(children)
    try:
        assert os.getpgid(child.pid) == child.pid != os.getpgid(0)
    finally:
        children.stop(timeout=5)


def test_servers_stop_when_their_parent_is_killed_outright():
    # The parent dies by SIGKILL: no handler runs, yet its server must not stay.
    code = ("import sys, time; from bot.children import Children; "
            "c = Children().start(['sleep', '300']); print(c.pid, flush=True); time.sleep(300)")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, PYTHONPATH=os.getcwd()))
    server = int(parent.stdout.readline())
    assert alive(server)
    parent.kill()
    parent.wait()
    assert gone_within([server], 10)
