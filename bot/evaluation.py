"""Scores the trained model as the navigator uses it, and fails below the gates.

`rasa test nlu` scores the top intent only; the navigator reads every concern
of a message (multi-intents, the ranking, the crisis override), so this
scores concerns as sets: per-concern precision/recall/F1 over all messages,
their macro average, and out_of_scope recall (a message of no concern must
get no windows). The concerns scored are those of the reply to the message
as its first turn (the payload's ``concerns``, crisis route included); the
model's reading alone is printed beside them. Run by `make test`:

    python -m bot.evaluation --model models/navigator.tar.gz
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from bot.concerns import UnknownConcern, read_concerns, split_intent
from bot.settings import PROJECT_ROOT

# What make test requires: the sealed sets' figures of 2026-12-08 (v19, scored once,
# twenty-first pass, docs/nlu.md) less a small margin, and the old test sets' as
# before. They keep the figures from getting worse. Since the twentieth pass the
# figures are the reply's concerns (served_reader), not the model's reading alone.
GATES = {
    # measured once: macro-F1 0.929 (the model alone 0.932), lowest concern 0.85
    # (abuse 0.847, precision 0.76), multi exact 0.750 (100), no concern 1.000 (47 of
    # 47) (v18, the pass before: 0.942, 0.87, 0.835, 0.977). No concern's margin is two
    # messages: one retraining of nearly the same data moved it by one or two (docs/nlu.md).
    "ja": {"macro_f1": 0.91, "concern_f1": 0.80, "multi_concern_exact": 0.72, "no_concern_recall": 0.95},
    # measured once: macro-F1 0.941 (the model alone 0.949), multi exact 0.860 (43), no
    # concern 1.000 (22 of 22) (v18: 0.889, 0.740, 0.950).
    "en": {"macro_f1": 0.92, "no_concern_recall": 0.90},
    # measured: ja 0.948 (out_of_scope 1.000), en 0.932 (twenty-first pass, the reply's
    # concerns; the model alone 0.950, 0.932)
    "test_ja": {"macro_f1": 0.92, "out_of_scope_recall": 0.90},
    "test_en": {"macro_f1": 0.89},
}
SETS = {
    # Sealed: written by a writer who saw no training data, scored once at the end.
    "ja": PROJECT_ROOT / "tests" / "nlu" / "sealed" / "sealed_ja_v19.yml",
    "en": PROJECT_ROOT / "tests" / "nlu" / "sealed" / "sealed_en_v19.yml",
    # The old test sets, written in the voice of the first training data.
    "test_ja": PROJECT_ROOT / "tests" / "nlu" / "test_set.yml",
    "test_en": PROJECT_ROOT / "tests" / "nlu" / "english_test_set.yml",
}


def concern_ids() -> List[str]:
    """The catalogue's concern ids: what every score here is over."""
    from bot.catalogue import Catalogue
    from bot.settings import load

    return list(Catalogue.from_directory(load().services_dir).concern_ids)


def check_labels(examples: Sequence[Tuple[str, str]], concern_ids: Iterable[str], intents: Iterable[str]) -> None:
    """Raises UnknownConcern for a label that is neither a domain intent nor concern ids joined by "+".

    Such a label (a concern renamed in the catalogue, a typo) would otherwise be
    scored as a message of no concern.
    """
    known, intents = set(concern_ids), set(intents)
    for _, label in examples:
        if label not in intents:
            if not split_intent(label, known, strict=True):
                raise UnknownConcern(f"label {label!r} is neither a domain intent nor a concern id of the catalogue")


def domain_intents() -> List[str]:
    """The intents of domain.yml."""
    import yaml

    return list(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])


def development_sets() -> List[Path]:
    """The sets thresholds are tuned on and data gaps are read from (never the test sets)."""
    return sorted((PROJECT_ROOT / "tests" / "nlu").glob("dev*_set.yml"))


def load_examples(path: Path) -> List[Tuple[str, str]]:
    """(text, intent) pairs of a Rasa NLU YAML file."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def load_pooled(paths: Iterable[Path]) -> List[Tuple[str, str]]:
    """(text, intent) pairs of several sets, scored as one."""
    return [pair for path in paths for pair in load_examples(Path(path))]


# Intents that carry no concern: such a message must get no window.
NO_CONCERN_INTENTS = ("out_of_scope", "small_talk")


def concern_scores(
    gold: Sequence[Set[str]], predicted: Sequence[Set[str]], concerns: Iterable[str]
) -> Dict[str, Dict[str, float]]:
    """Precision, recall, F1 and support of each concern, messages seen as label sets."""
    scores = {}
    for concern in concerns:
        tp = sum(1 for g, p in zip(gold, predicted) if concern in g and concern in p)
        fp = sum(1 for g, p in zip(gold, predicted) if concern not in g and concern in p)
        fn = sum(1 for g, p in zip(gold, predicted) if concern in g and concern not in p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[concern] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return scores


def summarize(
    examples: Sequence[Tuple[str, str]],
    parses: Sequence[Mapping],
    concern_ids: Sequence[str],
    reader: Optional[Callable[[Mapping], Iterable[str]]] = None,
    **read_options: float,
) -> Dict:
    """Concern scores, out_of_scope recall and the most frequent confusions.

    ``reader`` gives a parse's concerns (main: the reply's, served_reader());
    without it, bot.concerns.read_concerns with read_options (to try other
    thresholds on the model's reading alone).
    """
    known = set(concern_ids)
    # strict: a label naming a concern the catalogue lacks is an error, not "no concern".
    gold = [set(split_intent(intent, known, strict=True)) for _, intent in examples]
    if reader is None:
        predicted = [set(read_concerns(parse, known, **read_options)) for parse in parses]
    else:
        predicted = [set(reader(parse)) for parse in parses]
    per_concern = concern_scores(gold, predicted, concern_ids)
    present = {c: s for c, s in per_concern.items() if s["support"]}
    oos = [p for (_, intent), p in zip(examples, predicted) if intent == "out_of_scope"]
    # Small talk (テスト, あ, 名前は？) and what the plan does not cover: no window at all.
    no_concern = [p for (_, intent), p in zip(examples, predicted) if intent in NO_CONCERN_INTENTS]
    multi = [(g, p) for g, p in zip(gold, predicted) if len(g) > 1]
    confusions, extras = Counter(), Counter()
    for g, p, parse in zip(gold, predicted, parses):
        # Nothing wrong was predicted: either only part of a multi-concern message
        # was found ("(only guardianship)") or no concern at all ("(no concern: inform)").
        if p:
            nothing = f"(only {'+'.join(sorted(p))})"
        else:
            nothing = f"(no concern: {(parse.get('intent') or {}).get('name') or 'none'})"
        for missed in g - p:
            for wrong in (p - g) or {nothing}:
                confusions[f"{missed} → {wrong}"] += 1
        if g and g <= p:
            # Found what was asked, and a window more: costs precision, not recall.
            for extra in p - g:
                extras[f"{'+'.join(sorted(g))} → +{extra}"] += 1
    top_intent_correct = sum(
        1 for (_, intent), parse in zip(examples, parses)
        if (parse.get("intent") or {}).get("name") == intent
    )
    return {
        "messages": len(examples),
        "macro_f1": sum(s["f1"] for s in present.values()) / len(present) if present else 0.0,
        "per_concern": per_concern,
        "out_of_scope_recall": (sum(1 for p in oos if not p) / len(oos)) if oos else None,
        "no_concern_recall": (sum(1 for p in no_concern if not p) / len(no_concern)) if no_concern else None,
        "exact_set": sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold) if gold else 0.0,
        "multi_concern_exact": (sum(1 for g, p in multi if g == p) / len(multi)) if multi else None,
        "top_intent_accuracy": top_intent_correct / len(examples) if examples else 0.0,
        "confusions": confusions.most_common(15),
        "extra_concerns": extras.most_common(15),
        # Residents shown a window for a concern they did not write about.
        "messages_with_a_wrong_concern": sum(1 for g, p in zip(gold, predicted) if p - g),
        "multi_concern_messages": sum(1 for g in gold if len(g) > 1),
        "multi_concern_messages_complete": sum(1 for g, p in zip(gold, predicted) if len(g) > 1 and g <= p),
    }


def served_reader() -> Callable[[Mapping], List[str]]:
    """The concerns of the reply to a first message, as the navigator serves them.

    The crisis route's concern comes in (a wish to die: mental_health's windows
    first) and an English writer's foreign_resident goes last: a resident reads
    the reply's concerns, not the model's. On the development sets of
    2026-12-07 this scores lower than the model's reading alone (ja mean
    macro-F1 0.929 → 0.924): a false crisis on an everyday message brings its
    route's concern (docs/nlu.md).
    """
    from bot.assembly import default_navigator

    return default_navigator().concerns_of


def failures(summary: Dict, gates: Mapping[str, float]) -> List[str]:
    """The gates a summary does not meet, in words."""
    out = []
    if summary["macro_f1"] < gates.get("macro_f1", 0):
        out.append(f"macro-F1 {summary['macro_f1']:.3f} < {gates['macro_f1']}")
    for concern, s in summary["per_concern"].items():
        if s["support"] and s["f1"] < gates.get("concern_f1", 0):
            out.append(f"{concern}: F1 {s['f1']:.3f} < {gates['concern_f1']}")
    for key, words in (
        ("out_of_scope_recall", "out_of_scope recall"),
        ("no_concern_recall", "no concern for small talk and out of scope"),
        ("multi_concern_exact", "multi-concern messages exact"),
    ):
        value = summary.get(key)
        if value is not None and value < gates.get(key, 0):
            out.append(f"{words} {value:.3f} < {gates[key]}")
    return out


def silence_parse_logs() -> None:
    """Unconfigured, Rasa's structlog prints every parsed text at debug level."""
    import logging

    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)


def load_agent(model: Path, **kwargs):
    """A rasa Agent for parsing residents' messages, with the parse log silenced first.

    Training leaves Rasa's structlog at debug level.
    """
    from rasa.core.agent import Agent

    silence_parse_logs()
    return Agent.load(str(model), **kwargs)


async def parse_texts(agent, texts: Sequence[str]) -> List[Dict]:
    """The agent's parse of each text, in order."""
    return [await agent.parse_message(text) for text in texts]


async def parse_all(model: Path, texts: Sequence[str]) -> List[Dict]:
    """Loads the model and parses each text."""
    return await parse_texts(load_agent(model), texts)


def _rounded(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.3f}"


def table(summary: Dict) -> str:
    """The per-concern table in Markdown."""
    rows = ["| concern | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for concern, s in summary["per_concern"].items():
        if s["support"]:
            rows.append(
                f"| {concern} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | {s['support']} |"
            )
    return "\n".join(rows)


def main(argv: List[str] | None = None) -> int:
    """Evaluates every set present and exits 1 if a gate is missed."""
    parser = argparse.ArgumentParser(prog="python -m bot.evaluation")
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "navigator.tar.gz"))
    parser.add_argument("--out", default=str(PROJECT_ROOT / "results" / "evaluation.json"))
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=PATH",
        help="score this set instead of the gated ones (e.g. dev=tests/nlu/dev_set.yml); "
        "a NAME without gates is reported, never failed",
    )
    args = parser.parse_args(argv)
    sets = dict(item.split("=", 1) for item in args.set) if args.set else SETS

    known = concern_ids()
    intents = domain_intents()
    reply_concerns = served_reader()
    agent = load_agent(Path(args.model))
    report, missed = {}, []
    for lang, path in sets.items():
        path = Path(path).resolve()
        if not path.exists():
            continue
        examples = load_examples(path)
        check_labels(examples, known, intents)
        parses = asyncio.run(parse_texts(agent, [t for t, _ in examples]))
        summary = summarize(examples, parses, known, reader=reply_concerns)
        summary["model_alone_macro_f1"] = summarize(examples, parses, known)["macro_f1"]
        report[lang] = summary
        oos_recall = summary["out_of_scope_recall"]
        print(f"\n[{lang}] {os.path.relpath(path, PROJECT_ROOT)}: {summary['messages']} messages, "
              f"concern macro-F1 {summary['macro_f1']:.3f}, out_of_scope recall "
              f"{oos_recall if oos_recall is None else round(oos_recall, 3)}, "
              f"top-intent accuracy {summary['top_intent_accuracy']:.3f}")
        print(f"  (the reply's concerns; the model's reading alone: macro-F1 "
              f"{summary['model_alone_macro_f1']:.3f})")
        print(f"  exact concern set {summary['exact_set']:.3f}, multi-concern exact "
              f"{_rounded(summary['multi_concern_exact'])} (n={summary['multi_concern_messages']}), "
              f"no concern for small talk and out of scope {_rounded(summary['no_concern_recall'])}")
        print(table(summary))
        if summary["confusions"]:
            print("confusions (gold → predicted):",
                  ", ".join(f"{pair} ×{n}" for pair, n in summary["confusions"]))
        if summary["extra_concerns"]:
            print("extra concerns (gold found, and one more):",
                  ", ".join(f"{pair} ×{n}" for pair, n in summary["extra_concerns"]))
        missed += [f"[{lang}] {m}" for m in failures(summary, GATES.get(lang, {}))]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if missed:
        print("\nNLU gates missed:\n  " + "\n  ".join(missed))
        return 1
    print("\nNLU gates met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
