"""The action server registers every action of the domain, and nothing abstract."""
from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor


def test_the_action_package_registers_exactly_the_domain_actions():
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["actions"]) <= set(executor.actions)
    assert "NavigatorAction" not in {type(a).__name__ for a in executor.actions.values()}
