"""Rasa's ``create`` for a component made from its config alone.

The tokenizer, the person-facts extractor and the crisis flagger train
nothing and store nothing: Rasa asks each for ``create`` with the model's
storage, and each only needs its config.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class ConfigOnlyComponent:
    """A mixin, first among the bases: ``create`` builds the component from its config."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Any:
        """Creates a new component (see Rasa's GraphComponent.create)."""
        return cls(config)
