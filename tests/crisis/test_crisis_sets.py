"""The detector on every independent set tests/crisis/crisis_cases*.yml (written by another author).

Each file: `crisis:` list of {text, kind}, `calm:` list of {text}. A missed
crisis message fails; more than 5 % flagged calm messages fails.
"""
from __future__ import annotations

import pytest

from tests.crisis.crisis_case_files import HERE, MAX_FALSE_ALARM_RATE, evaluate

CASE_FILES = sorted(HERE.glob("crisis_cases*.yml"))


@pytest.mark.skipif(not CASE_FILES, reason="no tests/crisis/crisis_cases*.yml yet")
@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_independent_set(path):
    missed, flagged, n_crisis, n_calm = evaluate(path)
    assert n_crisis or n_calm, f"{path.name} holds no cases"
    assert not missed, f"{path.name}: {len(missed)}/{n_crisis} crisis messages missed:\n" + "\n".join(missed)
    assert len(flagged) <= MAX_FALSE_ALARM_RATE * n_calm, (
        f"{path.name}: {len(flagged)}/{n_calm} calm messages flagged:\n" + "\n".join(flagged)
    )
