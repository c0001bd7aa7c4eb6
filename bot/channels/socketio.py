"""Rasa's socket.io channel (the chat page's) with the navigator's guards.

Two changes to Rasa 3.6's own channel:

- its ``send_custom_json`` spreads the payload into ``sio.emit(**payload)``,
  which fails on the ``navigator.result`` payload (``type=`` is no argument of
  ``emit``); here the payload is sent as the event's data, like a text;
- every turn is guarded by bot/channels/base.py: the length cap, control
  characters, a timeout, and an answer even when the action server failed.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.base import GuardedInputChannel, OnNewMessage


class NavigatorSocketIOOutput(SocketIOOutput):
    """Sends custom payloads whole, and counts what it sent in this turn."""

    def __init__(self, sio: Any, bot_message_evt: Text) -> None:
        super().__init__(sio, bot_message_evt)
        self.sent = 0

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """The payload as the event's data (the page reads ``type``)."""
        await self._send_message(recipient_id, json_message)


class NavigatorSocketIOInput(SocketIOInput, GuardedInputChannel):
    """socket.io at /socket.io, as Rasa's, with the guards of every channel."""

    @classmethod
    def name(cls) -> Text:
        """Same name, same path as Rasa's socket.io channel."""
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Rasa's socket.io routes, with each turn guarded."""
        timeout = self.turn_timeout_seconds()  # read once, not per turn
        app_holder: Dict[str, Any] = {}

        async def guarded(message: UserMessage) -> None:
            original = message.output_channel
            output = NavigatorSocketIOOutput(original.sio, original.bot_message_evt)

            async def say(text: str) -> None:
                await output._send_message(message.sender_id, {"text": text})

            await self.stream_turn(message.text or "", message.sender_id, on_new_message,
                                   app_holder.get("app"), output, lambda: output.sent, say,
                                   metadata=message.metadata, timeout_seconds=timeout)

        blueprint = super().blueprint(guarded)

        @blueprint.listener("after_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            # The agent (and its domain's texts) is loaded after start: read it per turn.
            app_holder["app"] = app

        return blueprint
