"""A stand-in navigator for the chat page's browser test: real channels, recorded replies.

Runs a Sanic app with the same channels as the real server (the socket.io
channel of credentials.yml and ``bot.channels.webchat.WebChatInput``,
registered by Rasa's own ``register``), but instead of the model and the
action server an agent that plays recorded bot messages
(tests/web/recorded_turns.json) through the real output channel
(``OutputChannel.send_response``), so the page receives exactly the events
Rasa 3.6 emits. Conversations are kept in a real ``InMemoryTrackerStore``
wrapped as ``Agent`` wraps it, so ``POST /chat/forget`` really deletes.

    .venv/bin/python tests/web/fake_navigator.py --port 5099

``GET /fake/conversations`` lists the stored sender ids and every sender id
seen, for the test to check that forgetting worked. Never used in production.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rasa.core.channels.channel import register  # noqa: E402
from rasa.core.channels.socketio import SocketIOInput  # noqa: E402
from rasa.core.lock_store import InMemoryLockStore  # noqa: E402
from rasa.core.tracker_store import (  # noqa: E402
    AwaitableTrackerStore,
    FailSafeTrackerStore,
    InMemoryTrackerStore,
)
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import BotUttered, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from sanic import Sanic, response  # noqa: E402

from bot.channels.webchat import WebChatInput  # noqa: E402

RECORDED = Path(__file__).with_name("recorded_turns.json")


def _matches(match: Any, text: str) -> bool:
    if match is None:
        return True
    options = match if isinstance(match, list) else [match]
    return any(option in text for option in options)


class RecordingAgent:
    """Plays the first recorded turn whose `match` fits; stores the conversation."""

    def __init__(self, turns: List[Dict[str, Any]], delay: float = 0.05) -> None:
        self.turns = turns
        self.delay = delay
        self.domain = None  # GuardedTurn then uses its built-in texts
        self.tracker_store = FailSafeTrackerStore(
            AwaitableTrackerStore(InMemoryTrackerStore(Domain.empty()))
        )
        self.lock_store = InMemoryLockStore()
        self.seen: set = set()

    def _inner_store(self) -> InMemoryTrackerStore:
        return self.tracker_store._tracker_store._tracker_store

    async def handle_message(self, message: Any) -> None:
        """What ``Agent.handle_message`` does, with recorded replies for the model."""
        async with self.lock_store.lock(message.sender_id):
            self.seen.add(message.sender_id)
            tracker = await self.tracker_store.retrieve(message.sender_id)
            if tracker is None:
                tracker = DialogueStateTracker(message.sender_id, slots=[])
            tracker.update(UserUttered(message.text))
            turn = next(t for t in self.turns if _matches(t.get("match"), message.text or ""))
            await asyncio.sleep(self.delay)
            for recorded in turn["messages"]:
                bot_message = json.loads(json.dumps(recorded))  # a fresh copy: outputs mutate
                await message.output_channel.send_response(message.sender_id, bot_message)
                tracker.update(BotUttered(recorded.get("text"), data=recorded))
            await self.tracker_store.save(tracker)

    def stored(self) -> List[str]:
        """The sender ids with a stored conversation."""
        return sorted(self._inner_store().store.keys())


def socketio_channel(credentials: Path) -> SocketIOInput:
    """The socket.io channel configured in credentials.yml (Rasa's own if none is)."""
    from rasa.core.run import create_http_input_channels

    for channel in create_http_input_channels(None, str(credentials)):
        if isinstance(channel, SocketIOInput):
            return channel
    return SocketIOInput(session_persistence=False)


def build_app(credentials: Path = ROOT / "credentials.yml",
              forget_again_after_seconds: float = 1.0) -> Sanic:
    """The fake server: socket.io + the chat page + /fake/conversations."""
    turns = json.loads(RECORDED.read_text(encoding="utf-8"))["turns"]
    app = Sanic("fake_navigator")
    agent = RecordingAgent(turns)
    app.ctx.agent = agent
    channels = [socketio_channel(credentials),
                WebChatInput(forget_again_after_seconds=forget_again_after_seconds)]
    register(channels, app, route="/webhooks/")

    @app.get("/fake/conversations")
    async def conversations(_request: Any) -> Any:
        return response.json({"stored": agent.stored(), "seen": sorted(agent.seen)})

    @app.get("/")
    async def hello(_request: Any) -> Any:
        return response.text("Hello from the fake navigator")

    return app


def main(argv: Optional[List[str]] = None) -> int:
    """Serves until killed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5099)
    parser.add_argument("--credentials", type=Path, default=ROOT / "credentials.yml")
    args = parser.parse_args(argv)
    app = build_app(args.credentials)
    app.run(host="127.0.0.1", port=args.port, access_log=False, debug=False, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
