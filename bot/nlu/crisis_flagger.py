"""Rasa component that decides a message's crisis tier and, for a crisis, sets the intent `crisis`.

It asks bot.crisis.assessment (the patterns, the crisis model's scores put
there by bot.nlu.crisis_model.CrisisModel, and the concern the classifiers
ranked) and puts the verdict into the parse data as ``crisis``
(CrisisAssessment.as_dict: tier, kind, source, who writes, who is hurt).

For the tier ``crisis`` it also overrides the intent, after
FallbackClassifier, so that neither a low confidence nor nlu_fallback hides
a crisis. Like FallbackClassifier it changes ``message.data["intent"]``;
unlike it, it keeps the model's ranking as it was (without inserting
`crisis`), so the action still reads the concern from it (bot/concerns.py).
It also adds the entity `crisis` with the kind. The tier ``possible`` leaves
the intent alone: the ordinary answer, with one calm line at its end.
The resident's text is never logged; only the id of what matched, at DEBUG.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Text

from rasa.engine.graph import GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.concerns import SCORES_KEY as CONCERN_SCORES_KEY
from bot.crisis import rules as crisis_rules
from bot.crisis.assessment import CrisisAssessor, Tiers
from bot.crisis.detector import CrisisDetector
from bot.crisis.model import CrisisScores
from bot.nlu.config_only import ConfigOnlyComponent
from bot.nlu.crisis_model import SCORES_KEY as CRISIS_SCORES_KEY

logger = logging.getLogger(__name__)

CRISIS_INTENT = "crisis"
CRISIS_ENTITY = "crisis"
ASSESSMENT_KEY = "crisis"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisFlagger(ConfigOnlyComponent, GraphComponent, IntentClassifier, EntityExtractorMixin):
    """Sets intent `crisis` (confidence 1.0) and entity `crisis` = kind on a crisis message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Returns the default config."""
        return {
            # Directory with patterns.yml, guards.yml, model_combination.yml;
            # None = data/crisis of the project.
            "patterns_dir": None,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        """Sudachi, through bot.text.sudachi."""
        return ["sudachipy", "sudachidict_core"]

    def __init__(self, config: Dict[Text, Any]) -> None:
        """Reads the patterns once (at model load, not at import)."""
        self.component_config = config
        directory = config.get("patterns_dir")
        rules = crisis_rules.load(Path(directory) if directory else None)
        self.assessor = CrisisAssessor(CrisisDetector(rules), Tiers.from_dict(rules.tiers))


    def process(self, messages: List[Message]) -> List[Message]:
        """Flags the messages that signal a crisis; leaves the others untouched."""
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            scores = message.get(CRISIS_SCORES_KEY)
            assessment = self.assessor.assess(
                text,
                ranking,
                CrisisScores.from_dict(scores) if scores else None,
                message.get(CONCERN_SCORES_KEY) or {},
            )
            if assessment is None:
                continue
            logger.debug("crisis tier %s, %s (%s)", assessment.tier, assessment.kind, assessment.source)
            message.set(ASSESSMENT_KEY, assessment.as_dict(), add_to_output=True)
            if assessment.tier != "crisis":
                continue
            if not ranking and message.get(INTENT):
                # No ranking from a model: keep at least the intent that was there.
                message.set(INTENT_RANKING_KEY, [dict(message.get(INTENT))], add_to_output=True)
            message.set(
                INTENT,
                {INTENT_NAME_KEY: CRISIS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0},
                add_to_output=True,
            )
            entity = {
                ENTITY_ATTRIBUTE_TYPE: CRISIS_ENTITY,
                ENTITY_ATTRIBUTE_VALUE: assessment.kind,
                # The whole message: the signal is the id of a pattern, not a span.
                ENTITY_ATTRIBUTE_START: 0,
                ENTITY_ATTRIBUTE_END: len(text),
            }
            message.set(
                ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name([entity]), add_to_output=True
            )
        return messages
