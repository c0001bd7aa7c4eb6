"""Action tests run against the real domain.yml, catalogue and hotlines (no model needed)."""
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.navigator_result import is_payload

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="session")
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def navigator():
    from bot.assembly import default_navigator

    return default_navigator()


def tracker(text, intent, confidence=0.95, ranking=None, entities=None, slots=None):
    """A fixed tracker whose latest message is the given parse."""
    ranking = ranking if ranking is not None else [{"name": intent, "confidence": confidence}]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": ranking,
        "entities": entities or [],
    }
    return Tracker("test-sender", dict(slots or {}), latest, [], False, None, {}, "action_listen")


def run(action, tracker_, domain_):
    """Runs an action; returns (messages sent, slot events)."""
    import asyncio

    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, domain_))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def payload(messages):
    found = [m["custom"] for m in messages if is_payload(m.get("custom"))]
    assert len(found) == 1, messages
    return found[0]
