"""Understanding figures for benchmarks/run_all.py: the navigator and two baselines, same data.

Every system is scored by the same code (bot.evaluation.summarize: concerns as
sets, multi-intents and the ranking included) on the independent sets
tests/nlu/test_set.yml (ja) and tests/nlu/english_test_set.yml (en), and on
the crisis sets tests/crisis/crisis_cases*.yml.

How a crisis counts as caught ("flagged"):

- navigator, as served: the trained pipeline's intent is ``crisis`` (the
  CrisisFlagger: the rule detector, plus its model combination); the kind is
  the ``crisis`` entity;
- navigator, detector alone: ``bot.crisis.detect(text)`` returns a signal
  (what tests/crisis/test_crisis_sets.py checks);
- keyword FAQ baseline: one of its mental_health / dv / abuse keywords is in
  the message (an FAQ bot would then show those windows);
- whitespace default pipeline: its concerns as the navigator reads them
  (bot.concerns.read_concerns) include mental_health, dv or abuse (it is
  never trained on ``crisis``, which no model learns).

"kind recall" also wants the right kind: for the baselines, the concern of
data/crisis/kinds.yml ``baseline_concern`` (suicide ↔ mental_health, violence_now ↔
dv, child_danger ↔ abuse).
"""
from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from bot import evaluation
from bot.concerns import read_concerns
from bot.crisis.kinds import concern_of_kind

ROOT = Path(__file__).resolve().parents[1]

CRISIS_DIR = ROOT / "tests" / "crisis"
KIND_OF_CONCERN = {concern: kind for kind, concern in concern_of_kind().items()}
WHITESPACE_CONFIG = ROOT / "benchmarks" / "pipelines" / "whitespace_default.yml"
CACHE_DIR = ROOT / "results" / "benchmarks"

Parse = Mapping
# A crisis judge: parse of a message -> (flagged, kind or None)
Judge = Callable[[str, Mapping], Tuple[bool, Optional[str]]]


def nlu_sets(limit: Optional[int] = None) -> Dict[str, List[Tuple[str, str]]]:
    """{lang: [(text, intent)]} of the independent NLU sets (the first ``limit`` of each)."""
    return {lang: evaluation.load_examples(path)[:limit]
            for lang, path in evaluation.SETS.items() if path.exists()}


def crisis_sets(limit: Optional[int] = None) -> Dict[str, Dict[str, list]]:
    """{file stem: {"crisis": [(text, kind)], "calm": [text]}} of tests/crisis/crisis_cases*.yml."""
    out = {}
    for path in sorted(CRISIS_DIR.glob("crisis_cases*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        crisis = [(c["text"], c["kind"]) for c in data.get("crisis") or []][:limit]
        calm = [c["text"] if isinstance(c, dict) else str(c) for c in data.get("calm") or []][:limit]
        out[path.stem] = {"crisis": crisis, "calm": calm}
    return out


def crisis_scores(cases: Mapping[str, list], parse: Callable[[str], Mapping], judge: Judge) -> Dict:
    """Recall (flagged), kind recall (flagged with the right kind) and false alarms of one set."""
    flagged = kind_right = 0
    missed = []
    for text, kind in cases["crisis"]:
        hit, got = judge(text, parse(text))
        flagged += hit
        kind_right += hit and got == kind
        if not hit:
            missed.append(text)
    alarms = [text for text in cases["calm"] if judge(text, parse(text))[0]]
    n_crisis, n_calm = len(cases["crisis"]), len(cases["calm"])
    return {
        "crisis_messages": n_crisis,
        "calm_messages": n_calm,
        "recall": flagged / n_crisis if n_crisis else None,
        "kind_recall": kind_right / n_crisis if n_crisis else None,
        "false_alarms": len(alarms),
        "false_alarm_rate": len(alarms) / n_calm if n_calm else None,
        "missed_examples": missed[:5],
    }


def _concern_judge(known: Sequence[str]) -> Judge:
    """Baselines: flagged when a mental_health / dv / abuse concern is read."""
    def judge(_text: str, parse: Mapping) -> Tuple[bool, Optional[str]]:
        found = [c for c in read_concerns(parse, known) if c in KIND_OF_CONCERN]
        return bool(found), (KIND_OF_CONCERN[found[0]] if found else None)

    return judge


def _keyword_judge(keywords: Mapping[str, List[str]]) -> Judge:
    """Keyword baseline: flagged when one of its crisis concerns' keywords is in the text."""
    def judge(text: str, _parse: Mapping) -> Tuple[bool, Optional[str]]:
        lowered = text.lower()
        for concern, kind in KIND_OF_CONCERN.items():
            if any(word.lower() in lowered for word in keywords.get(concern, [])):
                return True, kind
        return False, None

    return judge


def _pipeline_judge(_text: str, parse: Mapping) -> Tuple[bool, Optional[str]]:
    """The navigator as served: intent `crisis`, kind from the `crisis` entity."""
    if (parse.get("intent") or {}).get("name") != "crisis":
        return False, None
    kinds = [e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "crisis"]
    return True, (kinds[0] if kinds else None)


def _detector_judge(_text: str, parse: Mapping) -> Tuple[bool, Optional[str]]:
    signal = parse.get("signal")
    return signal is not None, (signal.kind if signal is not None else None)


def _score_parser(parse_many: Callable[[List[str]], List[Mapping]], sets, crises, known,
                  judge: Judge, reader=None) -> Dict:
    """Concern scores on every NLU set and crisis scores on every crisis set of one system.

    ``reader``: the concerns a parse leads to (the navigator: its reply's); the
    baselines' are read from their parse (bot.concerns.read_concerns).
    """
    out: Dict = {}
    for lang, examples in sets.items():
        started = time.perf_counter()
        parses = parse_many([text for text, _ in examples])
        seconds = time.perf_counter() - started
        summary = evaluation.summarize(examples, parses, known, reader=reader)
        summary["parse_ms_mean"] = 1000 * seconds / max(1, len(examples))
        out[lang] = summary
    out["crisis"] = {}
    for name, cases in crises.items():
        texts = [t for t, _ in cases["crisis"]] + list(cases["calm"])
        parsed = dict(zip(texts, parse_many(texts)))
        out["crisis"][name] = crisis_scores(cases, parsed.__getitem__, judge)
    return out


def _agent_parser(agent) -> Callable[[List[str]], List[Mapping]]:
    return lambda texts: asyncio.run(evaluation.parse_texts(agent, texts))


def score_navigator(agent, sets, crises, known) -> Dict:
    """The trained navigator model (an already loaded rasa Agent)."""
    from bot.crisis import rules as crisis_rules
    from bot.crisis.detector import CrisisDetector

    out = _score_parser(_agent_parser(agent), sets, crises, known, _pipeline_judge,
                        reader=evaluation.served_reader())
    detector = CrisisDetector(crisis_rules.load(None))
    out["crisis_detector_alone"] = {
        name: crisis_scores(cases, lambda text: {"signal": detector.detect(text)}, _detector_judge)
        for name, cases in crises.items()
    }
    return out


def score_keyword_baseline(sets, crises, known) -> Dict:
    """The keyword-matching FAQ baseline (benchmarks/keyword_baseline.py)."""
    from benchmarks import keyword_baseline

    # keyword_baseline.yml has `8050` (YAML reads an int, which keyword_baseline.parse cannot
    # lower()): words as strings here, until keyword_baseline.load does it itself.
    keywords = {concern: [str(word) for word in words] for concern, words in keyword_baseline.load().items()}
    out = _score_parser(lambda texts: [keyword_baseline.parse(t, keywords) for t in texts],
                        sets, crises, known, _keyword_judge(keywords))
    out["training_seconds"] = 0.0
    return out


def whitespace_model(quick: bool, cache_dir: Path = CACHE_DIR,
                     config: Path = WHITESPACE_CONFIG) -> Tuple[Path, Optional[float], bool]:
    """(model path, training seconds or None, reused) of the whitespace default pipeline.

    Trained on data/nlu as compare_pipelines.score_pipeline trains it, but kept
    under results/benchmarks/ so that ``--quick`` can reuse it.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    model = cache_dir / f"{config.stem}.tar.gz"
    sidecar = model.with_name(f"{config.stem}.training.json")
    if quick and model.exists():
        try:
            seconds = json.loads(sidecar.read_text(encoding="utf-8"))["training_seconds"]
        except (OSError, ValueError, KeyError):
            seconds = None
        return model, seconds, True
    from rasa.model_training import train_nlu

    started = time.monotonic()
    trained = train_nlu(str(config), str(ROOT / "data" / "nlu"), str(cache_dir),
                        fixed_model_name=config.stem)
    seconds = time.monotonic() - started
    if trained is None:
        raise RuntimeError(f"training {config.name} produced no model")
    sidecar.write_text(json.dumps({"training_seconds": round(seconds, 1),
                                   "trained": time.strftime("%Y-%m-%d %H:%M")}), encoding="utf-8")
    return Path(trained), seconds, False


def score_whitespace(sets, crises, known, quick: bool) -> Dict:
    """Rasa's default pipeline with the whitespace tokenizer, trained on data/nlu."""
    model, seconds, reused = whitespace_model(quick)
    agent = evaluation.load_agent(model)
    out = _score_parser(_agent_parser(agent), sets, crises, known, _concern_judge(known))
    out["training_seconds"] = seconds
    out["reused_cached_model"] = reused
    out["model"] = str(model.relative_to(ROOT)) if model.is_relative_to(ROOT) else str(model)
    return out
