"""Runs Rasa's command line (`rasa run`, `rasa shell`) with one measured fix for Rasa 3.6.

Profiling a turn (docs/benchmarks.md) showed about two thirds of its time in
``RemoteAction._validate_action_result``: it calls ``jsonschema.validate``,
which checks the response schema itself again on every action call. The
schema never changes, so the validator is built once here. Validation stays
exactly as strict (same schema, same error).

    python -m bot.rasa_server run -m models/navigator.tar.gz ...   (bot/serve.py does this)
"""
from __future__ import annotations

import sys
from typing import Any, Dict, Text


def validate_action_results_with_one_validator() -> None:
    """Replaces RemoteAction._validate_action_result by one that reuses a validator."""
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator = validators.validator_for(schema)(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                f"response from the Action endpoint is valid. See {DOCS_BASE_URL}/custom-actions"
            )
            raise

    RemoteAction._validate_action_result = _validate_action_result


def main(argv: Any = None) -> None:
    """Applies the fix, then hands over to Rasa's own command line."""
    validate_action_results_with_one_validator()
    from rasa.__main__ import main as rasa_main

    # The staff console's counts listen to the conversation store (bot/privacy/store.py).
    import bot.staff.usage  # noqa: F401

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
