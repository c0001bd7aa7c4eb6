"""The chat page at /chat/: its files, and forgetting a conversation on quick exit.

Registered in credentials.yml as ``bot.channels.webchat.WebChatInput``. The
page itself talks to the socket.io channel (``bot.channels.socketio``, at
/socket.io); this channel only serves:

- ``GET  /chat/``                 web/index.html
- ``GET  /chat/app.js``, ``/chat/style.css``, ``/chat/memo.js``, ``/chat/memo.css``
- ``GET  /chat/memo.json``        the 相談メモ's texts and questions (bot/channels/memo_data.py):
  the same for every conversation, fetched once when the page loads
- ``GET  /chat/socket.io.min.js`` socket.io-client from web/node_modules (npm, lock file; no CDN)
- ``GET  /chat/health``           {"status": "ok"}
- ``POST /chat/forget``           {"session_id": "<socket id>"}: deletes that
  conversation from the tracker store (bot/privacy/forget.py), once at once
  and once more after the turns still in flight are done.
- ``POST /chat/report``           {"session_id", "window_id", "reason", "note"?, "lang"?}:
  a resident's report that a window's information is wrong (bot/report_intake.py);
  answers {"stored": true, "message": thanks} or an error with a sentence to show
  (400 bad input, 413 too large, 429 too many, 503 not kept), never an error page.

Files are served from a fixed list (no path from the request reaches the file
system), with a Content-Security-Policy that allows nothing from elsewhere,
no caching and no referrer. Nothing the resident wrote is logged here.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.channels import memo_data
from bot.privacy.forget import ForgetUnsupported, forget

logger = logging.getLogger(__name__)

WEB_DIR = settings.DEFAULTS.web_dir

# The page's files: URL name -> (path under web/, content type). Nothing else is served.
FILES: Dict[str, tuple] = {
    "index.html": ("index.html", "text/html; charset=utf-8"),
    "app.js": ("app.js", "text/javascript; charset=utf-8"),
    "report.js": ("report.js", "text/javascript; charset=utf-8"),
    "style.css": ("style.css", "text/css; charset=utf-8"),
    "memo.js": ("memo.js", "text/javascript; charset=utf-8"),
    "memo.css": ("memo.css", "text/css; charset=utf-8"),
    "socket.io.min.js": (
        "node_modules/socket.io-client/dist/socket.io.min.js",
        "text/javascript; charset=utf-8",
    ),
}

# The city's site may embed the page in a frame; no other site may.
FRAME_ANCESTORS = "'self' https://www.city.nishitokyo.lg.jp"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {FRAME_ANCESTORS}"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

# A python-socketio session id (base64url); anything else is refused.
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_FORGET_BODY_BYTES = 1024
MAX_REPORT_BODY_BYTES = 4096


def _json(body: Dict[str, Any], status: int = 200) -> HTTPResponse:
    return response.json(body, status=status, headers=dict(SECURITY_HEADERS))


class WebChatInput(InputChannel):
    """Serves the chat page under /chat and forgets a conversation on request."""

    @classmethod
    def name(cls) -> Text:
        """The channel's name (also its URL below /chat)."""
        return "webchat"

    def url_prefix(self) -> Text:
        """/chat instead of /webhooks/webchat (Rasa's "/" is its own hello route)."""
        return "/chat"

    def __init__(self, web_dir: Optional[Path] = None,
                 forget_again_after_seconds: Optional[float] = None) -> None:
        self.web_dir = Path(web_dir) if web_dir else WEB_DIR
        # A turn already running when the resident left is saved after it ends:
        # forget again once every turn has finished (the action timeout, and some).
        self.forget_again_after_seconds = (
            float(forget_again_after_seconds)
            if forget_again_after_seconds is not None
            else settings.load().action_timeout_seconds + 5.0
        )

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        """Optional keys: `web_dir` (default: the project's web/), `forget_again_after_seconds`."""
        credentials = credentials or {}
        return cls(
            web_dir=credentials.get("web_dir"),
            forget_again_after_seconds=credentials.get("forget_again_after_seconds"),
        )

    def _file(self, name: str) -> HTTPResponse:
        relative, content_type = FILES[name]
        path = self.web_dir / relative
        try:
            body = path.read_bytes()
        except FileNotFoundError:
            hint = " (run `npm ci` in web/)" if "node_modules" in relative else ""
            logger.error("the chat page's file %s is missing%s", relative, hint)
            return response.text("not found", status=404, headers=dict(SECURITY_HEADERS))
        return response.raw(body, content_type=content_type, headers=dict(SECURITY_HEADERS))

    @staticmethod
    async def _forget_now(app: Any, sender_id: str) -> int:
        agent = getattr(app.ctx, "agent", None)
        if agent is None or getattr(agent, "tracker_store", None) is None:
            raise LookupError("no agent is loaded")
        lock_store = getattr(agent, "lock_store", None)
        if lock_store is None:
            return forget(agent.tracker_store, sender_id)
        # Wait for a turn of this conversation that is running now, then delete.
        async with lock_store.lock(sender_id):
            return forget(agent.tracker_store, sender_id)

    async def _forget_later(self, app: Any, sender_id: str) -> None:
        await asyncio.sleep(self.forget_again_after_seconds)
        try:
            await self._forget_now(app, sender_id)
        except Exception as error:  # noqa: BLE001 - a background task must not crash the server
            logger.error("forgetting a conversation again failed: %s", type(error).__name__)

    @staticmethod
    def _report(request: Request) -> HTTPResponse:
        """One report of wrong window information from a card of the page."""
        from bot import report_intake, window_notes

        body = request.body or b""
        data: Any = None
        if len(body) <= MAX_REPORT_BODY_BYTES:
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                data = None
        lang = data.get("lang") if isinstance(data, dict) and data.get("lang") in ("ja", "en") else "ja"
        texts = window_notes.report_texts(lang)
        if len(body) > MAX_REPORT_BODY_BYTES:
            return _json({"error": "the request body is too large", "message": texts["failed"]}, 413)
        if not isinstance(data, dict):
            return _json({"error": 'the body must be a JSON object: {"session_id", "window_id", "reason"}',
                          "message": texts["failed"]}, 400)
        session_id = data.get("session_id")
        if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
            return _json({"error": "'session_id' must be a socket session id", "message": texts["failed"]}, 400)
        try:
            outcome = report_intake.for_app(request.app).take(
                session_id, data.get("window_id"), data.get("reason"), data.get("note"), channel="web")
        except Exception as error:  # noqa: BLE001 - e.g. an unreadable catalogue: say so, no 500
            logger.error("a report could not be taken: %s", type(error).__name__)
            return _json({"error": "the report could not be kept", "message": texts["failed"]}, 503)
        message = texts.get(outcome.key) or texts["failed"]
        if outcome.stored:
            return _json({"stored": True, "message": message})
        return _json({"error": outcome.error or outcome.key, "message": message}, outcome.status)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The page, its assets, health, forget, and report."""
        chat = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @chat.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            if not request.path.endswith("/"):
                # The page's files are relative to /chat/.
                return response.redirect(request.path + "/", headers=dict(SECURITY_HEADERS))
            return self._file("index.html")

        def asset_route(name: str) -> None:
            async def asset(request: Request) -> HTTPResponse:
                return self._file(name)

            chat.add_route(asset, f"/{name}", methods=["GET"], name=f"asset_{name.replace('.', '_')}")

        for asset_name in FILES:
            if asset_name != "index.html":
                asset_route(asset_name)

        @chat.route("/memo.json", methods=["GET"])
        async def memo(request: Request) -> HTTPResponse:
            # No resident text in or out: the page builds the memo itself.
            return response.raw(memo_data.page_json(), content_type="application/json; charset=utf-8",
                                headers=dict(SECURITY_HEADERS))

        @chat.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return _json({"status": "ok"})

        @chat.route("/forget", methods=["POST"])
        async def forget_session(request: Request) -> HTTPResponse:
            body = request.body or b""
            if len(body) > MAX_FORGET_BODY_BYTES:
                return _json({"error": "the request body is too large"}, 413)
            try:
                data = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                return _json({"error": 'the body must be JSON: {"session_id": "..."}'}, 400)
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
                return _json({"error": "'session_id' must be a socket session id"}, 400)
            try:
                await self._forget_now(request.app, session_id)
            except LookupError:
                return _json({"error": "the navigator is not ready"}, 503)
            except ForgetUnsupported as error:
                logger.error("%s", error)
                return _json({"error": "this conversation store cannot forget"}, 501)
            request.app.add_task(self._forget_later(request.app, session_id))
            return _json({"forgotten": True})

        @chat.route("/report", methods=["POST"])
        async def report(request: Request) -> HTTPResponse:
            return self._report(request)

        return chat
