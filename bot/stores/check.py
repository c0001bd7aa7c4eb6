"""Start-time check that the configured conversation store can be used.

Rasa hides a broken store: a custom store class that fails to import becomes
an in-memory store (conversations lost on restart, not shared between
replicas) and FailSafeTrackerStore swallows connection errors, while
SQLTrackerStore itself retries an unreachable database forever. bot/serve.py
calls :func:`check_tracker_store` before starting Rasa, so a wrong
endpoints.yml stops the navigator with one clear line instead.

Also usable alone: ``python -m bot.stores.check [endpoints.yml]``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional, Union

from bot.settings import PROJECT_ROOT
from bot.stores.config import StoreConfig, StoreConfigError, describe_url, sql_engine

CONNECT_TIMEOUT_SECONDS = 5


class StoreUnreachable(Exception):
    """The conversation (or lock) store cannot be used; str() is the one-line reason."""


def _first_line(error: BaseException) -> str:
    inner = getattr(error, "orig", None) or error
    text = str(inner).strip().splitlines()
    return text[0].strip() if text else type(inner).__name__


def check_tracker_store(endpoints_path: Union[str, Path], base_dir: Path = PROJECT_ROOT) -> str:
    """Opens the tracker store endpoints.yml configures; returns where it is.

    A relative SQLite path is taken from ``base_dir`` (where bot/serve.py runs Rasa).

    Raises:
        StoreUnreachable: with a one-line message such as "the conversation
            store at postgresql://…@127.0.0.1:5432/navigator is unreachable: …".
    """
    try:
        config = StoreConfig.read(endpoints_path, "tracker_store")
        if config.type is None:
            return "in memory (conversations are lost on restart)"
        if config.is_sql():
            return _check_sql(config, base_dir)
        if config.type.lower() == "redis":
            return _check_redis(config, "conversation store", default_db=0)
        config.store_class()  # custom class: at least it must import
        return config.type
    except StoreConfigError as error:
        raise StoreUnreachable(str(error)) from None


def check_lock_store(endpoints_path: Union[str, Path]) -> str:
    """Pings the Redis lock store when endpoints.yml configures one (several replicas)."""
    try:
        config = StoreConfig.read(endpoints_path, "lock_store")
    except StoreConfigError as error:
        raise StoreUnreachable(str(error)) from None
    if config.type is None or config.type.lower() != "redis":
        return config.type or "in memory"
    return _check_redis(config, "lock store", default_db=1)  # Rasa's default


def check_stores(endpoints_path: Union[str, Path], base_dir: Path = PROJECT_ROOT) -> List[str]:
    """Both checks; what bot/serve.py runs before starting Rasa."""
    import warnings

    with warnings.catch_warnings():  # Rasa's and SQLAlchemy's import-time notices
        warnings.simplefilter("ignore")
        return [check_tracker_store(endpoints_path, base_dir), check_lock_store(endpoints_path)]


def _check_sql(config: StoreConfig, base_dir: Path) -> str:
    import sqlalchemy as sa

    url = config.sql_url(base_dir)
    where = describe_url(url)
    sqlite = config.sqlite_path(base_dir)
    if sqlite is not None:
        if not sqlite.parent.is_dir():
            raise StoreUnreachable(f"the conversation store at {where} is unreachable: "
                                   f"the directory {sqlite.parent} does not exist")
        if not sqlite.exists():  # Rasa creates it; the check must not
            if not os.access(sqlite.parent, os.W_OK):
                raise StoreUnreachable(f"the conversation store at {where} is unreachable: "
                                       f"the directory {sqlite.parent} is not writable")
            return where
    try:
        engine = sql_engine(url, CONNECT_TIMEOUT_SECONDS)
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as error:  # noqa: BLE001 - every failure becomes the one line
        raise StoreUnreachable(
            f"the conversation store at {where} is unreachable: {_first_line(error)}"
        ) from None
    return where


def _check_redis(config: StoreConfig, what: str, default_db: int) -> str:
    import redis

    kw = config.kwargs
    host = config.url or "localhost"
    port = int(kw.get("port") or 6379)
    db = int(kw.get("db") if kw.get("db") is not None else default_db)
    where = f"redis://{'…@' if kw.get('password') else ''}{host}:{port}/{db}"
    client = redis.Redis(
        host=host, port=port, db=db, username=kw.get("username"), password=kw.get("password"),
        ssl=bool(kw.get("use_ssl", False)), socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=CONNECT_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        raise StoreUnreachable(f"the {what} at {where} is unreachable: {_first_line(error)}") from None
    finally:
        client.close()
    return where


def main(argv: Optional[List[str]] = None) -> int:
    """Prints where the stores are, or the reason they cannot be used (exit 2)."""
    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else "endpoints.yml"
    try:
        for where in check_stores(path):
            print(where)
    except StoreUnreachable as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
