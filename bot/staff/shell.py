"""`make shell` for city staff: the conversation as a resident reads it, and a staff line per result turn.

Rasa's own shell (rasa.core.channels.console) prints every custom payload as
JSON, so each result turn showed the whole ``navigator.result`` (about 60
lines) between the navigator's texts. This shell is a small client of the
navigator's REST channel (bot/channels/rest.py, the same guards as the
residents' channels) on a Rasa server that ``python -m bot.serve --shell``
starts on 127.0.0.1:

- texts are printed as they are, buttons as a numbered list (type the number
  to press one, or write freely);
- after a turn with a ``navigator.result``, its explanation
  (bot.staff.explain.explain_lines), each line marked 「[職員用]」;
- the payload itself only with ``--debug``;
- ``/stop`` and end of input (Ctrl-D) end the shell (exit 0); Ctrl-C and
  SIGTERM are bot/serve.py's: it stops the servers and exits 130 or 143.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, TextIO

from bot.navigator_result import is_payload
from bot.staff.explain import STAFF_MARKER, explain_lines

EXIT_COMMAND = "/stop"
PROMPT = "あなた> "
# Seconds the shell waits for one turn over HTTP (the channel's own timeout is shorter).
REQUEST_TIMEOUT = 120
# The shell's server opens only the REST channel, and waits longer for a turn than the
# residents' channels do (NAVIGATOR_ACTION_TIMEOUT): the first turn loads the navigator
# in the action server, which took over 10 s on a busy 2-core machine.
CREDENTIALS = "bot.channels.rest.NavigatorRestInput:\n  timeout_seconds: 60\n"
STAFF_COLOR, DEBUG_COLOR, RESET = "\x1b[33m", "\x1b[2m", "\x1b[0m"

Send = Callable[[str], List[Dict[str, Any]]]


def write_credentials(directory: Path) -> Path:
    """The credentials.yml of the shell's server (REST channel only) in ``directory``."""
    path = Path(directory) / "shell-credentials.yml"
    path.write_text(CREDENTIALS, encoding="utf-8")
    return path


def rest_sender(base_url: str, sender_id: str, timeout: float = REQUEST_TIMEOUT) -> Send:
    """Sends one message to the REST channel; returns the bot's messages."""
    url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"

    def send(message: str) -> List[Dict[str, Any]]:
        body = json.dumps({"sender": sender_id, "message": message}).encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            found = json.loads(response.read().decode("utf-8"))
        return found if isinstance(found, list) else []

    return send


def rest_ready(base_url: str) -> bool:
    """True when the REST channel's health route answers."""
    try:
        with urllib.request.urlopen(f"{base_url.rstrip('/')}/webhooks/rest/", timeout=5) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


class StaffShell:
    """Reads staff's messages, prints the navigator's turns and the staff lines."""

    def __init__(
        self,
        send: Send,
        out: TextIO = sys.stdout,
        read: Callable[[str], str] = input,
        debug: bool = False,
        color: Optional[bool] = None,
    ) -> None:
        self.send = send
        self.out = out
        self.read = read
        self.debug = debug
        if color is None:
            color = hasattr(out, "isatty") and out.isatty() and not os.environ.get("NO_COLOR")
        self.color = color
        self.buttons: List[Mapping[str, Any]] = []

    def _paint(self, line: str, color: str) -> str:
        return f"{color}{line}{RESET}" if self.color else line

    def render(self, messages: List[Mapping[str, Any]]) -> List[str]:
        """The lines of one turn: the resident's view, then the staff lines (and, with debug, the JSON)."""
        lines: List[str] = []
        results: List[Mapping[str, Any]] = []
        self.buttons = []
        for message in messages:
            if message.get("text"):
                lines.append(str(message["text"]))
            for key, label in (("image", "画像"), ("attachment", "添付")):
                if message.get(key):
                    lines.append(f"{label}: {message[key]}")
            buttons = message.get("buttons") or []
            for button in buttons:
                self.buttons.append(button)
                lines.append(f"  {len(self.buttons)}) {button.get('title', '')}")
            custom = message.get("custom")
            if isinstance(custom, Mapping):
                if is_payload(custom):
                    results.append(custom)
                if self.debug:
                    dump = json.dumps(custom, ensure_ascii=False, indent=2)
                    lines += [self._paint(line, DEBUG_COLOR) for line in dump.splitlines()]
                elif not is_payload(custom):
                    lines.append(self._paint(f"{STAFF_MARKER} custom payload ({custom.get('type')}): "
                                             "--debug で表示", STAFF_COLOR))
        if self.buttons:
            lines.append("  （番号でボタンを選べます）")
        for result in results:
            lines += [self._paint(line, STAFF_COLOR) for line in explain_lines(result)]
        return lines

    def _print(self, lines: List[str]) -> None:
        for line in lines:
            print(line, file=self.out)
        self.out.flush()

    def _message_of(self, typed: str) -> str:
        """A button's payload for its number, else the text as typed."""
        if typed.isdigit() and 1 <= int(typed) <= len(self.buttons):
            return str(self.buttons[int(typed) - 1].get("payload") or typed)
        return typed

    def run(self) -> int:
        """The conversation until /stop, end of input or Ctrl-C; 1 when the server fails."""
        if self.read is input and sys.stdin.isatty():
            import readline  # noqa: F401 - line editing and history for input()

        self._print([f"話しかけてください（終わるときは {EXIT_COMMAND} か Ctrl-D）。"
                     f"{STAFF_MARKER} の行は職員だけに見える説明です。"])
        while True:
            try:
                typed = self.read(PROMPT).strip()
            except (EOFError, KeyboardInterrupt):
                self._print([""])
                return 0
            if typed == EXIT_COMMAND:
                return 0
            if not typed:
                continue
            try:
                messages = self.send(self._message_of(typed))
            except (OSError, ValueError) as error:  # URLError, a closed connection, bad JSON
                self._print([f"ナビゲーターに届きませんでした: {error}"])
                return 1
            except KeyboardInterrupt:
                self._print([""])
                return 0
            self._print(self.render(messages) + [""])


def new_sender_id() -> str:
    """A fresh conversation id for one shell session."""
    return f"staff-shell-{uuid.uuid4().hex[:12]}"
