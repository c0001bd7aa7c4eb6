"""LINE Messaging API channel: webhooks in, one reply per turn out.

Registered in credentials.yml as ``bot.channels.line.LineInput``; routes
``/webhooks/line/`` (health) and ``/webhooks/line/webhook`` (LINE's webhook).

What happens to a webhook:

1. body over ``max_body_bytes`` → 413; ``X-Line-Signature`` missing → 400,
   wrong → 401 (checked on the raw bytes, constant time); not JSON → 400.
   Nothing is processed in these cases.
2. Events already seen (LINE redelivers with the same ``webhookEventId``)
   are dropped; the others are handed to an asyncio task and LINE gets its
   200 at once, however slow the navigator is.
3. In the task, per event (only one-to-one chats; groups and rooms are
   acknowledged, not answered): a text message or a quick-reply postback
   (``data`` is the message, e.g. ``/inform{"age_group":"high_school"}``)
   goes through the same guard as every channel (bot/channels/base.py:
   control characters, the 2,000-character cap with its note, a timeout, an
   answer even when the navigator fails) into ``on_new_message``; ``follow``
   gets the greeting with the DV note; 「メモ」 or the memo's quick reply
   gets the 相談メモ of the conversation's last result (bot/channels/line_memo.py),
   without going to the navigator; stickers, images and other message
   types get a short kind text; ``unfollow`` and unknown types are logged
   (their type only) and acknowledged.
4. All the bot said in the turn is gathered (``LineOutput``) and sent as one
   reply (bot/channels/line_messages.py) with the reply token. When the
   token has expired or LINE answers 400 "Invalid reply token", the reply
   is pushed instead, only if ``LINE_ALLOW_PUSH`` is true (push messages cost
   the city money).

Privacy: the tracker's sender id is ``line-`` + HMAC-SHA256 of LINE's
userId (key ``LINE_USER_ID_KEY``, by default the channel secret), so the
tracker store never holds LINE's ids; the real userId lives only in memory
during the turn (for a push). Residents' words are never logged at INFO or
above: the logs hold event types, counts and error names.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Sequence, Set, Text

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings as navigator_settings
from bot.channels import line_memo, line_messages, line_reports, line_signature
from bot.channels.base import GuardedInputChannel
from bot.channels.guard import domain_responses as _domain_responses
from bot.channels.guard import error_response as _error
from bot.navigator_result import payload_in
from bot.text.blank import is_empty

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.line.me"
# LINE sends at most a few events of at most 5,000 characters each.
DEFAULT_MAX_BODY_BYTES = 256 * 1024


class LineCredentialsError(RasaException):
    """A secret of the LINE channel is missing; the message names where to set it."""


@dataclass(frozen=True)
class LineSettings:
    """Every setting of the LINE channel, read in one place (credentials, then environment)."""

    channel_secret: str
    channel_access_token: str
    api_base_url: str = DEFAULT_API_BASE_URL
    allow_push: bool = False
    user_id_key: str = ""  # empty: the channel secret
    http_timeout_seconds: float = 10.0
    turn_timeout_seconds: float = 20.0
    reply_token_ttl_seconds: float = 50.0
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    seen_events_max: int = 10_000
    seen_events_ttl_seconds: float = 3600.0

    # credentials.yml key -> environment variable
    SOURCES = {
        "channel_secret": "LINE_CHANNEL_SECRET",
        "channel_access_token": "LINE_CHANNEL_ACCESS_TOKEN",
        "api_base_url": "LINE_API_BASE_URL",
        "allow_push": "LINE_ALLOW_PUSH",
        "user_id_key": "LINE_USER_ID_KEY",
        "http_timeout_seconds": "LINE_HTTP_TIMEOUT",
        "turn_timeout_seconds": "LINE_TURN_TIMEOUT",
        "reply_token_ttl_seconds": "LINE_REPLY_TOKEN_TTL",
    }

    @classmethod
    def load(cls, credentials: Optional[Mapping[str, Any]] = None,
             environ: Optional[Mapping[str, str]] = None) -> "LineSettings":
        """Reads credentials.yml's values, falling back to the environment variables."""
        credentials = credentials or {}
        environ = os.environ if environ is None else environ

        def value(key: str) -> Optional[str]:
            found = credentials.get(key)
            if found is None or is_empty(str(found)):
                found = environ.get(cls.SOURCES[key])
            return None if found is None or is_empty(str(found)) else str(found).strip()

        missing = [f"{key} (or ${cls.SOURCES[key]})"
                   for key in ("channel_secret", "channel_access_token") if not value(key)]
        if missing:
            raise LineCredentialsError(
                "The LINE channel needs " + " and ".join(missing)
                + ": set them in credentials.yml under bot.channels.line.LineInput "
                "or in the environment (see docs/line.md)."
            )

        def number(key: str, default: float) -> float:
            raw = value(key)
            try:
                return float(raw) if raw else default
            except ValueError:
                raise LineCredentialsError(
                    f"{cls.SOURCES[key]} must be a number, got {raw!r}") from None

        base_url = (value("api_base_url") or DEFAULT_API_BASE_URL).rstrip("/")
        return cls(
            channel_secret=value("channel_secret") or "",
            channel_access_token=value("channel_access_token") or "",
            api_base_url=base_url,
            allow_push=(value("allow_push") or "false").lower() in ("1", "true", "yes", "on"),
            user_id_key=value("user_id_key") or "",
            http_timeout_seconds=number("http_timeout_seconds", 10.0),
            turn_timeout_seconds=number(
                "turn_timeout_seconds", 2.0 * navigator_settings.load().action_timeout_seconds),
            reply_token_ttl_seconds=number("reply_token_ttl_seconds", 50.0),
        )


def sender_id_for(user_id: str, key: str) -> str:
    """The tracker's sender id for a LINE userId: keyed hash, never the id itself."""
    digest = hmac.new(key.encode("utf-8"), user_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"line-{digest[:32]}"


class SeenEvents:
    """The webhook event ids of the last hour (bounded), to answer each event once."""

    def __init__(self, max_size: int = 10_000, ttl_seconds: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_size, self.ttl_seconds, self.clock = max_size, ttl_seconds, clock
        self._ids: "OrderedDict[str, float]" = OrderedDict()

    def seen_before(self, event_id: str) -> bool:
        """True if ``event_id`` came before; otherwise remembers it and returns False."""
        now = self.clock()
        while self._ids:
            oldest, at = next(iter(self._ids.items()))
            if now - at <= self.ttl_seconds:
                break
            del self._ids[oldest]
        if event_id in self._ids:
            return True
        self._ids[event_id] = now
        while len(self._ids) > self.max_size:
            self._ids.popitem(last=False)
        return False

    def __len__(self) -> int:
        return len(self._ids)


class LineApiError(Exception):
    """LINE answered with an error status; ``message`` is LINE's own message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"LINE API {status}: {message}")
        self.status, self.message = status, message

    @property
    def invalid_reply_token(self) -> bool:
        """LINE refused the reply token (used, expired or unknown)."""
        return self.status == 400 and "reply token" in self.message.lower()


class LineApi:
    """The two calls of the Messaging API the channel makes (aiohttp, with a timeout)."""

    def __init__(self, base_url: str, access_token: str, timeout_seconds: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = access_token
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def reply(self, reply_token: str, messages: List[Dict[str, Any]]) -> None:
        """POST /v2/bot/message/reply."""
        await self._post("/v2/bot/message/reply", {"replyToken": reply_token, "messages": messages})

    async def push(self, to: str, messages: List[Dict[str, Any]]) -> None:
        """POST /v2/bot/message/push (a retry key keeps a retried push from arriving twice)."""
        await self._post("/v2/bot/message/push", {"to": to, "messages": messages},
                         {"X-Line-Retry-Key": str(uuid.uuid4())})

    async def _post(self, path: str, body: Dict[str, Any],
                    headers: Optional[Dict[str, str]] = None) -> None:
        all_headers = {"Authorization": f"Bearer {self._token}",
                       "Content-Type": "application/json; charset=utf-8", **(headers or {})}
        data = line_messages.dumps(body).encode("utf-8")
        async with aiohttp.ClientSession(timeout=self._timeout) as session:
            async with session.post(self.base_url + path, data=data, headers=all_headers) as answer:
                if answer.status == 200:
                    return
                text = await answer.text()
                try:
                    message = str(json.loads(text).get("message", ""))
                except (ValueError, AttributeError):
                    message = ""
                raise LineApiError(answer.status, message)


class LineOutput(OutputChannel):
    """Gathers everything the bot says in one turn; the channel then sends it as one reply."""

    @classmethod
    def name(cls) -> Text:
        """Same name as the input channel."""
        return "line"

    def __init__(self) -> None:
        self.messages: List[Dict[str, Any]] = []

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        """A text (one LINE text message)."""
        self.messages.append({"recipient_id": recipient_id, "text": text})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        """A text whose buttons become quick replies."""
        self.messages.append({"recipient_id": recipient_id, "text": text, "buttons": buttons})

    async def send_quick_replies(self, recipient_id: Text, text: Text,
                                 quick_replies: List[Dict[Text, Any]], **kwargs: Any) -> None:
        """Quick replies: as buttons."""
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any],
                               **kwargs: Any) -> None:
        """A custom payload; ``navigator.result`` becomes the windows' carousel."""
        self.messages.append({"recipient_id": recipient_id, "custom": json_message})

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        """The navigator sends no images; left out."""
        logger.debug("LINE output: image left out")

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        """The navigator sends no attachments; left out."""
        logger.debug("LINE output: attachment left out")


class LineInput(GuardedInputChannel):
    """LINE webhooks at /webhooks/line/webhook (see the module's doc)."""

    @classmethod
    def name(cls) -> Text:
        """URL prefix: /webhooks/line/."""
        return "line"

    def __init__(self, line_settings: LineSettings, api: Optional[LineApi] = None,
                 report_intake: Any = None) -> None:
        self.settings = line_settings
        # Reports of wrong window information; by default the server's (bot/report_intake.py).
        self.report_intake = report_intake
        self.api = api or LineApi(line_settings.api_base_url, line_settings.channel_access_token,
                                  line_settings.http_timeout_seconds)
        self.seen = SeenEvents(line_settings.seen_events_max, line_settings.seen_events_ttl_seconds)
        self._tasks: Set["asyncio.Task[None]"] = set()

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """``channel_secret`` and ``channel_access_token`` from credentials.yml or the environment.

        Without them the channel stays off (its webhook answers 503 and says why),
        so that `make run` serves the web page and REST on a machine with no LINE
        account; with ``required: true`` in credentials.yml a missing secret stops
        the server instead.

        Raises:
            LineCredentialsError: a secret is missing and ``required`` is true.
        """
        try:
            return cls(LineSettings.load(credentials))
        except LineCredentialsError as error:
            if str((credentials or {}).get("required", "")).lower() in ("true", "1", "yes"):
                raise
            logger.warning("LINE channel off: %s", error)
            return LineNotConfigured(str(error))

    def turn_timeout_seconds(self) -> float:
        """LINE's own, ``LINE_TURN_TIMEOUT`` (see LineSettings)."""
        return float(self.settings.turn_timeout_seconds)

    def _report_intake(self, app: Any) -> Any:
        if self.report_intake is None:
            from bot import report_intake

            return report_intake.for_app(app)
        return self.report_intake

    def sender_id(self, user_id: str) -> str:
        """The hashed sender id the tracker sees."""
        return sender_id_for(user_id, self.settings.user_id_key or self.settings.channel_secret)

    async def drain(self) -> None:
        """Waits for the turns still running (tests; a clean shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- webhook ------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The health and webhook routes."""
        async def webhook(request: Request) -> HTTPResponse:
            return self.receive(request.body or b"", request.headers.get("X-Line-Signature"),
                                on_new_message, request.app)

        return self.webhook_blueprint(webhook)

    def receive(self, body: bytes, signature: Optional[str],
                on_new_message: Callable[[UserMessage], Awaitable[Any]],
                app: Any = None) -> HTTPResponse:
        """Checks one webhook request and starts its events; answers at once."""
        if len(body) > self.settings.max_body_bytes:
            return _error(413, f"the body is larger than {self.settings.max_body_bytes} bytes")
        if not signature:
            return _error(400, "the X-Line-Signature header is missing")
        if not line_signature.is_valid(body, signature, self.settings.channel_secret):
            logger.warning("LINE webhook with a wrong signature refused")
            return _error(401, "the signature does not match")
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _error(400, "the body must be JSON")
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list):
            return _error(400, "the body must be a JSON object with a list 'events'")
        fresh = []
        for event in events:
            if not isinstance(event, dict):
                continue
            event_id = event.get("webhookEventId")
            if isinstance(event_id, str) and event_id and self.seen.seen_before(event_id):
                redelivery = bool((event.get("deliveryContext") or {}).get("isRedelivery"))
                logger.info("LINE event answered before, skipped (redelivery: %s)", redelivery)
                continue
            fresh.append(event)
        if fresh:
            task = asyncio.get_running_loop().create_task(
                self._process(fresh, on_new_message, app, time.monotonic()))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return response.json({"status": "ok"})

    # -- one event at a time, in order -------------------------------------------------
    async def _process(self, events: List[Dict[str, Any]],
                       on_new_message: Callable[[UserMessage], Awaitable[Any]],
                       app: Any, received_at: float) -> None:
        for event in events:
            try:
                await self._handle(event, on_new_message, app, received_at)
            except Exception as error:  # noqa: BLE001 - one bad event must not stop the others
                logger.error("LINE event %s failed: %s", event.get("type"), type(error).__name__)

    async def _handle(self, event: Dict[str, Any],
                      on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      app: Any, received_at: float) -> None:
        kind = event.get("type")
        source = event.get("source") or {}
        if source.get("type") != "user" or not source.get("userId"):
            logger.info("LINE %s event outside a one-to-one chat acknowledged", kind)
            return
        if event.get("mode") == "standby":
            logger.info("LINE %s event in standby mode acknowledged", kind)
            return
        user_id = str(source["userId"])
        responses = _domain_responses(app)

        extra_buttons: List[Dict[str, Any]] = []
        if kind == "message":
            message = event.get("message") or {}
            if message.get("type") == "text" and line_memo.is_request(message.get("text")):
                messages = await self._memo(user_id, app)
            elif message.get("type") == "text" and isinstance(message.get("text"), str):
                messages = await self._turn(message["text"], user_id, on_new_message, app)
                extra_buttons = line_memo.offer_button(payload_in(messages))
            else:
                logger.info("LINE %s message answered with the text-only note", message.get("type"))
                note = line_messages.texts_for("ja", responses)["utter_line_unsupported"]
                messages = [{"text": note}]
        elif kind == "postback":
            data = (event.get("postback") or {}).get("data")
            if not isinstance(data, str) or not data:
                logger.info("LINE postback without data acknowledged")
                return
            if line_reports.is_report(data):
                # 「情報がちがう・古いときは」: answered here, never a turn of the navigator.
                messages = line_reports.answer(data, self.sender_id(user_id), self._report_intake(app))
            elif line_memo.is_request(data):
                messages = await self._memo(user_id, app)
            else:
                messages = await self._turn(data, user_id, on_new_message, app)
                extra_buttons = line_memo.offer_button(payload_in(messages))
        elif kind == "follow":
            messages = [{"text": line_messages.texts_for("ja", responses)["utter_line_follow"]}]
        else:
            # unfollow, join, leave, beacon, accountLink, unsend … and types LINE adds later.
            logger.info("LINE %s event acknowledged", kind)
            return
        await self._send(messages, event.get("replyToken"), user_id, received_at, responses,
                         extra_buttons)

    async def _memo(self, user_id: str, app: Any) -> List[Dict[str, Any]]:
        """The 相談メモ of this conversation's last result (bot/channels/line_memo.py), as one text."""
        result = await line_memo.result_of_conversation(app, self.sender_id(user_id))
        if result is None:
            return [{"text": line_memo.none_text()}]
        logger.info("LINE memo sent")
        return [{"text": line_memo.memo_text(result)}]

    async def _turn(self, text: str, user_id: str,
                    on_new_message: Callable[[UserMessage], Awaitable[Any]],
                    app: Any) -> List[Dict[str, Any]]:
        return await self.collect_turn(text, self.sender_id(user_id), on_new_message, app, LineOutput())

    async def _send(self, messages: List[Dict[str, Any]], reply_token: Optional[str], user_id: str,
                    received_at: float, responses: Optional[Mapping[str, Any]],
                    extra_buttons: Sequence[Mapping[str, Any]] = ()) -> None:
        try:
            line = line_messages.render_turn(messages, responses, extra_buttons)
        except line_messages.LineLimitError as error:
            logger.error("LINE reply could not be built (%s); sending the texts only", error)
            line = line_messages.render_turn([m for m in messages if "custom" not in m], responses)
        if not line:
            return
        if reply_token and time.monotonic() - received_at < self.settings.reply_token_ttl_seconds:
            try:
                await self.api.reply(reply_token, line)
                return
            except LineApiError as error:
                if not error.invalid_reply_token:
                    logger.error("LINE reply failed: status %s", error.status)
                    return
                logger.warning("LINE refused the reply token")
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                # The reply may have arrived: pushing it again could say it twice.
                logger.error("LINE reply failed: %s", type(error).__name__)
                return
        else:
            logger.warning("LINE reply token missing or expired")
        if not self.settings.allow_push:
            logger.warning("LINE reply not delivered: push is off (LINE_ALLOW_PUSH)")
            return
        try:
            await self.api.push(user_id, line)
        except (LineApiError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("LINE push failed: %s", getattr(error, "status", type(error).__name__))


class LineNotConfigured(InputChannel):
    """The LINE routes when no secrets are set: they say so instead of failing the server."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @classmethod
    def name(cls) -> Text:
        """URL prefix: /webhooks/line/."""
        return "line"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Health and webhook both answer 503 with the reason."""
        hook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @hook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return _error(503, self.reason)

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return _error(503, self.reason)

        return hook
