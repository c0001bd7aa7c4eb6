"""Starts the action server and the Rasa server together; Ctrl-C, SIGTERM or SIGHUP stops both.

Used by `make run` (servers in the foreground) and `make shell` (the staff's
shell, bot/staff/shell.py, against the same model and action server), and by
the tests that need a real navigator on free ports.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional

import yaml

from bot.children import Children
from bot.settings import PROJECT_ROOT

ACTION_SERVER_START_TIMEOUT = 60
# Loading the model before the port opens took about a minute on a busy 2-core machine.
SHELL_SERVER_START_TIMEOUT = 300


def _environment() -> dict:
    env = dict(os.environ)
    # A city service sends no usage data to Rasa (also set by the Makefile).
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def runtime_endpoints(base: Path, action_port: int, db: Optional[str], out_dir: Path) -> Path:
    """endpoints.yml with this run's action server port (and SQLite file, if given)."""
    endpoints = yaml.safe_load(base.read_text(encoding="utf-8")) or {}
    endpoints.setdefault("action_endpoint", {})["url"] = f"http://127.0.0.1:{action_port}/webhook"
    store = endpoints.get("tracker_store") or {}
    if db and store.get("dialect") == "sqlite":
        store["db"] = db
    path = out_dir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints, allow_unicode=True), encoding="utf-8")
    return path


def wait_for_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    """Waits until something listens on 127.0.0.1:port, or fails if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped while starting (exit {process.returncode})")
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"nothing listened on port {port} after {timeout:.0f} s")


def _rasa(*args: str) -> List[str]:
    return [sys.executable, "-m", "rasa", *args]


def _rasa_server(*args: str) -> List[str]:
    # Rasa's command line with the measured fix of bot/rasa_server.py.
    return [sys.executable, "-m", "bot.rasa_server", *args]


def _staff_shell(args: argparse.Namespace, endpoints: Path, workdir: Path, env: dict,
                 children: Children, quiet: dict) -> int:
    """Starts the Rasa server on 127.0.0.1 with the REST channel only, then talks to it (bot/staff/shell.py)."""
    from bot.staff import shell

    print(f"ナビゲーターを起動しています（ログ: {workdir / 'shell.log'}）…", flush=True)
    server = children.start(_rasa_server(
        "run", "-m", args.model, "--interface", "127.0.0.1", "--port", str(args.port),
        "--credentials", str(shell.write_credentials(workdir)), "--endpoints", str(endpoints),
    ), cwd=PROJECT_ROOT, env=env, **quiet)
    base_url = f"http://127.0.0.1:{args.port}"
    deadline = time.monotonic() + SHELL_SERVER_START_TIMEOUT
    while not shell.rest_ready(base_url):
        if server.poll() is not None:
            raise SystemExit(f"the navigator stopped while starting (exit {server.returncode}); "
                             f"see {workdir / 'shell.log'}")
        if time.monotonic() > deadline:
            raise SystemExit(f"the navigator did not answer after {SHELL_SERVER_START_TIMEOUT} s")
        time.sleep(0.5)
    return shell.StaffShell(shell.rest_sender(base_url, shell.new_sender_id()), debug=args.debug).run()


def main(argv: Optional[List[str]] = None) -> int:
    """Runs the navigator until interrupted; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bot.serve", description=__doc__)
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "navigator.tar.gz"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("NAVIGATOR_PORT", 5005)))
    parser.add_argument("--action-port", type=int, default=int(os.environ.get("NAVIGATOR_ACTION_PORT", 5055)))
    parser.add_argument("--endpoints", default=str(PROJECT_ROOT / "endpoints.yml"))
    parser.add_argument("--credentials", default=str(PROJECT_ROOT / "credentials.yml"))
    parser.add_argument("--db", default=os.environ.get("NAVIGATOR_DB"),
                        help="SQLite file of the conversation store (default: endpoints.yml's)")
    parser.add_argument("--cors", default=os.environ.get("NAVIGATOR_CORS_ORIGINS", ""),
                        help="space-separated origins allowed to call the server (default: none)")
    parser.add_argument("--shell", action="store_true",
                        help="staff's shell (bot/staff/shell.py) instead of the server")
    parser.add_argument("--debug", action="store_true", help="with --shell: print each navigator.result JSON")
    parser.add_argument("--no-actions", action="store_true", help="do not start the action server")
    args = parser.parse_args(argv)

    if not Path(args.model).exists():
        print(f"no model at {args.model}: run `make train` first", file=sys.stderr)
        return 2
    from bot.catalogue import Catalogue, CatalogueError
    from bot.settings import load

    try:  # refuse to start on a catalogue the action would fail on
        Catalogue.from_directory(load().services_dir)
    except CatalogueError as error:
        print(f"the service catalogue is invalid, not starting:\n{error}", file=sys.stderr)
        return 2

    (PROJECT_ROOT / "var").mkdir(exist_ok=True)
    env = _environment()
    workdir = Path(tempfile.mkdtemp(prefix="navigator-"))
    endpoints = runtime_endpoints(Path(args.endpoints), args.action_port, args.db, workdir)
    from bot.stores.check import StoreUnreachable, check_stores

    try:  # Rasa would fall back to an in-memory store without a word
        check_stores(endpoints)
    except StoreUnreachable as error:
        print(f"not starting: {error}", file=sys.stderr)
        return 2
    children = Children()
    stopping = []

    def on_signal(signum: int, _frame: object) -> None:
        # Stopping happens once, in `finally` below; a second Ctrl-C while the
        # servers stop must not cut that short and leave one running.
        if not stopping:
            stopping.append(signum)
            raise SystemExit(128 + signum)

    # SIGHUP: the terminal of `make shell` or `make run` was closed.
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)
    # The shell's terminal shows the conversation only; the servers write to a log.
    shell_log = open(workdir / "shell.log", "wb") if args.shell else None
    quiet = {"stdout": shell_log, "stderr": subprocess.STDOUT} if shell_log else {}
    try:
        if not args.no_actions:
            actions = children.start(
                _rasa("run", "actions", "--actions", "actions", "--port", str(args.action_port)),
                cwd=PROJECT_ROOT, env=env, **quiet,
            )
            wait_for_port(args.action_port, actions, ACTION_SERVER_START_TIMEOUT)
        if args.shell:
            return _staff_shell(args, endpoints, workdir, env, children, quiet)
        else:
            command = _rasa_server(
                "run", "-m", args.model, "--port", str(args.port),
                "--credentials", args.credentials, "--endpoints", str(endpoints),
            )
            if args.cors:
                command += ["--cors", *args.cors.split()]
        server = children.start(command, cwd=PROJECT_ROOT, env=env)
        if not args.shell:
            print(f"navigator: http://localhost:{args.port}/chat/ (Ctrl-C stops it)", flush=True)
        return server.wait()
    finally:
        stopping.append("done")
        children.stop()
        if shell_log:
            shell_log.close()


if __name__ == "__main__":
    sys.exit(main())
