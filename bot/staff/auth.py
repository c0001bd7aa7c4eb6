"""Staff accounts, sessions, login lockout and the audit log, in the shared SQL store.

All state is in tables of ``bot.staff.tables`` (never in process memory), so
that a login made on one replica is valid on the others and failures counted
on one lock out on all.

- Accounts: made and removed only on the command line (bot/staff/cli.py).
- Sessions: a random token in the cookie; the table keeps its SHA-256 only,
  with the CSRF token and the time of the last request. A session ends after
  ``IDLE_SECONDS`` without a request, or ``MAX_SECONDS`` after login.
- Lockout: ``MAX_FAILURES`` failed logins for one name within ``FAILURE_WINDOW``
  lock that name for ``LOCK_SECONDS``; ``MAX_ADDRESS_FAILURES`` from one address
  lock the address likewise (a rate limit on guessing across names).
- Audit: who did what, when, on which id; never a message or a password.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any, Callable, List, Optional

import sqlalchemy as sa

from bot.staff import passwords, tables

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,31}$")
IDLE_SECONDS = 15 * 60
MAX_SECONDS = 8 * 3600
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
FAILURE_WINDOW = 15 * 60
LOCK_SECONDS = 15 * 60


class AccountError(ValueError):
    """An account cannot be added or removed; the message says why."""


@dataclass(frozen=True)
class Session:
    """A valid staff session."""

    name: str
    csrf: str
    token_hash: str


@dataclass(frozen=True)
class LoginResult:
    """``session_token`` on success; otherwise ``locked`` or a plain failure."""

    token: Optional[str] = None
    locked: bool = False

    @property
    def ok(self) -> bool:
        """Whether the login succeeded (a session token was issued)."""
        return self.token is not None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class StaffAuth:
    """Accounts, sessions, lockout and audit on one engine."""

    def __init__(self, engine: Any, clock: Callable[[], float] = time.time,
                 idle_seconds: int = IDLE_SECONDS) -> None:
        self.engine = engine
        self.clock = clock
        self.idle_seconds = idle_seconds
        tables.create(engine)

    # -- accounts ------------------------------------------------------------
    def add(self, name: str, password: str) -> None:
        """Adds an account (or replaces its password)."""
        if not NAME.match(name):
            raise AccountError("NAME must be 2–32 lower-case letters, digits, '.', '_' or '-'")
        why = passwords.problem(password)
        if why:
            raise AccountError(why)
        hashed = passwords.hash_password(password)
        with self.engine.begin() as db:
            db.execute(tables.accounts.delete().where(tables.accounts.c.name == name))
            db.execute(tables.accounts.insert().values(name=name, password_hash=hashed, created_at=self.clock()))
            # A new password ends the account's sessions.
            db.execute(tables.sessions.delete().where(tables.sessions.c.name == name))

    def remove(self, name: str) -> bool:
        """Removes an account and its sessions; False when there was none."""
        with self.engine.begin() as db:
            gone = db.execute(tables.accounts.delete().where(tables.accounts.c.name == name)).rowcount
            db.execute(tables.sessions.delete().where(tables.sessions.c.name == name))
        return bool(gone)

    def names(self) -> List[str]:
        """The account names."""
        with self.engine.connect() as db:
            return [r[0] for r in db.execute(sa.select(tables.accounts.c.name).order_by(tables.accounts.c.name))]

    # -- login ---------------------------------------------------------------
    def _locked(self, db: Any, key: str, now: float) -> bool:
        row = db.execute(sa.select(tables.login_failures.c.locked_until)
                         .where(tables.login_failures.c.key == key)).first()
        return bool(row and row[0] > now)

    def _fail(self, db: Any, key: str, now: float, limit: int) -> None:
        t = tables.login_failures
        row = db.execute(sa.select(t.c.count, t.c.first_at).where(t.c.key == key)).first()
        if row is None or now - row[1] > FAILURE_WINDOW:
            db.execute(t.delete().where(t.c.key == key))
            db.execute(t.insert().values(key=key, count=1, first_at=now, locked_until=0.0))
            count = 1
        else:
            count = row[0] + 1
            db.execute(t.update().where(t.c.key == key).values(count=count))
        if count >= limit:
            db.execute(t.update().where(t.c.key == key).values(locked_until=now + LOCK_SECONDS))

    def login(self, name: str, password: str, address: str) -> LoginResult:
        """Checks a login; counts a failure; refuses while the name or address is locked."""
        now = self.clock()
        user_key, addr_key = f"user:{name[:64]}", f"addr:{address[:100]}"
        with self.engine.begin() as db:
            if self._locked(db, user_key, now) or self._locked(db, addr_key, now):
                self._audit(db, name[:64] if NAME.match(name) else "?", "login_locked", None, now)
                return LoginResult(locked=True)
            row = db.execute(sa.select(tables.accounts.c.password_hash)
                             .where(tables.accounts.c.name == name)).first()
        if row is None:
            passwords.dummy_verify(password)
            good = False
        else:
            good = passwords.verify(password, row[0])
        with self.engine.begin() as db:
            if not good:
                self._fail(db, user_key, now, MAX_FAILURES)
                self._fail(db, addr_key, now, MAX_ADDRESS_FAILURES)
                self._audit(db, name[:64] if NAME.match(name) else "?", "login_failed", None, now)
                return LoginResult(locked=self._locked(db, user_key, now))
            db.execute(tables.login_failures.delete().where(tables.login_failures.c.key == user_key))
            token = secrets.token_urlsafe(32)
            db.execute(tables.sessions.insert().values(
                token_hash=_digest(token), name=name, csrf=secrets.token_urlsafe(32),
                created_at=now, last_seen=now))
            # Sessions of anyone that ended long ago are not kept.
            db.execute(tables.sessions.delete().where(tables.sessions.c.last_seen < now - self.idle_seconds))
            self._audit(db, name, "login", None, now)
        return LoginResult(token=token)

    # -- sessions ------------------------------------------------------------
    def session(self, token: Optional[str]) -> Optional[Session]:
        """The valid session of a cookie token (its idle time renewed), or None."""
        if not token or len(token) > 100:
            return None
        now = self.clock()
        s = tables.sessions
        with self.engine.begin() as db:
            row = db.execute(sa.select(s.c.name, s.c.csrf, s.c.created_at, s.c.last_seen)
                             .where(s.c.token_hash == _digest(token))).first()
            if row is None:
                return None
            if now - row.last_seen > self.idle_seconds or now - row.created_at > MAX_SECONDS:
                db.execute(s.delete().where(s.c.token_hash == _digest(token)))
                return None
            db.execute(s.update().where(s.c.token_hash == _digest(token)).values(last_seen=now))
        return Session(name=row.name, csrf=row.csrf, token_hash=_digest(token))

    @staticmethod
    def csrf_ok(session: Session, sent: Optional[str]) -> bool:
        """True when ``sent`` is the session's CSRF token."""
        return bool(sent) and hmac.compare_digest(session.csrf.encode(), str(sent).encode())

    def logout(self, session: Session) -> None:
        """Ends the session."""
        with self.engine.begin() as db:
            db.execute(tables.sessions.delete().where(tables.sessions.c.token_hash == session.token_hash))
            self._audit(db, session.name, "logout", None, self.clock())

    # -- audit ---------------------------------------------------------------
    def _audit(self, db: Any, who: str, action: str, target: Optional[str], now: float) -> None:
        db.execute(tables.audit.insert().values(at=now, who=who, action=action,
                                                target=None if target is None else str(target)[:100]))

    def audit(self, who: str, action: str, target: Optional[str] = None) -> None:
        """Writes one line of the audit log."""
        with self.engine.begin() as db:
            self._audit(db, who, action, target, self.clock())

    def audit_log(self, limit: int = 200) -> List[dict]:
        """The newest lines of the audit log."""
        a = tables.audit
        with self.engine.connect() as db:
            rows = db.execute(sa.select(a.c.at, a.c.who, a.c.action, a.c.target).order_by(a.c.id.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]
