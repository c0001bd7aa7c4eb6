"""The one place where a channel's turn is guarded (bot/channels/guard.py).

A channel module only turns its transport into messages and back; the care
every resident gets whichever way they write stays here, so that no channel
can forget a step: the length cap, the clean-up of control characters, the
answer to a blank message without the pipeline, the timeout, and an answer
naming 福祉丸ごと相談窓口 when the navigator fails (never a 500, never silence).
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.channels.guard import GuardedTurn

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
Messages = List[Dict[str, Any]]


class GuardedInputChannel(InputChannel):
    """An input channel whose every turn goes through ``GuardedTurn``."""

    def webhook_blueprint(self, receive: Callable[[Request], Awaitable[HTTPResponse]]) -> Blueprint:
        """The channel's routes: a health check at ``/`` and ``/webhook`` (POST) answered by ``receive``."""
        hook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        hook.add_route(receive, "/webhook", methods=["POST"])
        return hook

    def turn_timeout_seconds(self) -> float:
        """How long a turn may take before the failure answer; a channel may set its own."""
        return float(settings.load().action_timeout_seconds)

    def _start(self, text: str, app: Any) -> GuardedTurn:
        # The agent's texts, once it is loaded; the built-in stand-ins before that.
        return GuardedTurn.for_app(app, text)

    async def _run(self, turn: GuardedTurn, output: OutputChannel, sender_id: Text,
                   on_new_message: OnNewMessage, metadata: Optional[Dict[Text, Any]],
                   timeout_seconds: Optional[float]) -> None:
        message = UserMessage(turn.text, output, sender_id,
                              input_channel=self.name(), metadata=metadata)
        timeout = self.turn_timeout_seconds() if timeout_seconds is None else timeout_seconds
        await turn.run(on_new_message(message), timeout)

    async def collect_turn(self, text: str, sender_id: Text, on_new_message: OnNewMessage,
                           app: Any = None, output: Optional[OutputChannel] = None,
                           metadata: Optional[Dict[Text, Any]] = None) -> Messages:
        """All the bot says to ``text``, for channels that answer once per turn (REST, LINE, staff).

        ``output`` gathers the messages in its ``messages`` list (by default Rasa's
        collecting channel).
        """
        turn = self._start(text, app)
        if turn.blank:
            return turn.blank_reply()
        output = output if output is not None else CollectingOutputChannel()
        await self._run(turn, output, sender_id, on_new_message, metadata, None)
        return turn.finish(output.messages)

    async def stream_turn(self, text: str, sender_id: Text, on_new_message: OnNewMessage, app: Any,
                          output: OutputChannel, sent: Callable[[], int],
                          say: Callable[[str], Awaitable[None]],
                          metadata: Optional[Dict[Text, Any]] = None,
                          timeout_seconds: Optional[float] = None) -> None:
        """One turn for channels that send each message as it comes (socket.io).

        ``sent`` counts the messages ``output`` has sent so far; ``say`` sends a
        text of the guard's own. The length note goes first, as in ``collect_turn``.
        """
        turn = self._start(text, app)
        if turn.blank:
            for reply in turn.blank_reply():
                await say(reply["text"])
            return
        if turn.was_cut:
            await say(turn.say("utter_long_message"))
        before = sent()
        await self._run(turn, output, sender_id, on_new_message, metadata, timeout_seconds)
        if sent() == before:
            await say(turn.say("utter_service_unavailable"))
