"""Smoke test: both components in a real (tiny) Rasa NLU pipeline, trained in tmp_path.

The pipeline is the project's order (tokenizer, featurizer, classifier,
FallbackClassifier, PersonFactsExtractor, CrisisModel, CrisisFlagger) with a fast
classifier instead of DIET, so a component that only works in isolation is
caught without a long training.
"""
from __future__ import annotations

import asyncio
import textwrap

CONFIG = """
recipe: default.v1
language: ja
assistant_id: smoke
pipeline:
  - name: bot.nlu.sudachi_tokenizer.SudachiTokenizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 1
    max_ngram: 2
  - name: LogisticRegressionClassifier
  - name: FallbackClassifier
    threshold: 0.3
  - name: bot.nlu.person_facts_extractor.PersonFactsExtractor
  - name: bot.nlu.crisis_model.CrisisModel
  - name: bot.nlu.crisis_flagger.CrisisFlagger
policies: []
"""

NLU = """
version: "3.1"
nlu:
- intent: mental_health
  examples: |
    - 気分が落ち込む
    - 眠れなくてつらい
    - 心が疲れた
- intent: poverty
  examples: |
    - 生活費が足りない
    - 家賃が払えない
    - お金がない
"""


def test_components_run_in_a_trained_pipeline(tmp_path):
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    (tmp_path / "config.yml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    (tmp_path / "nlu.yml").write_text(textwrap.dedent(NLU), encoding="utf-8")
    model = train_nlu(
        config=str(tmp_path / "config.yml"),
        nlu_data=str(tmp_path / "nlu.yml"),
        output=str(tmp_path / "models"),
    )
    agent = Agent.load(model)

    crisis = asyncio.run(agent.parse_message("80歳の母の介護で、もう死にたい"))
    assert crisis["intent"] == {"name": "crisis", "confidence": 1.0}
    assert {r["name"] for r in crisis["intent_ranking"]} >= {"mental_health", "poverty"}
    entities = {(e["entity"], e["value"]) for e in crisis["entities"]}
    assert {("crisis", "suicide"), ("age", "80歳"), ("affected", "parent")} <= entities

    calm = asyncio.run(agent.parse_message("家賃が払えない"))
    assert calm["intent"]["name"] in {"poverty", "nlu_fallback"}
    assert not [e for e in calm["entities"] if e["entity"] == "crisis"]

    assert calm["crisis_scores"]["probability"] < 0.5

    # Past the 2,000 characters the concern is read from, danger is still read:
    # a long calm story that ends in a goodbye.
    story = "家賃と生活費のことで相談したいです。" * 120
    assert len(story) > 2000
    late = asyncio.run(agent.parse_message(story + "もう死にたい。"))
    assert late["intent"]["name"] == "crisis" and late["crisis"]["tier"] == "crisis"
    quiet = asyncio.run(agent.parse_message(story))
    assert quiet["intent"]["name"] != "crisis"
    # …and the model finds a goodbye without a death word there too.
    goodbye = asyncio.run(agent.parse_message(
        story + "今までありがとう。家族には本当に申し訳ない。今夜で終わりにします。"))
    assert goodbye["crisis"]["tier"] == "crisis", goodbye["crisis"]
