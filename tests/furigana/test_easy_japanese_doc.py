"""docs/easy-japanese.md: the proposed responses parse, keep domain.yml's placeholders, carry no typed readings."""
import re
from pathlib import Path

import pytest
import yaml

from bot import responses
from bot.furigana import has_kanji, with_readings

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "easy-japanese.md"
DOMAIN = ROOT / "domain.yml"

REQUIRED = (
    "utter_greet utter_fallback utter_out_of_scope utter_goodbye utter_thanks utter_bot_challenge "
    "utter_ask_human utter_restart utter_result_intro utter_window utter_crisis_suicide "
    "utter_crisis_violence utter_crisis_child utter_emergency_intro utter_question_age "
    "utter_question_affected utter_general_window utter_result_outro utter_easy_japanese_on"
).split()
EASY = {"easy_japanese": True, "lang": "ja"}
ENGLISH = {"lang": "en", "easy_japanese": False}
PLACEHOLDER = re.compile(r"(?<!{){([a-z_]+)}(?!})")


def _proposed():
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    return yaml.safe_load(block)


def _placeholders(text):
    return set(PLACEHOLDER.findall(text))


def test_every_response_is_proposed():
    assert set(REQUIRED) <= set(_proposed()["responses"])


@pytest.mark.parametrize("name", REQUIRED)
def test_variations_are_chosen_by_the_slots(name):
    proposed = _proposed()
    english = responses.variation(proposed, name, ENGLISH)
    easy = responses.variation(proposed, name, EASY)
    assert english["condition"] == [{"type": "slot", "name": "lang", "value": "en"}]
    assert {(c["name"], c["value"]) for c in easy["condition"]} == {("easy_japanese", True), ("lang", "ja")}
    # An English resident who once asked for easy Japanese still gets English.
    assert responses.variation(proposed, name, {"lang": "en", "easy_japanese": True}) is english


@pytest.mark.parametrize("name", REQUIRED)
def test_placeholders_and_buttons_match_domain(name):
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    if name not in domain.get("responses", {}):
        pytest.skip(f"{name} not in domain.yml yet")
    current = responses.variation(domain, name, {})
    for view in (ENGLISH, EASY):
        proposed = responses.variation(_proposed(), name, view)
        assert _placeholders(proposed["text"]) == _placeholders(current["text"])
        current_payloads = {b["payload"] for b in current.get("buttons", [])}
        proposed_payloads = {b["payload"] for b in proposed.get("buttons", [])}
        assert current_payloads <= proposed_payloads


@pytest.mark.parametrize("name", REQUIRED)
def test_easy_texts_have_no_typed_readings_and_get_them_at_send_time(name):
    easy = responses.variation(_proposed(), name, EASY)
    text = easy["text"]
    assert not re.search(r"[一-龥々]（[ぁ-ゖー]+）", text), "readings are added by with_readings()"
    filled = responses.fill(text, {"concern_labels": "生活のお金", "name": "生活サポート相談窓口",
                                   "departments": "地域共生課", "what": "生活の相談", "who": "子ども"})
    out = with_readings(filled)
    # Every kanji ends up in a run followed by its reading.
    bare = re.sub(r"[一-龥々〆ヶ]+（[ぁ-ゖー]+）", "", out)
    assert not has_kanji(bare), bare


@pytest.mark.parametrize("name", REQUIRED)
def test_english_texts_are_english(name):
    from bot.language import detect

    english = responses.variation(_proposed(), name, ENGLISH)["text"]
    if PLACEHOLDER.sub("", english).strip(" ■()\n:") and len(english.split()) > 3:
        assert detect(english) == "en"


def test_no_number_or_url_beyond_the_known_ones():
    text = DOC.read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s)）\"]+", text))
    assert urls <= {"https://www.city.nishitokyo.lg.jp/"}
    numbers = set(re.findall(r"\d[\d-]{2,}", text))
    assert numbers <= {"110", "119", "189", "0120-279-338", "8050"}
