"""Issue 20: the catalogue tells only what is true today.

Each record says what kind of thing it is, where each claim comes from and
when it was last checked; the checker rejects a record that does not; routing
never offers a planned record or a department no one can ask for.
"""
import datetime
from pathlib import Path

import pytest
import yaml

from bot import hotlines
from bot.catalogue import Catalogue, Person, check_directory
from bot.catalogue.report import inferred, render
from bot.catalogue.staleness import overdue
from bot.cli import main
from tests.catalogue.broken_copy import edit_window

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "data" / "services"
AGE_GROUPS = (None, "elementary_junior", "high_school", "adult", "senior")
AFFECTED = (None, "self", "child", "partner", "parent", "elderly", "disabled", "neighbour")


@pytest.fixture(scope="module")
def cat():
    return Catalogue.from_directory(SERVICES)


def every_route(cat):
    """Every concern, alone and with the one-stop window, for every kind of person."""
    for concern in cat.concern_ids:
        for group in AGE_GROUPS:
            for affected in AFFECTED:
                person = Person(age_group=group, affected=affected)
                yield concern, cat.route([concern], person)
                yield concern, cat.route([concern, "general"], person)


# -- the real catalogue ------------------------------------------------------------

def test_no_planned_record_is_ever_offered(cat):
    planned = {w.id for w in cat.windows.values() if w.kind == "planned"}
    assert "hikikomori_shien" in planned  # 創設検討 (plan L1058)
    for _, matches in every_route(cat):
        assert not planned & {m.window.id for m in matches}


def test_activities_answer_only_the_ways_to_take_part(cat):
    take_part = set(cat.rules.take_part_concerns)
    assert {"community", "rehabilitation"} == take_part
    for concern, matches in every_route(cat):
        for m in matches:
            if m.window.kind == "activity":
                assert m.concern in take_part, (concern, m.window.id)
    # 更生保護: the plan's rows are support for volunteers, a campaign, publicity (L1042-L1046)
    assert cat.windows["kousei_hogo"].kind == "activity"
    assert "kousei_hogo" not in {m.window.id for m in cat.route(["crime_fraud"], Person())}
    # Someone starting again after crime is pointed to a window first, the volunteers' rows after.
    assert [m.window.id for m in cat.route(["rehabilitation"], Person())][:2] == ["kyojuu_soudan", "kousei_hogo"]


def test_no_window_shows_a_department_no_one_can_ask_for(cat):
    for _, matches in every_route(cat):
        for m in matches:
            assert "関係各課" not in m.window.departments, m.window.id
    assert cat.windows["hikikomori_shien"].departments == ("地域共生課",)


def test_every_window_has_a_kind_sources_and_a_check(cat):
    for w in cat.windows.values():
        assert w.kind in ("window", "service", "activity", "planned")
        assert {"what", "descriptions"} <= dict(w.sources).keys()
        assert isinstance(w.checked, datetime.date) and w.checked_by


def test_the_coverage_report_lists_the_inferred_claims(cat):
    found = {(ident, claim) for ident, claim, _ in inferred(cat)}
    assert ("fukushi_marugoto", "departments") in found  # 地域共生課 is inferred, not stated
    assert ("nicomo_room", "age") not in found  # 18歳まで対象 is the plan's (L981)
    text = render(cat)
    assert "inferred claims for staff to confirm" in text and "fukushi_marugoto departments" in text


# -- the checker rejects ----------------------------------------------------------------

REJECTED = [
    ("no kind", "josei_soudan", lambda w: w.pop("kind"),
     "window 'josei_soudan': field 'kind': missing"),
    ("an unknown kind", "josei_soudan", lambda w: w.update(kind="place"),
     "window 'josei_soudan': field 'kind': unknown kind 'place'"),
    ("an unsourced what", "josei_soudan", lambda w: w["sources"].pop("what"),
     "window 'josei_soudan': field 'sources.what': missing"),
    ("an unsourced department", "parite", lambda w: w["sources"].pop("departments"),
     "window 'parite': field 'sources.departments': missing"),
    ("an unsourced age limit", "nicomo_room", lambda w: w["sources"].pop("age"),
     "window 'nicomo_room': field 'sources.age': missing"),
    ("inferred without its reason", "josei_soudan", lambda w: w["sources"].update(what="inferred: yes"),
     "window 'josei_soudan': field 'sources.what': 'inferred' needs its reason"),
    ("a line the plan does not have", "josei_soudan", lambda w: w["sources"].update(what="plan L99999"),
     "window 'josei_soudan': field 'sources.what': the plan has 2215 lines, not 99999"),
    ("a plan line that does not name the department", "josei_soudan",
     lambda w: w["sources"].update(departments="plan L1058"),
     "window 'josei_soudan': field 'sources.departments': no line of 'plan L1058' names '協働コミュニティ課'"),
    ("no checked date", "josei_soudan", lambda w: w.pop("checked"),
     "window 'josei_soudan': field 'checked': missing"),
    ("a checked date that is no date", "josei_soudan", lambda w: w.update(checked="recently"),
     "window 'josei_soudan': field 'checked': expected a date YYYY-MM-DD, got 'recently'"),
    ("no one who checked", "josei_soudan", lambda w: w.pop("checked_by"),
     "window 'josei_soudan': field 'checked_by': missing"),
    ("関係各課 as a department", "hikikomori_shien", lambda w: w.update(departments=["地域共生課", "関係各課"]),
     "window 'hikikomori_shien': field 'departments[1]': '関係各課' is no department a resident can ask for"),
]


@pytest.mark.parametrize("what, ident, change, expected", REJECTED, ids=[r[0] for r in REJECTED])
def test_the_checker_rejects(copy, capsys, what, ident, change, expected):
    edit_window(copy, ident, change)
    problems = check_directory(copy)
    assert any(expected in p for p in problems), problems
    assert main(["catalogue", "check", str(copy)]) == 1
    assert expected in capsys.readouterr().out


def test_the_checker_rejects_a_planned_one_stop_window(copy):
    edit_window(copy, "fukushi_marugoto", lambda w: w.update(kind="planned"))
    assert any("one_stop_window" in p and "not of kind 'window'" in p for p in check_directory(copy))


# -- last checked -------------------------------------------------------------------------

def test_every_hotline_carries_its_check():
    table = hotlines.load()
    assert all(isinstance(h.checked, datetime.date) and h.checked_by for h in table.hotlines.values())


def test_a_hotline_with_no_date_is_refused(tmp_path):
    data = yaml.safe_load((ROOT / "data" / "hotlines.yml").read_text(encoding="utf-8"))
    del data["hotlines"][0]["checked"]
    path = tmp_path / "hotlines.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(hotlines.HotlinesError, match="hotline police: 'checked' must be a date"):
        hotlines.load(path)


def test_the_checker_also_refuses_a_hotline_with_no_date(tmp_path, capsys):
    data = yaml.safe_load((ROOT / "data" / "hotlines.yml").read_text(encoding="utf-8"))
    del data["hotlines"][1]["checked"]
    path = tmp_path / "hotlines.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["catalogue", "check", str(SERVICES), "--hotlines", str(path)]) == 1
    assert "hotline ambulance_fire: 'checked' must be a date" in capsys.readouterr().out


def test_overdue_counts_days_and_never():
    today = datetime.date(2026, 12, 3)
    records = [("w", "fresh", today, "r"), ("w", "old", datetime.date(2026, 1, 1), "r"), ("w", "never", None, None)]
    assert [o.id for o in overdue(records, 180, today)] == ["never", "old"]


def test_stale_lists_what_is_overdue(capsys):
    assert main(["catalogue", "stale", "--days", "180", "--today", "2026-12-03", str(SERVICES),
                 "--hotlines", str(ROOT / "data" / "hotlines.yml")]) == 0
    assert "0 of" in capsys.readouterr().out
    # A year on, every record is overdue and the command says so.
    assert main(["catalogue", "stale", "--days", "180", "--today", "2027-12-03", str(SERVICES),
                 "--hotlines", str(ROOT / "data" / "hotlines.yml")]) == 1
    out = capsys.readouterr().out
    assert "windows.yml: josei_soudan: checked 2026-12-03" in out and "hotlines.yml: police: checked" in out
