"""Password hashes: scrypt (hashlib, OpenSSL) with a random salt per account.

Stored as ``scrypt$N$r$p$<salt b64>$<hash b64>`` so that the cost can be
raised later without breaking old hashes. A password is never stored, logged
or returned; ``verify`` compares in constant time.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# RFC 7914's interactive-login cost (N=2^14, r=8: 16 MiB, about 50 ms here).
N, R, P = 2 ** 14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 12
_MAXMEM = 64 * 1024 * 1024


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=KEY_BYTES)


def hash_password(password: str) -> str:
    """A new hash of ``password`` with a fresh salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, N, R, P)
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"scrypt${N}${R}${P}${b64(salt)}${b64(key)}"


def verify(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; False for any malformed hash."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        found = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)




def dummy_verify(password: str) -> None:
    """Spends the time of one verification (for unknown names)."""
    _derive(password, b"0" * SALT_BYTES, N, R, P)


def problem(password: str) -> str:
    """Why a new password is refused, or ``""``."""
    if len(password) < MIN_LENGTH:
        return f"the password must have at least {MIN_LENGTH} characters"
    if password.strip() != password:
        return "the password must not begin or end with a space"
    return ""
