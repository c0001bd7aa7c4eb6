"""Compares versions of the training data over several DIET seeds, on the development sets.

One training moves concern macro-F1 on the development sets by about 0.01
(docs/nlu.md, "Sixth round"): a data change judged on one seed is judged on
the draw. This trains every version with every seed and prints the mean.

    .venv/bin/python -m benchmarks.compare_seeds --data main=data/nlu --data new=/tmp/new/data/nlu
    .venv/bin/python -m benchmarks.compare_seeds --data main=data/nlu --seeds 3 7 11 --full

Each training uses a copy of config.yml that differs only in DIETClassifier's
random_seed: `rasa train nlu` by default, or with --full `rasa train` with
data/rules and domain.yml, as `make train` builds the navigator (the two give
different models for the same seed). Scored as the navigator reads messages
(bot.evaluation.summarize) on every tests/nlu/dev*_set.yml together, never
on the test sets. About 5 minutes a training on 2 cores.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path
from statistics import mean
from typing import Dict, List, Mapping, Sequence

import yaml

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from bot import evaluation  # noqa: E402

DEFAULT_SEEDS = (3, 7, 11)


def config_with_seed(config: Mapping, seed: int) -> Dict:
    """config.yml's content with DIET's random_seed set to ``seed``, nothing else changed."""
    out = dict(config)
    pipeline = [dict(component) for component in config["pipeline"]]
    diets = [c for c in pipeline if c.get("name") == "DIETClassifier"]
    if len(diets) != 1:
        raise ValueError(f"expected one DIETClassifier in the pipeline, found {len(diets)}")
    diets[0]["random_seed"] = seed
    out["pipeline"] = pipeline
    return out


def pooled_development_examples() -> List:
    """(text, intent) of every development set, as one list."""
    return evaluation.load_pooled(evaluation.development_sets())


def markdown(scores: Mapping[str, Mapping[int, Dict]], seeds: Sequence[int]) -> str:
    """One row per data version: macro-F1 per seed, the mean, and elderly_care's mean F1."""
    rows = [
        "| data | " + " | ".join(f"seed {s}" for s in seeds) + " | mean | elderly_care F1, mean |",
        "|---|" + "---|" * (len(seeds) + 2),
    ]
    for name, by_seed in scores.items():
        macros = [by_seed[s]["macro_f1"] for s in seeds]
        care = [by_seed[s]["per_concern"]["elderly_care"]["f1"] for s in seeds]
        rows.append(
            f"| {name} | " + " | ".join(f"{m:.3f}" for m in macros)
            + f" | {mean(macros):.3f} | {mean(care):.3f} |"
        )
    return "\n".join(rows)


def _train(config_path: Path, data: Path, out: Path, name: str, full: bool) -> str:
    from rasa.model_training import train, train_nlu

    if full:
        return train(
            str(ROOT / "domain.yml"), str(config_path), [str(data), str(ROOT / "data" / "rules")],
            str(out), fixed_model_name=name,
        ).model
    return train_nlu(str(config_path), str(data), str(out), fixed_model_name=name)


def _score(model: str, examples, concern_ids) -> Dict:
    parses = asyncio.run(evaluation.parse_all(Path(model), [text for text, _ in examples]))
    return evaluation.summarize(examples, parses, concern_ids)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare_seeds")
    parser.add_argument("--data", action="append", required=True, metavar="NAME=PATH",
                        help="a version of data/nlu to train on (repeat for each version)")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS))
    parser.add_argument("--config", default=str(ROOT / "config.yml"))
    parser.add_argument("--full", action="store_true",
                        help="train the whole navigator (rules, domain) as make train does")
    args = parser.parse_args(argv)

    versions = dict(item.split("=", 1) for item in args.data)
    for name, path in versions.items():
        if not Path(path).is_dir():
            parser.error(f"{name}: {path} is not a directory of training data")
    concern_ids = evaluation.concern_ids()
    examples = pooled_development_examples()
    config = yaml.safe_load(Path(args.config).read_text(encoding="utf-8"))

    scores: Dict[str, Dict[int, Dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["RASA_CACHE_DIRECTORY"] = str(Path(tmp) / "cache")
        for seed in args.seeds:
            config_path = Path(tmp) / f"config_seed{seed}.yml"
            config_path.write_text(
                yaml.safe_dump(config_with_seed(config, seed), allow_unicode=True, sort_keys=False),
                encoding="utf-8",
            )
            for name, path in versions.items():
                print(f"training {name} with seed {seed} …", flush=True)
                model = _train(config_path, Path(path), Path(tmp), f"{name}_seed{seed}", args.full)
                summary = _score(model, examples, concern_ids)
                scores.setdefault(name, {})[seed] = summary
                print(f"{name} seed {seed}: macro-F1 {summary['macro_f1']:.3f}", flush=True)

    print(f"\n{len(examples)} development messages ({'rasa train' if args.full else 'rasa train nlu'})\n")
    print(markdown(scores, args.seeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
