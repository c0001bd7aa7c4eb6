"""What the tests read in the navigator's replies (the navigator.result contract)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from bot.navigator_result import payload_in

SCHOOL = "子どもが学校に行けなくなりました"
AGE_ELEMENTARY_JUNIOR = '/inform{"age_group":"elementary_junior"}'
SAFETY_WINDOW = "福祉丸ごと相談窓口"


def result(reply: Any) -> Optional[Dict[str, Any]]:
    """The navigator.result custom message of a REST reply, as sent, if any."""
    found = payload_in(reply if isinstance(reply, list) else [])
    return dict(found) if found is not None else None


def texts(reply: Any) -> str:
    """All text of a REST reply, buttons included."""
    parts: List[str] = []
    for message in reply if isinstance(reply, list) else []:
        parts.append(str(message.get("text") or ""))
        parts.extend(str(b.get("title", "")) for b in message.get("buttons") or [])
    return "\n".join(parts)


def asks_age(reply: Any) -> bool:
    """True when the reply asks the resident's (child's) age."""
    found = result(reply) or {}
    question = found.get("question")
    options = []
    if question == "age":
        return True
    if isinstance(question, dict):
        options += question.get("options") or []
    options += [b for m in reply if isinstance(m, dict) for b in m.get("buttons") or []]
    return any("age_group" in str(option.get("payload", "")) for option in options)


def window_names(reply: Any) -> List[str]:
    """Names of the windows the reply recommends."""
    found = result(reply) or {}
    return [w.get("name", "") for w in found.get("windows") or []]
