"""Accuracy on the independent set tests/nlu/person_facts.yml (another author's cases).

Each case: {text, age_group, affected} (null where the text says nothing).
Every field must be right in at least 85 % of the cases; misses are listed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.person import extract

CASES_FILE = Path(__file__).resolve().parents[1] / "nlu" / "person_facts.yml"
MIN_ACCURACY = 0.85


def _cases():
    if not CASES_FILE.exists():
        return []
    return (yaml.safe_load(CASES_FILE.read_text(encoding="utf-8")) or {}).get("cases") or []


@pytest.mark.skipif(not CASES_FILE.exists(), reason="no tests/nlu/person_facts.yml yet")
@pytest.mark.parametrize("field", ["age_group", "affected"])
def test_accuracy_per_field(field):
    cases = _cases()
    assert cases, "the set holds no cases"
    misses = []
    for case in cases:
        got = getattr(extract(case["text"]), field)
        if got != case.get(field):
            misses.append(f"{case['text']!r}: expected {case.get(field)}, got {got}")
    accuracy = 1 - len(misses) / len(cases)
    assert accuracy >= MIN_ACCURACY, f"{field}: accuracy {accuracy:.2f} < {MIN_ACCURACY}; misses:\n" + "\n".join(misses)
