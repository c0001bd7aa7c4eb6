"""What every channel does around one turn: cap, clean, time out, never stay silent.

Shared by the REST, socket.io and LINE channels so that a resident gets the
same care whichever way they write.
"""
from __future__ import annotations

import asyncio
import logging
import unicodedata
from typing import Any, Awaitable, Dict, List, Mapping, Optional

from bot import limits, responses
from bot.language import detect as detect_language
from bot.text.blank import is_blank

logger = logging.getLogger(__name__)

# What a turn says when the pipeline or the action server failed: no stack
# trace, no silence (texts in domain.yml; these stand in when even the domain
# cannot be read).
_LAST_RESORT = {
    "utter_service_unavailable": "ごめんなさい。今、案内のしくみに不具合が起きています。"
    "市の「福祉丸ごと相談窓口」（地域共生課）が話を聞いてくれます。"
    "命の危険があるときは110番（警察）・119番（救急）へ。",
    "utter_long_message": "メッセージがとても長かったので、窓口の案内には、はじめの部分を使いました。",
    "utter_ask_concern": "どんなことで困っていますか。短い言葉でも大丈夫です。",
}
_LAST_RESORT_EN = {
    "utter_service_unavailable": "Sorry, the guide is not working right now. The city's all-in-one welfare "
    "consultation window (福祉丸ごと相談窓口, 地域共生課) will listen. "
    "If a life is in danger, call 110 (police) or 119 (ambulance).",
    "utter_long_message": "Your message was very long: I used its first part to find the windows.",
    "utter_ask_concern": "What are you worried about? A few words are enough.",
}


def domain_responses(app: Any) -> Optional[Mapping[str, Any]]:
    """The response texts of the agent a Sanic app serves (None before it is loaded)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    return getattr(getattr(agent, "domain", None), "responses", None)


def error_response(status: int, message: str) -> Any:
    """A 4xx/5xx that says what is wrong, as JSON."""
    from sanic import response

    return response.json({"error": message}, status=status)


def clean(text: str) -> str:
    """Drops control characters (keeping line breaks and tabs) and lone surrogates; NFC."""
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    return unicodedata.normalize("NFC", kept)


class GuardedTurn:
    """One incoming message on its way through the navigator."""

    def __init__(self, text: str, domain_responses: Optional[Mapping[str, Any]] = None,
                 max_chars: int = limits.MAX_INPUT_CHARS) -> None:
        cleaned = clean(text)
        # The whole message up to the channel's limit goes on (read for danger);
        # beyond MAX_MESSAGE_CHARS the concern is not read, and the resident is told.
        self.text, cut = limits.cap(cleaned, max_chars)
        self.was_cut = cut or len(self.text) > limits.MAX_MESSAGE_CHARS
        self.lang = detect_language(self.text)
        self.blank = is_blank(self.text)
        self.failed = False
        self._domain = {"responses": dict(domain_responses or {})}

    @classmethod
    def for_app(cls, app: Any, text: str) -> "GuardedTurn":
        """A turn with the texts of the running agent's domain."""
        return cls(text, domain_responses(app))

    def say(self, name: str) -> str:
        """A domain text in the message's language, or the built-in stand-in."""
        try:
            return responses.render(self._domain, name, {"lang": self.lang, "easy_japanese": False})
        except KeyError:
            return _LAST_RESORT_EN[name] if self.lang == "en" else _LAST_RESORT[name]

    def blank_reply(self) -> List[Dict[str, Any]]:
        """The answer to an empty or invisible message, without running the pipeline."""
        return [{"recipient_id": None, "text": self.say("utter_ask_concern")}]

    async def run(self, turn: Awaitable[Any], timeout_seconds: float) -> None:
        """Awaits the navigator; a failure or a timeout is remembered, not raised."""
        try:
            await asyncio.wait_for(turn, timeout=timeout_seconds)
        except asyncio.TimeoutError:
            self.failed = True
            logger.warning("turn timed out after %s s", timeout_seconds)
        except Exception as error:  # noqa: BLE001 - the resident must still get an answer
            self.failed = True
            logger.error("turn failed: %s", type(error).__name__)

    def finish(self, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The turn's messages with the length note and, if nothing came, the safety answer."""
        recipient = messages[0].get("recipient_id") if messages else None
        out = list(messages)
        if not any(m.get("text") or m.get("custom") for m in out):
            out.append({"recipient_id": recipient, "text": self.say("utter_service_unavailable")})
        if self.was_cut:
            out.insert(0, {"recipient_id": recipient, "text": self.say("utter_long_message")})
        return out
