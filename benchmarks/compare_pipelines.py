"""Compares NLU pipelines on the project's own evaluation sets and writes a table.

    .venv/bin/python -m benchmarks.compare_pipelines [--only NAME ...] [--out results/nlu-pipelines.md]

Each pipeline in benchmarks/pipelines/ is trained on data/nlu (same data,
same seed) and scored as the navigator reads messages (bot.evaluation:
concerns as sets, multi-intents and the ranking included); the keyword
FAQ baseline is scored by the same code. Training takes a few minutes per
pipeline on 2 cores, so this is a benchmark, not part of `make test`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from benchmarks import keyword_baseline  # noqa: E402
from bot import evaluation  # noqa: E402

PIPELINES = ROOT / "benchmarks" / "pipelines"


def score_pipeline(config: Path, sets, concern_ids):
    """Trains one pipeline and scores it on every set."""
    from rasa.model_training import train_nlu

    with tempfile.TemporaryDirectory() as out:
        # An empty training cache: Rasa would otherwise restore DIET from an
        # earlier training of the same data and the time would mean nothing.
        os.environ["RASA_CACHE_DIRECTORY"] = str(Path(out) / "cache")
        started = time.monotonic()
        model = train_nlu(str(config), str(ROOT / "data" / "nlu"), out, fixed_model_name=config.stem)
        training_seconds = time.monotonic() - started
        agent = evaluation.load_agent(model)
        results = {"training_seconds": round(training_seconds, 1)}
        for lang, examples in sets.items():
            started = time.monotonic()
            parses = asyncio.run(evaluation.parse_texts(agent, [text for text, _ in examples]))
            per_message_ms = 1000 * (time.monotonic() - started) / max(1, len(examples))
            summary = evaluation.summarize(examples, parses, concern_ids)
            summary["parse_ms_mean"] = round(per_message_ms, 1)
            results[lang] = summary
        return results


def score_keywords(sets, concern_ids):
    """The keyword FAQ baseline on every set."""
    keywords = keyword_baseline.load()
    results = {"training_seconds": 0.0}
    for lang, examples in sets.items():
        parses = [keyword_baseline.parse(text, keywords) for text, _ in examples]
        results[lang] = evaluation.summarize(examples, parses, concern_ids)
    return results


def markdown(results) -> str:
    """One row per pipeline: macro-F1 (ja, en), out_of_scope recall, training time."""
    rows = [
        "| pipeline | concern macro-F1 (ja) | out_of_scope recall (ja) | top-intent accuracy (ja) "
        "| concern macro-F1 (en) | training (s) |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        ja, en = r.get("ja", {}), r.get("en", {})
        oos = ja.get("out_of_scope_recall")
        rows.append(
            f"| {name} | {ja.get('macro_f1', 0):.3f} | {'-' if oos is None else f'{oos:.3f}'} "
            f"| {ja.get('top_intent_accuracy', 0):.3f} | {en.get('macro_f1', 0):.3f} "
            f"| {r['training_seconds']} |"
        )
    return "\n".join(rows)


def main() -> int:
    """Runs the comparison and writes the table and the JSON beside it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="pipeline file stems to run (default: all)")
    # docs/nlu-pipelines.md keeps the comparisons with their reasons; a run writes beside results/.
    parser.add_argument("--out", default=str(ROOT / "results" / "nlu-pipelines.md"))
    args = parser.parse_args()

    sets = {lang: evaluation.load_examples(path) for lang, path in evaluation.SETS.items() if path.exists()}
    concern_ids = evaluation.concern_ids()
    results = {"keyword FAQ baseline": score_keywords(sets, concern_ids)}
    for config in sorted(PIPELINES.glob("*.yml")):
        if args.only and config.stem not in args.only:
            continue
        print(f"training {config.stem} …", flush=True)
        results[config.stem] = score_pipeline(config, sets, concern_ids)
        print(markdown(results), flush=True)

    table = markdown(results)
    commit = os.popen(f"git -C {ROOT} rev-parse --short HEAD").read().strip()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        "# NLU pipelines compared\n\n"
        f"Command: `.venv/bin/python -m benchmarks.compare_pipelines` — commit {commit}, "
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores. Sets: "
        + ", ".join(f"{lang} {len(ex)} messages" for lang, ex in sets.items())
        + ".\n\n" + table + "\n",
        encoding="utf-8",
    )
    Path(args.out).with_suffix(".json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
