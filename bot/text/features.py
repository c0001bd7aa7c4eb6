"""TF-IDF of Sudachi's normalized forms and of character n-grams, saved without pickle.

The small scikit-learn models beside DIET (the ConcernScorer, the crisis
model) read a message the same way: words as Sudachi normalizes them, so that
ＤＶ / DV / dv and 引きこもり / ひきこもり meet, and character n-grams for typos,
hiragana spellings and words Sudachi does not know. Vocabularies and IDF
weights are kept as JSON and NumPy arrays, so loading a model runs no code
from it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Mapping, Sequence

import numpy as np

from bot.text.sudachi import normalized_forms

MAX_CHAR_FEATURES = 15_000


def word_features(text: str) -> List[str]:
    """Sudachi normalized forms and their bigrams."""
    forms = normalized_forms(text)
    return forms + [f"{a} {b}" for a, b in zip(forms, forms[1:])]


def _vectorizers(max_char_features: int):
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(analyzer=word_features, sublinear_tf=True)
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, max_features=max_char_features
    )
    return words, chars


class TextFeatures:
    """The two vectorizers, fitted on one set of texts."""

    def __init__(self, words, chars) -> None:
        self._words = words
        self._chars = chars

    @classmethod
    def fit(cls, texts: Sequence[str], max_char_features: int = MAX_CHAR_FEATURES):
        """(features, matrix of ``texts``)."""
        words, chars = _vectorizers(max_char_features)
        matrix = _stack(words.fit_transform(texts), chars.fit_transform(texts))
        return cls(words, chars), matrix

    def transform(self, texts: Sequence[str]):
        """A sparse row per text."""
        return _stack(self._words.transform(texts), self._chars.transform(texts))

    def save(self, directory: Path) -> Dict[str, Any]:
        """Writes the IDF weights as .npy; returns the vocabularies for the caller's JSON."""
        np.save(directory / "idf_words.npy", self._words.idf_)
        np.save(directory / "idf_chars.npy", self._chars.idf_)
        return {"words": _vocabulary(self._words), "chars": _vocabulary(self._chars)}

    @classmethod
    def load(cls, directory: Path, meta: Mapping[str, Any]) -> "TextFeatures":
        """The vectorizers from ``save``'s files and the vocabularies in ``meta``."""
        words, chars = _vectorizers(MAX_CHAR_FEATURES)
        for vectorizer, vocabulary, idf in (
            (words, meta["words"], "idf_words.npy"),
            (chars, meta["chars"], "idf_chars.npy"),
        ):
            vectorizer.set_params(vocabulary=vocabulary)
            vectorizer.idf_ = np.load(directory / idf, allow_pickle=False)
        return cls(words, chars)


def _stack(*matrices):
    from scipy.sparse import hstack

    return hstack(matrices).tocsr()


def _vocabulary(vectorizer) -> Dict[str, int]:
    return {term: int(index) for term, index in vectorizer.vocabulary_.items()}
