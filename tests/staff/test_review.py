"""bot/staff/review.py: label → YAML in the reviewed directory, out of the queue; expiry; test sentences refused."""
import time

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.nlu.training_data.loading import load_data

from bot.staff import review, tables
from bot.staff.review import ReviewError, ReviewQueue


def queue_item(engine, sender, text, at=None):
    tables.create(engine)
    with engine.begin() as db:
        return db.execute(tables.review_queue.insert().values(
            sender_id=sender, text=text, reason="fallback", intent="nlu_fallback", score=0.2, lang="ja",
            created_at=at or time.time())).inserted_primary_key[0]


def conversation(engine, sender, at=None):
    events = SQLTrackerStore.SQLEvent.__table__
    SQLTrackerStore.Base.metadata.create_all(engine, tables=[events])
    with engine.begin() as db:
        db.execute(events.insert().values(sender_id=sender, type_name="user", timestamp=at or time.time(),
                                          intent_name=None, action_name=None, data="{}"))


@pytest.fixture
def queue(engine, tmp_path):
    return ReviewQueue(engine, tmp_path / "reviewed", ["dv", "housing"],
                       evaluation=frozenset({review.key("テストの文です")}))


def test_a_labelled_item_is_written_as_training_data_and_leaves_the_queue(engine, queue, tmp_path):
    conversation(engine, "a")
    first = queue_item(engine, "a", "家を追い出されそう\n［電話番号］に連絡して")
    second = queue_item(engine, "a", "今日はいい天気")
    assert [i.id for i in queue.items()] == [first, second]
    assert queue.label(first, "housing") == {"outcome": "written", "intent": "housing", "file": "housing.yml"}
    assert queue.label(second, "not_a_concern")["intent"] == "out_of_scope"
    assert queue.items() == []
    data = yaml.safe_load((tmp_path / "reviewed" / "housing.yml").read_text(encoding="utf-8"))
    assert data["nlu"][0]["examples"] == "- 家を追い出されそう ［電話番号］に連絡して\n"
    loaded = load_data(str(tmp_path / "reviewed"))  # Rasa reads the files as NLU data
    assert {(m.get("text"), m.get("intent")) for m in loaded.intent_examples} == {
        ("家を追い出されそう ［電話番号］に連絡して", "housing"), ("今日はいい天気", "out_of_scope")}


def test_a_second_example_of_the_same_concern_is_appended(engine, queue, tmp_path):
    conversation(engine, "a")
    for text in ("ひとつめの文", "ふたつめの文", "ひとつめの文"):
        queue.label(queue_item(engine, "a", text), "dv")
    data = yaml.safe_load((tmp_path / "reviewed" / "dv.yml").read_text(encoding="utf-8"))
    assert data["nlu"][0]["examples"] == "- ひとつめの文\n- ふたつめの文\n"


def test_a_test_sentence_is_never_written(engine, queue, tmp_path):
    conversation(engine, "a")
    item = queue_item(engine, "a", "テストの 文です。")
    assert queue.label(item, "dv")["outcome"] == "refused_test_sentence"
    assert not (tmp_path / "reviewed" / "dv.yml").exists() and queue.items() == []


@pytest.mark.parametrize("label", ["", "crisis", "../etc/passwd", "out_of_scope"])
def test_only_concerns_and_not_a_concern_are_labels(engine, queue, label):
    conversation(engine, "a")
    with pytest.raises(ReviewError):
        queue.label(queue_item(engine, "a", "何か"), label)


def test_an_unknown_item_is_an_error(queue):
    with pytest.raises(ReviewError):
        queue.label(999, "dv")


def test_items_go_with_their_conversation_or_after_the_retention(engine, queue):
    conversation(engine, "kept")
    kept = queue_item(engine, "kept", "残る")
    queue_item(engine, "forgotten", "会話が消された")
    queue_item(engine, "kept", "古い", at=time.time() - 31 * 86400)
    assert [i.id for i in queue.items()] == [kept]
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(tables.review_queue)).scalar() == 1


def test_the_evaluation_sentences_are_read_from_nlu_and_crisis_sets():
    keys = review.evaluation_keys()
    assert len(keys) > 1000
    assert review.key("夫に毎日怒鳴られて財布も取り上げられている") in keys  # tests/nlu/test_set.yml
    assert review.key("もう無理　いまから飛び降りる") in keys  # a sealed crisis set
