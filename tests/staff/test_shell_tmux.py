"""`make shell` in a real terminal (tmux), on the trained model.

It shows the staff line and no raw JSON; DEBUG=1 shows the JSON; /stop and
end of input (Ctrl-D) end it with 0. SIGTERM to `python -m bot.serve --shell`
(what `make shell` runs) ends it with 143, and no server is left.
"""
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.support.navigator import PROJECT_ROOT, START_TIMEOUT, model_missing_reason, new_workdir
from tests.support.net import free_port, port_open

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
# Its own tmux server (-L), in UTF-8 (-u) whatever the locale, so that Japanese shows as it is.
SOCKET = f"staff-shell-test-{os.getpid()}"
UTF8 = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
pytestmark = [
    pytest.mark.skipif(model_missing_reason() is not None, reason=str(model_missing_reason())),
    pytest.mark.skipif(not shutil.which(TMUX), reason="tmux is not installed"),
]
PROMPT = "あなた>"
TURN_TIMEOUT = 120


def tmux(args, **kwargs):
    return subprocess.run([TMUX, "-u", "-L", SOCKET, *args], env=UTF8, **kwargs)


class Terminal:
    """One tmux session running the shell; the command's exit code is printed after it as EXIT:<n>."""

    def __init__(self, *make_vars: str, through_make: bool = True) -> None:
        self.workdir = new_workdir("staff-shell-test-")
        self.ports = (free_port(), free_port())
        self.name = f"staff-shell-{uuid.uuid4().hex[:8]}"
        options = ["--port", str(self.ports[0]), "--action-port", str(self.ports[1]),
                   "--db", str(self.workdir / "conversations.db")]
        if through_make:
            command = ["make", "--no-print-directory", "shell", f"ARGS={shlex.join(options)}", *make_vars]
        else:
            command = [sys.executable, "-m", "bot.serve", "--shell", *options]
        script = f"cd {shlex.quote(str(PROJECT_ROOT))} && {shlex.join(command)}; echo EXIT:$?; sleep 600"
        # The tmux server exits with its last session; a new session asked for
        # while the previous test's server is going away fails, so try again.
        for attempt in range(5):
            made = tmux(["new-session", "-d", "-s", self.name, "-x", "220", "-y", "60",
                         "sh", "-c", script], capture_output=True, text=True)
            if made.returncode == 0:
                return
            time.sleep(0.5 * (attempt + 1))
        raise AssertionError(f"tmux could not start a session: {made.stderr}")

    def screen(self) -> str:
        """Everything the terminal showed, wrapped lines joined, without the empty rows below it.

        Without them the length of an earlier screen is where new output starts,
        which ``after`` and ``mark`` rely on (the pane's empty rows would count too).
        """
        return tmux(["capture-pane", "-p", "-J", "-S", "-5000", "-t", self.name],
                    check=True, capture_output=True, text=True).stdout.rstrip("\n")

    def wait_for(self, text: str, timeout: float, after: int = 0) -> str:
        """Waits until ``text`` shows (counting only what came after character ``after``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen[after:]:
                return screen
            if "EXIT:" in screen and not text.startswith("EXIT:"):
                break
            time.sleep(0.5)
        log = self.workdir.glob("**/shell.log")
        raise AssertionError(f"{text!r} never showed; screen:\n{self.screen()}\nlogs: {list(log)}")

    def type(self, text: str) -> None:
        """Types a line and Enter."""
        tmux(["send-keys", "-t", self.name, "-l", text], check=True)
        tmux(["send-keys", "-t", self.name, "Enter"], check=True)

    def keys(self, *keys: str) -> None:
        tmux(["send-keys", "-t", self.name, *keys], check=True)

    def serve_pid(self) -> int:
        """The pid of bot.serve (the child of the pane's sh)."""
        shell_pid = tmux(["display-message", "-p", "-t", self.name, "#{pane_pid}"],
                                   check=True, capture_output=True, text=True).stdout.strip()
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", shell_pid],
                                  capture_output=True, text=True).stdout.split()
        assert len(children) == 1, children
        return int(children[0])

    def close(self) -> None:
        tmux(["kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal():
    opened = []

    def open_(*make_vars, through_make=True):
        opened.append(Terminal(*make_vars, through_make=through_make))
        return opened[-1]

    yield open_
    for found in opened:
        found.close()


def assert_servers_stopped(term: Terminal) -> None:
    deadline = time.monotonic() + 20
    while any(port_open(port) for port in term.ports) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not any(port_open(port) for port in term.ports), "a server outlived the shell"


def test_a_result_turn_shows_the_staff_lines_and_no_json_and_stop_ends_it(terminal):
    term = terminal()
    term.wait_for(PROMPT, START_TIMEOUT)
    mark = len(term.screen())
    term.type("夫に毎日怒鳴られて、生活費も渡してもらえません")
    screen = term.wait_for("[職員用] 窓口", TURN_TIMEOUT, after=mark)
    screen = term.wait_for(PROMPT, TURN_TIMEOUT, after=screen.rindex("[職員用] 窓口"))
    turn = screen[mark:]
    assert "[職員用] 相談: 配偶者・パートナーからの暴力（DV）[dv] 0." in turn
    for line in ("[職員用] 危機:", "[職員用] 本人:", "[職員用] 窓口1:"):
        assert line in turn
    assert "navigator.result" not in screen and '"concerns"' not in screen and "Custom json" not in screen
    assert "■" in turn, "the listing as a resident reads it"
    term.type("/stop")
    term.wait_for("EXIT:0", 60)
    assert_servers_stopped(term)


def test_debug_shows_the_json_and_end_of_input_ends_it(terminal):
    term = terminal("DEBUG=1")
    term.wait_for(PROMPT, START_TIMEOUT)
    mark = len(term.screen())
    term.type("仕事がなくて家賃が払えない")
    screen = term.wait_for("[職員用] 窓口", TURN_TIMEOUT, after=mark)
    assert '"type": "navigator.result"' in screen[mark:]
    term.wait_for(PROMPT, TURN_TIMEOUT, after=screen.rindex("[職員用] 窓口"))
    term.keys("C-d")
    term.wait_for("EXIT:0", 60)
    assert_servers_stopped(term)


def test_sigterm_stops_the_shell_and_its_servers(terminal):
    term = terminal(through_make=False)
    term.wait_for(PROMPT, START_TIMEOUT)
    subprocess.run(["kill", "-TERM", str(term.serve_pid())], check=True)
    term.wait_for("EXIT:143", 60)
    assert_servers_stopped(term)


def test_closing_the_terminal_stops_the_shell_and_its_servers(terminal):
    from tests.serve.test_children import gone_within

    term = terminal(through_make=False)
    term.wait_for(PROMPT, START_TIMEOUT)
    serve = term.serve_pid()
    term.close()  # the terminal goes: SIGHUP
    assert gone_within([serve], 60), "bot.serve outlived its terminal"
    assert_servers_stopped(term)
