"""A fake LINE Messaging API on 127.0.0.1 that records what it receives, and a runner
that serves a channel's blueprint on a free local port.

The fake answers like LINE does where the channel depends on it: 401 without
the right bearer token, 400 ``{"message": "Invalid reply token"}`` for a
reply token that is unknown, expired or used before (a token works once),
200 ``{}`` otherwise. Nothing here touches the internet.
"""
from __future__ import annotations

import asyncio
import json
import socket
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator, Dict, List, Optional, Set

from aiohttp import web

TOKEN = "test-access-token"
SECRET = "test-channel-secret"


@dataclass
class Call:
    """One request the fake received."""

    path: str
    headers: Dict[str, str]
    body: Dict[str, Any]
    raw: bytes


class FakeLineApi:
    """POST /v2/bot/message/reply and /v2/bot/message/push, recorded in ``calls``."""

    def __init__(self, token: str = TOKEN, delay_seconds: float = 0.0) -> None:
        self.token = token
        self.delay_seconds = delay_seconds
        self.calls: List[Call] = []
        self.used_tokens: Set[str] = set()
        self.expired_tokens: Set[str] = set()
        self.received = asyncio.Event()
        self._runner: Optional[web.AppRunner] = None
        self.base_url = ""

    async def start(self) -> str:
        """Serves on a free port of 127.0.0.1; returns the base URL."""
        app = web.Application()
        app.router.add_post("/v2/bot/message/reply", self._reply)
        app.router.add_post("/v2/bot/message/push", self._push)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - the port 0 got
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        """Stops serving."""
        if self._runner:
            await self._runner.cleanup()

    async def wait_for_calls(self, count: int = 1, timeout: float = 5.0) -> List[Call]:
        """Waits until ``count`` calls were received."""
        async def enough() -> None:
            while len(self.calls) < count:
                self.received.clear()
                await self.received.wait()
        await asyncio.wait_for(enough(), timeout)
        return self.calls

    def sent_messages(self) -> List[Dict[str, Any]]:
        """The messages of every call, in order."""
        return [m for call in self.calls for m in call.body.get("messages", [])]

    async def _record(self, request: web.Request) -> Call:
        raw = await request.read()
        call = Call(request.path, dict(request.headers), json.loads(raw.decode("utf-8")), raw)
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        self.calls.append(call)
        self.received.set()
        return call

    def _authorized(self, call: Call) -> bool:
        return call.headers.get("Authorization") == f"Bearer {self.token}"

    async def _reply(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        if not self._authorized(call):
            return web.json_response({"message": "Authentication failed"}, status=401)
        token = call.body.get("replyToken")
        if not token or token in self.used_tokens or token in self.expired_tokens:
            return web.json_response({"message": "Invalid reply token"}, status=400)
        self.used_tokens.add(token)
        if not 1 <= len(call.body.get("messages") or []) <= 5:
            return web.json_response({"message": "Size must be between 1 and 5"}, status=400)
        return web.json_response({})

    async def _push(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        if not self._authorized(call):
            return web.json_response({"message": "Authentication failed"}, status=401)
        if not call.body.get("to") or not 1 <= len(call.body.get("messages") or []) <= 5:
            return web.json_response({"message": "The request body has 1 error(s)"}, status=400)
        return web.json_response({"sentMessages": [{"id": "1"}]})


@asynccontextmanager
async def fake_line_api(**kwargs: Any) -> AsyncIterator[FakeLineApi]:
    """A started FakeLineApi, stopped afterwards."""
    api = FakeLineApi(**kwargs)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


@asynccontextmanager
async def serve_channel(channel: Any, on_new_message: Any, agent: Any = None) -> AsyncIterator[str]:
    """Serves ``channel``'s blueprint as Rasa does (/webhooks/<name>/) on a free port.

    The URL prefix is made as Rasa's ``register`` makes it; yields the base
    URL. The stub ``on_new_message`` stands in for the agent; ``agent``, when
    given, is set as ``app.ctx.agent`` as Rasa sets it (its ``tracker_store``).
    """
    from urllib.parse import urljoin

    from sanic import Sanic

    # Sanic 21.12 rewrites its own methods ("touchup") at each start; in test
    # mode it keeps the originals, so several apps can start in one process.
    Sanic.test_mode = True
    app = Sanic(f"line_test_{uuid.uuid4().hex[:12]}")
    app.config.ACCESS_LOG = False
    if agent is not None:
        app.ctx.agent = agent
    app.blueprint(channel.blueprint(on_new_message),
                  url_prefix=urljoin("/webhooks/", channel.url_prefix()))

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.start_serving()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await channel.drain()
        server.close()
        await server.wait_closed()
        sock.close()
