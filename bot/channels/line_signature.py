"""The ``X-Line-Signature`` check of LINE webhooks, with the standard library only.

LINE signs the raw request body: base64(HMAC-SHA256(channel secret, body)).
The check is made on the bytes as received, before any JSON parsing, and the
comparison is constant-time (``hmac.compare_digest``).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Optional


def sign(body: bytes, channel_secret: str) -> str:
    """The signature LINE sends for ``body`` (also used by the tests and the fake API)."""
    digest = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def is_valid(body: bytes, signature: Optional[str], channel_secret: str) -> bool:
    """Whether ``signature`` is LINE's signature of ``body``; a missing one is never valid."""
    if not signature or not channel_secret:
        return False
    expected = sign(body, channel_secret).encode("ascii")
    try:
        given = signature.strip().encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(expected, given)
