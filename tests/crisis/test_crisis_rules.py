"""The crisis data files: the pattern language, load errors, no Rasa training keys."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.crisis import detect, rules
from bot.crisis.rules import CrisisRulesError
from bot.crisis.token_patterns import parse
from bot.text.sudachi import analyze

ROOT = Path(__file__).resolve().parents[2]
OWN_DATA = [*sorted((ROOT / "data" / "crisis").glob("*.yml")), ROOT / "data" / "hotlines.yml",
            ROOT / "data" / "person_facts.yml"]


@pytest.mark.parametrize("path", OWN_DATA, ids=[p.name for p in OWN_DATA])
def test_no_line_looks_like_rasa_training_data(path):
    # Rasa takes any file with such a line, even indented, for training data.
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(nlu|rules|stories|responses):", text, re.MULTILINE)


@pytest.mark.parametrize(
    "pattern, text, matches",
    [
        ("死ぬ たい", "死にたい", True),
        ("死ぬ たい", "しにたい", True),
        ("死ぬ たい", "死にてえ", True),
        ("死ぬ て|で? 仕舞う たい", "死んでしまいたい", True),
        ("殴る ~2 居る", "殴られている", True),
        ("殴る ~1 居る", "殴られている", False),
        ("自殺", "自殺予防週間", True),
        ("消える たい", "消えた", False),
    ],
)
def test_token_patterns(pattern, text, matches):
    assert (parse(pattern).search(analyze(text)) is not None) == matches


@pytest.mark.parametrize("bad", ["~x 死ぬ", "~3", "|"])
def test_malformed_pattern_is_refused(bad):
    with pytest.raises(ValueError):
        parse(bad)


def _write(directory: Path, patterns: str) -> Path:
    directory.mkdir()
    (directory / "patterns.yml").write_text(patterns, encoding="utf-8")
    return directory


def test_unknown_set_names_the_file_and_trigger(tmp_path):
    directory = _write(tmp_path / "c", "triggers:\n  - id: t1\n    kind: suicide\n    match: [$nope]\n")
    with pytest.raises(CrisisRulesError, match=r"patterns\.yml: trigger t1 match: unknown set '\$nope'"):
        rules.load_directory(directory)


def test_unknown_kind_is_refused(tmp_path):
    directory = _write(tmp_path / "c", "triggers:\n  - id: t1\n    kind: danger\n    match: [死ぬ]\n")
    with pytest.raises(CrisisRulesError, match="kind must be one of"):
        rules.load_directory(directory)


def test_a_small_rule_set_is_used_as_written(tmp_path):
    directory = _write(tmp_path / "c", "triggers:\n  - id: only.this\n    kind: suicide\n    match: [消える たい]\n")
    assert detect("消えたい", directory=directory).matched == "only.this"
    assert detect("死にたい", directory=directory) is None


def test_needs_all_asks_every_group_somewhere_in_the_message(tmp_path):
    directory = _write(tmp_path / "c", "triggers:\n  - id: marks\n    kind: child_danger\n    match: [あざ]\n"
                                        "    needs_all: [[子ども], [怖い, 震える]]\n")
    assert detect("子どもを見た。背中にあざがあった。怖がって震えていた", directory=directory).matched == "marks"
    assert detect("背中にあざがあった。怖くて震えていた", directory=directory) is None
    assert detect("子どもの背中にあざがあった", directory=directory) is None


def test_needs_all_must_be_a_list_of_lists(tmp_path):
    directory = _write(tmp_path / "c",
                       "triggers:\n  - id: t\n    kind: suicide\n    match: [死ぬ]\n    needs_all: [今]\n")
    with pytest.raises(CrisisRulesError, match="list of non-empty lists"):
        rules.load_directory(directory)


@pytest.mark.parametrize("text", ["死にたい", "首を吊りたい", "今夫に殴られている"])
def test_the_signal_never_carries_the_text(text):
    signal = detect(text)
    assert signal is not None
    assert not any(ch in signal.matched for ch in text if not ch.isascii())


@pytest.mark.parametrize(
    "text, ranking, kind",
    [
        ("夫が怖い", [{"name": "dv", "confidence": 0.9}], "violence_now"),
        ("もう限界です", [{"name": "mental_health", "confidence": 0.85}], "suicide"),
        ("今すぐ来てほしい", [{"name": "abuse", "confidence": 0.8}], "child_danger"),
        ("今すぐ来てほしい", [{"name": "dv+housing", "confidence": 0.8}], "violence_now"),
        ("夫が怖い", [{"name": "dv", "confidence": 0.5}], None),  # the model is not sure enough
        ("夫のことで相談したい", [{"name": "dv", "confidence": 0.95}], None),  # no cue
        ("DVの講演会が怖い内容だった", [{"name": "dv", "confidence": 0.9}], None),  # guarded sentence
        ("今すぐ知りたい", [{"name": "poverty", "confidence": 0.95}], None),  # not a crisis concern
    ],
)
def test_model_combination(text, ranking, kind):
    signal = detect(text, ranking)
    assert (signal.kind if signal else None) == kind
