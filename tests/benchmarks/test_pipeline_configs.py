"""The pipeline comparison measures the navigator's own pipeline, not an old copy of it.

benchmarks/pipelines/sudachi_c_chars.yml is config.yml without the components
that do not classify concerns (person facts, the crisis model and flagger); the variants differ from it
only where their name says. When config.yml changes (epochs 60 → 45 did),
docs/nlu-pipelines.md would otherwise compare a pipeline nobody runs.
"""
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]
NOT_CLASSIFYING = {
    "bot.nlu.person_facts_extractor.PersonFactsExtractor",
    "bot.nlu.crisis_model.CrisisModel",
    "bot.nlu.crisis_flagger.CrisisFlagger",
}


def _pipeline(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))["pipeline"]


def _component(pipeline, name):
    return next(c for c in pipeline if c["name"] == name)


def test_the_navigators_pipeline_in_the_comparison_is_config_yml():
    navigator = [c for c in _pipeline(ROOT / "config.yml") if c["name"] not in NOT_CLASSIFYING]
    assert _pipeline(ROOT / "benchmarks" / "pipelines" / "sudachi_c_chars.yml") == navigator


def test_the_sudachi_variants_train_diet_as_the_navigator_does():
    diet = _component(_pipeline(ROOT / "config.yml"), "DIETClassifier")
    for path in sorted((ROOT / "benchmarks" / "pipelines").glob("sudachi_*.yml")):
        assert _component(_pipeline(path), "DIETClassifier") == diet, path.name
