"""Bad input against a REAL running navigator: a reply or a 4xx, never a 500, never silence."""
import pytest

from tests.robustness.cases import BAD_INPUTS, check_outcome
from tests.support.conversation import SCHOOL, result
from tests.support.net import http


@pytest.mark.parametrize("name, raw, content_type, expected", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_against_the_real_navigator(navigator, name, raw, content_type, expected):
    status, body = http("POST", navigator.rest, raw=raw, content_type=content_type, timeout=120)
    check_outcome(name, status, body, expected)


def test_after_all_the_bad_input_a_resident_is_answered(navigator):
    status, body = navigator.say("after-bad-input", SCHOOL)
    assert status == 200
    found = result(body)
    assert found is not None and (found["concerns"] or found["question"]), body
