"""The staff explanation of a navigator.result: made-up payloads, then the real navigator's."""
from pathlib import Path

import pytest
import yaml

from bot.navigator_result import NavigatorResult
from bot.staff import STAFF_MARKER, explain, explain_lines

ROOT = Path(__file__).parents[2]
LABELS = {"dv": "DV", "housing": "住まい", "mental_health": "こころの悩み"}


def result(**changes):
    """A navigator.result as the navigator sends it; no risk, no windows unless changed."""
    return NavigatorResult(**changes).to_dict()


def window(id_, name, departments, reasons):
    return {"id": id_, "name": name, "departments": departments, "what": "…", "reasons": reasons,
            "for_concerns": ["dv"]}


DV_WITH_HOUSING = result(
    concerns=["dv", "housing"], concern_scores={"dv": 0.9134, "housing": 0.52},
    person={"age_group": "adult", "affected": "self", "on_behalf": False},
    windows=[window("parite", "パリテ", ["協働コミュニティ課"], ["concern: dv"]),
             window("jutaku", "住宅相談", ["住宅課", "生活福祉課"], ["concern: housing", "age group adult fits"])],
)
SUICIDE = result(
    concerns=["mental_health"], concern_scores={"mental_health": 0.7}, crisis=True, crisis_kind="suicide",
    risk="crisis", risk_kind="suicide", crisis_route="suicide", crisis_source="pattern:suicide.no_reason_to_live",
)
POSSIBLE = result(risk="possible", risk_kind="suicide", crisis_source="model")
ANSWER_TO_THE_QUESTION = result(concerns=["housing"], person={"age_group": "senior", "affected": "parent",
                                                              "on_behalf": True})


def test_concerns_windows_facts_and_language():
    found = explain(DV_WITH_HOUSING, labels=LABELS)
    assert found == {
        "concerns": [{"id": "dv", "label": "DV", "score": 0.913}, {"id": "housing", "label": "住まい", "score": 0.52}],
        "crisis": None,
        "facts": {"age_group": "adult", "affected": "self", "on_behalf": False},
        "windows": [
            {"id": "parite", "name": "パリテ", "department": "協働コミュニティ課", "reasons": ["concern: dv"]},
            {"id": "jutaku", "name": "住宅相談", "department": "住宅課・生活福祉課",
             "reasons": ["concern: housing", "age group adult fits"]},
        ],
        "language": "ja",
    }


@pytest.mark.parametrize("payload, crisis", [
    (SUICIDE, {"tier": "crisis", "kind": "suicide", "source": "pattern:suicide.no_reason_to_live", "route": "suicide"}),
    # A possible risk has no crisis_kind and no route: its kind is risk_kind.
    (POSSIBLE, {"tier": "possible", "kind": "suicide", "source": "model", "route": None}),
    (result(), None),
])
def test_the_crisis_and_what_set_it(payload, crisis):
    assert explain(payload, labels=LABELS)["crisis"] == crisis


@pytest.mark.parametrize("lang, easy, language", [("ja", False, "ja"), ("ja", True, "easy"), ("en", False, "en")])
def test_the_language(lang, easy, language):
    assert explain(result(lang=lang, easy_japanese=easy), labels=LABELS)["language"] == language


def test_a_concern_from_an_earlier_turn_has_no_score():
    assert explain(ANSWER_TO_THE_QUESTION, labels=LABELS)["concerns"] == [
        {"id": "housing", "label": "住まい", "score": None}]


def test_a_payload_without_the_staff_keys_is_still_explained():
    old = {k: v for k, v in SUICIDE.items() if k not in ("concern_scores", "risk_kind")}
    found = explain(old, labels=LABELS)
    assert found["concerns"][0]["score"] is None and found["crisis"]["kind"] == "suicide"
    assert explain_lines(old, labels=LABELS)[0] == "[職員用] 相談: こころの悩み[mental_health] スコアなし｜言語: ja"


def test_the_labels_are_those_of_the_catalogue():
    concerns = yaml.safe_load((ROOT / "data/services/concerns.yml").read_text(encoding="utf-8"))["concerns"]
    found = explain(result(concerns=[c["id"] for c in concerns]))
    assert [c["label"] for c in found["concerns"]] == [c["ja"] for c in concerns]


LINES = [
    (DV_WITH_HOUSING, [
        "[職員用] 相談: DV[dv] 0.91、住まい[housing] 0.52｜言語: ja",
        "[職員用] 危機: なし",
        "[職員用] 本人: age_group=adult、affected=self",
        "[職員用] 窓口1: パリテ（協働コミュニティ課） ← concern: dv",
        "[職員用] 窓口2: 住宅相談（住宅課・生活福祉課） ← concern: housing; age group adult fits",
    ]),
    (SUICIDE, [
        "[職員用] 相談: こころの悩み[mental_health] 0.70｜言語: ja",
        "[職員用] 危機: crisis・suicide（根拠 pattern:suicide.no_reason_to_live、経路 suicide）",
        "[職員用] 本人: なし",
        "[職員用] 窓口: なし",
    ]),
    (POSSIBLE, [
        "[職員用] 相談: なし（該当なし・対象外）｜言語: ja",
        "[職員用] 危機: possible・suicide（根拠 model）",
        "[職員用] 本人: なし",
        "[職員用] 窓口: なし",
    ]),
    (ANSWER_TO_THE_QUESTION, [
        "[職員用] 相談: 住まい[housing] 前の回答から｜言語: ja",
        "[職員用] 危機: なし",
        "[職員用] 本人: age_group=senior、affected=parent、on_behalf=True",
        "[職員用] 窓口: なし",
    ]),
]


@pytest.mark.parametrize("payload, lines", LINES)
def test_the_shell_lines(payload, lines):
    assert explain_lines(payload, labels=LABELS) == lines
    assert all(line.startswith(STAFF_MARKER) and "\n" not in line for line in lines)


@pytest.fixture(scope="module")
def navigator_and_domain():
    from bot.assembly import default_navigator

    return default_navigator(), yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_real_payload_carries_what_staff_see(navigator_and_domain):
    navigator, domain = navigator_and_domain
    parse = {
        "text": "夫に毎日怒鳴られて財布も取り上げられている",
        "intent": {"name": "dv", "confidence": 0.8},
        "intent_ranking": [{"name": "dv", "confidence": 0.8}, {"name": "poverty", "confidence": 0.1}],
        "entities": [],
        "concern_scores": {"dv": 0.95, "poverty": 0.2},
    }
    payload = navigator.answer(parse, {}, domain).payload
    found = explain(payload)
    assert [(c["id"], c["score"]) for c in found["concerns"]] == [("dv", 0.905)]  # 0.3 × 0.8 + 0.7 × 0.95
    assert found["windows"] and all(w["name"] and w["department"] and w["reasons"] for w in found["windows"])
    assert found["crisis"] is None and found["language"] == "ja"
    assert len(explain_lines(payload)) == 3 + len(found["windows"])


def test_a_real_crisis_names_its_source_and_route(navigator_and_domain):
    navigator, domain = navigator_and_domain
    parse = {
        "text": "もう死にたい", "intent": {"name": "crisis", "confidence": 1.0},
        "intent_ranking": [{"name": "mental_health", "confidence": 0.9}], "entities": [],
        "crisis": {"tier": "crisis", "kind": "suicide", "source": "pattern:suicide.test", "probability": 0.9},
    }
    crisis = explain(navigator.answer(parse, {}, domain).payload)["crisis"]
    assert crisis["tier"] == "crisis" and crisis["kind"] == "suicide"
    assert crisis["source"] == "pattern:suicide.test" and crisis["route"]
