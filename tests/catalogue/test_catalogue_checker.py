"""A broken catalogue fails the checker with messages naming file, entry and field."""
from pathlib import Path

import pytest

from bot.catalogue import Catalogue, CatalogueError, check_directory
from bot.cli import main
from tests.catalogue.broken_copy import edit

SERVICES = Path(__file__).resolve().parents[2] / "data" / "services"


def window(document, ident):
    return next(w for w in document["windows"] if w["id"] == ident)


def row(document, ident):
    for goal in document["goals"]:
        for measure in goal["measures"]:
            for group in measure["groups"]:
                for entry in group["jigyo"]:
                    if entry["id"] == ident:
                        return entry
    raise KeyError(ident)


def test_the_real_catalogue_is_clean():
    assert check_directory(SERVICES) == []
    assert main(["catalogue", "check", str(SERVICES)]) == 0


# (what breaks, file, change, the message expected, in parts)
BROKEN = [
    (
        "age as a word",
        "windows.yml",
        lambda d: window(d, "nicomo_room")["audience"].update(age_max="eighteen"),
        "windows.yml: window 'nicomo_room': field 'audience.age_max': expected an integer, got 'eighteen'",
    ),
    (
        "misspelt department",
        "windows.yml",
        lambda d: window(d, "parite").update(departments=["協働コミュニテイ課"]),
        "windows.yml: window 'parite': field 'departments[0]': unknown department '協働コミュニテイ課'; "
        "did you mean '協働コミュニティ課'?",
    ),
    (
        "misspelt department in a 事業 row",
        "jigyo.yml",
        lambda d: row(d, "j3-2-08").update(departments=["健康か"]),
        "jigyo.yml: 事業 'j3-2-08': field 'departments[0]': unknown department '健康か'; did you mean '健康課'?",
    ),
    (
        "dangling 事業 id",
        "windows.yml",
        lambda d: window(d, "anshin")["jigyo"].append("j9-9-99"),
        "windows.yml: window 'anshin': field 'jigyo[3]': no 事業 with id 'j9-9-99'",
    ),
    (
        "dangling repeat",
        "jigyo.yml",
        lambda d: row(d, "j2-1-02").update(repeat_of="j1-2-99"),
        "jigyo.yml: 事業 'j2-1-02': field 'repeat_of': no 事業 with id 'j1-2-99'",
    ),
    (
        "duplicate window id",
        "windows.yml",
        lambda d: window(d, "kujo_chousei").update(id="anshin"),
        "windows.yml: window 'anshin': field 'id': duplicate id",
    ),
    (
        "duplicate 事業 id",
        "jigyo.yml",
        lambda d: row(d, "j1-1-02").update(id="j1-1-01"),
        "jigyo.yml: 事業 'j1-1-01': field 'id': duplicate id",
    ),
    (
        "unknown concern",
        "windows.yml",
        lambda d: window(d, "hanabus")["concerns"].append("transport"),
        "windows.yml: window 'hanabus': field 'concerns[1]': unknown concern 'transport'",
    ),
    (
        "unknown concern in a 事業 row",
        "jigyo.yml",
        lambda d: row(d, "j6-2-05").update(concerns=["mobilty"]),
        "jigyo.yml: 事業 'j6-2-05': field 'concerns[0]': unknown concern 'mobilty'; did you mean 'mobility'?",
    ),
    (
        "concern served by no window",
        "windows.yml",
        lambda d: d.update(windows=[w for w in d["windows"] if "mobility" not in w["concerns"]]),
        "windows.yml: concern 'mobility' is served by no window",
    ),
    (
        "a bool where a number belongs",
        "windows.yml",
        lambda d: window(d, "hanabus").update(priority=True),
        "windows.yml: window 'hanabus': field 'priority': expected an integer, got True",
    ),
    (
        "contact without a source",
        "windows.yml",
        lambda d: window(d, "hanabus").update(contact={"phone": "042-000-0000"}),
        "windows.yml: window 'hanabus': field 'contact.source': missing",
    ),
    (
        "phone number in the text",
        "windows.yml",
        lambda d: window(d, "hanabus").update(what_plain="電話 042-000-0000 へ"),
        "windows.yml: window 'hanabus': field 'what_plain': phone numbers and URLs belong in 'contact'",
    ),
    (
        "unknown victim",
        "windows.yml",
        lambda d: window(d, "nodoka")["audience"].update(victims=["kid"]),
        "windows.yml: window 'nodoka': field 'audience.victims[0]': unknown victim 'kid'",
    ),
    (
        "misspelt field",
        "windows.yml",
        lambda d: window(d, "hanabus").update(prority=3),
        "windows.yml: window 'hanabus': field 'prority': unknown field; did you mean 'priority'?",
    ),
    (
        "routing names a missing window",
        "routing.yml",
        lambda d: d.update(one_stop_window="fukushi_marugotto"),
        "routing.yml: field 'one_stop_window': no window with id 'fukushi_marugotto'",
    ),
]


@pytest.mark.parametrize("case, file, change, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_catalogue_is_reported(copy, capsys, case, file, change, expected):
    edit(copy, file, change)
    messages = check_directory(copy)
    assert any(m.startswith(str(copy)) and expected in m for m in messages), messages
    assert main(["catalogue", "check", str(copy)]) == 1
    assert expected in capsys.readouterr().out


def test_loading_a_broken_catalogue_raises_with_the_messages(copy):
    edit(copy, "windows.yml", lambda d: window(d, "nicomo_room")["audience"].update(age_max="eighteen"))
    with pytest.raises(CatalogueError) as raised:
        Catalogue.from_directory(copy)
    assert raised.value.messages == check_directory(copy)
    assert "field 'audience.age_max'" in str(raised.value)


def test_a_missing_file_is_reported(copy):
    (copy / "departments.yml").unlink()
    assert check_directory(copy) == [f"{copy / 'departments.yml'}: file missing"]


def test_broken_yaml_is_reported(copy):
    (copy / "concerns.yml").write_text("concerns: [\n", encoding="utf-8")
    [message] = check_directory(copy)
    assert message.startswith(f"{copy / 'concerns.yml'}: not valid YAML")
