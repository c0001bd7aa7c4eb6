"""Rasa's REST channel with the guards a public service needs.

Registered as ``bot.channels.rest.NavigatorRestInput`` under the same name
(`/webhooks/rest/webhook`) in place of Rasa's own, which answers malformed
JSON with a 500 and passes messages of any length to the pipeline. Here:

- bad requests (not JSON, no sender, no message, too large) get a 4xx that
  says what is wrong, never a 500;
- every turn is guarded by bot/channels/base.py: over-long messages are cut
  (bot/limits.py) and the resident is told so; a turn that produces no reply
  (the action server down or slow) still answers, naming the 福祉丸ごと相談窓口
  and the emergency numbers.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.channels.base import GuardedInputChannel, OnNewMessage
from bot.channels.guard import error_response as _error
from bot.text.blank import is_empty

logger = logging.getLogger(__name__)

# Far above any message (2,000 characters of UTF-8 and a little JSON).
MAX_BODY_BYTES = 64 * 1024


class NavigatorRestInput(GuardedInputChannel):
    """POST {"sender": "...", "message": "..."} → the list of bot messages."""

    @classmethod
    def name(cls) -> Text:
        """Same URL as Rasa's REST channel: /webhooks/rest/webhook."""
        return "rest"

    def __init__(self, timeout_seconds: Optional[float] = None) -> None:
        self.timeout_seconds = timeout_seconds or settings.load().action_timeout_seconds

    def turn_timeout_seconds(self) -> float:
        """credentials.yml's ``timeout_seconds``, or the settings'."""
        return float(self.timeout_seconds)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "NavigatorRestInput":
        """Optional `timeout_seconds` in credentials.yml."""
        credentials = credentials or {}
        return cls(timeout_seconds=credentials.get("timeout_seconds"))

    def _parse(self, request: Request) -> Dict[str, Any] | HTTPResponse:
        body = request.body or b""
        if len(body) > MAX_BODY_BYTES:
            return _error(413, f"the request body is larger than {MAX_BODY_BYTES} bytes")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            return _error(400, 'the body must be JSON: {"sender": "...", "message": "..."}')
        if not isinstance(data, dict):
            return _error(400, 'the body must be a JSON object: {"sender": "...", "message": "..."}')
        sender, message = data.get("sender"), data.get("message")
        if not isinstance(sender, str) or is_empty(sender) or len(sender) > 128:
            return _error(400, "'sender' must be a non-empty string of at most 128 characters")
        if not isinstance(message, str):
            return _error(400, "'message' must be a string")
        metadata = data.get("metadata")
        return {"sender": sender, "message": message,
                "metadata": metadata if isinstance(metadata, dict) else None}

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The health and webhook routes."""
        async def receive(request: Request) -> HTTPResponse:
            parsed = self._parse(request)
            if isinstance(parsed, HTTPResponse):
                return parsed
            messages = await self.collect_turn(parsed["message"], parsed["sender"], on_new_message,
                                               request.app, metadata=parsed["metadata"])
            return response.json(messages)

        return self.webhook_blueprint(receive)
