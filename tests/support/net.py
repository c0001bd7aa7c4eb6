"""Free ports on 127.0.0.1 and waiting for a server to answer."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


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


def tail(log: Optional[str], lines: int = 40) -> str:
    """The end of a log file, for failure messages."""
    if not log:
        return ""
    try:
        with open(log, encoding="utf-8", errors="replace") as handle:
            return "\n--- log tail ---\n" + "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


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


@contextlib.contextmanager
def served_script(script: Path, args: List[str], workdir: Path, what: str,
                  env: Optional[Dict[str, str]] = None) -> Iterator[str]:
    """Runs a test server script on a free port (``--port`` is added), waits for
    its ``/chat/health`` and yields its base URL; stops it at the end. Its output
    goes to ``workdir``/server.log, shown when it fails to start."""
    port = free_port()
    log = workdir / "server.log"
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
               SQLALCHEMY_SILENCE_UBER_WARNING="1", **(env or {}))
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, str(script), "--port", str(port), *args],
                                   cwd=script.parents[2], env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: http("GET", f"{url}/chat/health", timeout=5)[0] == 200, 120, what, process, str(log))
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
