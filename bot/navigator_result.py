"""The reply contract's ``navigator.result`` (docs/architecture.md), typed.

The navigator writes it, the channels draw cards from it, staff read why,
evaluations and benchmarks score it. Each of them finds it here, in the same
way, instead of matching ``"type"`` on its own; what clients receive is
``to_dict()``, key for key what the contract describes.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Dict, Iterable, List, Mapping, Optional

RESULT_TYPE = "navigator.result"
# Where a payload sits in a message: Rasa's output channels and rasa-sdk's
# dispatcher say "custom", the navigator's own reply says "json_message".
_MESSAGE_KEYS = ("custom", "json_message")
# Sent only by a turn that lists windows (a listing text exists); absent otherwise.
_ONLY_WITH_A_LISTING = ("listing_text", "listing_without_windows")


def is_payload(value: Any) -> bool:
    """True for a ``navigator.result`` payload (a mapping with its type)."""
    return isinstance(value, Mapping) and value.get("type") == RESULT_TYPE


def payload_in(messages: Optional[Iterable[Any]]) -> Optional[Mapping[str, Any]]:
    """The first ``navigator.result`` payload among a turn's messages, as sent; None if none."""
    for message in messages or []:
        if not isinstance(message, Mapping):
            continue
        for key in _MESSAGE_KEYS:
            if is_payload(message.get(key)):
                return message[key]
    return None


def _no_person() -> Dict[str, Any]:
    return {"age_group": None, "affected": None, "on_behalf": False}


@dataclass
class NavigatorResult:
    """One result turn: what was understood, which windows, which numbers, what is asked.

    The fields are in the order of the payload's keys.
    """

    lang: str = "ja"
    easy_japanese: bool = False
    concerns: List[str] = field(default_factory=list)
    crisis: bool = False
    crisis_kind: Optional[str] = None
    risk: Optional[str] = None
    crisis_route: Optional[str] = None
    crisis_source: Optional[str] = None
    risk_kind: Optional[str] = None
    person: Dict[str, Any] = field(default_factory=_no_person)
    windows: List[Dict[str, Any]] = field(default_factory=list)
    report: Optional[Dict[str, Any]] = None
    emergency: List[Dict[str, Any]] = field(default_factory=list)
    possible_risk: Optional[Dict[str, Any]] = None
    question: Optional[Dict[str, Any]] = None
    listing_text: Optional[str] = None
    listing_without_windows: Optional[str] = None
    concern_scores: Dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> Dict[str, Any]:
        """The payload clients receive (``utter_message(json_message=...)``)."""
        out: Dict[str, Any] = {"type": RESULT_TYPE}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _ONLY_WITH_A_LISTING and value is None:
                continue
            out[item.name] = value
        return out

    @classmethod
    def from_dict(cls, payload: Mapping[str, Any]) -> "NavigatorResult":
        """A payload read back (a client's, a stored conversation's); missing keys take defaults.

        Raises:
            ValueError: ``payload`` is not a ``navigator.result``.
        """
        if not is_payload(payload):
            raise ValueError(f"not a {RESULT_TYPE} payload: type {payload.get('type')!r}"
                             if isinstance(payload, Mapping) else f"not a {RESULT_TYPE} payload")
        known = {item.name for item in fields(cls)}
        return cls(**{key: value for key, value in payload.items() if key in known})

    @classmethod
    def from_messages(cls, messages: Optional[Iterable[Any]]) -> Optional["NavigatorResult"]:
        """The result of a turn's messages (REST reply, dispatcher, ``Reply``), or None."""
        found = payload_in(messages)
        return cls.from_dict(found) if found is not None else None
