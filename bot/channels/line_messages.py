"""Builds LINE Messaging API message objects from one turn of the navigator.

Small builders, each keeping to LINE's documented limits; ``render_turn``
puts a whole turn (texts, buttons, the ``navigator.result`` payload) into the
1–5 messages of one reply:

1. the texts, crisis text and emergency numbers first (when a result with
   windows is present, the window lines of the listing are left out of the
   text: the carousel shows them);
2. the windows as a Flex carousel (one bubble per window);
3. for DV, the note that this talk stays in the LINE app's history;
4. the question (if any), carrying the buttons as quick replies: LINE shows
   quick replies only on the last message of a reply.

Limits (LINE Messaging API reference; where the project brief is stricter we
keep the stricter value, so a message fitting here fits LINE):

============================  ===========  =================================
what                          here         LINE reference
============================  ===========  =================================
messages per reply / push     5            5
text message                  5,000 chars  5,000 chars
Flex ``altText``              400 chars    1,500 chars
bubbles per carousel          10           12
bubble JSON                   10 KB        30 KB
carousel JSON                 50 KB        50 KB
quick reply items             13           13
action label                  20 chars     20 chars
postback data / displayText   300 chars    300 chars
message action text           300 chars    300 chars
============================  ===========  =================================

Characters are counted as UTF-16 code units (an emoji counts 2), as LINE
counts them; sizes are the bytes of the JSON as it is sent (``dumps``).

The LINE-only texts (follow greeting, DV note, unsupported message …) are
the domain's responses ``utter_line_*`` (domain.yml, read from disk until the
agent's domain is loaded); the channel's labels are data/line_texts.yml.
"""
from __future__ import annotations

import functools
import json
import logging
from typing import Any, Dict, List, Mapping, Optional, Sequence

import yaml

from bot.channels import line_reports
from bot.navigator_result import NavigatorResult
from bot.settings import DEFAULTS
from bot.text.blank import is_empty

logger = logging.getLogger(__name__)

MAX_MESSAGES_PER_REPLY = 5
MAX_TEXT_CHARS = 5000
MAX_ALT_TEXT_CHARS = 400
MAX_BUBBLES = 10
MAX_BUBBLE_BYTES = 10 * 1024
MAX_CAROUSEL_BYTES = 50 * 1024
MAX_QUICK_REPLY_ITEMS = 13
MAX_LABEL_CHARS = 20
MAX_POSTBACK_DATA_CHARS = 300
MAX_DISPLAY_TEXT_CHARS = 300
MAX_MESSAGE_ACTION_TEXT_CHARS = 300
# Our own caps inside a bubble, well below the bubble's size limit.
MAX_WINDOW_NAME_CHARS = 100
MAX_WINDOW_WHAT_CHARS = 400
# Grey of the department line (8.4:1 on white). Written with letters so that no
# colour in the code can be taken for a # short number such as #8008.
DEPARTMENT_TEXT_COLOUR = "#4D4D4D"

CITY_WEBSITE = "https://www.city.nishitokyo.lg.jp/"
ELLIPSIS = "…"

# Lines of the listing text that show one window: domain.yml's utter_window
# ("■ {name}（{departments}）\n　{what}"); tests check the domain still agrees.
WINDOW_LINE_MARK = "■"
WINDOW_CONTINUATION_MARK = "\u3000"

# The channel's labels; its texts to residents are domain.yml's utter_line_* responses.
LABELS_FILE = DEFAULTS.line_texts_file
DOMAIN_FILE = DEFAULTS.domain_file


class LineLimitError(ValueError):
    """A message that LINE would refuse; the message names the limit."""


# -- measuring ----------------------------------------------------------------
def dumps(value: Any) -> str:
    """The JSON exactly as it is sent to LINE (and measured here)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def size_bytes(value: Any) -> int:
    """Bytes of ``value``'s JSON as sent."""
    return len(dumps(value).encode("utf-8"))


def char_count(text: str) -> int:
    """Characters as LINE counts them (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters (LINE's count), ending in "…" if cut."""
    if char_count(text) <= limit:
        return text
    out: List[str] = []
    used = 0
    for ch in text:
        width = char_count(ch)
        if used + width > limit - 1:
            break
        out.append(ch)
        used += width
    return "".join(out) + ELLIPSIS


@functools.lru_cache(maxsize=1)
def _labels() -> Dict[str, Dict[str, str]]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))["labels"]


@functools.lru_cache(maxsize=1)
def _domain_file_responses() -> Mapping[str, Any]:
    # The file the agent loads: its texts serve until the agent's domain is there.
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8")).get("responses") or {}


def texts_for(lang: Optional[str],
              domain_responses: Optional[Mapping[str, Any]] = None) -> Dict[str, str]:
    """The LINE labels and ``utter_line_*`` texts for a language (ja when unknown).

    The running agent's ``domain_responses`` win over domain.yml as read from disk.
    """
    labels = _labels()
    merged = dict(labels["ja"])
    if lang and lang != "ja":
        merged.update(labels.get(lang, {}))
    for responses in (_domain_file_responses(), domain_responses or {}):
        merged.update(_line_responses(responses, lang or "ja"))
    return merged


def _line_responses(responses: Mapping[str, Any], lang: str) -> Dict[str, str]:
    """Each ``utter_line_*`` response's text for ``lang``: its variation, else one without."""
    out: Dict[str, str] = {}
    for name, variations in responses.items():
        if not name.startswith("utter_line_") or not isinstance(variations, list):
            continue
        fitting = [v for v in variations if isinstance(v, dict) and v.get("text")
                   and _lang_condition(v) in (None, lang)]
        chosen = [v for v in fitting if _lang_condition(v)] or fitting
        if chosen:
            out[name] = chosen[0]["text"]
    return out


def _lang_condition(variation: Mapping[str, Any]) -> Optional[str]:
    for condition in variation.get("condition") or []:
        if condition.get("name") == "lang":
            return condition.get("value")
    return None


# -- builders -------------------------------------------------------------------
def text_message(text: str) -> Dict[str, Any]:
    """A text message, cut to LINE's 5,000 characters."""
    text = text.strip() or ELLIPSIS
    return {"type": "text", "text": truncate(text, MAX_TEXT_CHARS)}


def quick_reply(buttons: Sequence[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """Quick reply items from Rasa buttons (``title``, ``payload``), at most 13.

    A payload that is an intent (``/inform{...}``) becomes a postback (the
    resident sees the title as their message; the webhook receives the
    payload); other payloads become message actions that send the text.
    Buttons whose payload is longer than LINE allows are left out.
    """
    items: List[Dict[str, Any]] = []
    for button in buttons:
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or "").strip()
        if not title or not payload:
            continue
        label = truncate(title, MAX_LABEL_CHARS)
        if payload.startswith("/"):
            if char_count(payload) > MAX_POSTBACK_DATA_CHARS:
                logger.warning("quick reply left out: postback data over %d characters",
                               MAX_POSTBACK_DATA_CHARS)
                continue
            action = {"type": "postback", "label": label, "data": payload,
                      "displayText": truncate(title, MAX_DISPLAY_TEXT_CHARS)}
        else:
            if char_count(payload) > MAX_MESSAGE_ACTION_TEXT_CHARS:
                logger.warning("quick reply left out: text over %d characters",
                               MAX_MESSAGE_ACTION_TEXT_CHARS)
                continue
            action = {"type": "message", "label": label, "text": payload}
        items.append({"type": "action", "action": action})
        if len(items) == MAX_QUICK_REPLY_ITEMS:
            break
    return {"items": items} if items else None


def window_bubble(window: Mapping[str, Any], texts: Mapping[str, str],
                  lang: str = "ja", report: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """One window as a Flex bubble.

    Name, department(s), what it does, when it was checked, the city's website and,
    with the result's ``report`` labels, 「情報がちがう・古いときは」.
    """
    name = str(window.get("name") or "").strip()
    if not name:
        raise LineLimitError("a window without a name cannot be shown")
    if lang == "en" and window.get("name_en"):
        name = f"{name} ({window['name_en']})"
    departments = "・".join(str(d) for d in window.get("departments") or [])
    what = str(window.get("what") or "").strip()
    contents: List[Dict[str, Any]] = [
        {"type": "text", "text": truncate(name, MAX_WINDOW_NAME_CHARS), "weight": "bold",
         "size": "md", "wrap": True},
    ]
    if departments:
        contents.append({"type": "text", "text": truncate(
            texts["line_department"].format(departments=departments), MAX_WINDOW_NAME_CHARS),
            "size": "sm", "color": DEPARTMENT_TEXT_COLOUR, "wrap": True})
    if what:
        contents.append({"type": "text", "text": truncate(what, MAX_WINDOW_WHAT_CHARS),
                         "size": "sm", "wrap": True})
    kind = str(window.get("kind_text") or "").strip()
    if kind:
        contents.append({"type": "text", "text": truncate(kind, MAX_WINDOW_NAME_CHARS),
                         "size": "xs", "weight": "bold", "wrap": True})
    checked = str(window.get("checked_text") or "").strip()
    if checked:
        contents.append({"type": "text", "text": truncate(checked, MAX_WINDOW_NAME_CHARS),
                         "size": "xs", "color": DEPARTMENT_TEXT_COLOUR, "wrap": True})
    footer: List[Dict[str, Any]] = [
        {"type": "button", "style": "link", "height": "sm",
         "action": {"type": "uri",
                    "label": truncate(texts["line_website_button"], MAX_LABEL_CHARS),
                    "uri": CITY_WEBSITE}},
    ]
    label = str((report or {}).get("line_link") or "").strip()
    data = line_reports.open_data(lang, str(window.get("id") or ""))
    if label and data and char_count(data) <= MAX_POSTBACK_DATA_CHARS:
        # A postback (bot/channels/line_reports.py), never passed to the navigator.
        footer.append({"type": "button", "style": "link", "height": "sm",
                       "action": {"type": "postback", "label": truncate(label, MAX_LABEL_CHARS),
                                  "data": data, "displayText": truncate(label, MAX_DISPLAY_TEXT_CHARS)}})
    bubble = {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": contents},
        "footer": {"type": "box", "layout": "vertical", "contents": footer},
    }
    if size_bytes(bubble) > MAX_BUBBLE_BYTES:
        raise LineLimitError(f"bubble for {window.get('id')!r} is over {MAX_BUBBLE_BYTES} bytes")
    return bubble


def windows_carousel(windows: Sequence[Mapping[str, Any]], texts: Mapping[str, str],
                     lang: str = "ja", report: Optional[Mapping[str, Any]] = None) -> Optional[Dict[str, Any]]:
    """The windows as one Flex carousel message (at most 10 bubbles, 50 KB), or None.

    Windows beyond the limits are left out (the navigator lists the most
    fitting first); the altText is neutral, since it shows in notifications.
    """
    bubbles: List[Dict[str, Any]] = []
    for window in windows:
        if len(bubbles) == MAX_BUBBLES:
            logger.info("carousel: %d windows left out (max %d bubbles)",
                        len(windows) - MAX_BUBBLES, MAX_BUBBLES)
            break
        try:
            bubble = window_bubble(window, texts, lang, report)
        except LineLimitError as error:
            logger.warning("carousel: %s", error)
            continue
        if size_bytes({"type": "carousel", "contents": bubbles + [bubble]}) > MAX_CAROUSEL_BYTES:
            logger.warning("carousel: stopped at %d bubbles (max %d bytes)",
                           len(bubbles), MAX_CAROUSEL_BYTES)
            break
        bubbles.append(bubble)
    if not bubbles:
        return None
    alt = truncate(texts["line_carousel_alt"].format(count=len(bubbles)), MAX_ALT_TEXT_CHARS)
    return {"type": "flex", "altText": alt, "contents": {"type": "carousel", "contents": bubbles}}


# -- a whole turn ------------------------------------------------------------------
def strip_window_lines(text: str) -> str:
    """The text without the lines that show windows (the carousel shows them)."""
    kept: List[str] = []
    in_window = False
    for line in text.split("\n"):
        if line.startswith(WINDOW_LINE_MARK):
            in_window = True
            continue
        if in_window and line.startswith(WINDOW_CONTINUATION_MARK):
            continue
        in_window = False
        kept.append(line)
    return "\n".join(kept).strip()


def render_turn(messages: Sequence[Mapping[str, Any]],
                domain_responses: Optional[Mapping[str, Any]] = None,
                extra_buttons: Sequence[Mapping[str, Any]] = ()) -> List[Dict[str, Any]]:
    """The LINE messages (1–5) of one reply for everything the navigator sent in a turn.

    ``extra_buttons`` are the channel's own quick replies (the 相談メモ's), after the navigator's.
    """
    result = NavigatorResult.from_messages(messages)
    lang = str((result.lang if result else None) or "ja")
    texts = texts_for(lang, domain_responses)

    carousel = windows_carousel(result.windows or [], texts, lang, result.report) if result else None

    button_index = max(
        (i for i, m in enumerate(messages) if m.get("buttons") or m.get("quick_replies")),
        default=None)
    buttons: List[Mapping[str, Any]] = []
    tail_text: Optional[str] = None
    if button_index is not None:
        chosen = messages[button_index]
        buttons = list(chosen.get("buttons") or chosen.get("quick_replies") or [])
        tail_text = chosen.get("text")
    elif result and isinstance(result.question, Mapping):
        buttons = list(result.question.get("options") or [])
        tail_text = result.question.get("text")

    lead: List[Dict[str, Any]] = []
    for index, message in enumerate(messages):
        text = message.get("text")
        if index == button_index or not isinstance(text, str) or is_empty(text):
            continue
        if carousel:
            # The navigator says which text lists the windows and gives it without them.
            if result.listing_text == text and result.listing_without_windows is not None:
                text = str(result.listing_without_windows).strip()
            else:
                text = strip_window_lines(text)
            if not text:
                continue
        lead.append(text_message(text))
    if not lead and not carousel and not tail_text and not buttons:
        return []

    notes: List[Dict[str, Any]] = []
    if result and "dv" in (result.concerns or []):
        notes.append(text_message(texts["utter_line_dv_note"]))

    has_tail = not is_empty(tail_text)
    tail: List[Dict[str, Any]] = [text_message(tail_text)] if has_tail else []
    out = lead + ([carousel] if carousel else []) + notes + tail
    out = fit(out)
    replies = quick_reply(list(buttons) + list(extra_buttons))
    if replies and out:
        out[-1] = dict(out[-1], quickReply=replies)
    check_reply(out)
    return out


def fit(messages: List[Dict[str, Any]],
        limit: int = MAX_MESSAGES_PER_REPLY) -> List[Dict[str, Any]]:
    """At most ``limit`` messages: neighbouring texts are merged, first ones first.

    Only when no two texts are neighbours any more are the last messages
    before the final one left out (never the first: it holds the numbers).
    """
    out = list(messages)
    while len(out) > limit:
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            if a["type"] == b["type"] == "text" and "quickReply" not in a:
                merged = a["text"] + "\n\n" + b["text"]
                if char_count(merged) <= MAX_TEXT_CHARS:
                    out[i:i + 2] = [dict(b, text=merged)]
                    break
        else:
            logger.warning("reply: %d messages left out (max %d)", len(out) - limit, limit)
            out = out[:limit - 1] + out[-1:]
    return out


def check_reply(messages: Sequence[Mapping[str, Any]]) -> None:
    """Raises LineLimitError when a reply breaks one of the limits above."""
    if not 1 <= len(messages) <= MAX_MESSAGES_PER_REPLY:
        raise LineLimitError(
            f"a reply carries 1–{MAX_MESSAGES_PER_REPLY} messages, not {len(messages)}")
    for message in messages:
        kind = message.get("type")
        if kind == "text":
            if not message.get("text") or char_count(message["text"]) > MAX_TEXT_CHARS:
                raise LineLimitError(f"text message empty or over {MAX_TEXT_CHARS} characters")
        elif kind == "flex":
            if not message.get("altText") or char_count(message["altText"]) > MAX_ALT_TEXT_CHARS:
                raise LineLimitError(f"altText empty or over {MAX_ALT_TEXT_CHARS} characters")
            contents = message.get("contents") or {}
            bubbles = contents.get("contents") if contents.get("type") == "carousel" else [contents]
            if not 1 <= len(bubbles) <= MAX_BUBBLES:
                raise LineLimitError(
                    f"a carousel holds 1–{MAX_BUBBLES} bubbles, not {len(bubbles)}")
            if any(size_bytes(b) > MAX_BUBBLE_BYTES for b in bubbles):
                raise LineLimitError(f"a bubble is over {MAX_BUBBLE_BYTES} bytes")
            if size_bytes(contents) > MAX_CAROUSEL_BYTES:
                raise LineLimitError(f"the carousel is over {MAX_CAROUSEL_BYTES} bytes")
        else:
            raise LineLimitError(f"message type {kind!r} is not built here")
        if "quickReply" in message:
            _check_quick_reply(message["quickReply"])
    if any("quickReply" in m for m in messages[:-1]):
        raise LineLimitError("quick replies show only on the last message of a reply")


def _check_quick_reply(quick: Mapping[str, Any]) -> None:
    items = quick.get("items") or []
    if not 1 <= len(items) <= MAX_QUICK_REPLY_ITEMS:
        raise LineLimitError(f"quick reply holds 1–{MAX_QUICK_REPLY_ITEMS} items, not {len(items)}")
    for item in items:
        action = item.get("action") or {}
        if item.get("type") != "action" or action.get("type") not in ("postback", "message"):
            raise LineLimitError("quick reply items must be postback or message actions")
        if not action.get("label") or char_count(action["label"]) > MAX_LABEL_CHARS:
            raise LineLimitError(f"quick reply label empty or over {MAX_LABEL_CHARS} characters")
        if action["type"] == "postback":
            if not action.get("data") or char_count(action["data"]) > MAX_POSTBACK_DATA_CHARS:
                raise LineLimitError(
                    f"postback data empty or over {MAX_POSTBACK_DATA_CHARS} characters")
            if char_count(action.get("displayText") or "") > MAX_DISPLAY_TEXT_CHARS:
                raise LineLimitError(f"displayText over {MAX_DISPLAY_TEXT_CHARS} characters")
        elif not action.get("text") or char_count(action["text"]) > MAX_MESSAGE_ACTION_TEXT_CHARS:
            raise LineLimitError(
                f"message action text empty or over {MAX_MESSAGE_ACTION_TEXT_CHARS} characters")
