"""The 相談メモ on LINE: 「メモ」 (or its quick reply) gets one text to show at the counter.

The same contents as the web page's memo (bot/channels/memo_data.py,
data/memo.yml) but the resident's own note: the date, the concerns in plain
words, the windows with 担当課 and what they do, questions per concern, and
once, that the memo stays in the LINE history.

It is made from the last result of the conversation, read back from the
navigator's own conversation store (the ``navigator.result`` payload of the
last ``BotUttered`` that named windows): the server keeps what it needs,
LINE only carries the message. A request for the memo never reaches the
navigator and is never logged; it expires and is forgotten with the
conversation it was read from.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional

from bot import hotline_hours
from bot.channels import memo_data
from bot.navigator_result import is_payload

CITY_SITE = "https://www.city.nishitokyo.lg.jp/"


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().strip("。.!！").lower()


def is_request(text: Optional[str], line: Optional[Mapping[str, Any]] = None) -> bool:
    """True when a message or postback asks for the memo (data/memo.yml's `line`)."""
    line = line if line is not None else memo_data.line_settings()
    if not isinstance(text, str):
        return False
    if text == line.get("postback"):
        return True
    return _normal(text) in {_normal(t) for t in line.get("triggers") or []}


def postback() -> str:
    """The postback data of the memo's quick reply."""
    return str(memo_data.line_settings().get("postback") or "/line_memo")


def offer_button(result: Optional[Mapping[str, Any]],
                 data: Optional[Mapping[str, Any]] = None) -> List[Dict[str, str]]:
    """The memo's quick reply (as a Rasa button) after a result with windows; none about DV or abuse.

    In those conversations the memo is made only when the resident writes 「メモ」.
    """
    data = data or memo_data.cached()
    if not result or not result.get("windows") or memo_data.only_when_asked([result], data):
        return []
    if result.get("risk") == "crisis" or result.get("crisis") is True:
        return []  # a crisis reply ends with the numbers, not with a memo
    view = memo_data.view_of(result)
    label = data["texts"][view]["line_quick_reply"]
    return [{"title": _without_readings(label), "payload": postback()}]


def _without_readings(text: str) -> str:
    # A quick-reply label is short (20 characters): readings would not fit.
    return re.sub(r"（[ぁ-ゖー]+）", "", text)


def last_result(events: List[Any]) -> Optional[Mapping[str, Any]]:
    """The ``navigator.result`` of the last bot message that named windows, in a tracker's events."""
    for event in reversed(events or []):
        data = getattr(event, "data", None)
        if getattr(event, "type_name", None) != "bot" or not isinstance(data, Mapping):
            continue
        custom = data.get("custom")
        if is_payload(custom) and custom.get("windows"):
            return custom
    return None


async def result_of_conversation(app: Any, sender_id: str) -> Optional[Mapping[str, Any]]:
    """The last result of this sender's conversation in the navigator's store, or None."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    tracker = await store.retrieve(sender_id)
    return last_result(list(tracker.events)) if tracker is not None else None


def _date(view: str, when: datetime) -> str:
    if view == "en":
        return when.strftime("%d %B %Y").lstrip("0")
    if view == "easy":
        return f"{when.year}年（ねん）{when.month}月（がつ）{when.day}日（にち）"
    return f"{when.year}年{when.month}月{when.day}日"


def memo_text(result: Mapping[str, Any], data: Optional[Mapping[str, Any]] = None,
              when: Optional[datetime] = None) -> str:
    """The memo as one LINE text, laid out to be read across a counter."""
    data = data or memo_data.cached()
    view = memo_data.view_of(result)
    t = data["texts"][view]
    en = view == "en"
    colon = ": " if en else "："
    lines = [t["line_header"], f"{t['date']}{colon}{_date(view, when or hotline_hours.now())}", ""]

    concerns = list(result.get("concerns") or [])
    labels = []
    for concern in concerns:
        label = data["concerns"].get(concern)
        if label:
            labels.append(f"{label['en']} ({label['ja']})" if en else label[view])
    if labels:
        lines.append(f"■ {t['concerns']}")
        lines += [f"・{label}" for label in labels]
        lines.append("")

    lines.append(f"■ {t['windows']}")
    for number, window in enumerate(result.get("windows") or [], start=1):
        name = str(window.get("name") or "")
        if en and window.get("name_en"):
            name = f"{window['name_en']} ({name})"
        lines.append(f"{number}. {name}")
        departments = [str(d) for d in window.get("departments") or []]
        if en:
            departments = [f"{data['departments'][d]} ({d})" if d in data["departments"] else d
                           for d in departments]
        if departments:
            lines.append(f"　{t['department']}{colon}{(', ' if en else '・').join(departments)}")
        if window.get("what"):
            lines.append(f"　{window['what']}")
    lines.append("")

    lines.append(f"■ {t['questions']}")
    lines += [f"・{q}" for q in memo_data.questions_for(concerns, view, data)]
    lines += ["", t["check_site"], CITY_SITE, t["line_history"]]
    return "\n".join(lines)


def none_text(lang_view: str = "ja", data: Optional[Mapping[str, Any]] = None) -> str:
    """What 「メモ」 gets before any result."""
    data = data or memo_data.cached()
    return data["texts"][lang_view]["line_none"]
