"""X-Line-Signature: base64 HMAC-SHA256 of the raw body, compared in constant time."""
from pathlib import Path

import pytest

from bot.channels.line_signature import is_valid, sign

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "test-channel-secret"
BODY = (FIXTURES / "line_webhook_text.json").read_bytes()
RECORDED = (FIXTURES / "line_webhook_text.signature").read_text().strip()


def test_the_signature_matches_one_computed_independently_with_openssl():
    assert sign(BODY, SECRET) == RECORDED


@pytest.mark.parametrize("body, signature, secret, ok", [
    (BODY, RECORDED, SECRET, True),
    (BODY, None, SECRET, False),                         # missing
    (BODY, "", SECRET, False),                           # empty
    (BODY, RECORDED, "another-secret", False),           # other channel
    (BODY + b" ", RECORDED, SECRET, False),              # body changed by one byte
    (BODY, RECORDED[:-2] + "A=", SECRET, False),         # signature changed
    (BODY, "ünicode", SECRET, False),                    # not even base64
    (BODY, RECORDED, "", False),                         # no secret configured: never valid
])
def test_signature_accepted_only_when_right(body, signature, secret, ok):
    assert is_valid(body, signature, secret) is ok
