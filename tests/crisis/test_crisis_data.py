"""The crisis data sets stay independent of each other and of the evaluation sets.

A set written in the same voice as the training data flatters; a training
sentence copied from a test or development set flatters most. The training
files (data/crisis/training/), the development sets and the sealed set come
from different writers (data/crisis/training/README.md).
"""
from __future__ import annotations

import re
import unicodedata
from itertools import combinations
from pathlib import Path

import pytest

from bot.crisis import model as crisis_model
from bot.crisis.kinds import kinds
from bot.crisis_evaluation import DEVELOPMENT_SETS, SEALED_SET, load_cases

ROOT = Path(__file__).resolve().parents[2]
EVALUATION_FILES = sorted(
    [*DEVELOPMENT_SETS.values(), SEALED_SET, *(ROOT / "tests" / "crisis").glob("*.yml"),
     *(ROOT / "tests" / "nlu").glob("*.yml")]
)
TRAINING = [(path.name, e.text) for path in crisis_model.training_files() for e in crisis_model.load_file(path)]


def _norm(text: str) -> str:
    return re.sub(r"[\s、。，．,.!！?？…「」『』()（）]", "", unicodedata.normalize("NFKC", text).lower())


def _grams(text: str) -> set:
    t = _norm(text)
    return {t[i:i + 3] for i in range(max(1, len(t) - 2))}


def _similar(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def test_there_are_several_writers_and_every_kind_is_covered():
    files = crisis_model.training_files()
    assert len(files) >= 3
    examples = crisis_model.load_examples()
    for kind in kinds():
        assert sum(e.kind == kind for e in examples) >= 25, kind
    assert sum(e.kind == crisis_model.NONE for e in examples) >= 150


@pytest.mark.parametrize("path", EVALUATION_FILES, ids=[str(p.relative_to(ROOT)) for p in EVALUATION_FILES])
def test_no_training_case_is_an_evaluation_sentence_or_a_near_copy(path):
    if not path.exists():
        pytest.skip("not written yet")
    evaluation = [_grams(c["text"]) for c in load_cases(path) if len(_norm(c["text"])) >= 8]
    exact = {_norm(c["text"]) for c in load_cases(path)}
    copies = [f"{name}: {text[:40]}" for name, text in TRAINING if _norm(text) in exact]
    assert not copies, copies
    near = [
        f"{name}: {text[:40]}"
        for name, text in TRAINING
        if len(_norm(text)) >= 8 and any(_similar(_grams(text), g) >= 0.8 for g in evaluation)
    ]
    assert not near, near


def test_no_template_padding_inside_the_training_data():
    grams = [(name, text, _grams(text)) for name, text in TRAINING if len(_norm(text)) >= 12]
    pairs = [(a[1][:30], b[1][:30]) for a, b in combinations(grams, 2) if _similar(a[2], b[2]) >= 0.8]
    assert not pairs, pairs[:5]


def test_no_phone_number_in_the_data():
    phone = re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}|#\d{4}")
    assert not [text for _, text in TRAINING if phone.search(text)]
