"""A Sanic app served from a background thread on a free port (no model needed)."""
from __future__ import annotations

import asyncio
import threading
from typing import Any, Optional

from tests.support.net import free_port


class ThreadedSanic:
    """Runs ``app`` on 127.0.0.1:<free port> in its own event loop and thread."""

    def __init__(self, app: Any) -> None:
        from sanic import Sanic

        # Sanic 21.12 rewrites its own methods ("touchup") at the first start;
        # in test mode it keeps the originals, so several apps run in one process.
        Sanic.test_mode = True
        self.app = app
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self._server: Optional[Any] = None
        self._ready = threading.Event()
        self._error: Optional[BaseException] = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self._server = self.loop.run_until_complete(self.app.create_server(
                host="127.0.0.1", port=self.port, return_asyncio_server=True,
                access_log=False, debug=False))
            self.loop.run_until_complete(self._server.startup())
            self.loop.run_until_complete(self._server.before_start())
            self.loop.run_until_complete(self._server.after_start())
        except BaseException as error:  # noqa: BLE001 - reported by start()
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        self.loop.run_forever()

    def start(self) -> "ThreadedSanic":
        """Starts serving; raises what stopped it from starting."""
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        """Closes the server and the loop."""
        async def close() -> None:
            if self._server is not None:
                await self._server.before_stop()
                self._server.close()
                await self._server.wait_closed()
                await self._server.after_stop()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(15)
