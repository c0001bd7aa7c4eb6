"""The crisis model: training, its files, reading a long message by windows."""
from __future__ import annotations

import pytest
import yaml

from bot.crisis import model as crisis_model
from bot.crisis.kinds import kinds as declared_kinds
from bot.crisis.model import NONE, CrisisDataError, CrisisModel, Example, calm_examples, windows

CALM = [
    "家賃が払えなくて困っています", "子どもの預け先を探しています", "母の介護の相談をしたい",
    "仕事を探しています", "ボランティアをしてみたい", "バスの時刻表を知りたい",
    "近所の人と話す場所がほしい", "詐欺の電話がかかってきた", "日本語教室はありますか",
    "障害者手帳の申請をしたい", "引っ越し先が見つからない", "生活費が足りない",
]


@pytest.fixture(scope="module")
def trained():
    examples = crisis_model.load_examples() + [Example(text=t, kind=NONE) for t in CALM * 3]
    return CrisisModel.fit(examples)


def test_the_projects_training_data_teaches_every_kind_and_every_role(trained):
    kinds = {e.kind for e in crisis_model.load_examples()}
    assert set(declared_kinds()) | {NONE} == kinds
    assert trained.score("もう生きていたくない。今夜終わりにします").probability > 0.5
    assert trained.score("家賃が払えなくて困っています").probability < 0.5


def test_roles_are_labels_of_the_training_files(trained):
    scores = trained.score("おとうさんが ぼくを なぐる。いえに かえりたくない")
    assert scores.writer in crisis_model.ROLES["writer"]
    assert scores.victim in crisis_model.ROLES["victim"]
    assert scores.attacker in crisis_model.ROLES["attacker"]


def test_save_and_load_give_the_same_scores_without_pickle(trained, tmp_path):
    trained.save(tmp_path)
    assert not list(tmp_path.glob("*.pkl"))
    loaded = CrisisModel.load(tmp_path)
    for text in ["死にたい", "Bought a rope today.", "子育ての相談"]:
        assert loaded.score(text).as_dict() == trained.score(text).as_dict()


def test_a_long_message_is_read_by_windows_so_a_last_sentence_counts(trained):
    story = "生活費と家賃のことで相談したいです。" * 150
    assert len(story) > 2000
    alone = trained.score(story).probability
    ended = trained.score(story + "今までありがとう。今夜で全部終わりにします。").probability
    assert ended > alone + 0.3


def test_windows_are_the_whole_each_sentence_and_pairs():
    assert windows("ひとつ") == ["ひとつ"]
    parts = windows("一。二。三。")
    assert parts[0] == "一。二。三。" and "二。" in parts and "一。二。" in parts and "二。三。" in parts


def test_the_nlu_examples_near_a_crisis_are_never_taken_as_calm():
    pairs = [("夫に殴られる", "dv"), ("家賃が払えない", "poverty"), ("眠れない", "mental_health"),
             ("DVと住まい", "dv+housing"), ("死にたい", "crisis")]
    assert [e.text for e in calm_examples(pairs, ["dv", "abuse", "mental_health"])] == ["家賃が払えない"]


@pytest.mark.parametrize(
    "case, message",
    [
        ({"text": "", "tier": "crisis", "kind": "suicide"}, "needs a non-empty `text`"),
        ({"text": "x", "tier": "urgent"}, "tier must be one of"),
        ({"text": "x", "tier": "crisis", "kind": "fire"}, "kind must be one of"),
        ({"text": "x", "tier": "crisis", "kind": "suicide", "writer": "cat"}, "writer must be one of"),
    ],
)
def test_a_malformed_case_is_refused_with_file_and_number(tmp_path, case, message):
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump({"cases": [{"text": "ok", "tier": "calm"}, case]}, allow_unicode=True),
                    encoding="utf-8")
    with pytest.raises(CrisisDataError, match=rf"bad\.yml: case 2: {message}"):
        crisis_model.load_file(path)
