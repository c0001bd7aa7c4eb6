"""Running the chat page's browser test (web/e2e/chat.e2e.mjs in Debian's Chromium)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
E2E_TIMEOUT = float(os.environ.get("NAVIGATOR_E2E_TIMEOUT", 600))


def browser_missing_reason() -> str | None:
    """What the browser test lacks, or None (scripts/install-test-deps installs it)."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    if shutil.which("node") is None:
        return "no node on PATH"
    if not (WEB / "node_modules" / "playwright-core").is_dir():
        return "web/node_modules is missing (npm ci in web/)"
    return None


def run_e2e(base_url: str, out_dir: Path, fake: bool) -> dict:
    """Runs the browser test; fails the test with its output when a check failed."""
    reason = browser_missing_reason()
    if reason:
        pytest.fail(f"{reason}: run scripts/install-test-deps")
    command = ["node", str(WEB / "e2e" / "chat.e2e.mjs"), base_url, "--out", str(out_dir)]
    if fake:
        command.append("--fake")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=E2E_TIMEOUT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("E2E-RESULT ")]
    result = json.loads(lines[-1][len("E2E-RESULT "):]) if lines else {"ok": False}
    if done.returncode != 0 or not result.get("ok"):
        pytest.fail(f"browser test failed (exit {done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return result
