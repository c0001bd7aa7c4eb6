"""Renders the response texts of domain.yml inside an action.

The result turn joins several domain responses (intro, one line per window,
outro) into one message so that every channel gets the whole answer at once;
the sentences themselves stay in domain.yml. Variations are chosen as Rasa's
NLG does: a variation whose slot conditions all hold wins over one without
conditions. A phone number is written ``{tel:<hotline id>}`` and filled from
data/hotlines.yml (bot/hotlines.py), its one declaration.
"""
from __future__ import annotations

import random
import re
from typing import Any, Dict, List, Mapping

_PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")
PHONE_PREFIX = "tel:"


def _conditions_hold(variation: Mapping[str, Any], slots: Mapping[str, Any]) -> bool:
    return all(
        slots.get(c.get("name")) == c.get("value")
        for c in variation.get("condition", [])
        if c.get("type") == "slot"
    )


def variation(domain: Mapping[str, Any], response: str, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """The variation of ``response`` that fits the slots (lang, easy_japanese)."""
    variations: List[Dict[str, Any]] = domain.get("responses", {}).get(response) or []
    if not variations:
        raise KeyError(f"response {response!r} is missing from domain.yml")
    conditional = [v for v in variations if v.get("condition") and _conditions_hold(v, slots)]
    plain = [v for v in variations if not v.get("condition")]
    # Same choice as Rasa: any of the fitting variations; tests pin single ones.
    return random.choice(conditional or plain or variations)


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Fills ``{name}`` placeholders; ``{{``/``}}`` stay literal braces, as in Rasa."""

    def replace(match: re.Match) -> str:
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    text = _PLACEHOLDER.sub(replace, template.replace("{{", "\0").replace("}}", "\1"))
    return text.replace("\0", "{").replace("\1", "}")


def phone_numbers(template: str) -> Dict[str, str]:
    """``tel:<id>`` -> the number of that hotline, for each such placeholder of ``template``."""
    wanted = [key for key in _PLACEHOLDER.findall(template) if key.startswith(PHONE_PREFIX)]
    if not wanted:
        return {}
    from bot import hotlines

    table = hotlines.default_table().hotlines
    unknown = [key for key in wanted if key[len(PHONE_PREFIX):] not in table]
    if unknown:
        # A reply without its number is worse than no reply: fail loudly (tests/test_responses.py).
        raise KeyError(f"no hotline {', '.join(unknown)} in data/hotlines.yml")
    return {key: table[key[len(PHONE_PREFIX):]].number for key in wanted}


def render(domain: Mapping[str, Any], response: str, slots: Mapping[str, Any], **values: Any) -> str:
    """The text of ``response`` for these slots, with ``values`` and phone numbers filled in."""
    template = variation(domain, response, slots).get("text", "")
    return fill(template, {**phone_numbers(template), **values})


def buttons(domain: Mapping[str, Any], response: str, slots: Mapping[str, Any]) -> List[Dict[str, str]]:
    """The buttons of ``response`` with their payloads unescaped."""
    return [
        {"title": b["title"], "payload": fill(b["payload"], {})}
        for b in variation(domain, response, slots).get("buttons", [])
    ]
