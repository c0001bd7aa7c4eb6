"""Fixtures of the chat page's tests.

`fake_navigator` (session): tests/web/fake_navigator.py on a free port (the real
socket.io and webchat channels, recorded replies); yields its base URL.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.net import served_script

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fake_navigator():
    """Base URL of the fake navigator; stopped at the end of the session."""
    workdir = Path(tempfile.mkdtemp(prefix="fake-navigator-"))
    try:
        with served_script(ROOT / "tests" / "web" / "fake_navigator.py", [], workdir, "fake navigator") as url:
            yield url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
