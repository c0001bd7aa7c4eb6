"""Switches the replies to やさしい日本語 (short sentences, readings on every kanji)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionSwitchEasyJapanese(Action):
    """Turns the mode on and says so in やさしい日本語."""

    def name(self) -> Text:
        """The action's name in domain.yml."""
        return "action_switch_easy_japanese"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Sets the slots so that the next answers come in やさしい日本語."""
        dispatcher.utter_message(response="utter_easy_japanese_on")
        return [SlotSet("easy_japanese", True), SlotSet("lang", "ja")]
