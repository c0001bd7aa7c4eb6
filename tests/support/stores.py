"""Private PostgreSQL and Redis servers on free ports in temporary directories.

Never the system services: each test run starts its own and removes it.
As root, PostgreSQL runs as the `postgres` OS user (it refuses to run as root).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from tests.support.net import free_port, port_open, stop_process, wait_for


def postgres_bin() -> Optional[Path]:
    """Directory of Debian's PostgreSQL binaries, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    return Path(found[-1]).parent if found else None


def redis_bin() -> Optional[str]:
    """Path of redis-server, or None."""
    return shutil.which("redis-server")


def missing_reason() -> Optional[str]:
    """Why the store tests must skip, or None."""
    if postgres_bin() is None:
        return "PostgreSQL binaries not installed (scripts/install-test-deps installs them)"
    if redis_bin() is None:
        return "redis-server not installed (scripts/install-test-deps installs it)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no `postgres` OS user to run PostgreSQL"
    return None


def _as_postgres(cmd: List[str]) -> List[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@dataclass
class PrivatePostgres:
    """initdb + postgres on 127.0.0.1:<free port>, trust auth, database `navigator`."""

    user: str = "navigator"
    database: str = "navigator"
    port: int = 0
    root: Optional[Path] = None
    process: Optional[subprocess.Popen] = None

    def start(self) -> "PrivatePostgres":
        """Creates the cluster and the database; returns when it accepts connections."""
        bindir = postgres_bin()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="navigator-pg-"))
        data, sockets, log = self.root / "data", self.root / "sock", self.root / "postgres.log"
        sockets.mkdir()
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            for path in (self.root, sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                                     "-U", self.user, "-E", "UTF8", "--no-locale"]),
                       check=True, capture_output=True)
        self.process = subprocess.Popen(
            _as_postgres([str(bindir / "postgres"), "-D", str(data), "-p", str(self.port),
                          "-k", str(sockets), "-c", "listen_addresses=127.0.0.1",
                          "-c", "fsync=off"]),
            stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_for(lambda: port_open(self.port), 60, "private PostgreSQL", self.process, str(log))
        wait_for(lambda: subprocess.run(
            [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
             self.database], capture_output=True).returncode == 0,
            30, "createdb", self.process, str(log))
        return self

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the database."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def stop(self) -> None:
        """Fast shutdown and removal of the cluster."""
        # SIGTERM = smart shutdown (SIGINT = fast); then SIGKILL to the group (runuser, postgres)
        stop_process(self.process, timeout=20)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class PrivateRedis:
    """redis-server on 127.0.0.1:<free port>, no persistence."""

    port: int = 0
    root: Optional[Path] = None
    process: Optional[subprocess.Popen] = None

    def start(self) -> "PrivateRedis":
        """Starts it; returns when it accepts connections."""
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="navigator-redis-"))
        log = self.root / "redis.log"
        self.process = subprocess.Popen(
            [redis_bin(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.root)],
            stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_for(lambda: port_open(self.port), 30, "private Redis", self.process, str(log))
        return self

    def stop(self) -> None:
        """Stops it and removes its directory."""
        stop_process(self.process, timeout=10)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
