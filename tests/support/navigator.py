"""A real navigator (`python -m bot.serve`) on free ports, for the tests that need one."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from tests.support.net import free_port, http, wait_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MODEL = PROJECT_ROOT / "models" / "navigator.tar.gz"
START_TIMEOUT = float(os.environ.get("NAVIGATOR_TEST_START_TIMEOUT", 240))


def model_missing_reason() -> Optional[str]:
    """Why a test needing the trained model must skip, or None when it exists."""
    if MODEL.exists():
        return None
    return f"no trained model at {MODEL.relative_to(PROJECT_ROOT)} (run `make train`)"


@dataclass
class Navigator:
    """One `python -m bot.serve` process: Rasa server (and action server unless no_actions)."""

    workdir: Path
    port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    db: Optional[Path] = None
    endpoints: Optional[Path] = None
    no_actions: bool = False
    env: Dict[str, str] = field(default_factory=dict)
    process: Optional[subprocess.Popen] = None
    starts: int = 0

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:40123."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def rest(self) -> str:
        """The REST webhook."""
        return f"{self.url}/webhooks/rest/webhook"

    @property
    def log(self) -> str:
        """Where this start's output goes."""
        return str(self.workdir / f"navigator-{self.port}-{self.starts}.log")

    def command(self) -> List[str]:
        """The bot.serve command line."""
        cmd = [sys.executable, "-m", "bot.serve", "--model", str(MODEL),
               "--port", str(self.port), "--action-port", str(self.action_port)]
        if self.db is not None:
            cmd += ["--db", str(self.db)]
        if self.endpoints is not None:
            cmd += ["--endpoints", str(self.endpoints)]
        if self.no_actions:
            cmd.append("--no-actions")
        return cmd

    def start(self, wait: bool = True) -> "Navigator":
        """Starts bot.serve; with ``wait``, returns once the REST channel answers."""
        self.starts += 1
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
                   SQLALCHEMY_SILENCE_UBER_WARNING="1", **self.env)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.command(), cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as a whole
            )
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Waits until /webhooks/rest/ answers 200."""
        wait_for(lambda: http("GET", f"{self.url}/webhooks/rest/", timeout=5)[0] == 200,
                 timeout, f"navigator on port {self.port}", self.process, self.log)

    def say(self, sender: str, message: str, timeout: float = 60):
        """POSTs one message; returns (status, reply)."""
        return http("POST", self.rest, {"sender": sender, "message": message}, timeout=timeout)

    def stop(self) -> None:
        """SIGTERM to bot.serve (which stops its children), then the group if needed."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:  # children left behind by a bot.serve that died early
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait(timeout=10)


def new_workdir(prefix: str = "navigator-test-") -> Path:
    """A temporary directory for a server's db, endpoints and logs."""
    return Path(tempfile.mkdtemp(prefix=prefix))


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
