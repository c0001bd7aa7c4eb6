"""Rasa dense featurizer: a chiVe vector for every Sudachi token (bot.nlu.chive).

The sparse features (word and character n-grams) know only the ~3,900
training messages; chiVe knows how 480,000 words were used on the Japanese
web, so 困窮 and 家計が苦しい lie near each other before any example joins
them. DIET reads these beside the sparse features (docs/nlu-pipelines.md).

A token chiVe does not know gets zeros. The sentence feature is the mean of
the known tokens' vectors.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.chive import ChiveVectors, default_vectors
from bot.nlu.sudachi_tokenizer import SudachiTokenizer

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class ChiveFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds 300-dimensional chiVe vectors as dense sequence and sentence features."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """The tokens must carry Sudachi's normalized form as their lemma."""
        return [SudachiTokenizer]

    @staticmethod
    def required_packages() -> List[Text]:
        """The package msgpack, which reads the vector index.

        ja-ginza (which ships the vectors) is not named: Rasa would import it, and it
        imports spaCy, which is not installed; bot.nlu.chive finds its files and says so
        when they are missing.
        """
        return ["msgpack"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The component's default config (see parent class for full docstring)."""
        return DenseFeaturizer.get_default_config()

    def __init__(self, config: Dict[Text, Any], name: Text, vectors: ChiveVectors) -> None:
        super().__init__(name, config)
        self._vectors = vectors

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Creates the component; the vectors are read once per process."""
        return cls(config, execution_context.node_name, default_vectors())

    def _sequence(self, message: Message, attribute: Text) -> np.ndarray:
        tokens = message.get(TOKENS_NAMES[attribute]) or []
        rows = np.zeros((len(tokens), self._vectors.dimensions), dtype=np.float32)
        for i, token in enumerate(tokens):
            found = self._vectors.vector((token.lemma, token.text))
            if found is not None:
                rows[i] = found
        return rows

    def _set(self, message: Message, attribute: Text) -> None:
        if not message.get(TOKENS_NAMES[attribute]):
            return
        sequence = self._sequence(message, attribute)
        known = sequence[np.any(sequence != 0, axis=1)]
        sentence = (known.mean(axis=0) if len(known) else np.zeros(sequence.shape[1], dtype=np.float32))[None, :]
        self.add_features_to_message(sequence, sentence, attribute, message)

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the features to each message."""
        for message in messages:
            for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
                self._set(message, attribute)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Adds the features to every training example."""
        self.process(training_data.training_examples)
        return training_data

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to validate beyond the parent's options."""
