"""Who hurts, as the message names it (data/crisis/attackers.yml, bot/crisis/attackers.py).

The DV lines only when the one who hurts is a partner or ex-partner
(data/crisis/routes.yml): a partner guessed by the crisis model yields when
the message names no partner and names someone else (a boss, a helper, a
stranger); words never make a partner of anyone. No crisis model is needed:
the assessments are written here as the CrisisFlagger leaves them.
"""
from __future__ import annotations

import pytest
import yaml

from bot.crisis import attackers
from bot.crisis.assessment import CrisisAssessment
from bot.crisis.model import ROLES
from bot.crisis.routes import default_routes, facts_of
from bot.text.folding import fold

DV_NUMBERS = {"0120-279-889", "#8008"}  # DV相談+ and the DV navi (data/hotlines.yml)


def assessment(attacker, kind="violence_now", tier="crisis"):
    return CrisisAssessment(tier=tier, kind=kind, source="test", probability=0.9, writer="self",
                            victim="self", attacker=attacker)


def route_for(text, attacker, kind="violence_now"):
    return default_routes().for_crisis(facts_of(assessment(attacker, kind), named_attackers=attackers.named(text)))


# --- the data file ------------------------------------------------------------------------


def test_the_data_file_loads_and_every_value_is_an_attacker_value_of_the_model():
    data = yaml.safe_load(attackers.DEFAULT_FILE.read_text(encoding="utf-8"))
    assert set(data["attackers"]) <= set(ROLES["attacker"])
    assert set(attackers.PARTNERS) <= set(data["attackers"])
    words = attackers.load()
    assert words.words and words.preference[0] in ("parent", "family")
    assert not set(words.preference) & set(attackers.PARTNERS)


def test_every_couple_word_is_a_listed_word():
    """A couple is read from the listed words found; a word only in `couples` would never be found."""
    data = yaml.safe_load(attackers.DEFAULT_FILE.read_text(encoding="utf-8"))
    listed = {fold(w).text for items in data["attackers"].values() for w in items}
    for pair in data["couples"]:
        for side in pair:
            assert {fold(w).text for w in side} <= listed


def test_no_word_is_listed_for_two_values():
    data = yaml.safe_load(attackers.DEFAULT_FILE.read_text(encoding="utf-8"))
    seen = {}
    for value, items in data["attackers"].items():
        for word in items:
            assert seen.setdefault(fold(word).text, value) == value, f"{word} is {seen[fold(word).text]} and {value}"


def test_an_unknown_value_is_refused(tmp_path):
    path = tmp_path / "attackers.yml"
    path.write_text("attackers:\n  boss: [上司]\n", encoding="utf-8")
    with pytest.raises(attackers.AttackersError, match="boss"):
        attackers.load(path)


# --- the words named ----------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("my boss hit me with metal pipe. my head bleeding", {"other"}),
    ("しゃちょう わたし なぐる いま。ち でてる", {"other"}),
    ("Two residents are fighting in the hallway", {"other"}),
    ("My helper is slapping me", {"other"}),
    ("ヘルパーさんに叩かれています", {"other"}),
    ("ＢＯＳＳ hit me", {"other"}),
    ("知らない男に殴られた。大丈夫じゃない", {"stranger"}),
    ("a stranger grabbed me", {"stranger"}),
    ("兄に殴られて鼻血とまらない", {"family"}),
    ("夫に殴られて血が出ている", {"partner"}),
    ("元夫が玄関の前にいる", {"ex_partner"}),
    ("my ex is outside my door", {"ex_partner"}),
    ("my ex-husband is outside", {"ex_partner"}),
])
def test_the_words_name_who_hurts(text, expected):
    assert attackers.named(text) == expected


@pytest.mark.parametrize("text", [
    "The next time he hits me I will run",  # ex only as a whole word
    "he is an expert at hiding it",
    "大丈夫です",  # not 夫
    "このまま殴られ続ける",  # not ママ
    "",
])
def test_words_inside_other_words_name_no_one(text):
    assert attackers.named(text) == frozenset()


def test_a_couple_counts_as_a_partner():
    """父が母を殴っている: the one who hurts is the partner of the one hurt."""
    assert "partner" in attackers.named("父が母を殴っている")
    assert "partner" in attackers.named("my dad is hitting my mom right now")
    assert "partner" in attackers.named("両親がけんかして物を投げている")


def test_the_writers_own_work_names_no_one_who_hurts():
    assert "other" not in attackers.named("マンションの管理人をしています。住人の女性が殴られたと言っています")
    assert "other" not in attackers.named("I'm a high school teacher. A student told me")
    assert "other" in attackers.named("my teacher hit me")


# --- the correction -----------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("my boss hit me with metal pipe. my head bleeding", "other"),
    ("しゃちょう わたし なぐる いま。ち でてる", "other"),
    ("Two residents are fighting in the hallway", "other"),
    ("My helper is slapping me", "other"),
    ("知らない男に殴られた", "stranger"),
    ("知らない男に殴られた。兄に電話した", "family"),  # family before a stranger
    ("上司に殴られた。母に連絡した", "parent"),  # a parent before anyone else
    ("夫に殴られた", "partner"),
    ("夫と上司に殴られた", "partner"),  # a partner named: the model's guess stands
    ("殴られた、いまも外にいる", "partner"),  # no one named: the model's guess stands
])
def test_a_partner_guess_yields_only_to_someone_named_when_no_partner_is(text, expected):
    assert attackers.corrected("partner", attackers.named(text)) == expected


def test_an_ex_partner_guess_yields_the_same_way():
    assert attackers.corrected("ex_partner", attackers.named("my boss hit me")) == "other"
    assert attackers.corrected("ex_partner", attackers.named("元彼と上司が来た")) == "ex_partner"


@pytest.mark.parametrize("guess", ["family", "stranger", "other", "parent", None])
def test_words_never_make_a_partner(guess):
    assert attackers.corrected(guess, attackers.named("夫に殴られている")) == guess


# --- the route ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "my boss hit me with metal pipe. my head bleeding",
    "しゃちょう わたし なぐる いま。ち でてる",
    "Two residents are fighting in the hallway",
    "My helper is slapping me",
    "知らない男に殴られた、まだ近くにいる",
])
def test_someone_named_who_is_not_a_partner_loses_the_dv_route(text):
    route = route_for(text, "partner")
    assert route.id != "violence_now.partner" and not {"dv_plus", "dv_navi"} & set(route.lines)
    assert route.lines[0] == "police"


@pytest.mark.parametrize("text", ["夫に殴られて血が出ている", "My husband is hitting me now",
                                  "夫と上司に殴られた", "殴られた、いまも外にいる"])
def test_a_partner_named_or_no_one_keeps_the_dv_route(text):
    assert route_for(text, "partner").id == "violence_now.partner"


def test_a_partner_word_adds_no_dv_route_the_model_did_not_read():
    assert route_for("夫に殴られている", "stranger").id == "violence_now"


def test_sexual_violence_by_a_named_boss_loses_the_dv_lines():
    assert route_for("店長に休憩室で無理やりされた", "partner", kind="sexual_violence").id == "sexual_violence"


def test_without_words_the_facts_are_the_models():
    """The evaluation's expected route reads the labels alone: no words, no correction."""
    assert facts_of(assessment("partner")).attacker == "partner"


# --- through the navigator ----------------------------------------------------------------


def _parse(text, attacker, tier="crisis", intent="crisis"):
    return {
        "text": text, "intent": {"name": intent, "confidence": 1.0}, "intent_ranking": [], "entities": [],
        "crisis": {"tier": tier, "kind": "violence_now", "source": "test", "probability": 0.9,
                   "writer": "self", "victim": "self", "attacker": attacker},
    }


@pytest.fixture(scope="module")
def navigator_and_domain():
    from bot.assembly import default_navigator
    from tests.crisis.test_crisis_replies import ROOT

    return default_navigator(), yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_navigator_gives_a_boss_no_dv_lines(navigator_and_domain):
    navigator, domain = navigator_and_domain
    result = navigator.answer(_parse("my boss hit me with metal pipe. my head bleeding", "partner"), {}, domain).payload
    assert result["crisis_route"] == "violence_now"
    numbers = [line["number"] for line in result["emergency"]]
    assert numbers[0] == "110" and not DV_NUMBERS & set(numbers)


def test_the_navigator_keeps_the_dv_lines_for_a_husband(navigator_and_domain):
    navigator, domain = navigator_and_domain
    result = navigator.answer(_parse("夫に殴られて血が出ている", "partner"), {}, domain).payload
    assert result["crisis_route"] == "violence_now.partner"
    assert DV_NUMBERS <= {line["number"] for line in result["emergency"]}


def test_the_possible_risk_line_for_a_boss_is_not_the_dv_line(navigator_and_domain):
    navigator, domain = navigator_and_domain
    message = _parse("上司に前に殴られたことがある。今は大丈夫", "partner", tier="possible", intent="dv")
    message["intent_ranking"] = [{"name": "dv", "confidence": 0.9}]
    lines = navigator.answer(message, {}, domain).payload["possible_risk"]["lines"]
    assert [line["number"] for line in lines] == ["0120-279-338"]  # よりそいホットライン, not DV相談+
