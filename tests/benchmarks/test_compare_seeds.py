"""benchmarks/compare_seeds.py trains what config.yml trains, with only the seed changed, on the development sets."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks import compare_seeds
from bot import evaluation

ROOT = Path(__file__).resolve().parents[2]


def _config():
    return yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))


def test_only_diets_seed_differs_from_config_yml():
    config = _config()
    seed_in_config = next(c for c in config["pipeline"] if c["name"] == "DIETClassifier")["random_seed"]
    seeded = compare_seeds.config_with_seed(config, seed_in_config + 1)
    diet = next(c for c in seeded["pipeline"] if c["name"] == "DIETClassifier")
    assert diet["random_seed"] == seed_in_config + 1
    diet_before = next(c for c in config["pipeline"] if c["name"] == "DIETClassifier")
    assert {k: v for k, v in diet.items() if k != "random_seed"} == {
        k: v for k, v in diet_before.items() if k != "random_seed"
    }
    others = [c for c in seeded["pipeline"] if c["name"] != "DIETClassifier"]
    assert others == [c for c in config["pipeline"] if c["name"] != "DIETClassifier"]
    assert seeded["policies"] == config["policies"]
    # The configuration it was given is left as it was.
    assert diet_before["random_seed"] == seed_in_config


def test_a_config_without_one_diet_is_refused():
    config = _config()
    without = dict(config, pipeline=[c for c in config["pipeline"] if c["name"] != "DIETClassifier"])
    with pytest.raises(ValueError):
        compare_seeds.config_with_seed(without, 7)


def test_it_scores_the_development_sets_and_never_the_test_sets():
    development = evaluation.development_sets()
    assert development
    assert not {p.resolve() for p in development} & {Path(p).resolve() for p in evaluation.SETS.values()}
    examples = compare_seeds.pooled_development_examples()
    assert examples == [e for p in development for e in evaluation.load_examples(p)]


def _summary(macro, care):
    return {"macro_f1": macro, "per_concern": {"elderly_care": {"f1": care}}}


def test_the_table_gives_each_seed_and_the_mean():
    scores = {
        "main": {3: _summary(0.959, 0.90), 7: _summary(0.962, 0.89), 11: _summary(0.950, 0.90)},
        "new": {3: _summary(0.963, 0.88), 7: _summary(0.968, 0.91), 11: _summary(0.966, 0.91)},
    }
    table = compare_seeds.markdown(scores, [3, 7, 11]).splitlines()
    assert table[0] == "| data | seed 3 | seed 7 | seed 11 | mean | elderly_care F1, mean |"
    assert table[2] == "| main | 0.959 | 0.962 | 0.950 | 0.957 | 0.897 |"
    assert table[3] == "| new | 0.963 | 0.968 | 0.966 | 0.966 | 0.900 |"
