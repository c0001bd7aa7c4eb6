"""Every intent reaches an action, and the data Rasa trains on is only what it should be."""
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def _rule_intents():
    intents = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            for step in rule["steps"]:
                if "intent" in step:
                    intents.add(step["intent"])
                for alternative in step.get("or", []):
                    intents.add(alternative["intent"])
    return intents


def test_every_domain_intent_has_a_rule():
    assert set(DOMAIN["intents"]) - _rule_intents() == set()


def test_low_confidence_has_a_rule():
    assert "nlu_fallback" in _rule_intents()


def test_every_action_of_the_rules_is_in_the_domain():
    actions = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            actions |= {s["action"] for s in rule["steps"] if "action" in s}
    assert actions <= set(DOMAIN["actions"])


def test_every_multi_intent_in_training_data_is_in_the_domain():
    trained = set()
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in block:
                trained.add(block["intent"])
    assert trained <= set(DOMAIN["intents"]), trained - set(DOMAIN["intents"])
