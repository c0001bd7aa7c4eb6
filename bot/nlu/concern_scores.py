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
from typing import Dict, List, Sequence, Set

import numpy as np

from bot.concerns import MULTI_INTENT_SEPARATOR
from bot.nlu.sudachi import normalized_forms

DEFAULT_C = 30.0
MAX_CHAR_FEATURES = 15_000


def word_features(text: str) -> List[str]:
    """Sudachi normalized forms and their bigrams (ＤＶ / DV / dv and 引きこもり / ひきこもり meet)."""
    forms = normalized_forms(text)
    return forms + [f"{a} {b}" for a, b in zip(forms, forms[1:])]


def _vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(analyzer=word_features, sublinear_tf=True)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, max_features=MAX_CHAR_FEATURES
    )
    return words, chars


class ConcernScores:
    """Probability that a message carries each intent part, independently of the others."""

    def __init__(self, labels: Sequence[str], words, chars, coef: np.ndarray, intercept: np.ndarray):
        self.labels = list(labels)
        self._words = words
        self._chars = chars
        # Kept transposed (features × labels) and contiguous: multiplying by
        # coef.T would copy the whole matrix on every message, 3 ms of 4.
        self._weights = np.ascontiguousarray(coef.T)
        self._intercept = intercept

    @classmethod
    def fit(cls, texts: Sequence[str], intents: Sequence[str], c: float = DEFAULT_C) -> "ConcernScores":
        """One logistic regression per part of the intents (``a+b`` counts for a and for b)."""
        from sklearn.linear_model import LogisticRegression

        part_sets: List[Set[str]] = [set(intent.split(MULTI_INTENT_SEPARATOR)) for intent in intents]
        labels = sorted(set().union(*part_sets)) if part_sets else []
        words, chars = _vectorizers()
        features = _stack(words.fit_transform(texts), chars.fit_transform(texts))
        coef, intercept = [], []
        for label in labels:
            y = np.array([label in parts for parts in part_sets], dtype=int)
            # Balanced: most concerns have about 3% of the examples; unweighted,
            # the regression would learn to say "no" to all of them.
            model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(features, y)
            coef.append(model.coef_[0])
            intercept.append(model.intercept_[0])
        return cls(labels, words, chars, np.array(coef), np.array(intercept))

    def predict(self, texts: Sequence[str]) -> List[Dict[str, float]]:
        """For each text, every label's probability."""
        if not texts or not self.labels:
            return [{} for _ in texts]
        features = _stack(self._words.transform(texts), self._chars.transform(texts))
        logits = features @ self._weights + self._intercept
        probabilities = 1.0 / (1.0 + np.exp(-np.asarray(logits)))
        return [dict(zip(self.labels, map(float, row))) for row in probabilities]

    def save(self, directory: Path) -> None:
        """Vocabularies and IDF weights as JSON, coefficients as .npy (no pickle)."""
        directory.mkdir(parents=True, exist_ok=True)
        meta = {
            "labels": self.labels,
            "words": _vocabulary(self._words),
            "chars": _vocabulary(self._chars),
        }
        (directory / "concern_scores.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        np.save(directory / "coef.npy", self._weights.T)
        np.save(directory / "intercept.npy", self._intercept)
        np.save(directory / "idf_words.npy", self._words.idf_)
        np.save(directory / "idf_chars.npy", self._chars.idf_)

    @classmethod
    def load(cls, directory: Path) -> "ConcernScores":
        meta = json.loads((directory / "concern_scores.json").read_text(encoding="utf-8"))
        words, chars = _vectorizers()
        for vectorizer, vocabulary, idf in (
            (words, meta["words"], "idf_words.npy"),
            (chars, meta["chars"], "idf_chars.npy"),
        ):
            vectorizer.set_params(vocabulary=vocabulary)
            vectorizer.idf_ = np.load(directory / idf, allow_pickle=False)
        return cls(
            meta["labels"],
            words,
            chars,
            np.load(directory / "coef.npy", allow_pickle=False),
            np.load(directory / "intercept.npy", allow_pickle=False),
        )


def _stack(*matrices):
    from scipy.sparse import hstack

    return hstack(matrices).tocsr()


def _vocabulary(vectorizer) -> Dict[str, int]:
    return {term: int(index) for term, index in vectorizer.vocabulary_.items()}

