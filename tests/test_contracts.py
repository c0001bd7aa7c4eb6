"""The concern ids agree everywhere with data/services/concerns.yml (bot/contracts.py).

Each case below breaks one copy of the project's files with a made-up
concern `pets` (or a misspelt multi-intent) and expects the checker to name
the file and the id.
"""
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot import contracts

ROOT = Path(__file__).resolve().parents[1]
# Everything the checker reads, copied so that no case touches the real files.
CHECKED = ("domain.yml", "data/rules", "data/nlu", "data/services", "data/hotlines.yml",
           "docs/concerns.md", "benchmarks/keyword_baseline.yml", "data/memo.yml",
           "data/crisis/kinds.yml", "data/crisis/model_combination.yml", "docs/crisis.md")


@pytest.fixture
def project(tmp_path):
    for name in CHECKED:
        source, target = ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    return tmp_path


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _windows_rule(data):
    return next(r for r in data["rules"] if any(s.get("action") == "action_show_windows" for s in r["steps"]))


def new_concern_in_catalogue_only(root):
    _edit_yaml(root / "data/services/concerns.yml",
               lambda d: d["concerns"].append({"id": "pets", "ja": "ペット", "en": "Pets"}))


def unknown_multi_intent_in_domain(root):
    _edit_yaml(root / "domain.yml", lambda d: d["intents"].append("dv+pets"))


def unsorted_multi_intent_in_domain(root):
    _edit_yaml(root / "domain.yml", lambda d: d["intents"].append("housing+dv"))


def concern_not_routed(root):
    def drop(data):
        rule = _windows_rule(data)
        rule["steps"][0]["or"] = [o for o in rule["steps"][0]["or"] if o["intent"] != "mobility"]
    _edit_yaml(root / "data/rules/rules.yml", drop)


def unknown_concern_routed(root):
    _edit_yaml(root / "data/rules/rules.yml", lambda d: _windows_rule(d)["steps"][0]["or"].append({"intent": "pets"}))


def concern_file_missing(root):
    (root / "data/nlu/mobility.yml").unlink()


def concern_file_for_unknown_id(root):
    (root / "data/nlu/pets.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: pets\n  examples: |\n    - 犬が逃げた\n', encoding="utf-8")


def unknown_multi_label_in_writers_data(root):
    _append(root / "data/nlu/writers/everyday.yml", "- intent: dv+pets\n  examples: |\n    - 夫が犬を蹴る\n")


def english_examples_missing(root):
    for path in (root / "data/nlu/english").glob("*.yml"):
        def drop(data):
            data["nlu"] = [b for b in data["nlu"] if b.get("intent") != "mobility"]
        _edit_yaml(path, drop)


def keyword_for_unknown_concern(root):
    _edit_yaml(root / "benchmarks/keyword_baseline.yml", lambda d: d["keywords"].update(pets=["犬"]))


def keywords_missing(root):
    _edit_yaml(root / "benchmarks/keyword_baseline.yml", lambda d: d["keywords"].pop("mobility"))


def taxonomy_row_for_unknown_concern(root):
    _append(root / "docs/concerns.md", "\n| `pets` | a lost pet | none |\n")


def window_for_unknown_concern(root):
    _edit_yaml(root / "data/services/windows.yml", lambda d: d["windows"][0]["concerns"].append("pets"))


def hotline_for_unknown_concern(root):
    _edit_yaml(root / "data/hotlines.yml", lambda d: d["by_concern"].update(pets=["police"]))


def memo_names_an_unknown_crisis_kind(root):
    _edit_yaml(root / "data/memo.yml", lambda d: d["offer_only_when_asked"]["crisis_kinds"].append("stampede"))


def a_crisis_kind_is_dropped_from_the_declaration(root):
    _edit_yaml(root / "data/crisis/kinds.yml",
               lambda d: d.update(kinds=[k for k in d["kinds"] if k["id"] != "child_danger"]))


def crisis_doc_names_an_undeclared_kind(root):
    path = root / "docs/crisis.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("| `carer_fear` |", "| `stampede` | a crowd |\n| `carer_fear` |"), encoding="utf-8")


CASES = [
    (new_concern_in_catalogue_only, [
        "domain.yml: pets: concern id is not an intent",
        "data/nlu/pets.yml: pets: no training file",
        "data/nlu/english: pets: no English examples",
        "benchmarks/keyword_baseline.yml: pets: no keywords",
        "docs/concerns.md: pets: missing from the taxonomy table",
        "concern 'pets' is served by no window",
    ]),
    (unknown_multi_intent_in_domain, ["domain.yml: dv+pets: names unknown concern(s) pets"]),
    (unsorted_multi_intent_in_domain, ["domain.yml: housing+dv: parts are not in alphabetical order"]),
    (concern_not_routed, ["data/rules: mobility: concern intent is not routed to action_show_windows"]),
    (unknown_concern_routed, ["data/rules/rules.yml: pets: routed to the windows but neither a concern id"]),
    (concern_file_missing, ["data/nlu/mobility.yml: mobility: no training file"]),
    (concern_file_for_unknown_id, ["data/nlu/pets.yml: pets: concern file for an id not in concerns.yml"]),
    (unknown_multi_label_in_writers_data, ["data/nlu/writers/everyday.yml: dv+pets: names unknown concern(s) pets"]),
    (english_examples_missing, ["data/nlu/english: mobility: no English examples"]),
    (keyword_for_unknown_concern, ["benchmarks/keyword_baseline.yml: pets: not a concern id"]),
    (keywords_missing, ["benchmarks/keyword_baseline.yml: mobility: no keywords"]),
    (taxonomy_row_for_unknown_concern, ["docs/concerns.md: pets: in the taxonomy table but not in concerns.yml"]),
    (window_for_unknown_concern, ["windows.yml", "pets"]),
    (hotline_for_unknown_concern, ["data/hotlines.yml: pets: by_concern names no concern id"]),
    (memo_names_an_unknown_crisis_kind, ["data/memo.yml: stampede: not a crisis kind"]),
    (a_crisis_kind_is_dropped_from_the_declaration,
     ["data/memo.yml: child_danger: not a crisis kind",
      "docs/crisis.md: child_danger: in the kinds' table but not in data/crisis/kinds.yml"]),
    (crisis_doc_names_an_undeclared_kind, ["docs/crisis.md: stampede: in the kinds' table but not"]),
]


def test_the_project_agrees_with_concerns_yml():
    assert contracts.check(ROOT) == []


def test_an_untouched_copy_agrees(project):
    assert contracts.check(project) == []


@pytest.mark.parametrize("break_it, expected", CASES, ids=[case[0].__name__ for case in CASES])
def test_each_disagreement_is_named(project, break_it, expected):
    break_it(project)
    problems = contracts.check(project)
    for text in expected:
        assert any(text in problem for problem in problems), (text, problems)
    if break_it is window_for_unknown_concern:
        assert any("windows.yml" in p and "'pets'" in p for p in problems), problems


def test_taxonomy_order_is_the_catalogue_order(project):
    path = project / "docs/concerns.md"
    text = path.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(?:dv|abuse)` \|.*$", text, flags=re.MULTILINE)
    path.write_text(text.replace(rows[0], "\0").replace(rows[1], rows[0]).replace("\0", rows[1]), encoding="utf-8")
    assert any("order differs" in p for p in contracts.check(project))


@pytest.mark.parametrize("intent, problem", [
    ("dv+housing", None), ("elderly_care+hikikomori+poverty", None),
    ("housing+dv", "alphabetical"), ("dv+dv", "alphabetical"), ("dv+pets", "unknown"),
])
def test_multi_intent_problem(intent, problem):
    found = contracts.multi_intent_problem(intent, ["dv", "housing", "elderly_care", "hikikomori", "poverty"])
    assert (found is None) if problem is None else (problem in found)


def test_catalogue_check_reports_the_contract(project, capsys):
    from bot.cli import main

    concern_not_routed(project)
    assert main(["catalogue", "check", str(ROOT / "data/services"), "--project", str(project)]) == 1
    assert "data/rules: mobility: concern intent is not routed" in capsys.readouterr().out
