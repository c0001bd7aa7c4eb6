"""A crisis model learnt from residents' own words, beside the patterns.

The patterns (data/crisis/patterns.yml) know the words of a crisis; they miss
what residents say without them: a goodbye and a thank-you, standing
somewhere high, insurance money to settle debts, a child who does not want
to go home. This model reads the same message as a whole and sentence by
sentence (a long post can hide the danger in one sentence) and says how
likely a crisis is and of which kind, and, for the reply, who is writing,
who is hurt and who hurts (bot/crisis/routes.py picks the lines from them).

It is trained at ``rasa train`` by bot.nlu.crisis_model.CrisisModel on the
examples of data/crisis/training/ (written by writers who never saw the
patterns) and on the calm examples of the NLU training data. Saved as JSON
and NumPy arrays, never pickled.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from bot.crisis.kinds import kinds
from bot.data_file import read_yaml
from bot.sentences import spans as sentence_spans
from bot.settings import DEFAULTS
from bot.text.blank import is_empty
from bot.text.features import TextFeatures
from bot.text.regressions import fit_logistic_regressions

DEFAULT_DIRECTORY = DEFAULTS.crisis_training_dir
NONE = "none"
TIERS = ("crisis", "near", "calm")
# What the training files may say of a crisis besides its kind.
ROLES = {
    "writer": ("self", "child", "parent", "witness", "older", "carer"),
    "victim": ("self", "child", "partner", "elderly", "disabled", "adult"),
    "attacker": ("partner", "ex_partner", "parent", "family", "stranger", "other", "none"),
}
DEFAULT_C = 10.0
# Sentences scored together (a sentence and the next): "…ロープを買いました。
# 今夜、終わりにします" needs both halves.
WINDOW = 2


class CrisisDataError(ValueError):
    """A training file is malformed; the message names the file and the case."""


@dataclass(frozen=True)
class Example:
    """One training message: ``kind`` is a crisis kind or ``none``."""

    text: str
    kind: str
    writer: Optional[str] = None
    victim: Optional[str] = None
    attacker: Optional[str] = None


@dataclass(frozen=True)
class CrisisScores:
    """What the model reads in one message."""

    probability: float  # of any crisis, the highest over the whole and each window
    kind: Optional[str]  # the most probable crisis kind where that was reached
    writer: Optional[str] = None
    victim: Optional[str] = None
    attacker: Optional[str] = None
    kinds: Dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> Dict[str, Any]:
        """JSON-ready, probabilities rounded."""
        data = asdict(self)
        data["probability"] = round(self.probability, 4)
        data["kinds"] = {k: round(p, 4) for k, p in self.kinds.items()}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "CrisisScores":
        """The inverse of ``as_dict``."""
        return cls(
            probability=float(data.get("probability") or 0.0),
            kind=data.get("kind"),
            writer=data.get("writer"),
            victim=data.get("victim"),
            attacker=data.get("attacker"),
            kinds=dict(data.get("kinds") or {}),
        )


def _check(path: Path, index: int, case: Any) -> Example:
    where = f"{path}: case {index + 1}"
    if not isinstance(case, dict) or not isinstance(case.get("text"), str) or is_empty(case["text"]):
        raise CrisisDataError(f"{where}: needs a non-empty `text`")
    tier = case.get("tier")
    if tier not in TIERS:
        raise CrisisDataError(f"{where}: tier must be one of {TIERS}, got {tier!r}")
    kind = case.get("kind") if tier == "crisis" else NONE
    if kind not in kinds() + (NONE,):
        raise CrisisDataError(f"{where}: kind must be one of {kinds()}, got {kind!r}")
    roles = {}
    for role, allowed in ROLES.items():
        value = case.get(role) if tier == "crisis" else None
        if value is not None and value not in allowed:
            raise CrisisDataError(f"{where}: {role} must be one of {allowed}, got {value!r}")
        roles[role] = value
    return Example(text=case["text"], kind=kind, **roles)


def load_file(path: Path) -> List[Example]:
    """The cases of one file (``cases:`` list, see data/crisis/training/README.md)."""
    data = read_yaml(path, CrisisDataError) or {}
    cases = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(cases, list):
        raise CrisisDataError(f"{path}: expected a top-level `cases:` list")
    return [_check(Path(path), i, case) for i, case in enumerate(cases)]


def training_files(directory: Optional[Path] = None) -> List[Path]:
    """The training files, in a fixed order."""
    return sorted(Path(directory or DEFAULT_DIRECTORY).glob("*.yml"))


def load_examples(directory: Optional[Path] = None) -> List[Example]:
    """Every case of every training file."""
    return [example for path in training_files(directory) for example in load_file(path)]


def windows(text: str) -> List[str]:
    """The whole message, each sentence, and each run of ``WINDOW`` sentences."""
    bounds = sentence_spans(text)
    if len(bounds) <= 1:
        return [text]
    parts = [text[s:e] for s, e in bounds]
    runs = [text[bounds[i][0]:bounds[i + WINDOW - 1][1]] for i in range(len(bounds) - WINDOW + 1)]
    return [text] + parts + (runs if len(bounds) > WINDOW else [])


class _Head:
    """One multinomial logistic regression over the shared features."""

    def __init__(self, labels: Sequence[str], coef: np.ndarray, intercept: np.ndarray) -> None:
        self.labels = list(labels)
        self.weights = np.ascontiguousarray(coef.T)
        self.intercept = intercept

    @classmethod
    def from_fit(cls, classes: Sequence[str], coef: np.ndarray, intercept: np.ndarray) -> "_Head":
        if len(classes) == 2:  # sklearn keeps one row for two classes
            coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
            intercept = np.array([0.0, intercept[0]])
        return cls(list(classes), coef, intercept)

    def probabilities(self, features) -> np.ndarray:
        logits = np.asarray(features @ self.weights) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def best(self, features) -> List[str]:
        return [self.labels[i] for i in self.probabilities(features).argmax(axis=1)]


class CrisisModel:
    """The kind head (none or a crisis kind) and one head per role."""

    def __init__(self, features: TextFeatures, heads: Mapping[str, _Head]) -> None:
        self._features = features
        self._heads = dict(heads)

    @classmethod
    def fit(cls, examples: Sequence[Example], c: float = DEFAULT_C) -> "CrisisModel":
        """Trains every head; the role heads learn only from crisis examples with that role."""
        texts = [e.text for e in examples]
        features, matrix = TextFeatures.fit(texts)
        # The kind head learns from every example; each role head only from the
        # crisis examples that name that role. A head needs two labels to learn.
        problems = {"kind": (matrix, [e.kind for e in examples])}
        for role in ROLES:
            rows = [i for i, e in enumerate(examples) if e.kind != NONE and getattr(e, role)]
            labels = [getattr(examples[i], role) for i in rows]
            if len(set(labels)) >= 2:
                problems[role] = (matrix[rows], labels)
        if len(set(problems["kind"][1])) < 2:
            raise CrisisDataError("the crisis model needs crisis and calm examples")
        fitted = fit_logistic_regressions(list(problems.values()), c=c, max_iter=3000)
        heads: Dict[str, _Head] = {name: _Head.from_fit(*result) for name, result in zip(problems, fitted)}
        return cls(features, heads)

    def score(self, text: str) -> CrisisScores:
        """How likely a crisis is in ``text``, of which kind, and who is involved."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str]) -> List[CrisisScores]:
        """``score`` for several texts, their windows vectorized together."""
        texts = list(texts)
        if not texts:
            return []
        spans, pieces = [], []
        for text in texts:
            parts = windows(text) if not is_empty(text) else [text]
            spans.append((len(pieces), len(pieces) + len(parts)))
            pieces.extend(parts)
        matrix = self._features.transform(pieces)
        kind_head = self._heads["kind"]
        probabilities = kind_head.probabilities(matrix)
        none = kind_head.labels.index(NONE)
        whole = matrix[[start for start, _ in spans]]
        roles = {role: head.best(whole) for role, head in self._heads.items() if role != "kind"}
        out = []
        for n, (start, end) in enumerate(spans):
            rows = probabilities[start:end]
            crisis = 1.0 - rows[:, none]
            best = int(crisis.argmax())
            kinds = {label: float(p) for label, p in zip(kind_head.labels, rows[best]) if label != NONE}
            out.append(
                CrisisScores(
                    probability=float(crisis[best]),
                    kind=max(kinds, key=kinds.get) if kinds else None,
                    kinds=kinds,
                    **{role: values[n] for role, values in roles.items()},
                )
            )
        return out

    # -- files -----------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Vocabularies and labels as JSON, weights as .npy (no pickle)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"heads": {name: head.labels for name, head in self._heads.items()}, **self._features.save(directory)}
        (directory / "crisis_model.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for name, head in self._heads.items():
            np.save(directory / f"coef_{name}.npy", head.weights.T)
            np.save(directory / f"intercept_{name}.npy", head.intercept)

    @classmethod
    def load(cls, directory: Path) -> "CrisisModel":
        """A model written by ``save``."""
        directory = Path(directory)
        meta = json.loads((directory / "crisis_model.json").read_text(encoding="utf-8"))
        heads = {
            name: _Head(
                labels,
                np.load(directory / f"coef_{name}.npy", allow_pickle=False),
                np.load(directory / f"intercept_{name}.npy", allow_pickle=False),
            )
            for name, labels in meta["heads"].items()
        }
        return cls(TextFeatures.load(directory, meta), heads)


def calm_examples(pairs: Iterable[Tuple[str, str]], crisis_intents: Iterable[str]) -> List[Example]:
    """NLU training examples as calm ones, except those of intents near a crisis.

    The DV, abuse and mental-health examples describe violence and despair
    that may be happening now; calling them calm would teach the model to
    miss exactly those. Their calm counterparts come from the crisis writers.
    """
    near = set(crisis_intents)
    return [
        Example(text=text, kind=NONE)
        for text, intent in pairs
        if text and intent and not (set(intent.split("+")) & near) and intent != "crisis"
    ]
