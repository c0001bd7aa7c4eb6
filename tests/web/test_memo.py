"""The 相談メモ (issue 21): its data (data/memo.yml, /chat/memo.json) and the browser test.

The browser test (web/e2e/memo.e2e.mjs, Debian's Chromium against the fake
navigator) makes the memo in Japanese, やさしい日本語 and English, prints each
to an A4 PDF and reads it back with pdftotext, checks that nothing left the
page while the memo was made and that the quick exit leaves no memo behind.
Screenshots, PDFs and their PNG pages (pdftoppm): test-output/memo/.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from bot.channels import memo_data
from tests.support.net import http
from tests.web.browser import E2E_TIMEOUT, ROOT, WEB, browser_missing_reason

OUT = ROOT / "test-output" / "memo"
MEMO_YML = ROOT / "data" / "memo.yml"


def _all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _all_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _all_strings(item)


# ---- the data ---------------------------------------------------------------------------

def test_every_concern_of_the_catalogue_has_its_own_questions_in_three_languages():
    concerns = yaml.safe_load((ROOT / "data/services/concerns.yml").read_text(encoding="utf-8"))["concerns"]
    questions = memo_data.load()["questions"]
    missing = [c["id"] for c in concerns if c["id"] not in questions]
    assert missing == []
    unknown = set(questions) - {c["id"] for c in concerns} - {"default"}
    assert unknown == set(), "questions for a concern id the catalogue does not have"


def test_the_memo_data_names_no_number_address_or_hours():
    # The memo points to the city's website; facts come from the catalogue only.
    for text in _all_strings(yaml.safe_load(MEMO_YML.read_text(encoding="utf-8"))):
        assert not re.search(r"\d{2,}|https?://|＃|#\d|\d+時", text), text


def test_a_missing_text_is_named(tmp_path):
    data = yaml.safe_load(MEMO_YML.read_text(encoding="utf-8"))
    del data["texts"]["en"]["privacy"]
    broken = tmp_path / "memo.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(memo_data.MemoDataError, match=r"texts\.en lacks \['privacy'\]"):
        memo_data.load(broken)


def test_easy_japanese_gets_its_readings_from_the_server_not_by_hand():
    raw = memo_data.load()["texts"]["easy"]["privacy"]
    assert "（" not in raw, "data/memo.yml writes やさしい日本語 without readings"
    page = memo_data.page_data()
    assert page["texts"]["easy"]["privacy"].startswith("印刷（いんさつ）した")
    assert page["questions"]["housing"]["easy"][0].startswith("家（いえ）を探（さが）す")
    assert page["concerns"]["housing"] == {"ja": "住まい", "easy": "住（す）まい", "en": "Housing"}
    assert page["departments"]["地域共生課"] == "Community Welfare Division"


def test_dv_and_abuse_are_offered_only_when_asked():
    data = memo_data.page_data()
    assert memo_data.only_when_asked([{"concerns": ["elderly_care"]}, {"concerns": ["dv"]}], data)
    assert memo_data.only_when_asked([{"concerns": ["abuse", "poverty"]}], data)
    assert memo_data.only_when_asked([{"concerns": [], "crisis_kind": "violence_now"}], data)
    assert not memo_data.only_when_asked([{"concerns": ["housing"], "crisis_kind": None}], data)


def test_memo_json_is_the_same_for_everyone_and_strictly_served(fake_navigator):
    status, body = http("GET", f"{fake_navigator}/chat/memo.json")
    assert status == 200
    assert body == json.loads(memo_data.page_json())
    import urllib.request

    with urllib.request.urlopen(f"{fake_navigator}/chat/memo.json") as answer:
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers.get("Set-Cookie") is None
    # It answers GET only: nothing can be sent to it.
    assert http("POST", f"{fake_navigator}/chat/memo.json", raw=b"{}")[0] == 405


# ---- in the browser ---------------------------------------------------------------------

def test_the_memo_in_three_languages_printed_to_pdf(fake_navigator):
    reason = browser_missing_reason()
    for tool in ("pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            reason = reason or f"no {tool} (poppler-utils)"
    if reason:
        pytest.fail(f"{reason}: run scripts/install-test-deps")
    command = ["node", str(WEB / "e2e" / "memo.e2e.mjs"), fake_navigator, "--out", str(OUT)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=E2E_TIMEOUT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("E2E-RESULT ")]
    result = json.loads(lines[-1][len("E2E-RESULT "):]) if lines else {"ok": False}
    if done.returncode != 0 or not result.get("ok"):
        pytest.fail(f"memo browser test failed (exit {done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")

    assert result["passed"] >= 60
    for lang in ("ja", "easy", "en"):
        assert (OUT / f"memo-{lang}.pdf").stat().st_size > 10_000
        assert (OUT / f"memo-{lang}-page-1.png").stat().st_size > 10_000
    for name in ("memo-ja-screen.png", "memo-en-screen.png", "memo-easy-phone-360.png"):
        assert (OUT / name).stat().st_size > 10_000


def test_every_text_of_the_memo_is_used_and_none_is_missing():
    code = (WEB / "memo.js").read_text(encoding="utf-8") + (
        ROOT / "bot" / "channels" / "line_memo.py").read_text(encoding="utf-8")
    keys = set(memo_data.load()["texts"]["ja"])
    used = set(re.findall(r"\bt\.(\w+)\b|texts\(\)\.(\w+)|t\[['\"](\w+)['\"]\]|\]\[['\"](\w+)['\"]\]", code))
    used = {name for group in used for name in group if name}
    assert keys - used == set(), "texts in data/memo.yml that nothing shows"
    assert used - keys == set(), "texts the memo shows that data/memo.yml lacks"
