"""The conversation store as endpoints.yml configures it, without connecting."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional, Type, Union

SQL_TYPES = {"sql"}


class StoreConfigError(Exception):
    """endpoints.yml names a store that cannot be used; the message says why."""


@dataclass(frozen=True)
class StoreConfig:
    """The `tracker_store` (or `lock_store`) section of endpoints.yml."""

    type: Optional[str]
    url: Optional[str]
    kwargs: Dict[str, Any]

    @classmethod
    def read(cls, endpoints_path: Union[str, Path], section: str = "tracker_store") -> "StoreConfig":
        """Reads one section as Rasa does (``${ENV_VAR}`` values filled in)."""
        from rasa.utils.endpoints import read_endpoint_config

        path = Path(endpoints_path)
        if not path.is_file():
            raise StoreConfigError(f"no endpoints file at {path}")
        config = read_endpoint_config(str(path), section)
        if config is None:
            return cls(None, None, {})
        return cls(config.type, config.url, dict(config.kwargs))

    def store_class(self) -> Optional[Type[Any]]:
        """The tracker store class, imported; None for Rasa's built-in types."""
        if not self.type or "." not in self.type:
            return None
        import rasa.shared.utils.common

        try:
            return rasa.shared.utils.common.class_from_module_path(self.type)
        except (AttributeError, ImportError) as error:
            # Rasa would fall back to an in-memory store without saying so.
            raise StoreConfigError(
                f"the conversation store class {self.type} cannot be imported: {error}"
            ) from None

    def is_sql(self) -> bool:
        """True for `type: SQL` and for subclasses of SQLTrackerStore."""
        if self.type and self.type.lower() in SQL_TYPES:
            return True
        cls = self.store_class()
        if cls is None:
            return False
        from rasa.core.tracker_store import SQLTrackerStore

        return issubclass(cls, SQLTrackerStore)

    def sqlite_path(self, base_dir: Optional[Path] = None) -> Optional[Path]:
        """For an SQLite store, its file; a relative path is taken from ``base_dir``.

        bot/serve.py runs Rasa in the project directory, so relative paths in
        endpoints.yml (``var/conversations.db``) are relative to it.
        """
        if str(self.kwargs.get("dialect", "sqlite")).lower() != "sqlite":
            return None
        path = Path(str(self.kwargs.get("db", "rasa.db"))).expanduser()
        return path if path.is_absolute() or base_dir is None else Path(base_dir) / path

    def sql_url(self, base_dir: Optional[Path] = None) -> Any:
        """The SQLAlchemy URL Rasa's SQLTrackerStore would connect to (run from ``base_dir``)."""
        from rasa.core.tracker_store import SQLTrackerStore, validate_port

        kw = self.kwargs
        sqlite = self.sqlite_path(base_dir)
        return SQLTrackerStore.get_db_url(
            kw.get("dialect", "sqlite"), self.url, validate_port(kw.get("port")),
            str(sqlite) if sqlite is not None else kw.get("db", "rasa.db"),
            kw.get("username"), kw.get("password"), kw.get("login_db"), kw.get("query"),
        )


def sql_store(endpoints_path: Union[str, Path], base_dir: Path, needed_for: str) -> StoreConfig:
    """The SQL conversation store a command works on; StoreConfigError saying why there is none.

    ``needed_for`` completes the sentence "… works on an SQL conversation store"
    (retention, the reports list).
    """
    config = StoreConfig.read(endpoints_path, "tracker_store")
    if not config.is_sql():
        raise StoreConfigError(f"{needed_for} works on an SQL conversation store; {endpoints_path} "
                               f"configures {config.type or 'none (in memory)'}")
    return config


def first_line(error: BaseException) -> str:
    """A database error in one line (the driver's own message when there is one), never a stack trace."""
    inner = getattr(error, "orig", None) or error
    text = str(inner).strip()
    return text.splitlines()[0] if text else type(inner).__name__


def describe_url(url: Any) -> str:
    """The store's address for messages: never the user name or the password."""
    from sqlalchemy.engine.url import make_url

    url = make_url(str(url)) if not hasattr(url, "drivername") else url
    if url.drivername.startswith("sqlite"):
        return f"sqlite:///{url.database}"
    auth = "…@" if url.username or url.password else ""
    port = f":{url.port}" if url.port else ""
    return f"{url.drivername}://{auth}{url.host or ''}{port}/{url.database or ''}"


def sql_engine(url: Any, connect_timeout: int = 5) -> Any:
    """An SQLAlchemy engine that gives up on an unreachable server after a few seconds."""
    import sqlalchemy as sa
    from sqlalchemy.engine.url import make_url

    url = make_url(str(url)) if not hasattr(url, "drivername") else url
    connect_args: Dict[str, Any] = {}
    if url.drivername.startswith("postgresql"):
        connect_args["connect_timeout"] = connect_timeout
    elif url.drivername.startswith("sqlite"):
        connect_args["timeout"] = connect_timeout
    return sa.create_engine(url, connect_args=connect_args)
