"""Rasa component: the crisis model (bot.crisis.model) scores every message.

Trained at ``rasa train`` on data/crisis/training/ and on the calm NLU
examples; it puts ``crisis_scores`` into the message for the CrisisFlagger,
which decides (with the patterns and the concern) whether there is a crisis.
It changes neither the intent nor the ranking. The training files are not
part of Rasa's training data, so their contents (and the model's code)
enter the fingerprint: a changed file retrains this component, an unchanged
one is taken from cache.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import sentences
from bot.crisis import model as crisis_model
from bot.crisis.model import CrisisModel as _Model
from bot.nlu import text_features
from bot.nlu.stored_model import StoredModelComponent

logger = logging.getLogger(__name__)

SCORES_KEY = "crisis_scores"


def _directory(config: Dict[Text, Any]) -> Path:
    return Path(config.get("training_dir") or crisis_model.DEFAULT_DIRECTORY)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CrisisModel(StoredModelComponent):
    """Puts ``crisis_scores`` (bot.crisis.model.CrisisScores as a dict) into each message."""

    model_class = _Model

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Returns the default config."""
        return {
            # data/crisis/training of the project when None.
            "training_dir": None,
            "C": crisis_model.DEFAULT_C,
            # NLU intents whose examples are never taken as calm (they may be a crisis).
            "near_crisis_intents": ["dv", "abuse", "mental_health"],
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The training files and the model's code: Rasa's cache sees neither otherwise."""
        digest = hashlib.sha256()
        code = [Path(crisis_model.__file__), Path(text_features.__file__), Path(sentences.__file__)]
        for path in code + crisis_model.training_files(_directory(config)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the model on the crisis writers' cases and the calm NLU examples."""
        examples = crisis_model.load_examples(_directory(self.component_config))
        examples += crisis_model.calm_examples(
            ((m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples),
            self.component_config.get("near_crisis_intents") or [],
        )
        if not any(e.kind != crisis_model.NONE for e in examples):
            logger.warning("no crisis training cases: the crisis model is not trained")
            return self._resource
        return self._keep(_Model.fit(examples, c=float(self.component_config.get("C", crisis_model.DEFAULT_C))))

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the crisis scores of each message (never its text to a log)."""
        if self._model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        for message, scores in zip(messages, self._model.score_many(texts)):
            # In the parse data (numbers and ids only): staff see why a tier was given.
            message.set(SCORES_KEY, scores.as_dict(), add_to_output=True)
        return messages
