"""The navigator (`python -m bot.serve`) started on free ports of 127.0.0.1, with its own store.

One launcher for the benchmarks (measure_speed, load_test) and the tests
(tests/support/navigator.py re-exports it): start, wait until the REST channel
answers, say one message, stop. Also the small HTTP helpers they share:
``free_port``, ``wait_for``, ``http`` and ``post`` (one REST webhook message).
Standard library only; not imported by the production code in bot/.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MODEL = PROJECT_ROOT / "models" / "navigator.tar.gz"
START_TIMEOUT = float(os.environ.get("NAVIGATOR_TEST_START_TIMEOUT", 240))
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
             "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(log: Optional[str], lines: int = 40) -> str:
    """The end of a log file, for failure messages."""
    if not log:
        return ""
    try:
        with open(log, encoding="utf-8", errors="replace") as handle:
            return "\n--- log tail ---\n" + "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


def wait_for(predicate, timeout: float, what: str, process: Optional[subprocess.Popen] = None,
             log: Optional[str] = None, interval: float = 0.3) -> None:
    """Polls ``predicate`` until true; fails early if ``process`` died (showing ``log``'s tail)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process stopped (exit {process.returncode})"
                               + tail(log))
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        time.sleep(interval)
    raise RuntimeError(f"{what}: not ready after {timeout:.0f} s" + tail(log))


def http(method: str, url: str, body: Any = None, raw: Optional[bytes] = None,
         content_type: str = "application/json", timeout: float = 60) -> Tuple[int, Any]:
    """One HTTP request; returns (status, parsed JSON or text). Never raises on 4xx/5xx."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode("utf-8"))
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None and content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    text = payload.decode("utf-8", errors="replace")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def stop_process(process: Optional[subprocess.Popen], timeout: float = 30, group: bool = True) -> None:
    """Stops ``process``: SIGTERM, up to ``timeout`` seconds to exit, then SIGKILL; reaps it.

    With ``group`` (a process started with ``start_new_session=True``) the SIGKILL goes to
    its whole process group, so that children left behind go too, even when the process
    itself has already exited. Without it, only the process is killed, if still running.
    """
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        elif process.poll() is None:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.wait(timeout=10)


def rest_url(base: str) -> str:
    """The REST webhook of a navigator at ``base`` (e.g. http://127.0.0.1:5005)."""
    return f"{base.rstrip('/')}/webhooks/rest/webhook"


def post(base: str, sender: str, message: str, timeout: float = 60) -> Tuple[int, Any]:
    """(status, parsed reply) of one REST webhook message to the navigator at ``base``.

    Never raises on 4xx/5xx; raises OSError when nothing listens.
    """
    return http("POST", rest_url(base), {"sender": sender, "message": message}, timeout=timeout)


def model_missing_reason(model: Path = MODEL) -> Optional[str]:
    """Why something needing the trained model must skip, or None when it exists."""
    model = Path(model)
    if model.exists():
        return None
    shown = model.relative_to(PROJECT_ROOT) if model.is_relative_to(PROJECT_ROOT) else model
    return f"no trained model at {shown} (run `make train`)"


def new_workdir(prefix: str = "navigator-test-") -> Path:
    """A temporary directory for a server's db, endpoints and logs."""
    return Path(tempfile.mkdtemp(prefix=prefix))


@dataclass
class Navigator:
    """One `python -m bot.serve` process: Rasa server (and action server unless no_actions).

    Free ports of its own; its store is ``db`` (a SQLite file; the benchmarks
    pass one in ``workdir``) or what ``endpoints`` names. ``started_at`` is the
    perf_counter of the last start, for the cold-start figure.
    """

    workdir: Path = field(default_factory=new_workdir)
    model: Path = MODEL
    port: int = field(default_factory=free_port)
    action_port: int = field(default_factory=free_port)
    db: Optional[Path] = None
    endpoints: Optional[Path] = None
    no_actions: bool = False
    env: Dict[str, str] = field(default_factory=dict)
    process: Optional[subprocess.Popen] = None
    starts: int = 0
    started_at: float = 0.0

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:40123."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def rest(self) -> str:
        """The REST webhook."""
        return rest_url(self.url)

    @property
    def log(self) -> str:
        """Where this start's output goes (bot.serve and its children)."""
        return str(self.workdir / f"navigator-{self.port}-{self.starts}.log")

    def command(self) -> List[str]:
        """The bot.serve command line."""
        cmd = [sys.executable, "-m", "bot.serve", "--model", str(self.model),
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
        env = dict(os.environ, **QUIET_ENV, **self.env)
        self.started_at = time.perf_counter()
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

    def say(self, sender: str, message: str, timeout: float = 60) -> Tuple[int, Any]:
        """POSTs one message; returns (status, reply)."""
        return post(self.url, sender, message, timeout=timeout)

    def stop(self, remove_workdir: bool = False) -> None:
        """SIGTERM to bot.serve (which stops its children), then the group if needed.

        With ``remove_workdir``, its directory (store and logs) goes too.
        """
        stop_process(self.process, timeout=30)
        if remove_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
