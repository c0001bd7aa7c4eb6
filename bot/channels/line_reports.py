"""「情報がちがう・古いときは」 on LINE: the postbacks of a window bubble's report button.

A bubble's button sends ``/report:<lang>:<window id>``; the channel answers
with the question and one quick reply per reason, each a postback
``/report:<lang>:<window id>:<reason>``; that one is taken by
bot/report_intake.py (rate limits, storage) and answered with a thank-you.
These postbacks never reach the navigator. LINE asks for no line of text:
the next message a resident writes is read as a new worry, so nothing more is
asked of them.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from bot import window_notes

PREFIX = "/report:"
_DATA = re.compile(r"^/report:(ja|en):([a-z0-9_]{1,100})(?::([a-z_]{1,20}))?$")


def is_report(data: str) -> bool:
    """True for a report postback (whether well-formed or not)."""
    return data.startswith(PREFIX)


def open_data(lang: str, window_id: str) -> Optional[str]:
    """The postback data of a bubble's report button; None for a window without an id."""
    data = f"{PREFIX}{'en' if lang == 'en' else 'ja'}:{window_id}"
    return data if _DATA.match(data) else None


def answer(data: str, sender: str, intake: Any) -> List[Dict[str, Any]]:
    """The messages (Rasa's shape: text, buttons) that answer one report postback."""
    found = _DATA.match(data)
    lang = found.group(1) if found else "ja"
    texts = window_notes.report_texts(lang)
    if not found:
        return [{"text": texts["failed"]}]
    window_id, reason = found.group(2), found.group(3)
    if reason is None:
        return [{"text": texts["question"], "buttons": [
            {"title": r["label"], "payload": f"{PREFIX}{lang}:{window_id}:{r['id']}"}
            for r in texts["reasons"]
        ]}]
    outcome = intake.take(sender, window_id, reason, None, channel="line")
    return [{"text": texts.get(outcome.key) if outcome.status in (200, 429, 503) else texts["failed"]}]
