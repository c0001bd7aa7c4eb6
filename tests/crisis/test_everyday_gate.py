"""Full blocks on everyday NLU messages are gated, not only counted.

A false crisis on a question about rent or a form alarms the resident and
puts its route's concern first in the reply (docs/crisis.md, twenty-first
pass): `python -m bot.crisis_evaluation --gate` scores the everyday sets and
fails above their bound.
"""
from __future__ import annotations

from bot import crisis_evaluation as ce


def test_every_everyday_set_exists_and_is_gated_on_calm_messages_only():
    for name, path in ce.EVERYDAY_SETS.items():
        assert path.exists(), path
        assert set(ce.GATES[name]) == {"max_full_block_on_calm"}, name


def test_an_everyday_set_is_scored_as_calm_and_near_by_its_labels():
    cases = ce.load_cases(ce.EVERYDAY_SETS["everyday_v18"])
    tiers = {c["tier"] for c in cases}
    assert tiers == {"calm", "near"}
    assert all(c["tier"] == "near" for c in cases if set(c["intent"].split("+")) & ce.NEAR_CRISIS_INTENTS)


def _summary(calm_blocks: int, near_blocks: int):
    block, none = {"tier": "crisis", "source": "model"}, {"tier": None, "source": None}
    cases = [{"text": "", "tier": "calm"}] * 100 + [{"text": "", "tier": "near"}] * 20
    outcomes = [block] * calm_blocks + [none] * (100 - calm_blocks)
    outcomes += [block] * near_blocks + [none] * (20 - near_blocks)
    return ce.summarize(cases, [dict(o, kind=None, route=None) for o in outcomes])


def test_the_gate_fails_on_full_blocks_given_to_calm_messages():
    gates = {"everyday_x": {"max_full_block_on_calm": 0.02}}
    assert ce.missed_gates({"everyday_x": _summary(calm_blocks=3, near_blocks=0)}, gates) == [
        "[everyday_x] max_full_block_on_calm: 0.03 (gate 0.02)"
    ]
    assert ce.missed_gates({"everyday_x": _summary(calm_blocks=2, near_blocks=0)}, gates) == []


def test_blocks_on_dv_abuse_or_mental_health_messages_do_not_count():
    # They may be a crisis the NLU writer did not mark.
    gates = {"everyday_x": {"max_full_block_on_calm": 0.02}}
    assert ce.missed_gates({"everyday_x": _summary(calm_blocks=0, near_blocks=20)}, gates) == []


def test_the_everyday_sets_are_not_tuned_on(tmp_path, monkeypatch):
    seen = {}

    def fake_score(model, sets):
        seen.update(sets)
        return {name: _summary(0, 0) for name in sets}, {name: [] for name in sets}

    monkeypatch.setattr(ce, "score", fake_score)
    monkeypatch.setattr(ce, "tune", lambda sets, parses, grid: [])
    ce.main(["--out", str(tmp_path / "c.json"), "--tune"])
    assert not set(seen) & set(ce.EVERYDAY_SETS)
    seen.clear()
    ce.main(["--out", str(tmp_path / "c.json")])
    assert set(ce.EVERYDAY_SETS) <= set(seen)
