"""Base of the Rasa components that train a small model of their own and keep it in Rasa's model storage.

The ConcernScorer and the CrisisModel each fit a scikit-learn model at
``rasa train``, save it as JSON and NumPy arrays (never pickled) and load it
with the rest of the model. Only how they train and what they add to a
message differ; this class holds the rest once.
"""
from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class StoredModelComponent(GraphComponent):
    """A component whose model (``model_class``: ``save(directory)`` / ``load(directory)``) lives in model storage."""

    model_class: ClassVar[Any]

    @staticmethod
    def required_packages() -> List[Text]:
        """scikit-learn, which Rasa itself requires."""
        return ["sklearn"]

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[Any] = None,
    ) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "StoredModelComponent":
        """Creates a new untrained component (see parent class for full docstring)."""
        return cls(config, model_storage, resource)

    def _keep(self, model: Any) -> Resource:
        """Writes a freshly trained model to the component's storage."""
        self._model = model
        with self._model_storage.write_to(self._resource) as directory:
            model.save(directory)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "StoredModelComponent":
        """Loads the trained model; without one (nothing to train on) the component adds nothing."""
        try:
            with model_storage.read_from(resource) as directory:
                return cls(config, model_storage, resource, cls.model_class.load(directory))
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)
