"""Rendering domain.yml's responses inside actions."""
import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from bot import hotlines, responses

DOMAIN = yaml.safe_load((Path(__file__).parents[1] / "domain.yml").read_text(encoding="utf-8"))

TOY = {
    "responses": {
        "utter_x": [
            {"text": "日本語 {name}"},
            {"text": "English {name}", "condition": [{"type": "slot", "name": "lang", "value": "en"}]},
        ],
        "utter_b": [{"text": "q", "buttons": [{"title": "t", "payload": '/inform{{"age_group":"adult"}}'}]}],
    }
}


@pytest.mark.parametrize("slots, expected",
                         [({"lang": "ja"}, "日本語 A"), ({"lang": "en"}, "English A"), ({}, "日本語 A")])
def test_the_variation_that_fits_the_slots_wins(slots, expected):
    assert responses.render(TOY, "utter_x", slots, name="A") == expected


def test_button_payloads_are_unescaped_like_rasa_does():
    assert responses.buttons(TOY, "utter_b", {}) == [{"title": "t", "payload": '/inform{"age_group":"adult"}'}]


def test_unfilled_placeholders_stay_visible_rather_than_failing():
    assert responses.fill("{a} {b}", {"a": 1}) == "1 {b}"


def test_a_missing_response_names_itself():
    with pytest.raises(KeyError, match="utter_nothing"):
        responses.render(TOY, "utter_nothing", {})


def test_every_response_the_code_names_exists_in_the_domain():
    import re

    names = set()
    for path in list(Path("bot").rglob("*.py")) + list(Path("actions").rglob("*.py")):
        names |= set(re.findall(r"\"(utter_[a-z_]*[a-z])\"", path.read_text(encoding="utf-8")))
    missing = sorted(n for n in names if n not in DOMAIN["responses"])
    assert not missing, missing


# A phone number as written in replies: #8891, 0120-279-338, 110 (three digits or more
# not inside a word, a URL or an id).
PHONE = re.compile(r"(?<![0-9A-Za-z/.:_-])(#[0-9]{4}|[0-9]{2,4}-[0-9]{1,4}-[0-9]{3,5}|[0-9]{3,})(?![0-9A-Za-z-])")


def test_the_pattern_finds_the_numbers_replies_give():
    assert (PHONE.findall("警察の110番、よりそいホットライン 0120-279-338（24時間）、#8891へ")
            == ["110", "0120-279-338", "#8891"])


def test_no_phone_number_is_written_in_the_domain():
    # The numbers are declared once, in data/hotlines.yml; domain.yml names hotline ids.
    text = (Path(__file__).parents[1] / "domain.yml").read_text(encoding="utf-8")
    assert PHONE.findall(text) == []
    # Hotline ids may carry their number (child_abuse_189); the text around them may not.
    outside_ids = re.sub(r"{tel:[a-z0-9_]+}", "", text)
    assert [h.number for h in hotlines.default_table().hotlines.values() if h.number in outside_ids] == []


def _variations_with_numbers():
    for name, variations in DOMAIN["responses"].items():
        for i, v in enumerate(variations):
            if responses.PHONE_PREFIX in v.get("text", ""):
                yield name, i, v


def test_every_phone_placeholder_is_filled_from_the_hotlines_table():
    table = hotlines.default_table().hotlines
    found = list(_variations_with_numbers())
    assert found
    for name, i, v in found:
        text = responses.fill(v["text"], responses.phone_numbers(v["text"]))
        assert "{" not in text, (name, i)
        for hotline_id in re.findall(r"{tel:([a-z0-9_]+)}", v["text"]):
            assert table[hotline_id].number in text, (name, i)


@pytest.mark.parametrize("response, slots, numbers", [
    ("utter_ask_human", {"lang": "ja", "easy_japanese": False}, ["0120-279-338"]),
    ("utter_ask_human", {"lang": "en"}, ["0120-279-338"]),
    ("utter_crisis_violence", {"lang": "ja", "easy_japanese": False}, ["110番"]),
    ("utter_crisis_child", {"lang": "en"}, ["call 110 (police)", "call 189"]),
    ("utter_crisis_self_harm", {"lang": "ja", "easy_japanese": True}, ["119番"]),
    ("utter_service_unavailable", {"lang": "ja", "easy_japanese": False}, ["110番", "119番"]),
])
def test_rendered_replies_show_the_numbers(response, slots, numbers):
    text = responses.render(DOMAIN, response, slots)
    for number in numbers:
        assert number in text


def test_a_number_changed_in_the_table_changes_the_reply(monkeypatch):
    table = hotlines.default_table()
    changed = dict(table.hotlines, police=dataclasses.replace(table.hotlines["police"], number="999"))
    monkeypatch.setattr(hotlines, "default_table", lambda: dataclasses.replace(table, hotlines=changed))
    assert "999番" in responses.render(DOMAIN, "utter_crisis_violence", {"lang": "ja", "easy_japanese": False})


def test_an_unknown_hotline_id_fails_rather_than_showing_no_number():
    toy = {"responses": {"utter_t": [{"text": "call {tel:nowhere}"}]}}
    with pytest.raises(KeyError, match="nowhere"):
        responses.render(toy, "utter_t", {})
