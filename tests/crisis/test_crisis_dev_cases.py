"""The detector on its own development set: every crisis found, at most 5 % false alarms."""
from __future__ import annotations

import yaml

from tests.crisis.crisis_case_files import HERE, MAX_FALSE_ALARM_RATE, evaluate

DEV = HERE / "dev_cases.yml"


def test_dev_set_is_large_enough():
    data = yaml.safe_load(DEV.read_text(encoding="utf-8"))
    assert len(data["crisis"]) >= 60
    assert len(data["calm"]) >= 40
    assert {"suicide", "violence_now", "child_danger"} <= {case["kind"] for case in data["crisis"]}


def test_dev_set_recall_and_false_alarms():
    missed, flagged, _, n_calm = evaluate(DEV)
    assert not missed, "missed crisis messages:\n" + "\n".join(missed)
    assert len(flagged) <= MAX_FALSE_ALARM_RATE * n_calm, "false alarms:\n" + "\n".join(flagged)
