"""Person facts: ages and grades, who is affected, the age attached to that person."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot import person
from bot.person import PersonFactsError, extract, kanji_number

ROOT = Path(__file__).resolve().parents[2]

AGE_CASES = [
    # text, age_text, age, age_group
    ("15歳です", "15歳", 15, "elementary_junior"),
    ("１５さい", "１５さい", 15, "elementary_junior"),
    ("16歳の娘", "16歳", 16, "high_school"),
    ("中2です", "中2", 14, "elementary_junior"),
    ("中学2年の息子", "中学2年", 14, "elementary_junior"),
    ("中学３年生", "中学３年生", 15, "elementary_junior"),
    ("高校生です", "高校生", None, "high_school"),
    ("高3の娘", "高3", 18, "high_school"),
    ("高校1年生", "高校1年生", 16, "high_school"),
    ("小学生の子ども", "小学生", None, "elementary_junior"),
    ("小5", "小5", 11, "elementary_junior"),
    ("50代の兄", "50代", 55, "adult"),
    ("60代", "60代", 65, "senior"),
    ("80歳の母", "80歳", 80, "senior"),
    ("八十歳の父", "八十歳", 80, "senior"),
    ("十五歳", "十五歳", 15, "elementary_junior"),
    ("19歳以上", "19歳以上", 19, "adult"),
    ("18歳", "18歳", 18, "high_school"),
    ("64歳", "64歳", 64, "adult"),
    ("65歳", "65歳", 65, "senior"),
    ("大人です", "大人", None, "adult"),
    ("未成年です", "未成年", None, "high_school"),
    ("my son is 15", "15", 15, "elementary_junior"),
    ("she is 17 years old", "17 years old", 17, "high_school"),
    ("今日は途中3回休んだ", None, None, None),
    ("生活費が足りない", None, None, None),
    # a university student is grown up; 30過ぎ is over thirty
    ("大学2年です。バイトがきつい", "大学2年", 20, "adult"),
    ("30過ぎて実家にいる", "30過ぎ", 32, "adult"),
    # an age that is not the present one: a past time, a workplace
    ("大学2年です。高校のときから時々やってた", "大学2年", 20, "adult"),
    ("20代のころ、一度薬をたくさん飲んだ", None, None, None),
    ("中学校の部活顧問です。部員のことで", None, None, None),
    ("小学校の養護教諭です", None, None, None),
    ("中学時代にいじめられていた", None, None, None),
]


@pytest.mark.parametrize("text, age_text, age, group", AGE_CASES)
def test_ages(text, age_text, age, group):
    facts = extract(text)
    assert (facts.age_text, facts.age, facts.age_group) == (age_text, age, group)


AFFECTED_CASES = [
    # text, affected, on_behalf
    ("息子が不登校です", "child", True),
    ("娘のことで相談したい", "child", True),
    ("うちの子がいじめられている", "child", True),
    ("子どもが泣き止まない", "child", True),
    ("夫に殴られる", "self", False),  # the writer is harmed; 夫 harms
    ("妻が家を出て行った", "partner", True),
    ("旦那がお金をくれない", "partner", True),
    ("彼氏に束縛される", "self", False),
    ("元夫につきまとわれている", "self", False),
    ("パートナーの暴言がつらい", "partner", True),
    ("母の介護で疲れた", "parent", True),
    ("父が認知症かもしれない", "parent", True),
    ("親がお金を使い込む", "parent", True),
    ("おふくろが心配", "parent", True),
    ("兄がひきこもっている", "sibling", True),
    ("弟の借金", "sibling", True),
    ("姉が心配", "sibling", True),
    ("妹の面倒を見ている", "sibling", True),
    ("祖母の物忘れがひどい", "elderly", True),
    ("おばあちゃんが一人暮らし", "elderly", True),
    ("近所のお年寄りが心配", "elderly", True),
    ("高齢の母が詐欺にあった", "elderly", True),
    ("障害のある息子の将来", "disabled", True),
    ("隣の人がゴミを溜めている", "neighbour", True),
    ("近所の人が怒鳴っている", "neighbour", True),
    ("私が失業した", "self", False),
    ("自分のことです", "self", False),
    ("本人が相談したい", "self", False),
    ("私の息子がひきこもり", "child", True),
    ("子ども食堂に行きたい", None, False),
    ("子育てサロンに参加したい", None, False),
    ("親切な人を探したい", None, False),
    ("my husband hits me", "partner", True),
    ("my mother has dementia", "parent", True),
]


AFFECTED_CASES += [
    # a child someone saw, named by age or as a girl / boy; a writer who says she is a girl
    ("公園で5歳くらいの子がずっと一人でいる", "child", True),
    ("小学生くらいの女の子が車に乗せられそう", "child", True),
    ("私は女の子です。中2です", "self", False),
]


@pytest.mark.parametrize("text, affected, on_behalf", AFFECTED_CASES)
def test_affected(text, affected, on_behalf):
    facts = extract(text)
    assert (facts.affected, facts.on_behalf) == (affected, on_behalf)


@pytest.mark.parametrize(
    "text, affected, age, group",
    [
        ("80歳の母が一人で暮らしている", "parent", 80, "senior"),
        ("50代の兄と80代の母", "sibling", 55, "adult"),  # the first person named
        ("中2の息子が学校に行かない", "child", 14, "elementary_junior"),
        ("私は40歳で、17歳の娘がいる", "child", 17, "high_school"),
        ("おじいちゃんが心配", "elderly", None, "senior"),
    ],
)
def test_age_is_the_affected_persons(text, affected, age, group):
    facts = extract(text)
    assert (facts.affected, facts.age, facts.age_group) == (affected, age, group)


def test_spans_point_into_the_original_text():
    text = "うちの８０歳の母のことです"
    facts = extract(text)
    by_entity = {s.entity: s for s in facts.spans}
    assert text[by_entity["age"].start : by_entity["age"].end] == "８０歳"
    assert by_entity["age"].value == "８０歳"
    assert text[by_entity["affected"].start : by_entity["affected"].end] == "母"
    assert by_entity["affected"].value == "parent"


@pytest.mark.parametrize(
    "text, group",
    [("15歳", "elementary_junior"), ("高3", "high_school"), ("30歳", "adult"), ("70歳", "senior"),
     ("こんにちは", None)],
)
def test_age_group(text, group):
    assert person.age_group(text) == group


@pytest.mark.parametrize("text, number",
                         [("15", 15), ("十五", 15), ("八十", 80), ("二十一", 21), ("百", 100), ("x", None)])
def test_kanji_number(text, number):
    assert kanji_number(text) == number


def test_bad_formula_names_the_file_and_pattern(tmp_path):
    data = yaml.safe_load((ROOT / "data" / "person_facts.yml").read_text(encoding="utf-8"))
    data["ages"][0]["age"] = "n/2"
    path = tmp_path / "person_facts.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PersonFactsError, match=r"person_facts\.yml: ages years"):
        person.load(path)


def test_empty_text_has_no_facts():
    assert extract("") == person.PersonFacts()
