"""Rasa component adding a yes/no probability per concern (bot.nlu.concern_scores).

It changes neither the intent nor the ranking: `rasa test` and the stories see
DIET's choice, and bot.concerns combines both when it reads which windows to
show.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.concerns import SCORES_KEY
from bot.nlu.concern_scores import DEFAULT_C, ConcernScores
from bot.nlu.stored_model import StoredModelComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ConcernScorer(StoredModelComponent):
    """Puts `concern_scores` ({intent part: probability}) into the parse data."""

    model_class = ConcernScores

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Returns the default config."""
        return {
            # Inverse regularisation of each logistic regression; 30 scored best
            # of 3, 10, 30 and 100 on the development sets (docs/nlu.md).
            "C": DEFAULT_C,
        }

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
            )
        )

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the probabilities of every intent part to each message."""
        if self._model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        for message, scores in zip(messages, self._model.predict(texts)):
            message.set(
                SCORES_KEY,
                {label: round(p, 4) for label, p in scores.items()},
                add_to_output=True,
            )
        return messages
