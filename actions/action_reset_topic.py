"""「ほかの相談」: forgets the topic and the person, keeps the language and the mode."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

_TOPIC_SLOTS = ("concerns", "age_group", "affected", "on_behalf", "pending_question")


class ActionResetTopic(Action):
    """Starts a new topic without ending the conversation (unlike action_restart)."""

    def name(self) -> Text:
        """The action's name in domain.yml."""
        return "action_reset_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Clears the slots of the last topic and asks what the new one is."""
        dispatcher.utter_message(response="utter_restart")
        return [SlotSet(name, None) for name in _TOPIC_SLOTS]
