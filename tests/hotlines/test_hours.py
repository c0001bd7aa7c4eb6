"""Opening hours: which hotlines answer now, the order a reply gives them, and the closed texts."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from bot import hotline_hours, hotlines
from bot.hotline_hours import TOKYO, HoursError, OpenStatus, order_by_status, parse, status, status_text
from bot.hotlines import HotlinesError, load

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "data" / "hotlines.yml").read_text(encoding="utf-8"))
TABLE = load(ROOT / "data" / "hotlines.yml")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")

ALWAYS = {"police", "ambulance_fire", "dv_plus", "child_abuse_189", "child_sos_24h", "yorisoi",
          "emergency_advice_tokyo"}
UNKNOWN = {"police_consultation", "dv_navi", "child_consultation", "kokoro_dial",
           "sexual_violence_onestop", "consumer_188"}
TIMED = {"childline", "inochi", "inochi_free", "children_rights_110"}

THURSDAY = (2026, 12, 3)  # an ordinary weekday
HOLIDAY = (2026, 11, 23)  # Monday, 勤労感謝の日


def at(day, hour, minute=0):
    return datetime(*day, hour, minute, tzinfo=TOKYO)


def _status(hotline_id, when):
    return status(TABLE.hotlines[hotline_id].open_schedule, when)


def _text(hotline_id, when, lang):
    return status_text(_status(hotline_id, when), lang, when)


# --- the data ---------------------------------------------------------------------------------


def test_the_schedules_are_the_ones_the_hours_say():
    kinds = {h.id: h.open_schedule.kind for h in TABLE.hotlines.values()}
    assert {i for i, k in kinds.items() if k == "always"} == ALWAYS
    assert {i for i, k in kinds.items() if k == "unknown"} == UNKNOWN
    assert {i for i, k in kinds.items() if k == "periods"} == TIMED
    raw = {h["id"]: h["open"] for h in DATA["hotlines"]}
    assert raw["childline"] == [{"days": "daily", "from": "16:00", "to": "21:00"}]
    assert raw["inochi"] == [{"days": "daily", "from": "10:00", "to": "22:00"}]
    assert raw["inochi_free"] == [{"days": "daily", "from": "16:00", "to": "21:00"},
                                  {"monthday": 10, "from": "08:00", "to": "32:00"}]
    assert raw["children_rights_110"] == [{"days": "weekdays", "from": "08:30", "to": "17:15"}]


@pytest.mark.parametrize("entry", DATA["hotlines"], ids=[h["id"] for h in DATA["hotlines"]])
def test_every_hotline_has_a_valid_schedule_and_english(entry):
    hotline = TABLE.hotlines[entry["id"]]
    assert parse(entry["open"], entry["id"]) == hotline.schedule
    # "24時間" in the hours (and not "not 24h") is a line that is always open, and only then.
    says_24h = "24時間" in entry["hours"] if entry["hours"] else False
    assert (hotline.schedule.kind == "always") == says_24h, entry["hours"]
    assert entry["name_en"] and not JAPANESE.search(entry["name_en"])
    assert hotline.name_for("en") == entry["name_en"]
    assert hotline.name_for("ja") == entry["name"]
    if entry["hours"] is None:
        assert hotline.hours_for("en") is None
    else:
        assert hotline.hours_for("en") == entry["hours_en"]
        assert not JAPANESE.search(entry["hours_en"])


@pytest.mark.parametrize("entry", DATA["hotlines"], ids=[h["id"] for h in DATA["hotlines"]])
def test_languages_only_where_the_source_says_several_languages(entry):
    hotline = TABLE.hotlines[entry["id"]]
    if "several languages" in entry["for"]:
        assert "several languages" in hotline.languages_for("en")
        assert "言語" in hotline.languages_for("ja")
    else:
        assert "languages_en" not in entry and "languages_ja" not in entry
        assert hotline.languages_for("en") is None and hotline.languages_for("ja") is None


def test_hours_for_keeps_japanese_and_the_source_text():
    inochi = TABLE.hotlines["inochi"]
    assert inochi.hours_for("ja") == "毎日10時〜22時（ナビダイヤル）"
    assert inochi.hours_for("en") == "Daily 10:00–22:00 (NaviDial number)"
    assert inochi.hours == "毎日10時〜22時 (ナビダイヤル)"
    assert TABLE.hotlines["childline"].hours_for("ja") == "毎日16時〜21時"


# --- which lines are open, and the texts -------------------------------------------------------


CLOSED = {
    # (day, hour, minute) -> {id: (ja, en)} of the timed lines that are closed; the others are open.
    (THURSDAY, 3, 0): {
        "childline": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
        "inochi": ("今は受付時間外（10時から）", "closed now (opens 10:00)"),
        "inochi_free": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
        "children_rights_110": ("今は受付時間外（8時30分から）", "closed now (opens 08:30)"),
    },
    (THURSDAY, 12, 0): {
        "childline": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
        "inochi_free": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
    },
    (THURSDAY, 21, 30): {
        "childline": ("今は受付時間外（明日16時から）", "closed now (opens tomorrow 16:00)"),
        "inochi_free": ("今は受付時間外（明日16時から）", "closed now (opens tomorrow 16:00)"),
        "children_rights_110": ("今は受付時間外（明日8時30分から）", "closed now (opens tomorrow 08:30)"),
    },
    # On the holiday the weekday line stays closed all day and opens on Tuesday.
    (HOLIDAY, 3, 0): {
        "childline": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
        "inochi": ("今は受付時間外（10時から）", "closed now (opens 10:00)"),
        "inochi_free": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
        "children_rights_110": ("今は受付時間外（明日8時30分から）", "closed now (opens tomorrow 08:30)"),
    },
    (HOLIDAY, 12, 0): {
        "childline": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
        "inochi_free": ("今は受付時間外（16時から）", "closed now (opens 16:00)"),
        "children_rights_110": ("今は受付時間外（明日8時30分から）", "closed now (opens tomorrow 08:30)"),
    },
    (HOLIDAY, 21, 30): {
        "childline": ("今は受付時間外（明日16時から）", "closed now (opens tomorrow 16:00)"),
        "inochi_free": ("今は受付時間外（明日16時から）", "closed now (opens tomorrow 16:00)"),
        "children_rights_110": ("今は受付時間外（明日8時30分から）", "closed now (opens tomorrow 08:30)"),
    },
}


@pytest.mark.parametrize("moment", list(CLOSED),
                         ids=lambda m: f"{m[0][1]}-{m[0][2]}T{m[1]:02}:{m[2]:02}")
def test_which_lines_are_open_and_the_closed_texts(moment):
    day, hour, minute = moment
    when = at(day, hour, minute)
    closed = CLOSED[moment]
    for hotline_id in TABLE.hotlines:
        state = _status(hotline_id, when)
        if hotline_id in UNKNOWN:
            assert state == OpenStatus(is_open=None)
        elif hotline_id in closed:
            assert state.is_open is False and state.opens_at > when
            assert _text(hotline_id, when, "ja") == closed[hotline_id][0]
            assert _text(hotline_id, when, "en") == closed[hotline_id][1]
            continue
        else:
            assert state.is_open is True, hotline_id
        assert _text(hotline_id, when, "ja") == _text(hotline_id, when, "en") == ""


def test_the_holiday_is_what_closes_the_weekday_line():
    assert _status("children_rights_110", at(HOLIDAY, 12)).is_open is False
    assert _status("children_rights_110", at((2026, 11, 30), 12)).is_open is True  # next Monday
    assert _status("children_rights_110", at((2026, 11, 24), 12)).is_open is True  # Tuesday
    assert _status("children_rights_110", at((2026, 12, 5), 12)).is_open is False  # Saturday


@pytest.mark.parametrize(
    "when, ja, en",
    [
        # Friday evening: Monday 7 December.
        (at((2026, 12, 4), 21, 30), "今は受付時間外（12月7日（月）8時30分から）",
         "closed now (opens Mon 7 Dec 08:30)"),
        # Friday before the holiday Monday: Tuesday 24 November.
        (at((2026, 11, 20), 18, 0), "今は受付時間外（11月24日（火）8時30分から）",
         "closed now (opens Tue 24 Nov 08:30)"),
        # Saturday night: Monday is tomorrow + 1.
        (at((2026, 12, 5), 23, 0), "今は受付時間外（12月7日（月）8時30分から）",
         "closed now (opens Mon 7 Dec 08:30)"),
        # Sunday: Monday is tomorrow.
        (at((2026, 12, 6), 9, 0), "今は受付時間外（明日8時30分から）", "closed now (opens tomorrow 08:30)"),
        # The closing minute is closed; it opens on the next weekday.
        (at(THURSDAY, 17, 15), "今は受付時間外（明日8時30分から）", "closed now (opens tomorrow 08:30)"),
    ],
)
def test_closed_texts_with_a_date(when, ja, en):
    assert _text("children_rights_110", when, "ja") == ja
    assert _text("children_rights_110", when, "en") == en


@pytest.mark.parametrize(
    "hour, minute, is_open",
    [(9, 59, False), (10, 0, True), (21, 59, True), (22, 0, False)],
)
def test_period_edges(hour, minute, is_open):
    assert _status("inochi", at(THURSDAY, hour, minute)).is_open is is_open


# --- いのちの電話 (フリーダイヤル): 毎月10日は8時〜翌8時 ----------------------------------------------


@pytest.mark.parametrize(
    "when, is_open, ja",
    [
        (at((2026, 12, 9), 21, 30), False, "今は受付時間外（明日8時から）"),
        (at((2026, 12, 10), 3, 0), False, "今は受付時間外（8時から）"),
        (at((2026, 12, 10), 8, 0), True, ""),
        (at((2026, 12, 10), 12, 0), True, ""),
        (at((2026, 12, 10), 23, 30), True, ""),
        (at((2026, 12, 11), 3, 0), True, ""),  # the night of the 10th runs to 8時 on the 11th
        (at((2026, 12, 11), 7, 59), True, ""),
        (at((2026, 12, 11), 8, 0), False, "今は受付時間外（16時から）"),
        (at((2026, 12, 11), 9, 0), False, "今は受付時間外（16時から）"),
        (at((2026, 12, 12), 3, 0), False, "今は受付時間外（16時から）"),
    ],
)
def test_the_10th_of_the_month_overnight(when, is_open, ja):
    state = _status("inochi_free", when)
    assert state.is_open is is_open
    assert status_text(state, "ja", when) == ja
    # The other いのちの電話 line keeps its own hours that night.
    if when == at((2026, 12, 11), 3, 0):
        assert _status("inochi", when).is_open is False


def test_a_closed_line_with_no_opening_within_14_days():
    schedule = parse([{"monthday": 31, "from": "10:00", "to": "12:00"}], "test")
    when = at((2026, 2, 1), 12)  # no 31st until 31 March
    state = status(schedule, when)
    assert state == OpenStatus(is_open=False, opens_at=None)
    assert status_text(state, "ja", when) == "今は受付時間外"
    assert status_text(state, "en", when) == "closed now"
    assert status(schedule, at((2026, 3, 20), 12)).opens_at == at((2026, 3, 31), 10)


def test_naive_and_other_zones_are_read_as_tokyo_time():
    schedule = TABLE.hotlines["children_rights_110"].open_schedule
    assert status(schedule, datetime(2026, 12, 3, 12, 0)).is_open is True  # naive = Tokyo
    utc_noon = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)  # 21:00 in Tokyo
    state = status(schedule, utc_noon)
    assert state.is_open is False and state.opens_at == at((2026, 12, 4), 8, 30)
    assert status_text(state, "en", utc_noon) == "closed now (opens tomorrow 08:30)"


# --- order ------------------------------------------------------------------------------------


def _order(hotline_list, when):
    return [h.id for h in order_by_status(hotline_list, when, lambda h: h.open_schedule)]


def test_order_open_first_then_unknown_then_closed_keeping_the_table_order():
    everything = list(TABLE.hotlines.values())
    order = _order(everything, at(THURSDAY, 3))
    table_order = [h.id for h in everything]
    opened = [i for i in table_order if i in ALWAYS]
    unknown = [i for i in table_order if i in UNKNOWN]
    closed = [i for i in table_order if i in TIMED]
    assert order == opened + unknown + closed
    assert order[:2] == ["police", "ambulance_fire"]
    assert order[-4:] == ["childline", "inochi", "inochi_free", "children_rights_110"]


SUICIDE = ["ambulance_fire", "police", "inochi", "kokoro_dial", "yorisoi"]


@pytest.mark.parametrize(
    "when, expected",
    [
        (at(THURSDAY, 3), ["ambulance_fire", "police", "yorisoi", "kokoro_dial", "inochi"]),
        (at(THURSDAY, 12), ["ambulance_fire", "police", "inochi", "yorisoi", "kokoro_dial"]),
        (at(THURSDAY, 21, 30), ["ambulance_fire", "police", "inochi", "yorisoi", "kokoro_dial"]),
        (at(HOLIDAY, 3), ["ambulance_fire", "police", "yorisoi", "kokoro_dial", "inochi"]),
        (at(HOLIDAY, 12), ["ambulance_fire", "police", "inochi", "yorisoi", "kokoro_dial"]),
        (at(THURSDAY, 22), ["ambulance_fire", "police", "yorisoi", "kokoro_dial", "inochi"]),
    ],
)
def test_the_suicide_lines_open_now_come_first(when, expected):
    chosen = hotlines.lines_for(SUICIDE, [])
    assert [h.id for h in chosen] == SUICIDE
    assert _order(chosen, when) == expected


def test_child_rights_lines_on_a_holiday_noon_and_evening():
    chosen = [TABLE.hotlines[i] for i in ("children_rights_110", "childline", "child_sos_24h")]
    assert _order(chosen, at(HOLIDAY, 12)) == ["child_sos_24h", "children_rights_110", "childline"]
    assert _order(chosen, at(HOLIDAY, 17)) == ["childline", "child_sos_24h", "children_rights_110"]
    assert _order(chosen, at(THURSDAY, 12)) == ["children_rights_110", "child_sos_24h", "childline"]


# --- malformed schedules ----------------------------------------------------------------------


def _write(tmp_path, data):
    path = tmp_path / "hotlines.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "bad, message",
    [
        ("sometimes", "expected 'always', 'unknown' or a list"),
        ([], "expected 'always', 'unknown' or a list"),
        ([{"days": "weekends", "from": "10:00", "to": "12:00"}], "days must be one of"),
        ([{"days": "daily", "from": 600, "to": "22:00"}], "must be a quoted time"),
        ([{"days": "daily", "from": "22:00", "to": "10:00"}], "is not after"),
        ([{"days": "daily", "from": "10:00", "to": "49:00"}], "is past 48:00"),
        ([{"days": "daily", "from": "24:00", "to": "25:00"}], "is past 23:00"),
        ([{"days": "daily", "from": "10:60", "to": "12:00"}], "must be a time"),
        ([{"monthday": 32, "from": "08:00", "to": "32:00"}], "monthday must be"),
        ([{"monthday": True, "from": "08:00", "to": "32:00"}], "monthday must be"),
        ([{"days": "daily", "monthday": 10, "from": "08:00", "to": "09:00"}], "exactly one of"),
        ([{"from": "08:00", "to": "09:00"}], "exactly one of"),
        ([{"days": "daily", "from": "10:00"}], "needs 'to'"),
        ([{"days": "daily", "from": "10:00", "to": "12:00", "except": "holidays"}], "unknown key"),
        (["daily 10-22"], "must be a mapping"),
    ],
)
def test_a_malformed_schedule_is_refused_naming_the_file_and_hotline(tmp_path, bad, message):
    with pytest.raises(HoursError, match=re.escape(message)):
        parse(bad, "childline")
    entries = [dict(h, open=bad) if h["id"] == "childline" else h for h in DATA["hotlines"]]
    path = _write(tmp_path, dict(DATA, hotlines=entries))
    where = r"hotlines\.yml: hotline childline: open.*"
    with pytest.raises(HotlinesError, match=where + re.escape(message)):
        load(path)


def test_an_unquoted_time_in_the_file_is_refused(tmp_path):
    text = (ROOT / "data" / "hotlines.yml").read_text(encoding="utf-8")
    broken = text.replace('{days: daily, from: "10:00", to: "22:00"}',
                          "{days: daily, from: 10:00, to: 22:00}")
    assert broken != text
    path = tmp_path / "hotlines.yml"
    path.write_text(broken, encoding="utf-8")
    message = r"hotline inochi: open\[0\]: 'from' must be a quoted time"
    with pytest.raises(HotlinesError, match=message):
        load(path)


@pytest.mark.parametrize("field", ["open", "name_en", "hours_en"])
def test_a_hotline_without_its_schedule_or_english_is_refused(tmp_path, field):
    entries = [{k: v for k, v in h.items() if not (h["id"] == "inochi" and k == field)}
               for h in DATA["hotlines"]]
    path = _write(tmp_path, dict(DATA, hotlines=entries))
    with pytest.raises(HotlinesError, match=rf"hotline inochi: missing '{field}'"):
        load(path)


# --- NAVIGATOR_FIXED_TIME ---------------------------------------------------------------------


def test_fixed_time_naive_is_tokyo(monkeypatch):
    monkeypatch.setenv("NAVIGATOR_FIXED_TIME", "2026-12-03T03:00")
    fixed = hotline_hours.now()
    assert fixed == at(THURSDAY, 3) and fixed.tzinfo is TOKYO
    assert _order(hotlines.lines_for(SUICIDE, []), hotline_hours.now())[-1] == "inochi"


def test_fixed_time_with_an_offset_is_converted(monkeypatch):
    monkeypatch.setenv("NAVIGATOR_FIXED_TIME", "2026-12-02T18:00:00+00:00")
    fixed = hotline_hours.now()
    assert fixed.tzinfo is TOKYO and (fixed.day, fixed.hour) == (3, 3)


def test_without_a_fixed_time_it_is_the_clock_in_tokyo(monkeypatch):
    monkeypatch.delenv("NAVIGATOR_FIXED_TIME", raising=False)
    current = hotline_hours.now()
    assert current.tzinfo is TOKYO
    assert abs(current - datetime.now(timezone.utc)) < timedelta(minutes=1)
    assert current.utcoffset() == timedelta(hours=9)


def test_a_malformed_fixed_time_is_refused(monkeypatch):
    monkeypatch.setenv("NAVIGATOR_FIXED_TIME", "tomorrow at 3")
    with pytest.raises(HoursError, match="NAVIGATOR_FIXED_TIME"):
        hotline_hours.now()
