"""Fixtures of the chat page's tests.

`fake_navigator` (session): tests/web/fake_navigator.py on a free port (the real
socket.io and webchat channels, recorded replies); yields its base URL.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support.net import free_port, http, wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fake_navigator():
    """Base URL of the fake navigator; stopped at the end of the session."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="fake-navigator-"))
    log = workdir / "fake.log"
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
               SQLALCHEMY_SILENCE_UBER_WARNING="1")
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "web" / "fake_navigator.py"), "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: http("GET", f"{url}/chat/health", timeout=5)[0] == 200,
                 120, "fake navigator", process, str(log))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(workdir, ignore_errors=True)
