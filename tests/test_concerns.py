"""Reading every concern of a message: multi-intents, the ranking, the crisis override."""
import pytest

from bot.concerns import read_concerns, split_intent

KNOWN = {"dv", "housing", "elderly_care", "hikikomori", "poverty", "mental_health", "abuse"}


def parse(intent, confidence, *ranking):
    return {
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
    }


CASES = [
    # single, clear
    (parse("dv", 0.95, ("dv", 0.95), ("housing", 0.02)), ["dv"]),
    # multi-intent names both
    (parse("elderly_care+hikikomori", 0.8, ("elderly_care+hikikomori", 0.8)), ["elderly_care", "hikikomori"]),
    # second concern clearly present in the ranking
    (parse("dv", 0.55, ("dv", 0.55), ("housing", 0.35), ("poverty", 0.05)), ["dv", "housing"]),
    # a weak second guess is not a concern
    (parse("dv", 0.7, ("dv", 0.7), ("housing", 0.12)), ["dv"]),
    # crisis override keeps the model's own concern from the ranking
    (parse("crisis", 1.0, ("mental_health", 0.9), ("poverty", 0.03)), ["mental_health"]),
    # fallback with a plausible concern underneath
    (parse("nlu_fallback", 0.3, ("poverty", 0.45), ("housing", 0.4)), ["poverty", "housing"]),
    # … but not a weak one under it
    (parse("nlu_fallback", 0.3, ("poverty", 0.25), ("housing", 0.2)), ["poverty"]),
    # conversation intents carry no concern
    (parse("greet", 0.99, ("greet", 0.99), ("dv", 0.005)), []),
    (parse("out_of_scope", 0.9, ("out_of_scope", 0.9), ("poverty", 0.05)), []),
]


@pytest.mark.parametrize("parse_data, expected", CASES)
def test_read_concerns(parse_data, expected):
    assert read_concerns(parse_data, KNOWN) == expected


def test_unknown_parts_of_a_multi_intent_are_dropped():
    assert split_intent("dv+weather", KNOWN) == ["dv"]


def test_no_intent_at_all():
    assert read_concerns({}, KNOWN) == []


def test_the_second_concern_thresholds_can_be_tried_without_editing_the_module():
    # benchmarks/tune_thresholds.py sweeps them on the development set.
    p = parse("dv", 0.6, ("dv", 0.6), ("housing", 0.3))
    assert read_concerns(p, KNOWN, min_confidence=0.25) == ["dv", "housing"]
    assert read_concerns(p, KNOWN, min_confidence=0.35) == ["dv"]
    assert read_concerns(p, KNOWN, min_confidence=0.25, min_share=0.6) == ["dv"]
