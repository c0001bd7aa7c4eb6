"""A real navigator (`python -m bot.serve`) on free ports, for the tests that need one.

The launcher is benchmarks/launcher.py, shared with the benchmarks; it is
re-exported here for the tests. ``run_serve`` is for tests only.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Dict, List, Optional

from benchmarks.launcher import (  # noqa: F401  (re-exported for the tests)
    MODEL,
    PROJECT_ROOT,
    START_TIMEOUT,
    Navigator,
    model_missing_reason,
    new_workdir,
)


def run_serve(args: List[str], env: Optional[Dict[str, str]] = None, timeout: float = 120):
    """Runs `python -m bot.serve ARGS` to its end (expected to refuse to start).

    Returns (exit code, stdout, stderr); on timeout the whole process group is
    killed (Rasa children included) and the exit code is None.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.serve", *args], cwd=PROJECT_ROOT,
        env=dict(os.environ, RASA_TELEMETRY_ENABLED="false", **(env or {})),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
        return process.returncode, out, err
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = process.communicate(timeout=30)
        return None, out, err
