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
    {*DEVELOPMENT_SETS.values(), SEALED_SET, *(ROOT / "tests" / "crisis").glob("*.yml"),
     *(ROOT / "tests" / "crisis" / "sealed").glob("*.yml"), *(ROOT / "tests" / "nlu").glob("*.yml"),
     *(ROOT / "tests" / "nlu" / "sealed").glob("*.yml")}
)
TRAINING = [(path.name, e.text) for path in crisis_model.training_files() for e in crisis_model.load_file(path)]


def _norm(text: str) -> str:
    return re.sub(r"[\s、。，．,.!！?？…「」『』()（）]", "", unicodedata.normalize("NFKC", text).lower())


def _grams(text: str) -> set:
    t = _norm(text)
    return {t[i:i + 3] for i in range(max(1, len(t) - 2))}


def _similar(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


NEAR = 0.8


def _near_pairs(queries: list, corpus: list, same_list: bool = False):
    """(i, j) with _similar(queries[i], corpus[j]) >= NEAR; with same_list, each pair once (i < j).

    Compared pair by pair, the checks took about ten minutes of the suite. Two
    sets this similar share at least NEAR of the larger one's trigrams, so only
    texts that share that many are compared.
    """
    index: dict = {}
    for j, grams in enumerate(corpus):
        for gram in grams:
            index.setdefault(gram, []).append(j)
    for i, grams in enumerate(queries):
        shared: dict = {}
        for gram in grams:
            for j in index.get(gram, ()):
                shared[j] = shared.get(j, 0) + 1
        for j, count in shared.items():
            if same_list and j <= i:
                continue
            if count >= NEAR * max(len(grams), len(corpus[j])) and _similar(grams, corpus[j]) >= NEAR:
                yield i, j


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
    training = [(name, text) for name, text in TRAINING if len(_norm(text)) >= 8]
    near = sorted({f"{training[i][0]}: {training[i][1][:40]}"
                   for i, _ in _near_pairs([_grams(text) for _, text in training], evaluation)})
    assert not near, near


def test_no_template_padding_inside_the_training_data():
    texts = [text for _, text in TRAINING if len(_norm(text)) >= 12]
    grams = [_grams(text) for text in texts]
    pairs = [(texts[i][:30], texts[j][:30]) for i, j in _near_pairs(grams, grams, same_list=True)]
    assert not pairs, pairs[:5]


def test_near_pairs_finds_what_comparing_every_pair_finds():
    texts = ["今から死にます。さようなら", "今から死にます、さようなら。", "今から死にますさようなら皆",
             "明日は晴れるといいですね", "明日は雨が降るといいですね", "ab", "息子に殴られて血が出ています"]
    grams = [_grams(t) for t in texts]
    every = {(i, j) for i, j in combinations(range(len(texts)), 2) if _similar(grams[i], grams[j]) >= NEAR}
    assert set(_near_pairs(grams, grams, same_list=True)) == every
    assert every  # the first two are the same message
    across = {(i, j) for i in range(3) for j in range(3, len(texts)) if _similar(grams[i], grams[j]) >= NEAR}
    assert set((i, j + 3) for i, j in _near_pairs(grams[:3], grams[3:])) == across


def test_no_phone_number_in_the_data():
    phone = re.compile(r"\d{2,4}-\d{2,4}-\d{3,4}|#\d{4}")
    assert not [text for _, text in TRAINING if phone.search(text)]
