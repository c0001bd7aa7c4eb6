"""Rasa component adding the entities `age` and `affected` found by bot.person."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Text

from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot import person
from bot.nlu.config_only import ConfigOnlyComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PersonFactsExtractor(ConfigOnlyComponent, GraphComponent, EntityExtractorMixin):
    """Adds `age` (the expression as written) and `affected` (a canonical id) entities."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Returns the default config."""
        return {
            # Path of the patterns file; None = data/person_facts.yml of the project.
            "facts_file": None,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        """Reads the patterns once (at model load, not at import)."""
        self.component_config = config
        facts_file = config.get("facts_file")
        self.rules = person.load(Path(facts_file) if facts_file else None)


    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the person entities to each message."""
        for message in messages:
            facts = person.extract(message.get(TEXT) or "", self.rules)
            entities = [
                {
                    ENTITY_ATTRIBUTE_TYPE: span.entity,
                    ENTITY_ATTRIBUTE_VALUE: span.value,
                    ENTITY_ATTRIBUTE_START: span.start,
                    ENTITY_ATTRIBUTE_END: span.end,
                }
                for span in facts.spans
            ]
            if entities:
                message.set(
                    ENTITIES,
                    message.get(ENTITIES, []) + self.add_extractor_name(entities),
                    add_to_output=True,
                )
        return messages
