"""The validator fix keeps Rasa's validation of action server responses as strict."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_server import validate_action_results_with_one_validator


@pytest.fixture
def patched():
    original = RemoteAction._validate_action_result
    validate_action_results_with_one_validator()
    yield RemoteAction._validate_action_result
    RemoteAction._validate_action_result = original


def test_a_valid_response_passes(patched):
    good = {"events": [{"event": "slot", "name": "lang", "value": "ja"}], "responses": [{"text": "x"}]}
    assert patched(None, good) is True


def test_an_invalid_response_is_refused_with_rasas_words(patched):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        patched(None, {"events": "not a list"})
