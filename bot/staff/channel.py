"""The staff console at /staff/: login, Try, Overview, Review, Reports (docs/staff.md).

Registered in credentials.yml as ``bot.staff.channel.StaffInput``, so that the
same `make run` serves it. ``NAVIGATOR_STAFF_ENABLED=false`` leaves every
/staff/ address unanswered (404).

Routes (every one but the login page and its stylesheet needs a session: a
page answers a redirect to the login, anything else 401):

- ``GET  /staff/login``, ``POST /staff/login``, ``GET /staff/login.css``
- ``POST /staff/logout``
- ``GET  /staff/``, ``/staff/console.js``, ``/staff/console.css``
- ``GET  /staff/api/session``                 name, CSRF token, concerns to label with
- ``POST /staff/api/try``                     one turn of the Try view
- ``GET  /staff/api/overview``, ``/staff/overview.csv``
- ``GET  /staff/api/review``, ``POST /staff/api/review/<id>``
- ``GET  /staff/api/reports``, ``POST /staff/api/reports/<id>``

Every POST needs the CSRF token (the form field ``csrf`` or the header
``X-CSRF-Token``); the login form's is a double-submit token in a cookie of its
own. The session cookie is HttpOnly, SameSite=Strict, limited to /staff, and
Secure when the request came over HTTPS (or ``secure_cookie: true``). Every
answer carries a Content-Security-Policy that allows only the console's own
files, and forbids frames. Staff actions go to the audit log; nothing a
resident or staff member wrote is logged.
"""
from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.channels.base import GuardedInputChannel

logger = logging.getLogger(__name__)

WEB_DIR = settings.DEFAULTS.web_dir / "staff"
COOKIE = "navigator_staff"
LOGIN_COOKIE = "navigator_staff_login"
PATH = "/staff"
MAX_BODY_BYTES = 16 * 1024
CONVERSATION = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
CHANNEL = "staff"  # the Try view's turns: not counted in the Overview, never queued for review

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

FILES = {
    "console.html": "text/html; charset=utf-8",
    "console.js": "text/javascript; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
    "login.css": "text/css; charset=utf-8",
    "login.html": "text/html; charset=utf-8",
}

LOGIN_MESSAGES = {
    "": "",
    "failed": "名前かパスワードがちがいます。",
    "locked": "ログインの失敗が続いたため、しばらくログインできません。時間をおいてください。",
    "expired": "ページの有効期限が切れました。もう一度ログインしてください。",
}


def _headers(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    return dict(SECURITY_HEADERS, **(extra or {}))


def _json(body: Any, status: int = 200) -> HTTPResponse:
    return response.json(body, status=status, headers=_headers(), ensure_ascii=False)


def explain_turn(result: Any) -> Dict[str, Any]:
    """The staff explanation of one navigator.result (bot/staff/explain.py), as the shell shows it."""
    if not result:
        return {"explanation": None, "lines": []}
    from bot.staff.explain import explain, explain_lines

    return {"explanation": explain(result), "lines": list(explain_lines(result))}


class StaffInput(GuardedInputChannel):
    """Serves the staff console under /staff."""

    @classmethod
    def name(cls) -> Text:
        """The channel's name; also the input channel of Try turns."""
        return CHANNEL

    def url_prefix(self) -> Text:
        """/staff instead of /webhooks/staff."""
        return PATH

    def __init__(self, web_dir: Optional[Path] = None, secure_cookie: bool = False,
                 enabled: Optional[bool] = None) -> None:
        loaded = settings.load()
        self.web_dir = Path(web_dir) if web_dir else WEB_DIR
        self.secure_cookie = bool(secure_cookie)
        self.enabled = loaded.staff_enabled if enabled is None else bool(enabled)
        self.reviewed_dir = loaded.reviewed_dir
        self.services_dir = loaded.services_dir
        self.timeout_seconds = float(loaded.action_timeout_seconds) + 5.0

    def turn_timeout_seconds(self) -> float:
        """Five seconds more than the action server's timeout (set in ``__init__``)."""
        return self.timeout_seconds

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "StaffInput":
        """Optional keys: ``web_dir``, ``secure_cookie`` (true behind an HTTPS proxy that hides the scheme)."""
        credentials = credentials or {}
        return cls(web_dir=credentials.get("web_dir"), secure_cookie=credentials.get("secure_cookie", False))

    # -- state in the shared store ---------------------------------------------
    @staticmethod
    def _engine(request: Request) -> Any:
        from bot.staff.tables import engine_of

        agent = getattr(request.app.ctx, "agent", None)
        return engine_of(getattr(agent, "tracker_store", None)) if agent is not None else None

    def _auth(self, request: Request) -> Any:
        from bot.staff.auth import StaffAuth

        engine = self._engine(request)
        if engine is None:
            return None
        ctx = request.app.ctx
        auth = getattr(ctx, "staff_auth", None)
        if auth is None or auth.engine is not engine:
            auth = ctx.staff_auth = StaffAuth(engine)
        return auth

    def _catalogue(self, request: Request) -> Any:
        ctx = request.app.ctx
        found = getattr(ctx, "staff_catalogue", None)
        if found is None:
            from bot.catalogue import Catalogue

            found = ctx.staff_catalogue = Catalogue.from_directory(self.services_dir)
        return found

    def _secure(self, request: Request) -> bool:
        return self.secure_cookie or request.scheme == "https"

    def _set_cookie(self, request: Request, reply: HTTPResponse, name: str, value: str, max_age: int) -> None:
        reply.cookies[name] = value
        cookie = reply.cookies[name]
        cookie["path"] = PATH
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["max-age"] = max_age
        if self._secure(request):
            cookie["secure"] = True

    def _clear_cookie(self, request: Request, reply: HTTPResponse, name: str) -> None:
        self._set_cookie(request, reply, name, "", 0)

    def _file(self, name: str, status: int = 200, replace: Optional[Dict[str, str]] = None) -> HTTPResponse:
        try:
            body = (self.web_dir / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            logger.error("the staff console's file %s is missing", name)
            return response.text("not found", status=404, headers=_headers())
        for marker, value in (replace or {}).items():
            body = body.replace(marker, value)
        return response.raw(body.encode("utf-8"), status=status, content_type=FILES[name], headers=_headers())

    # -- login -----------------------------------------------------------------
    def _login_page(self, request: Request, message: str = "", status: int = 200) -> HTTPResponse:
        import html

        token = secrets.token_urlsafe(32)
        reply = self._file("login.html", status, {
            "{{csrf}}": token, "{{message}}": html.escape(LOGIN_MESSAGES.get(message, "")),
        })
        self._set_cookie(request, reply, LOGIN_COOKIE, token, 30 * 60)
        return reply

    def _login(self, request: Request) -> HTTPResponse:
        auth = self._auth(request)
        if auth is None:
            return response.text("the staff console needs the SQL conversation store", status=503, headers=_headers())
        form = request.form or {}
        sent, expected = form.get("csrf") or "", request.cookies.get(LOGIN_COOKIE) or ""
        if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            return self._login_page(request, "expired", 403)
        name = (form.get("name") or "").strip().lower()[:64]
        password = form.get("password") or ""
        address = str(request.remote_addr or request.ip or "?")
        result = auth.login(name, password, address)
        if result.locked:
            return self._login_page(request, "locked", 429)
        if not result.ok:
            return self._login_page(request, "failed", 401)
        reply = response.redirect(PATH + "/", status=303, headers=_headers())
        self._set_cookie(request, reply, COOKIE, result.token, auth.idle_seconds)
        self._clear_cookie(request, reply, LOGIN_COOKIE)
        return reply

    # -- the blueprint -----------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The console's routes (none when the console is switched off)."""
        staff = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        if not self.enabled:
            logger.info("the staff console is off (NAVIGATOR_STAFF_ENABLED=false)")
            return staff

        def page(handler: Callable[..., Awaitable[HTTPResponse]], api: bool = True, post: bool = False):
            """Wraps a handler: a session (else 401 / redirect), and the CSRF token on POST."""

            async def wrapped(request: Request, **kwargs: Any) -> HTTPResponse:
                auth = self._auth(request)
                if auth is None:
                    return _json({"error": "the staff console needs the SQL conversation store"}, 503)
                session = auth.session(request.cookies.get(COOKIE))
                if session is None:
                    if api:
                        return _json({"error": "login required"}, 401)
                    return response.redirect(PATH + "/login", status=303, headers=_headers())
                if post:
                    if len(request.body or b"") > MAX_BODY_BYTES:
                        return _json({"error": "the request body is too large"}, 413)
                    sent = request.headers.get("x-csrf-token") or (request.form or {}).get("csrf")
                    if not auth.csrf_ok(session, sent):
                        auth.audit(session.name, "csrf_refused", request.path[:100])
                        return _json({"error": "missing or wrong CSRF token"}, 403)
                reply = await handler(request, auth, session, **kwargs)
                if COOKIE not in reply.cookies:  # the idle time starts again with each request
                    self._set_cookie(request, reply, COOKIE, request.cookies.get(COOKIE), auth.idle_seconds)
                return reply

            wrapped.__name__ = handler.__name__
            return wrapped

        def body_json(request: Request) -> Dict[str, Any]:
            try:
                data = json.loads((request.body or b"{}").decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                return {}
            return data if isinstance(data, dict) else {}

        # -- login, logout, files ------------------------------------------------
        @staff.route("/login", methods=["GET"])
        async def login_form(request: Request) -> HTTPResponse:
            return self._login_page(request)

        @staff.route("/login", methods=["POST"])
        async def login(request: Request) -> HTTPResponse:
            return self._login(request)

        @staff.route("/login.css", methods=["GET"])
        async def login_css(request: Request) -> HTTPResponse:
            return self._file("login.css")

        async def logout(request: Request, auth: Any, session: Any) -> HTTPResponse:
            auth.logout(session)
            reply = response.redirect(PATH + "/login", status=303, headers=_headers())
            self._clear_cookie(request, reply, COOKIE)
            return reply

        staff.add_route(page(logout, api=False, post=True), "/logout", methods=["POST"], name="logout")

        async def console(request: Request, auth: Any, session: Any) -> HTTPResponse:
            if not request.path.endswith("/"):
                return response.redirect(PATH + "/", headers=_headers())
            return self._file("console.html")

        staff.add_route(page(console, api=False), "/", methods=["GET"], name="console")

        def asset(name: str) -> None:
            async def serve(request: Request, auth: Any, session: Any) -> HTTPResponse:
                return self._file(name)

            serve.__name__ = f"asset_{name.replace('.', '_')}"
            staff.add_route(page(serve), f"/{name}", methods=["GET"], name=serve.__name__)

        asset("console.js")
        asset("console.css")

        # -- the API -----------------------------------------------------------------
        async def session_info(request: Request, auth: Any, session: Any) -> HTTPResponse:
            cat = self._catalogue(request)
            from bot.staff.review import NOT_A_CONCERN

            concerns = [{"id": c, "label": cat.concern_label(c, "ja")} for c in cat.concern_ids]
            return _json({"name": session.name, "csrf": session.csrf, "idle_seconds": auth.idle_seconds,
                          "concerns": concerns, "not_a_concern": NOT_A_CONCERN})

        async def try_turn(request: Request, auth: Any, session: Any) -> HTTPResponse:
            from bot.channels.guard import domain_responses
            from bot.channels.line_messages import render_turn
            from bot.navigator_result import payload_in

            data = body_json(request)
            text, conversation = data.get("text"), data.get("conversation")
            if not isinstance(text, str) or not isinstance(conversation, str) or not CONVERSATION.match(conversation):
                return _json({"error": 'the body must be {"text": "...", "conversation": "<8-40 letters>"}'}, 400)
            messages = await self.collect_turn(text, f"staff-{session.name}-{conversation}", on_new_message,
                                               request.app)
            result = payload_in(messages)
            try:
                line = render_turn(messages, domain_responses(request.app))
            except Exception as error:  # noqa: BLE001 - the LINE view is an extra; say why it is missing
                line = []
                logger.error("the Try view's LINE rendering failed: %s", type(error).__name__)
            return _json({"messages": messages, "result": result, "line": line, **explain_turn(result)})

        async def overview(request: Request, auth: Any, session: Any) -> HTTPResponse:
            from bot.staff import usage

            days = _days(request)
            auth.audit(session.name, "overview_viewed", str(days))
            return _json(usage.overview(auth.engine, days))

        async def overview_csv(request: Request, auth: Any, session: Any) -> HTTPResponse:
            from bot.staff import usage

            days = _days(request)
            auth.audit(session.name, "overview_exported", str(days))
            data = usage.overview(auth.engine, days)
            return response.raw(("\ufeff" + usage.csv_text(data)).encode("utf-8"),
                                content_type="text/csv; charset=utf-8",
                                headers=_headers({"Content-Disposition":
                                                  f'attachment; filename="navigator-overview-{data["last"]}.csv"'}))

        def queue(request: Request, auth: Any) -> Any:
            from bot.staff.review import ReviewQueue

            return ReviewQueue(auth.engine, self.reviewed_dir, self._catalogue(request).concern_ids)

        async def review_items(request: Request, auth: Any, session: Any) -> HTTPResponse:
            items = queue(request, auth).items()
            auth.audit(session.name, "review_viewed", str(len(items)))
            return _json({"items": [vars(i) for i in items]})

        async def review_label(request: Request, auth: Any, session: Any, item_id: int) -> HTTPResponse:
            from bot.staff.review import ReviewError

            label = body_json(request).get("label")
            try:
                outcome = queue(request, auth).label(item_id, str(label))
            except ReviewError as error:
                return _json({"error": str(error)}, 400 if "label" in str(error) else 404)
            auth.audit(session.name, f"review_{outcome['outcome']}", f"{item_id}:{outcome['intent']}")
            return _json(outcome)

        async def reports_list(request: Request, auth: Any, session: Any) -> HTTPResponse:
            from bot.staff import reports

            return _json({"reports": reports.listed(auth.engine)})

        async def report_decide(request: Request, auth: Any, session: Any, report_id: int) -> HTTPResponse:
            from bot.staff import reports

            decision = body_json(request).get("decision")
            if decision not in reports.DECISIONS:
                return _json({"error": f"decision must be one of {', '.join(reports.DECISIONS)}"}, 400)
            if not reports.decide(auth.engine, report_id, decision, session.name):
                return _json({"error": "no such report"}, 404)
            auth.audit(session.name, f"report_{decision}", str(report_id))
            return _json({"decision": decision})

        for handler, uri, method in (
            (session_info, "/api/session", "GET"),
            (try_turn, "/api/try", "POST"),
            (overview, "/api/overview", "GET"),
            (overview_csv, "/overview.csv", "GET"),
            (review_items, "/api/review", "GET"),
            (review_label, "/api/review/<item_id:int>", "POST"),
            (reports_list, "/api/reports", "GET"),
            (report_decide, "/api/reports/<report_id:int>", "POST"),
        ):
            staff.add_route(page(handler, post=method == "POST"), uri, methods=[method], name=handler.__name__)
        return staff


def _days(request: Request) -> int:
    try:
        return max(7, min(366, int(request.args.get("days", 28))))
    except (TypeError, ValueError):
        return 28
