"""What the navigator's actions share: the navigator, the slots they read, how they send."""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.navigator import Navigator, Reply

VIEW_SLOTS = ("concerns", "age_group", "affected", "on_behalf", "pending_question", "lang", "easy_japanese")


class NavigatorAction(Action, abc.ABC):
    """Base of the actions that answer through ``bot.navigator.Navigator``.

    Abstract: rasa-sdk registers only concrete actions.
    """

    def __init__(self, navigator: Optional[Navigator] = None) -> None:
        self._navigator = navigator

    @property
    def navigator(self) -> Navigator:
        """The injected navigator, or the project's own, built on first use (not at import)."""
        if self._navigator is None:
            from bot.assembly import default_navigator

            self._navigator = default_navigator()
        return self._navigator

    @abc.abstractmethod
    def respond(self, parse_data: Mapping[str, Any], slots: Mapping[str, Any], domain: Dict[Text, Any]) -> Reply:
        """The reply to the latest message; each action says which."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        """Sends the reply's messages and sets its slots."""
        slots = {name: tracker.get_slot(name) for name in VIEW_SLOTS}
        reply = self.respond(tracker.latest_message, slots, domain)
        for message in reply.messages:
            dispatcher.utter_message(**message)
        return [SlotSet(name, value) for name, value in reply.slots.items()]
