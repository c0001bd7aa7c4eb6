"""The crisis reply by who is hurt and who is writing (data/crisis/routes.yml), through the navigator.

Each case is a parse as the CrisisFlagger leaves it (a ``crisis`` verdict with
the kind and the roles), answered by the real navigator over the project's
domain, catalogue and hotlines, at a fixed hour: what the resident reads.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from bot.crisis import routes as crisis_routes
from bot.crisis.kinds import kinds
from bot.hotline_hours import TOKYO
from bot.navigator import Navigator

ROOT = Path(__file__).resolve().parents[2]
NOON = datetime(2026, 12, 3, 12, 0, tzinfo=TOKYO)  # a Thursday
NIGHT = datetime(2026, 12, 3, 3, 0, tzinfo=TOKYO)
EVENING = datetime(2026, 12, 3, 21, 30, tzinfo=TOKYO)
HOLIDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=TOKYO)  # 勤労感謝の日, a Monday
OPEN_HEADING = "【今つながる電話】"
OTHERS_HEADING = "【ほかの相談先（受付時間をご確認ください）】"


@pytest.fixture(scope="module")
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def navigator_at(when: datetime) -> Navigator:
    from bot.assembly import default_navigator

    base = default_navigator()
    return Navigator(
        catalogue=base.catalogue, hotlines=base.hotlines, routes=base.routes,
        age_group_of=base.age_group_of, detect_language=base.detect_language,
        with_readings=base.with_readings, clock=lambda: when,
    )


def parse(text, kind, tier="crisis", writer=None, victim=None, attacker=None, intent="crisis", entities=()):
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "intent_ranking": [],
        "entities": list(entities),
        "crisis": {"tier": tier, "kind": kind, "source": "test", "probability": 0.9,
                   "writer": writer, "victim": victim, "attacker": attacker},
    }


def answer(domain, message, when=NOON, slots=None):
    reply = navigator_at(when).answer(message, slots or {}, domain)
    return reply, reply.payload


def numbers(payload):
    return [line["number"] for line in payload["emergency"]]


# --- the routing table ----------------------------------------------------------------


def test_every_kind_has_a_route_and_every_route_a_text_in_each_language(domain):
    table = crisis_routes.load()
    for kind in kinds():
        assert table.for_crisis(crisis_routes.Facts(kind=kind)).text in domain["responses"]
    for route in table.crisis + table.possible:
        variations = domain["responses"][route.text]
        conditions = [{(c["name"], c["value"]) for c in v.get("condition", [])} for v in variations]
        assert {("lang", "en")} in conditions, f"{route.text} has no English text"


def test_self_harm_done_gives_119_before_anything_else(domain):
    reply, result = answer(domain, parse("さっき手首を深く切った。血が止まらない", "self_harm", writer="self"))
    assert result["crisis_route"] == "self_harm" and numbers(result)[0] == "119"
    assert "119" in reply.messages[0]["text"].split("\n")[0]


def test_violence_by_a_partner_gives_110_and_the_dv_lines(domain):
    _, result = answer(domain, parse("夫に殴られて血が出ている", "violence_now", attacker="partner"))
    assert result["crisis_route"] == "violence_now.partner"
    assert numbers(result)[0] == "110" and {"0120-279-889", "#8008"} <= set(numbers(result))
    assert "189" not in numbers(result)


@pytest.mark.parametrize("attacker", ["family", "stranger", None])
def test_violence_by_someone_else_gives_no_dv_lines_and_no_189(domain, attacker):
    _, result = answer(domain, parse("息子に殴られた、今も家にいる", "violence_now", attacker=attacker))
    assert numbers(result)[0] == "110"
    assert not {"0120-279-889", "#8008", "189"} & set(numbers(result))


def test_an_older_victim_gets_the_elder_abuse_window_and_not_189(domain):
    message = parse("80歳の母が息子に殴られている", "violence_now", victim="elderly", attacker="family")
    _, result = answer(domain, message)
    assert result["crisis_route"] == "violence_now.elderly"
    assert "地域包括支援センター" in [w["name"] for w in result["windows"]]
    assert "189" not in numbers(result)


def test_a_disabled_victim_gets_the_disability_abuse_window(domain):
    _, result = answer(domain, parse("障害のある弟が父に殴られている", "violence_now",
                                     victim="disabled", attacker="family"))
    assert "障害者虐待防止センター" in [w["name"] for w in result["windows"]]


def test_an_older_writer_hit_by_their_son_is_an_older_victim(domain):
    message = parse("わしは82じゃが、息子に殴られとる", "violence_now", writer="older", victim="self",
                    attacker="family")
    _, result = answer(domain, message)
    assert result["crisis_route"] == "violence_now.elderly" and "189" not in numbers(result)


def test_a_child_in_danger_written_by_the_child_gets_words_for_a_child_110_and_childrens_lines(domain):
    reply, result = answer(domain, parse("おかあさんの かれしが ぼくを たたく。いえに かえりたくない",
                                         "child_danger", writer="child", victim="self", attacker="parent"))
    assert result["crisis_route"] == "child_danger.child"
    text = reply.messages[0]["text"]
    assert text.startswith("教えてくれて、ありがとう") and "あなたは悪くないよ" in text
    assert numbers(result)[0] == "110" and "0120-0-78310" in numbers(result)


def test_a_child_whose_brother_is_not_breathing_is_told_to_call_119_as_well(domain):
    reply, result = answer(domain, parse("おとうといきしてない　おかあさんねてておきない", "child_danger",
                                         writer="child", victim="child"))
    assert result["crisis_route"] == "child_danger.child"
    assert numbers(result)[:2] == ["110", "119"]
    assert "息をしていないときは" in reply.messages[0]["text"] and "119" in reply.messages[0]["text"]


def test_a_child_who_gives_their_age_is_a_child_whatever_the_model_said(domain):
    message = parse("中2です。父が毎晩なぐってくる", "child_danger", writer="witness",
                    entities=[{"entity": "age_group", "value": "elementary_junior"}])
    _, result = answer(domain, message)
    assert result["crisis_route"] == "child_danger.child"


def test_a_child_in_danger_written_by_a_witness_gets_189_110_and_is_told_this_is_not_a_report(domain):
    reply, result = answer(domain, parse("隣の家で子どもがずっと叩かれて泣いている", "child_danger", writer="witness"))
    assert result["crisis_route"] == "child_danger.witness"
    assert {"110", "189"} <= set(numbers(result))
    assert "通告にはなりません" in reply.messages[0]["text"]


def test_a_child_writing_that_one_parent_hits_the_other_gets_the_childs_reply(domain):
    reply, result = answer(domain, parse("いま おとうさんが おかあさんを たたいてる", "violence_now", writer="child"))
    assert result["crisis_route"] == "child_danger.child"
    assert reply.messages[0]["text"].startswith("教えてくれて、ありがとう")
    assert numbers(result)[0] == "110" and "0120-0-78310" in numbers(result)
    assert not set(numbers(result)) & {"#8008", "0120-279-889"}  # not the DV lines for adults


def test_a_child_in_crisis_is_not_asked_their_age_after_the_block(domain):
    # 不登校 windows differ by school age; the child still gets both, and no form.
    message = parse("しにたい。がっこうも いえも いや", "suicide", writer="child", intent="hikikomori")
    _, result = answer(domain, message)
    assert result["crisis_route"] == "suicide.child"
    assert result["question"] is None
    assert {"nicomo_room", "nicomo_terrace"} <= {w["id"] for w in result["windows"]}
    _, adult = answer(domain, parse("息子がひきこもっていて、もう死にたい", "suicide", writer="parent",
                                    intent="hikikomori"))
    assert adult["question"] is not None


def test_a_writer_who_gives_a_grown_ups_age_is_not_answered_as_a_child(domain):
    message = parse("30過ぎて実家におるけど、親父に殴られた。今も怒鳴りよる", "violence_now", writer="child",
                    victim="self", attacker="parent",
                    entities=[{"entity": "age", "value": "30過ぎ"}])
    reply, result = answer(domain, message)
    assert result["crisis_route"] == "violence_now"
    assert not reply.messages[0]["text"].startswith("教えてくれて")


def test_a_parent_afraid_of_hurting_their_child_is_supported_and_given_189_before_the_police(domain):
    reply, result = answer(domain, parse("夜泣きで限界。赤ちゃんを叩いてしまいそう", "fear_of_harming_child",
                                         writer="parent", victim="child"))
    text = reply.messages[0]["text"]
    assert result["crisis_route"] == "fear_of_harming_child"
    assert not text.startswith("お子さんが今、危ない") and "助けを求めるのは正しいこと" in text
    assert numbers(result)[0] == "189" and numbers(result).index("189") < numbers(result).index("110")
    assert "子ども家庭支援センターのどか" in [w["name"] for w in result["windows"]]


def test_sexual_violence_gets_8891(domain):
    _, result = answer(domain, parse("さっき無理やりされた", "sexual_violence", writer="self"))
    assert result["crisis_route"] == "sexual_violence" and "#8891" in numbers(result)
    assert numbers(result)[0] == "110"


def test_a_carer_afraid_of_harming_gets_the_emergency_numbers_and_the_care_windows(domain):
    reply, result = answer(domain, parse("介護に疲れて母を道連れにしたい", "carer_fear", writer="carer",
                                         victim="elderly"))
    assert result["crisis_route"] == "carer_fear"
    assert numbers(result)[:2] == ["110", "119"]
    assert "地域包括支援センター" in [w["name"] for w in result["windows"]]


def test_a_minor_with_a_wish_to_die_gets_the_childrens_lines_first(domain):
    _, result = answer(domain, parse("しにたい。中学生", "suicide", writer="child"))
    assert result["crisis_route"] == "suicide.child" and numbers(result)[0] == "0120-0-78310"


# --- hours: open lines first, closed ones never called "now" ---------------------------------


def _under(text: str, heading: str) -> str:
    """The lines under ``heading`` up to the next heading."""
    if heading not in text:
        return ""
    return re.split(r"\n【", text.split(heading, 1)[1])[0]


@pytest.mark.parametrize(
    "when, open_now, closed",
    [
        (NIGHT, ["119", "110", "0120-279-338"], ["0570-783-556", "0120-783-556"]),
        (NOON, ["119", "110", "0120-279-338", "0570-783-556"], ["0120-783-556"]),
        (EVENING, ["119", "110", "0120-279-338", "0570-783-556"], ["0120-783-556"]),
        (HOLIDAY_NOON, ["119", "110", "0120-279-338", "0570-783-556"], ["0120-783-556"]),
    ],
    ids=["weekday-0300", "weekday-1200", "weekday-2130", "holiday-1200"],
)
def test_suicide_lines_open_now_come_first_and_closed_ones_say_when_they_open(domain, when, open_now, closed):
    reply, result = answer(domain, parse("もう生きていたくない", "suicide"), when=when)
    text = reply.messages[0]["text"]
    now_part, other_part = _under(text, OPEN_HEADING), _under(text, OTHERS_HEADING)
    for number in open_now:
        assert number in now_part
    for number in closed:
        assert number not in now_part and number in other_part
        assert "今は受付時間外" in [line for line in other_part.split("\n") if number in line][0]
    flags = [line["open"] for line in result["emergency"]]
    assert flags == sorted(flags, key=lambda f: {True: 0, None: 1, False: 2}[f]), "open first, closed last"


def test_at_three_the_listening_line_says_it_opens_at_ten(domain):
    reply, result = answer(domain, parse("消えたい", "suicide"), when=NIGHT)
    line = next(e for e in result["emergency"] if e["number"] == "0570-783-556")
    assert line["open"] is False and line["status"] == "今は受付時間外（10時から）"


def test_no_closed_line_stands_under_a_heading_that_says_now_for_any_route(domain):
    for route in crisis_routes.load().crisis:
        facts = {name: values[0] for name, values in route.when.items()}
        kind = facts.pop("kind")
        reply, result = answer(domain, parse("テスト", kind, **facts), when=NIGHT)
        now_part = _under(reply.messages[0]["text"], OPEN_HEADING)
        for line in result["emergency"]:
            if line["open"] is False:
                assert line["number"] not in now_part, (route.id, line["number"])


# --- English in English -------------------------------------------------------------------------

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_an_english_crisis_reply_names_lines_and_hours_in_english(domain):
    reply, result = answer(domain, parse("I want to end my life tonight", "suicide"), when=NIGHT)
    first = reply.messages[0]["text"]
    assert first.startswith("Thank you for telling me")
    for line in result["emergency"]:
        assert not _JAPANESE.search(line["name"]), line["name"]
        assert not _JAPANESE.search(line["hours"] or ""), line["hours"]
        assert not _JAPANESE.search(line["status"] or ""), line["status"]
    assert "closed now (opens 10:00)" in first


def test_only_a_line_with_a_cited_source_says_it_answers_in_other_languages(domain):
    _, result = answer(domain, parse("My husband is hitting me now", "violence_now", attacker="partner"))
    with_languages = [line["id"] for line in result["emergency"] if "languages" in (line["hours"] or "")]
    assert with_languages == ["dv_plus"]


# --- the possible-risk tier -------------------------------------------------------------------------


def test_possible_risk_is_the_ordinary_answer_with_one_calm_line_at_the_end(domain):
    message = parse("10年前に自殺未遂をしたことがあります。今は元気です。手帳のことを相談したい", "suicide",
                    tier="possible", intent="mental_health")
    message["intent_ranking"] = [{"name": "mental_health", "confidence": 0.9}]
    reply, result = answer(domain, message, when=NIGHT)
    assert result["crisis"] is False and result["risk"] == "possible"
    texts = [m["text"] for m in reply.messages if "text" in m]
    assert not texts[0].startswith("とてもつらい"), "no crisis text first"
    assert texts[-1].endswith("よりそいホットライン 0120-279-338（24時間）")
    assert result["possible_risk"]["lines"][0]["number"] == "0120-279-338"


def test_possible_risk_lines_are_open_24_hours():
    from bot.hotline_hours import ALWAYS
    from bot.hotlines import default_table

    table = default_table()
    for route in crisis_routes.load().possible:
        for line in route.lines:
            assert table.hotlines[line].open_schedule.kind == ALWAYS, line


def test_possible_risk_written_by_a_child_gives_the_childrens_24_hour_line(domain):
    message = parse("がっこう いきたくない", "suicide", tier="possible", writer="child", intent="child_rights")
    reply, _ = answer(domain, message)
    assert "0120-0-78310" in reply.messages[-1]["text"] or "0120-0-78310" in reply.messages[-2]["text"]


def test_possible_risk_after_a_greeting_or_goodbye_still_gives_the_line(domain):
    message = parse("今までありがとう。さようなら", "suicide", tier="possible", intent="goodbye")
    reply = navigator_at(NOON).reply(message, {}, domain)
    assert reply.messages[-1]["text"].endswith("（24時間）")


def test_a_crisis_gives_its_routes_lines_only_not_a_concerns_line_that_is_not_for_them(domain):
    # An older writer's wish to die read beside `abuse`: 189 (a child's line) must not come.
    message = parse("わしももう八十五じゃ。家族に迷惑ばかりかけとる", "suicide", writer="older")
    message["intent_ranking"] = [{"name": "abuse", "confidence": 0.8}]
    _, result = answer(domain, message)
    assert "189" not in numbers(result)


@pytest.mark.parametrize("guess, affected", [("child", "child"), ("adult", "parent"), (None, "parent"),
                                             ("self", "parent")])
def test_an_older_persons_age_outranks_the_victim_guess(domain, guess, affected):
    message = parse("82歳の母が同居の兄に今叩かれています", "violence_now", victim=guess, attacker="family",
                    entities=[{"entity": "age_group", "value": "senior"}, {"entity": "affected", "value": affected}])
    _, result = answer(domain, message)
    assert result["crisis_route"] == "violence_now.elderly" and "189" not in numbers(result)


def test_a_witness_who_mentions_an_adult_still_gets_the_childrens_windows(domain):
    message = parse("隣から小さい子の悲鳴と大人の怒鳴り声がずっと聞こえる", "child_danger", writer="witness",
                    entities=[{"entity": "age_group", "value": "adult"}])
    _, result = answer(domain, message)
    assert "子ども家庭支援センターのどか" in [w["name"] for w in result["windows"]]


def test_a_carer_read_as_a_parent_gets_the_carers_reply_and_kind(domain):
    # 夜勤の介護職です…入居者さんをたたきそうになりました: the model said a parent's fear,
    # the one who would be hurt is an older person cared for (bot/crisis/routes.py).
    reply, result = answer(domain, parse("入居者さんをたたきそうになりました。戻るのが怖い",
                                         "fear_of_harming_child", writer="carer", victim="elderly"))
    assert result["crisis_route"] == "carer_fear" and result["crisis_kind"] == "carer_fear"
    assert "189" not in numbers(result)
