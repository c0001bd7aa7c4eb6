"""The result turn: crisis numbers first, then the windows, then at most one question."""
from __future__ import annotations

from typing import Text

from actions.navigator_action import NavigatorAction


class ActionShowWindows(NavigatorAction):
    """Answers a concern (or a crisis, or the answer to the question) with the windows."""

    def name(self) -> Text:
        """The action's name in domain.yml."""
        return "action_show_windows"

    def respond(self, parse_data, slots, domain):
        """See ``Navigator.answer``."""
        return self.navigator.answer(parse_data, slots, domain)
