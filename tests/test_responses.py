"""Rendering domain.yml's responses inside actions."""
from pathlib import Path

import pytest
import yaml

from bot import responses

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


@pytest.mark.parametrize("slots, expected", [({"lang": "ja"}, "日本語 A"), ({"lang": "en"}, "English A"), ({}, "日本語 A")])
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
