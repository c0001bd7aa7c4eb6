"""Free ports on 127.0.0.1 and waiting for a server to answer (the launcher's helpers, and test servers)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from benchmarks.launcher import QUIET_ENV, free_port, http, stop_process, tail, wait_for  # noqa: F401  (re-exported)


def port_open(port: int) -> bool:
    """True when something accepts connections on 127.0.0.1:port."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def served_script(script: Path, args: List[str], workdir: Path, what: str,
                  env: Optional[Dict[str, str]] = None) -> Iterator[str]:
    """Runs a test server script on a free port (``--port`` is added) until the end of the block.

    Waits for its ``/chat/health`` and yields its base URL. Its output goes to
    ``workdir``/server.log, shown when it fails to start.
    """
    port = free_port()
    log = workdir / "server.log"
    env = dict(os.environ, **QUIET_ENV, **(env or {}))
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, str(script), "--port", str(port), *args],
                                   cwd=script.parents[2], env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: http("GET", f"{url}/chat/health", timeout=5)[0] == 200, 120, what, process, str(log))
        yield url
    finally:
        stop_process(process, timeout=15, group=False)  # in this process group: never killpg
