"""The servers bot.serve starts, stopped together with everything they started.

Each server runs in its own process group, so that a stop reaches the
processes it started itself, and a terminal's Ctrl-C or a closing terminal
(SIGHUP) reaches bot.serve alone, which then stops them in order. On Linux a
server is also told to stop when bot.serve dies without a word (SIGKILL, a
crash): before this, a shell whose terminal had gone left its servers running.
"""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from typing import List, Sequence

# How long the servers get to stop on SIGTERM before they are killed.
STOP_TIMEOUT = 15.0
_PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent dies (Linux only; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass


class Children:
    """The processes started through :meth:`start`, in the order started."""

    def __init__(self) -> None:
        self.processes: List[subprocess.Popen] = []

    def start(self, command: Sequence[str], **popen_options) -> subprocess.Popen:
        """Starts ``command`` in a process group of its own."""
        process = subprocess.Popen(list(command), start_new_session=True, preexec_fn=_stop_with_parent,
                                   **popen_options)
        self.processes.append(process)
        return process

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM to every group, the last started first; SIGKILL to what still runs after ``timeout``."""
        for process in reversed(self.processes):
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for process in self.processes:
            # Also the processes a server started and left behind when it ended.
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass
