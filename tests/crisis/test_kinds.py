"""The crisis kinds are declared once (data/crisis/kinds.yml) and every reader keeps to them."""
import pytest
import yaml

from bot.crisis import assessment, kinds, routes, rules


def test_the_declaration_is_read_in_its_order():
    declared = yaml.safe_load(kinds.DEFAULT_FILE.read_text(encoding="utf-8"))["kinds"]
    assert kinds.kinds() == tuple(entry["id"] for entry in declared)
    assert "suicide" in kinds.kinds()


def test_every_kind_has_a_crisis_route_and_a_pattern_priority_or_default():
    loaded = rules.load()
    assert set(loaded.kind_priority) <= set(kinds.kinds())
    assert {trigger.kind for trigger in loaded.triggers} <= set(kinds.kinds())
    assert routes.load()  # fails naming a kind without a route


def test_the_assessment_names_only_declared_kinds():
    named = {kind for family in assessment.FAMILY.values() for kind in family} | set(assessment.FAMILY)
    named |= set(assessment.Tiers().model_possible_only)
    assert kinds.unknown(sorted(named)) == []


def test_a_repeated_kind_is_refused(tmp_path):
    path = tmp_path / "kinds.yml"
    path.write_text("kinds:\n  - {id: suicide}\n  - {id: suicide}\n", encoding="utf-8")
    with pytest.raises(kinds.KindsError, match="unique"):
        kinds.kinds(path)


def test_a_pattern_with_an_undeclared_kind_is_refused(tmp_path):
    (tmp_path / "patterns.yml").write_text(
        "triggers:\n  - {id: t1, kind: stampede, match: ['re:x']}\n", encoding="utf-8")
    with pytest.raises(rules.CrisisRulesError, match="stampede"):
        rules.load_directory(tmp_path)
