"""bot/staff/usage.py: counts written at the turn, shown with 「5未満」, no text anywhere."""
import datetime

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.navigator_result import NavigatorResult
from bot.staff import tables, usage

NOON = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=usage.CITY_TZ).timestamp()
DAY = datetime.date(2026, 12, 1)


def result(concerns, crisis=None, lang="ja", easy=False):
    return NavigatorResult(lang=lang, easy_japanese=easy, concerns=concerns, crisis=bool(crisis),
                           crisis_kind=crisis).to_dict()


def turn(text, intent, payload=None, channel="rest", confidence=0.9, at=NOON):
    events = [UserUttered(text, intent={"name": intent, "confidence": confidence}, input_channel=channel,
                          timestamp=at), ActionExecuted("action_show_windows", timestamp=at)]
    if payload is not None:
        events.append(BotUttered(data={"custom": payload}, timestamp=at))
    events.append(BotUttered("窓口のご案内です", timestamp=at))
    return events


@pytest.fixture
def counted(engine):
    for i in range(6):
        usage.record(engine, f"a{i}", turn("夫に怒鳴られる", "dv", result(["dv"])))
    for i in range(5):
        usage.record(engine, f"b{i}", turn("家賃が払えず家も", "housing+poverty", result(["housing", "poverty"]),
                                           channel="socketio"))
    usage.record(engine, "c", turn("How can I get help", "general", result(["general"], lang="en")))
    usage.record(engine, "d", turn("しにたい", "crisis", result(["mental_health"], crisis="suicide")))
    usage.record(engine, "e", turn("ぴよぴよ 090-1234-5678", "nlu_fallback", result([])))
    usage.record(engine, "f", turn("天気は", "out_of_scope", result([])))
    usage.record(engine, "g", turn("staff trying", "dv", result(["dv"]), channel="staff"))
    usage.record(engine, "staff-shell-1", turn("the shell", "nlu_fallback", result([]), channel="rest"))
    return engine


def test_each_turn_is_counted_once_per_metric(counted):
    found = {(m, k): n for d, m, k, n in usage.rows(counted, DAY, DAY)}
    assert found[("concern", "dv")] == 6
    assert found[("concern", "housing")] == found[("concern", "poverty")] == 5
    assert found[("several_concerns", "all")] == 5
    assert found[("messages", "rest")] == 10 and found[("messages", "socketio")] == 5
    assert found[("crisis", "suicide")] == 1 and found[("fallback", "all")] == 1
    assert found[("out_of_scope", "all")] == 1
    assert found[("language", "en")] == 1 and found[("language", "ja")] == 12
    assert ("messages", "staff") not in found  # the Try view is not counted, nor the shell (sender staff-…)


def test_the_overview_shows_counts_below_five_as_under_five(counted):
    data = usage.overview(counted, 28, today=DAY)
    assert data["days"][-1] == "2026-12-01" and len(data["days"]) == 28
    concern = data["metrics"]["concern"]
    assert concern["total"]["dv"] == 6 and concern["total"]["general"] == "5未満"
    assert concern["daily"]["dv"][-1] == 6 and concern["daily"]["dv"][0] == 0
    assert data["metrics"]["crisis"]["total_all"] == "5未満"
    assert data["metrics"]["messages"]["total_all"] == 15
    assert data["rates"]["fallback"] == "5未満"
    assert data["rates"]["several_concerns"] == pytest.approx(100 * 5 / 13, 0.01)


def test_the_counts_and_the_csv_hold_no_text(counted):
    with counted.connect() as db:
        dumped = repr(list(db.execute(sa.select(tables.daily_counts))))
    text = usage.csv_text(usage.overview(counted, 28, today=DAY))
    for said in ("夫に怒鳴られる", "ぴよぴよ", "090-1234-5678", "天気"):
        assert said not in dumped and said not in text
    assert "2026-12-01,concern,dv,6" in text and "2026-12-01,concern,general,5未満" in text


def test_a_fallback_goes_to_review_and_a_button_payload_does_not(counted):
    with counted.connect() as db:
        queued = list(db.execute(sa.select(tables.review_queue)))
    assert [(q.sender_id, q.text, q.reason) for q in queued] == [("e", "ぴよぴよ 090-1234-5678", "fallback")]
    usage.record(counted, "h", turn("/dv", "nlu_fallback", result([])))
    usage.record(counted, "i", turn("なんとなく不安", "mental_health", result(["mental_health"]), confidence=0.3))
    scored = dict(result(["mental_health"]), concern_scores={"mental_health": 0.52})
    usage.record(counted, "j", turn("眠れない日が続く", "mental_health", scored, confidence=0.9))
    usage.record(counted, "k", turn("眠れない", "mental_health", dict(scored, concern_scores={"mental_health": 0.8})))
    with counted.connect() as db:
        queued = [(q.text, q.reason, q.score) for q in db.execute(sa.select(tables.review_queue))]
    assert queued[1:] == [("なんとなく不安", "low_score", 0.3), ("眠れない日が続く", "low_score", 0.52)]


def test_the_day_is_the_citys_day():
    late = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.timezone.utc).timestamp()
    assert usage.city_day(late) == DAY  # 08:30 in Tokyo


def test_a_broken_store_never_raises(caplog):
    broken = sa.create_engine("sqlite:////nonexistent-dir/x.db")
    usage.record(broken, "a", turn("夫に怒鳴られる", "dv", result(["dv"])))
    assert "were not written" in caplog.text and "夫" not in caplog.text
