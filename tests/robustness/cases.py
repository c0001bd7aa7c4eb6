"""The bad inputs every channel test sends: (name, how to send it, what must come back)."""
from __future__ import annotations

import json

LONG = "子どもが学校に行けなくなりました。" * 600  # 10,200 characters
OK, CLIENT_ERROR = "reply", "4xx"

# name, raw body (bytes), content type, expected outcome
BAD_INPUTS = [
    ("empty message", json.dumps({"sender": "r", "message": ""}).encode(), "application/json", OK),
    ("whitespace only", json.dumps({"sender": "r", "message": " \u3000\n\t "}).encode(), "application/json", OK),
    ("zero-width only", json.dumps({"sender": "r", "message": "\u200b\u200b"}).encode(), "application/json", OK),
    ("10,000+ characters", json.dumps({"sender": "r", "message": LONG}, ensure_ascii=False).encode(),
     "application/json", OK),
    ("emoji only", json.dumps({"sender": "r", "message": "😢😢😢🙏"}).encode(), "application/json", OK),
    ("control characters", json.dumps({"sender": "r", "message": "\x00\x07助けて\x1b[31m\x7f"}).encode(),
     "application/json", OK),
    ("mixed scripts", json.dumps({"sender": "r", "message": "help 助けて помогите مساعدة 도와주세요 ช่วยด้วย"},
                                 ensure_ascii=False).encode(), "application/json", OK),
    ("right-to-left marks", json.dumps({"sender": "r", "message": "\u202e困っています\u202c"}).encode(),
     "application/json", OK),
    ("lone surrogate escape", b'{"sender": "r", "message": "\\ud800 help"}', "application/json", OK),
    ("malformed JSON", b'{"sender": "r", "message": ', "application/json", CLIENT_ERROR),
    ("not UTF-8", b'{"sender": "r", "message": "\xff\xfe"}', "application/json", CLIENT_ERROR),
    ("wrong content type, form body", b"sender=r&message=hello", "application/x-www-form-urlencoded",
     CLIENT_ERROR),
    ("wrong content type, JSON body", json.dumps({"sender": "r", "message": "こんにちは"}).encode(),
     "text/plain", OK),
    ("2 MB body", json.dumps({"sender": "r", "message": "あ" * 700_000}, ensure_ascii=False).encode(),
     "application/json", CLIENT_ERROR),
    ("missing sender", json.dumps({"message": "こんにちは"}).encode(), "application/json", CLIENT_ERROR),
    ("empty sender", json.dumps({"sender": "  ", "message": "こんにちは"}).encode(), "application/json",
     CLIENT_ERROR),
    ("sender of 10,000 characters", json.dumps({"sender": "s" * 10_000, "message": "x"}).encode(),
     "application/json", CLIENT_ERROR),
    ("missing message", json.dumps({"sender": "r"}).encode(), "application/json", CLIENT_ERROR),
    ("message is a number", json.dumps({"sender": "r", "message": 110}).encode(), "application/json",
     CLIENT_ERROR),
    ("message is null", json.dumps({"sender": "r", "message": None}).encode(), "application/json",
     CLIENT_ERROR),
    ("message is a list", json.dumps({"sender": "r", "message": ["助けて"]}).encode(), "application/json",
     CLIENT_ERROR),
    ("nested JSON", json.dumps({"sender": {"id": "r"}, "message": {"text": {"deep": [1, {"x": None}]}}}).encode(),
     "application/json", CLIENT_ERROR),
    ("sender is a number", json.dumps({"sender": 12345, "message": "こんにちは"}).encode(), "application/json",
     CLIENT_ERROR),
    ("body is a number", b"42", "application/json", CLIENT_ERROR),
    ("body is a string", b'"hello"', "application/json", CLIENT_ERROR),
    ("body is a list", b'[{"sender": "r", "message": "x"}]', "application/json", CLIENT_ERROR),
    ("body is null", b"null", "application/json", CLIENT_ERROR),
    ("empty body", b"", "application/json", CLIENT_ERROR),
    ("deeply nested body", b"[" * 5000 + b"]" * 5000, "application/json", CLIENT_ERROR),
    ("metadata not an object", json.dumps({"sender": "r", "message": "こんにちは", "metadata": "x"}).encode(),
     "application/json", OK),
]


def check_outcome(name, status, body, expected):
    """A clear reply (non-empty list of messages with text or custom) or a 4xx with a reason."""
    assert status != 500 and status < 500, f"{name}: {status} {str(body)[:200]}"
    if expected == OK:
        assert status == 200, f"{name}: {status} {str(body)[:200]}"
        assert isinstance(body, list) and body, f"{name}: silence"
        assert all(isinstance(m, dict) and (m.get("text") or m.get("custom") or m.get("buttons"))
                   for m in body), f"{name}: {body}"
    else:
        assert 400 <= status < 500, f"{name}: {status} {str(body)[:200]}"
        assert isinstance(body, dict) and body.get("error"), f"{name}: a 4xx must say why: {body}"
