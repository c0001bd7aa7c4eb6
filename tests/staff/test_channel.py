"""bot/staff/channel.py: routes, the refusals without a session or CSRF token, headers, the login.

Layer 1 registers the channel on a Sanic app; the rest talks HTTP to
tests/staff/staff_server.py (no model needed).
"""
from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sanic import Sanic

from bot.staff.channel import FILES, SECURITY_HEADERS, StaffInput
from tests.support.net import served_script

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "staff test password"
PAGES = ["/staff/", "/staff"]
GETS = ["/staff/console.js", "/staff/console.css", "/staff/api/session", "/staff/api/overview",
        "/staff/overview.csv", "/staff/api/review", "/staff/api/reports"]
POSTS = ["/staff/api/try", "/staff/api/review/1", "/staff/api/reports/1", "/staff/logout"]


def test_the_channel_serves_under_staff_and_registers_its_routes():
    from rasa.core.channels.channel import register

    app = Sanic("staff_routes_test")
    register([StaffInput(enabled=True)], app, route="/webhooks/")
    paths = {route.path.rstrip("/") for route in app.router.routes}
    assert {"staff", "staff/login", "staff/login.css", "staff/logout", "staff/console.js", "staff/api/try",
            "staff/api/overview", "staff/overview.csv", "staff/api/review", "staff/api/reports"} <= paths


def test_switched_off_the_console_has_no_route(monkeypatch):
    from rasa.core.channels.channel import register

    monkeypatch.setenv("NAVIGATOR_STAFF_ENABLED", "false")
    app = Sanic("staff_off_test")
    register([StaffInput.from_credentials(None)], app, route="/webhooks/")
    assert not [r for r in app.router.routes if r.path.startswith("staff")]


def test_every_served_file_exists_and_has_no_inline_script_or_style():
    class Inline(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if (tag == "script" and "src" not in attrs) or tag == "style" or "style" in attrs \
                    or any(k.startswith("on") for k in attrs):
                self.found.append((tag, attrs))

    for name in FILES:
        path = ROOT / "web" / "staff" / name
        assert path.is_file(), name
        if name.endswith(".html"):
            parser = Inline()
            parser.feed(path.read_text(encoding="utf-8"))
            assert parser.found == [], name
    assert "innerHTML" not in (ROOT / "web" / "staff" / "console.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The staff server with one account; yields its URL."""
    workdir = tmp_path_factory.mktemp("staff-server")
    db = workdir / "conversations.db"
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    added = subprocess.run([sys.executable, "-m", "bot", "staff", "--endpoints", str(endpoints), "add", "tanaka",
                            "--password-stdin"], input=PASSWORD + "\n", capture_output=True, text=True,
                           cwd=ROOT, timeout=120)
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr
    with served_script(ROOT / "tests" / "staff" / "staff_server.py", ["--db", str(db)], workdir,
                       "staff server", env={"PYTHONPATH": str(ROOT)}) as url:
        yield url


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar=None):
    return urllib.request.build_opener(NoRedirect,
                                       urllib.request.HTTPCookieProcessor(jar or http.cookiejar.CookieJar()))


def request(open_, method, url, data=None, headers=None):
    body = data if data is None or isinstance(data, bytes) else json.dumps(data).encode()
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with open_.open(req, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def login(server, name="tanaka", password=PASSWORD):
    jar = http.cookiejar.CookieJar()
    open_ = opener(jar)
    status, headers, page = request(open_, "GET", f"{server}/staff/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "name": name, "password": password}).encode()
    status, headers, _ = request(open_, "POST", f"{server}/staff/login", form,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
    return open_, jar, status, headers


def test_without_a_session_every_route_is_refused(server):
    open_ = opener()
    for path in PAGES:
        status, headers, _ = request(open_, "GET", server + path)
        assert status in (301, 302, 303) and headers["Location"].endswith("/staff/login") or \
            headers["Location"].endswith("/staff/"), path
    for path in GETS:
        assert request(open_, "GET", server + path)[0] == 401, path
    for path in POSTS:
        status, headers, _ = request(open_, "POST", server + path, {"x": 1}, {"Content-Type": "application/json"})
        assert status == 401 or (status == 303 and headers["Location"].endswith("/staff/login")), path


def test_the_login_sets_a_strict_cookie_and_every_answer_the_headers(server):
    _, jar, status, headers = login(server)
    assert status == 303 and headers["Location"] == "/staff/"
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff" in cookie
    assert "Max-Age=900" in cookie.replace("max-age", "Max-Age")
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(server):
    open_, _, _, _ = login(server)
    status, _, body = request(open_, "GET", f"{server}/staff/api/session")
    session = json.loads(body)
    assert status == 200 and session["name"] == "tanaka"
    json_headers = {"Content-Type": "application/json"}
    assert request(open_, "POST", f"{server}/staff/api/reports/1", {"decision": "fixed"}, json_headers)[0] == 403
    assert request(open_, "POST", f"{server}/staff/api/reports/1", {"decision": "fixed"},
                   dict(json_headers, **{"X-CSRF-Token": "x" * 43}))[0] == 403
    status, _, _ = request(open_, "POST", f"{server}/staff/api/reports/1", {"decision": "fixed"},
                           dict(json_headers, **{"X-CSRF-Token": session["csrf"]}))
    assert status == 404  # no such report: past the CSRF check


def test_a_login_without_its_form_token_is_refused(server):
    open_ = opener()
    form = urllib.parse.urlencode({"name": "tanaka", "password": PASSWORD}).encode()
    status, headers, _ = request(open_, "POST", f"{server}/staff/login", form,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "navigator_staff=" not in headers.get("Set-Cookie", "").split("navigator_staff_login")[0]


def test_a_try_turn_brings_the_messages_and_the_line_rendering(server):
    # (That Try turns are not counted is checked with the real navigator: web/e2e/staff.e2e.mjs.)
    open_, _, _, _ = login(server)
    session = json.loads(request(open_, "GET", f"{server}/staff/api/session")[2])
    status, _, body = request(open_, "POST", f"{server}/staff/api/try",
                              {"text": "夫に毎日怒鳴られています", "conversation": "abcdefgh12"},
                              {"Content-Type": "application/json", "X-CSRF-Token": session["csrf"]})
    turn = json.loads(body)
    assert status == 200 and turn["result"]["concerns"] == ["dv"]
    assert any(m["type"] == "flex" for m in turn["line"])
    assert set(turn) == {"messages", "result", "line", "explanation", "lines"}
