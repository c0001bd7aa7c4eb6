"""A yes/no score per concern, learnt from the same training data as DIET.

DIET picks one class per message, and a multi-intent such as
``elderly_care+guardianship`` is a class of its own: when a story about a
parent with dementia asks only about the parent's money, that class competes
with ``guardianship`` and often wins, and the resident is shown a care window
they did not ask for. Here every concern is asked separately (one logistic
regression per intent part, over TF-IDF of Sudachi's normalized forms and of
character n-grams), so ``elderly_care`` is scored on the evidence for care
alone. bot.concerns combines these scores with DIET's ranking.

The model is saved as JSON and NumPy arrays, not pickled, so that loading a
model file runs no code from it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

import numpy as np

from bot import limits
from bot.concerns import MULTI_INTENT_SEPARATOR
from bot.nlu.chive import ChiveVectors, default_vectors
from bot.sentences import spans as sentence_spans
from bot.text import sudachi
from bot.text.features import TextFeatures
from bot.text.regressions import fit_logistic_regressions

DEFAULT_C = 30.0


class ConcernScores:
    """Probability that a message carries each intent part, independently of the others."""

    def __init__(
        self,
        labels: Sequence[str],
        features: TextFeatures,
        coef: np.ndarray,
        intercept: np.ndarray,
        vectors: Optional[ChiveVectors] = None,
    ):
        self.labels = list(labels)
        self._features = features
        # chiVe's mean vector beside the sparse features (None: sparse only).
        self._vectors = vectors
        # Kept transposed (features × labels) and contiguous: multiplying by
        # coef.T would copy the whole matrix on every message, 3 ms of 4.
        self._weights = np.ascontiguousarray(coef.T)
        self._intercept = intercept

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        intents: Sequence[str],
        c: float = DEFAULT_C,
        vectors: Optional[ChiveVectors] = None,
    ) -> "ConcernScores":
        """One logistic regression per part of the intents (``a+b`` counts for a and for b)."""
        part_sets: List[Set[str]] = [set(intent.split(MULTI_INTENT_SEPARATOR)) for intent in intents]
        labels = sorted(set().union(*part_sets)) if part_sets else []
        text_features, features = TextFeatures.fit(texts)
        if vectors is not None:
            features = _with_mean_vectors(features, texts, vectors)
        problems = [(features, np.array([label in parts for parts in part_sets], dtype=int)) for label in labels]
        fitted = fit_logistic_regressions(problems, c=c, max_iter=2000)
        coef = np.array([row_coef[0] for _, row_coef, _ in fitted])
        intercept = np.array([row_intercept[0] for _, _, row_intercept in fitted])
        return cls(labels, text_features, coef, intercept, vectors)

    def predict(self, texts: Sequence[str]) -> List[Dict[str, float]]:
        """For each text, every label's probability."""
        if not texts or not self.labels:
            return [{} for _ in texts]
        features = self._features.transform(texts)
        if self._vectors is not None:
            features = _with_mean_vectors(features, texts, self._vectors)
        logits = features @ self._weights + self._intercept
        probabilities = 1.0 / (1.0 + np.exp(-np.asarray(logits)))
        return [dict(zip(self.labels, map(float, row))) for row in probabilities]

    def predict_by_sentence(
        self, texts: Sequence[str], whole: Optional[Sequence[Dict[str, float]]] = None
    ) -> List[Dict[str, float]]:
        """For each text, every label's best probability over its sentences.

        A concern told in the third sentence of a long post is drowned in the
        whole message's features; its own sentence carries it clearly. A text
        of one sentence gets the whole text's scores (``whole``, when the caller
        has them already, is not computed again).
        """
        if not texts or not self.labels:
            return [{} for _ in texts]
        pieces: List[str] = []
        owners: List[int] = []
        best = [dict.fromkeys(self.labels, 0.0) for _ in texts]
        for index, text in enumerate(texts):
            parts = [text[start:end] for start, end in sentence_spans(text)] or [text]
            if whole is not None and parts == [text]:
                best[index] = dict(whole[index])
                continue
            pieces += parts
            owners += [index] * len(parts)
        for owner, scores in zip(owners, self.predict(pieces) if pieces else []):
            row = best[owner]
            for label, probability in scores.items():
                if probability > row[label]:
                    row[label] = probability
        return best

    def save(self, directory: Path) -> None:
        """Vocabularies and IDF weights as JSON, coefficients as .npy (no pickle)."""
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"labels": self.labels, "chive": self._vectors is not None, **self._features.save(directory)}
        (directory / "concern_scores.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.save(directory / "coef.npy", self._weights.T)
        np.save(directory / "intercept.npy", self._intercept)

    @classmethod
    def load(cls, directory: Path) -> "ConcernScores":
        """A model written by ``save``."""
        meta = json.loads((directory / "concern_scores.json").read_text(encoding="utf-8"))
        return cls(
            meta["labels"],
            TextFeatures.load(directory, meta),
            np.load(directory / "coef.npy", allow_pickle=False),
            np.load(directory / "intercept.npy", allow_pickle=False),
            default_vectors() if meta.get("chive") else None,
        )


def _with_mean_vectors(features, texts: Sequence[str], vectors: ChiveVectors):
    """The sparse features with each text's mean chiVe vector (unit length) appended."""
    from scipy.sparse import csr_matrix, hstack

    dense = np.zeros((len(texts), vectors.dimensions), dtype=np.float32)
    for row, text in enumerate(texts):
        found = [vectors.vector((m.normalized, m.surface)) for m in sudachi.analyze(limits.understood_part(text))]
        found = [v for v in found if v is not None]
        if found:
            mean = np.mean(found, axis=0)
            dense[row] = mean / (np.linalg.norm(mean) or 1.0)
    return hstack([features, csr_matrix(dense)]).tocsr()
