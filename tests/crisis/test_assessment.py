"""The two tiers: patterns, the crisis model's probability and the concern, combined.

The model's scores are given here (CrisisScores), so each rule of
bot/crisis/assessment.py is pinned on its own; the project's patterns and
guards are the real ones.
"""
from __future__ import annotations

import pytest

from bot.crisis import rules as crisis_rules
from bot.crisis.assessment import CrisisAssessment, CrisisAssessor, Tiers
from bot.crisis.detector import CrisisDetector
from bot.crisis.model import CrisisScores

TIERS = Tiers(crisis_at=0.85, crisis_with_context_at=0.5, context_at=0.5, possible_at=0.35)


@pytest.fixture(scope="module")
def assessor():
    return CrisisAssessor(CrisisDetector(crisis_rules.load()), TIERS)


def scores(p, kind="suicide", **roles):
    return CrisisScores(probability=p, kind=kind, kinds={kind: p}, **roles)


def test_a_pattern_is_a_crisis_whatever_the_model_says(assessor):
    verdict = assessor.assess("死にたい", scores=scores(0.01))
    assert verdict.tier == "crisis" and verdict.source == "pattern:suicide.wish_to_die"


def test_the_model_alone_when_sure(assessor):
    verdict = assessor.assess("長い間お世話になりました。猫のことよろしくね", scores=scores(0.9))
    assert (verdict.tier, verdict.source) == ("crisis", "model")


def test_the_model_less_sure_needs_a_concern_near_a_crisis(assessor):
    text = "もう家に帰りたくない"
    assert assessor.assess(text, scores=scores(0.6, "child_danger")).tier == "possible"
    ranked = [{"name": "abuse", "confidence": 0.7}]
    verdict = assessor.assess(text, ranked, scores=scores(0.6, "child_danger"))
    assert (verdict.tier, verdict.source) == ("crisis", "model+concern:abuse")


def test_the_model_less_sure_with_an_urgency_cue(assessor):
    verdict = assessor.assess("たすけて、家に入れない", scores=scores(0.6, "child_danger"))
    assert (verdict.tier, verdict.source) == ("crisis", "model+cue")


def test_some_risk_is_the_possible_tier_and_no_risk_is_nothing(assessor):
    assert assessor.assess("最近よく眠れない", scores=scores(0.4)).tier == "possible"
    assert assessor.assess("最近よく眠れない", scores=scores(0.2)) is None


def test_a_tired_carer_is_never_a_crisis_on_the_model_alone(assessor):
    verdict = assessor.assess("介護で毎日眠れません。ショートステイを探しています", scores=scores(0.95, "carer_fear"))
    assert verdict.tier == "possible" and verdict.kind == "carer_fear"


def test_a_carer_the_model_is_all_but_sure_of_is_a_crisis_without_a_cue():
    sure = CrisisAssessor(CrisisDetector(crisis_rules.load()),
                          Tiers(crisis_at=0.85, possible_at=0.35, model_possible_only_unless=0.95))
    text = "夫の世話をして十年。今夜は夫を連れて遠くへ出かけようと思っています"
    assert (sure.assess(text, scores=scores(0.97, "carer_fear")).tier,
            sure.assess(text, scores=scores(0.97, "carer_fear")).source) == ("crisis", "model")
    assert sure.assess(text, scores=scores(0.9, "carer_fear")).tier == "possible"


def test_a_carer_the_model_reads_as_afraid_who_says_the_fear_is_a_crisis(assessor):
    verdict = assessor.assess("母の介護で眠れない。自分が怖い", scores=scores(0.9, "carer_fear"))
    assert (verdict.tier, verdict.source) == ("crisis", "model+cue")


def test_a_carers_fear_said_in_words_is_a_crisis(assessor):
    verdict = assessor.assess("認知症の母の介護に疲れた。次は止められないかもしれない",
                              scores=scores(0.3, "carer_fear"))
    assert verdict.tier == "crisis" and verdict.kind == "carer_fear"


@pytest.mark.parametrize(
    "text",
    [
        "10年前に自殺未遂をしたことがあります。今は通院も終わって、落ち着いて働いています。",
        "兄が自殺して今年で5年になります。遺族の集まりを探しています",
        "My dad died by suicide when I was a kid. I'm doing okay now but want a support group.",
        "夫婦げんかで「殺すぞ」って言い合いになりました。もう仲直りしました",
        # tenth pass: the forms the sixteenth sealed set's false alarms took, reworded
        "学生の頃に市販薬をたくさん飲んで入院したことがあります。それから15年、一度もありません。今日は父の介護保険について伺いたいです",
        "三年か前、父の介護で追い詰められて一緒に死のうかと考えた晩がありました。今は訪問介護を使えて、なんとかやれています",
        "前に一度、息子に手をあげそうになって電話したことがあります。今はだいぶ落ち着いています。子育ての講座はありますか",
        "妻の介護が始まった頃は、叩いてしまいそうな日もありました。今はヘルパーさんに来てもらい、気持ちに余裕ができました",
        "祖父は口癖で「はよ死にたいわ」と言いますが、別に本気じゃありません。デイサービスは楽しんでいます",
        "部活で「しね」と冗談で言い合うのがはやっていて困っています。指導の研修はありますか",
        "A general question: if I ever heard a child being beaten next door, who should I call? "
        "Nothing is happening now.",
    ],
    ids=["past-attempt", "bereaved", "bereaved-en", "quoted-quarrel", "asked-today-not-danger-today",
         "some-years-ago-services-now", "once-before", "room-to-breathe-now", "not-meant", "joke-at-school",
         "asking-in-advance-en"],
)
def test_a_past_resolved_or_bereaved_story_gets_a_calm_line_not_the_alarm(assessor, text):
    verdict = assessor.assess(text, scores=scores(0.95))
    assert verdict is not None and verdict.tier == "possible", verdict


def test_the_same_story_with_danger_now_is_a_crisis(assessor):
    text = "10年前に自殺未遂をしたことがあります。今は通院も終わっていましたが、今夜また死にたい"
    assert assessor.assess(text, scores=scores(0.95)).tier == "crisis"
    # 今日 as danger today, not as the reason for writing today
    today = "学生の頃に薬をたくさん飲んだことがあります。今日、また全部飲みました"
    assert assessor.assess(today, scores=scores(0.95)).tier == "crisis"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("mou tsukareta. shakkin kaesenai. konya de owari ni suru. minna gomen", "suicide"),
        ("suiminyaku zenbu nonda. nemui", "self_harm"),
        ("my stepdad shut me in the bathroom and turned the light off. im scared", "child_danger"),
        ("my mom hasn't come home for 3 days and there is nothing to eat. im 8", "child_danger"),
        ("my friend sent 'this is my last message, forgive me' and now his phone is off", "suicide"),
    ],
)
def test_romaji_and_a_childs_english_are_read_by_the_patterns(assessor, text, kind):
    verdict = assessor.assess(text, scores=scores(0.1))
    assert verdict is not None and verdict.tier == "crisis" and verdict.kind == kind, verdict


@pytest.mark.parametrize(
    "text",
    ["kyou de baito owari ni suru. arigatou minna",
     "today is my last day at the office, forgive me for my mistakes. I can't find my badge",
     "when i was a kid my dad locked me in the closet. i'm still scared of the dark"],
)
def test_their_everyday_lookalikes_are_not(assessor, text):
    verdict = assessor.assess(text, scores=scores(0.1))
    assert verdict is None or verdict.tier != "crisis", verdict


def test_a_pattern_within_family_takes_the_models_finer_kind(assessor):
    self_harm = CrisisScores(probability=0.9, kind="self_harm", kinds={"suicide": 0.1, "self_harm": 0.8})
    assert assessor.assess("リスカした、血が止まらない", scores=self_harm).kind == "self_harm"


def test_no_model_the_patterns_and_the_old_rule_still_work(assessor):
    assert assessor.assess("死にたい").tier == "crisis"
    ranked = [{"name": "dv", "confidence": 0.9}]
    verdict = assessor.assess("夫が怖い。今すぐ助けて", ranked)
    assert verdict is not None and verdict.tier == "crisis"


def test_the_verdict_round_trips_as_the_parse_data_carries_it():
    verdict = CrisisAssessment(tier="possible", kind="suicide", source="model", probability=0.41234,
                               writer="child")
    assert CrisisAssessment.from_dict(verdict.as_dict()) == CrisisAssessment(
        tier="possible", kind="suicide", source="model", probability=0.4123, writer="child"
    )
    assert CrisisAssessment.from_dict({"tier": "maybe", "kind": "x"}) is None


def test_the_thresholds_are_read_from_model_combination_yml():
    tiers = Tiers.from_dict(crisis_rules.load().tiers)
    assert 0 < tiers.possible_at <= tiers.crisis_with_context_at < tiers.crisis_at <= 1
    assert tiers.model_possible_only_unless is None or tiers.crisis_at < tiers.model_possible_only_unless <= 1
