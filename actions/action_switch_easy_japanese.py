"""Switches the replies to やさしい日本語 (short sentences, readings on every kanji), and back."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

# The intent that turns the mode off; every other intent routed here turns it on.
PLAIN_JAPANESE_INTENT = "plain_japanese"


class ActionSwitchEasyJapanese(Action):
    """Turns the mode on (easy_japanese) or off (plain_japanese) and says so."""

    def name(self) -> Text:
        """The action's name in domain.yml."""
        return "action_switch_easy_japanese"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Sets the slots so that the next answers come in the mode asked for."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == PLAIN_JAPANESE_INTENT:
            # A resident who reads kanji well is not kept in the slower mode.
            dispatcher.utter_message(response="utter_easy_japanese_off")
            return [SlotSet("easy_japanese", False), SlotSet("lang", "ja")]
        dispatcher.utter_message(response="utter_easy_japanese_on")
        return [SlotSet("easy_japanese", True), SlotSet("lang", "ja")]
