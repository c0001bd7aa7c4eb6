"""Chooses the navigator's thresholds on the development set, never on the test set.

Parses a set once with the trained model and scores it (bot.evaluation.summarize)
for a grid of

- the FallbackClassifier threshold (config.yml): below it the top intent
  becomes ``nlu_fallback`` and the resident is asked for more / shown the
  topic list (the concerns are still read from the ranking);
- the second-concern thresholds of bot/concerns.py (a concern from the
  ranking counts from this confidence and this share of the top one), for
  a model without the ConcernScorer;
- with the ConcernScorer (config.yml), its share of a concern's score and
  the score from which a concern counts (bot/concerns.py), and the share of
  the best sentence's probability in the scorer's.

    .venv/bin/python -m benchmarks.tune_thresholds   # both development sets

(or --set PATH, repeated, for other sets; they are scored as one)

writes Markdown tables to stdout (docs/nlu.md keeps the chosen ones).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Sequence

from bot import evaluation
from bot.concerns import SCORES_KEY

ROOT = Path(__file__).resolve().parents[1]

FALLBACK_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
AMBIGUITY_THRESHOLD = 0.05
MIN_CONFIDENCES = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
MIN_SHARES = (0.3, 0.4, 0.5, 0.6)
SCORER_WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7)
COMBINED_MIN_SCORES = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6)
SENTENCE_WEIGHTS = (0.0, 0.25, 0.5, 0.75)
_NOT_A_MODEL_INTENT = {"crisis", "nlu_fallback"}


def with_fallback(parse: Mapping, threshold: float) -> Dict:
    """The parse as FallbackClassifier would leave it at this threshold."""
    out = dict(parse)
    if (parse.get("intent") or {}).get("name") == "crisis":
        return out  # the crisis override does not depend on the model
    ranking = [r for r in parse.get("intent_ranking") or [] if r["name"] not in _NOT_A_MODEL_INTENT]
    if not ranking:
        return out
    top = ranking[0]
    second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
    if top["confidence"] < threshold or top["confidence"] - second < AMBIGUITY_THRESHOLD:
        out["intent"] = {"name": "nlu_fallback", "confidence": threshold}
        out["intent_ranking"] = [out["intent"]] + ranking
    else:
        out["intent"] = dict(top)
        out["intent_ranking"] = ranking
    return out


def fallback_table(examples, parses: Sequence[Mapping], known: List[str]) -> str:
    rows = ["| fallback threshold | concern macro-F1 | out_of_scope recall | top-intent accuracy | fallbacks |",
            "|---|---|---|---|---|"]
    for threshold in FALLBACK_THRESHOLDS:
        adjusted = [with_fallback(p, threshold) for p in parses]
        s = evaluation.summarize(examples, adjusted, known)
        fallbacks = sum(1 for p in adjusted if p["intent"]["name"] == "nlu_fallback")
        rows.append(f"| {threshold} | {s['macro_f1']:.3f} | {s['out_of_scope_recall'] or 0:.3f} "
                    f"| {s['top_intent_accuracy']:.3f} | {fallbacks}/{len(parses)} |")
    return "\n".join(rows)


def _grid_table(examples, parses: Sequence[Mapping], known: List[str], first, second, care=False) -> str:
    """bot.concerns read with every pair of values of two of its options.

    first, second: (column title, read_concerns option, values).
    """
    titles = [first[0], second[0], "concern macro-F1"]
    if care:
        titles.append("elderly_care F1 (precision)")
    titles += ["messages given a concern they do not carry", "multi-concern messages complete"]
    rows = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
    for a in first[2]:
        for b in second[2]:
            s = evaluation.summarize(examples, parses, known, **{first[1]: a, second[1]: b})
            cells = [str(a), str(b), f"{s['macro_f1']:.3f}"]
            if care:
                c = s["per_concern"]["elderly_care"]
                cells.append(f"{c['f1']:.3f} ({c['precision']:.2f})")
            cells += [f"{s['messages_with_a_wrong_concern']}/{len(parses)}",
                      f"{s['multi_concern_messages_complete']}/{s['multi_concern_messages']}"]
            rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def second_concern_table(examples, parses: Sequence[Mapping], known: List[str]) -> str:
    return _grid_table(examples, parses, known, ("min confidence", "min_confidence", MIN_CONFIDENCES),
                       ("min share", "min_share", MIN_SHARES))


def scorer_table(examples, parses: Sequence[Mapping], known: List[str]) -> str:
    return _grid_table(examples, parses, known, ("scorer weight", "scorer_weight", SCORER_WEIGHTS),
                       ("min score", "combined_min_score", COMBINED_MIN_SCORES), care=True)


def sentence_table(examples, parses: Sequence[Mapping], known: List[str]) -> str:
    return _grid_table(examples, parses, known, ("sentence weight", "sentence_weight", SENTENCE_WEIGHTS),
                       ("min score", "combined_min_score", COMBINED_MIN_SCORES), care=True)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tune_thresholds")
    parser.add_argument("--model", default=str(ROOT / "models" / "navigator.tar.gz"))
    parser.add_argument("--set", action="append", default=[],
                        help="a set to tune on (repeat to score several as one); "
                        "default: every tests/nlu/dev*_set.yml")
    args = parser.parse_args(argv)
    sets = args.set or evaluation.development_sets()

    known = evaluation.concern_ids()
    examples = evaluation.load_pooled(sets)
    parses = asyncio.run(evaluation.parse_all(Path(args.model), [t for t, _ in examples]))
    names = " + ".join(Path(path).name for path in sets)
    print(f"## {names}: {len(examples)} messages, model {Path(args.model).name}\n")
    print("### Fallback threshold\n")
    print(fallback_table(examples, parses, known))
    if any(SCORES_KEY in p for p in parses):
        print("\n### ConcernScorer: its weight and the line a concern's score must reach\n")
        print(scorer_table(examples, parses, known))
        print("\n### The best sentence's share of the scorer's probability, and the line\n")
        print(sentence_table(examples, parses, known))
    else:
        print("\n### Second concern from the ranking\n")
        print(second_concern_table(examples, parses, known))
    return 0


if __name__ == "__main__":
    sys.exit(main())
