"""The per-concern scorer: one yes/no per intent part, saved without pickle, in the parse data."""
from __future__ import annotations

import json

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.concerns import SCORES_KEY, SENTENCE_SCORES_KEY
from bot.nlu.concern_scorer import ConcernScorer
from bot.nlu.concern_scores import ConcernScores

EXAMPLES = {
    "guardianship": [
        "認知症の母の通帳の管理を誰かに頼みたい",
        "成年後見の申立てについて知りたい",
        "父がお金の管理をできなくなった",
        "後見人になるにはどうすればいいですか",
        "祖母の預金を誰が管理するかでもめている",
        "物忘れのある叔母の財産を守りたい",
    ],
    "elderly_care": [
        "母の介護が大変でデイサービスを使いたい",
        "ヘルパーさんに来てもらう手続きを知りたい",
        "介護保険の申請はどこでしますか",
        "父を家でみるのが限界でショートステイを探している",
        "要介護認定の結果に納得できない",
        "祖母の介護で毎日疲れています",
    ],
    "elderly_care+guardianship": [
        "母の介護サービスの手続きと通帳の管理を両方相談したい",
        "父のデイサービスを増やしたいし、父のお金の管理も誰かに頼みたい",
    ],
    "greet": ["こんにちは", "はじめまして", "こんばんは", "おはようございます"],
}


def _training():
    texts, intents = [], []
    for intent, examples in EXAMPLES.items():
        texts += examples
        intents += [intent] * len(examples)
    return texts, intents


@pytest.fixture(scope="module")
def scores():
    return ConcernScores.fit(*_training())


def test_a_multi_intent_counts_for_each_of_its_parts(scores):
    assert scores.labels == ["elderly_care", "greet", "guardianship"]


def test_each_concern_is_asked_separately(scores):
    [money] = scores.predict(["認知症の父の通帳を管理してくれる人がほしい"])
    assert money["guardianship"] > 0.5 > money["elderly_care"]
    [care] = scores.predict(["母の介護でヘルパーを頼みたい"])
    assert care["elderly_care"] > 0.5 > care["guardianship"]
    [both] = scores.predict(["母の介護サービスと母のお金の管理を相談したい"])
    assert both["elderly_care"] > 0.5 and both["guardianship"] > 0.5


def test_saved_without_pickle_and_loaded_the_same(scores, tmp_path):
    scores.save(tmp_path)
    assert {p.suffix for p in tmp_path.iterdir()} == {".json", ".npy"}
    json.loads((tmp_path / "concern_scores.json").read_text(encoding="utf-8"))
    loaded = ConcernScores.load(tmp_path)
    texts = ["父のお金の管理", "介護保険", "", "hello"]
    assert loaded.predict(texts) == scores.predict(texts)


def test_a_concern_told_in_a_later_sentence_is_clear_in_its_own(scores):
    text = "こんにちは。はじめまして。こんばんは。父が通帳を管理できなくなった"
    [whole] = scores.predict([text])
    [best] = scores.predict_by_sentence([text])
    assert best["guardianship"] > whole["guardianship"]
    assert best["guardianship"] > 0.5
    # A message of one sentence: its own scores.
    one = "母の介護でヘルパーを頼みたい"
    assert scores.predict_by_sentence([one]) == scores.predict([one])


def test_chive_vectors_are_saved_as_a_flag_and_read_back(tmp_path):
    from bot.nlu.chive import default_vectors

    with_vectors = ConcernScores.fit(*_training(), vectors=default_vectors())
    with_vectors.save(tmp_path)
    assert json.loads((tmp_path / "concern_scores.json").read_text(encoding="utf-8"))["chive"] is True
    texts = ["父のお金の管理", "介護保険", "", "hello"]
    assert ConcernScores.load(tmp_path).predict(texts) == with_vectors.predict(texts)


def _component(tmp_path):
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("concern_scorer")
    context = ExecutionContext(GraphSchema({}), "test")
    return storage, resource, context


def test_the_component_trains_loads_and_adds_scores_to_the_parse(tmp_path):
    storage, resource, context = _component(tmp_path)
    config = ConcernScorer.get_default_config()
    texts, intents = _training()
    data = TrainingData([Message(data={"text": t, "intent": i}) for t, i in zip(texts, intents)])
    ConcernScorer.create(config, storage, resource, context).train(data)

    scorer = ConcernScorer.load(config, storage, resource, context)
    message = Message(data={"text": "認知症の父の通帳を管理してくれる人がほしい",
                            "intent": {"name": "elderly_care+guardianship", "confidence": 0.9}})
    scorer.process([message])
    parse = message.as_dict(only_output_properties=True)
    assert parse[SCORES_KEY]["guardianship"] > 0.5 > parse[SCORES_KEY]["elderly_care"]
    assert set(parse[SENTENCE_SCORES_KEY]) == set(parse[SCORES_KEY])
    # The intent stays DIET's: rasa test and the stories see the model's choice.
    assert message.get("intent")["name"] == "elderly_care+guardianship"


def test_an_untrained_component_adds_nothing(tmp_path):
    storage, resource, context = _component(tmp_path)
    scorer = ConcernScorer.load(ConcernScorer.get_default_config(), storage, resource, context)
    message = Message(data={"text": "こんにちは"})
    scorer.process([message])
    assert message.get(SCORES_KEY) is None
