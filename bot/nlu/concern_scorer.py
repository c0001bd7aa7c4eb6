"""Rasa component adding a yes/no probability per concern (bot.nlu.concern_scores).

It changes neither the intent nor the ranking: `rasa test` and the stories see
DIET's choice, and bot.concerns combines both when it reads which windows to
show.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import sentences
from bot.concerns import SCORES_KEY, SENTENCE_SCORES_KEY
from bot.nlu import chive, concern_scores
from bot.nlu.chive import default_vectors
from bot.nlu.concern_scores import DEFAULT_C, ConcernScores
from bot.nlu.stored_model import StoredModelComponent
from bot.text import features as text_features


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ConcernScorer(StoredModelComponent):
    """Puts `concern_scores` and `concern_sentence_scores` into the parse data.

    `concern_scores` is {intent part: probability}; `concern_sentence_scores` is each
    part's best over the sentences.
    """

    model_class = ConcernScores

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Returns the default config."""
        return {
            # Inverse regularisation of each logistic regression; 30 scored best
            # of 3, 10, 30 and 100 on the development sets (docs/nlu.md).
            "C": DEFAULT_C,
            # chiVe's mean vector beside the sparse features (bot.nlu.chive):
            # on the development sets macro-F1 of the scorer alone 0.903 → 0.920
            # on dev_voices (docs/nlu-pipelines.md).
            "chive": True,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The model's code: Rasa's cache would otherwise keep a scorer trained by older code."""
        digest = hashlib.sha256()
        for module in (concern_scores, text_features, chive, sentences):
            digest.update(Path(module.__file__).read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Fits one regression per intent part on the intent examples."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if not examples:
            return self._resource
        return self._keep(
            ConcernScores.fit(
                [m.get(TEXT) for m in examples],
                [m.get(INTENT) for m in examples],
                c=float(self.component_config.get("C", DEFAULT_C)),
                vectors=default_vectors() if self.component_config.get("chive") else None,
            )
        )

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the probabilities of every intent part to each message."""
        if self._model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        whole = self._model.predict(texts)
        by_sentence = self._model.predict_by_sentence(texts, whole)
        for message, scores, best in zip(messages, whole, by_sentence):
            message.set(SCORES_KEY, {label: round(p, 4) for label, p in scores.items()}, add_to_output=True)
            message.set(SENTENCE_SCORES_KEY, {label: round(p, 4) for label, p in best.items()}, add_to_output=True)
        return messages
