"""The catalogue holds what the plan holds: its tables' rows, names and departments."""
from collections import Counter
from pathlib import Path

import pytest

from bot.catalogue import Catalogue
from tests.catalogue import plan_text

SERVICES = Path(__file__).resolve().parents[2] / "data" / "services"


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue.from_directory(SERVICES)


def test_the_plan_has_seventeen_measures_with_tables():
    assert len(plan_text.table_tokens()) == 17


def test_rows_per_measure_match_the_plan(catalogue):
    in_catalogue = Counter((j.goal, j.measure) for j in catalogue.jigyo.values())
    assert dict(in_catalogue) == plan_text.row_counts()


def test_every_department_of_the_tables_is_known(catalogue):
    assert plan_text.department_names() <= set(catalogue.departments)


def test_every_known_department_is_used_by_some_row(catalogue):
    used = {d for j in catalogue.jigyo.values() for d in j.departments}
    assert set(catalogue.departments) == used


# (plan place, 事業 name as the plan writes it, its 担当課): at least one per 基本目標.
SAMPLE = [
    ("基本目標1 (1) ①", "学校教育における奉仕体験活動の推進", ("地域共生課", "教育指導課")),
    ("基本目標1 (1) ③", "子どもの権利擁護のための啓発と広報の実施", ("子育て支援課",)),
    ("基本目標1 (2) ①", "生活支援コーディネーターによる、地域活動の場の把握", ("高齢者支援課",)),
    ("基本目標1 (3) ①", "音訳ボランティアの養成", ("図書館",)),
    ("基本目標2 (1) ①", "地域福祉に係る寄附や募金等の意義等の周知", ("地域共生課",)),
    ("基本目標2 (2) ②", "地域の子育て世帯に遊びや交流の場の提供",
     ("幼児教育・保育課", "児童青少年課", "子ども家庭支援センター")),
    ("基本目標2 (2) ③", "住吉会館ルピナスの学習スペース、交流スペースの地域開放", ("子ども家庭支援センター",)),
    ("基本目標2 (3) ②", "地域生活支援拠点等整備事業、ペアレントメンター事業の推進", ("障害福祉課",)),
    ("基本目標3 (1) ①", "地域福祉コーディネーターとほっとネット推進員との連携", ("地域共生課",)),
    ("基本目標3 (1) ②", "子ども家庭支援センターのどかでの相談支援の充実", ("子ども家庭支援センター",)),
    ("基本目標3 (2) ①", "男女平等推進センターパリテの相談支援", ("協働コミュニティ課",)),
    ("基本目標3 (2) ⑤", "より高度な専門的知識が必要な障害への対応", ("障害福祉課",)),
    ("基本目標3 (2) ⑥", "当事者・家族への相談支援体制の充実", ("関係各課",)),
    ("基本目標3 (3) ①", "権利擁護センターあんしん西東京での相談支援", ("地域共生課",)),
    ("基本目標4 (1) ②", "市報等での情報提供（図書館でのサービス含む）", ("秘書広報課", "図書館")),
    ("基本目標4 (2) ②", "児童発達支援センターひいらぎにおける発達に係る相談の実施", ("健康課",)),
    ("基本目標4 (2) ②", "女性相談の実施", ("協働コミュニティ課",)),
    ("基本目標4 (3) ②", "保健福祉サービス苦情調整委員会による調整", ("地域共生課",)),
    ("基本目標4 (3) ④", "介護事業と障害福祉サービス事業の連携の推進（共生型サービスの整備・普及）",
     ("高齢者支援課", "障害福祉課")),
    ("基本目標5 (1) ②", "災害時要援護者の登録", ("危機管理課", "高齢者支援課", "障害福祉課")),
    ("基本目標5 (2) ②", "危機管理課、教育委員会等からの不審者情報の発信",
     ("危機管理課", "幼児教育・保育課", "児童青少年課", "教育指導課")),
    ("基本目標5 (2) ③", "消費生活相談事業の充実", ("協働コミュニティ課",)),
    ("基本目標6 (1) ②", "新設道路におけるユニバーサルデザインへの配慮", ("道路課",)),
    ("基本目標6 (2) ②", "コミュニティバス運行事業", ("交通課",)),
    ("基本目標6 (3) ④", "ハローワーク及び東京しごとセンターと連携した就労情報の提供", ("産業振興課",)),
]


@pytest.mark.parametrize("plan_ref, name, departments", SAMPLE)
def test_sample_rows_are_in_the_plan_and_the_catalogue(catalogue, plan_ref, name, departments):
    assert name in plan_text.flat_text()  # the sample itself is the plan's wording
    found = [j for j in catalogue.jigyo.values() if j.name == name and not j.is_repeat]
    assert len(found) == 1
    assert found[0].plan_ref == plan_ref
    assert found[0].departments == departments


def test_sample_spans_every_goal():
    assert {ref.split()[0] for ref, _, _ in SAMPLE} == {f"基本目標{n}" for n in range(1, 7)}


def test_every_row_name_is_the_plans_wording(catalogue):
    text = plan_text.flat_text()
    assert [j.id for j in catalogue.jigyo.values() if j.name not in text] == []


def test_repeat_rows_are_marked_in_the_plan_and_point_to_an_original(catalogue):
    text = plan_text.flat_text()
    repeats = [j for j in catalogue.jigyo.values() if j.is_repeat]
    assert len(repeats) == text.count("（再掲）")
    for row in repeats:
        original = catalogue.jigyo[row.repeat_of]
        assert not original.is_repeat
        assert original.departments == row.departments
        assert row.concerns == original.concerns


def test_goal_and_measure_titles_are_the_plans(catalogue):
    text = plan_text.flat_text()
    for row in catalogue.jigyo.values():
        assert f"基本目標{row.goal}".translate(str.maketrans("123456", "１２３４５６")) + row.goal_title in text
        assert row.measure_title in text and row.group_title in text
