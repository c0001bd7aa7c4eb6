"""The evaluation sets are independent of the training data: no sentence in both.

The development sets (dev_set.yml and dev_*_set.yml, used to tune thresholds
and find data gaps) are held to the same rule, and share no sentence with the
test sets either.
"""
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from bot import evaluation

ROOT = Path(__file__).parents[2]


def _key(text: str) -> str:
    # Spaces, punctuation and width are no difference a model would notice.
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\W_]+", "", folded)


def _nlu_examples(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for block in data.get("nlu", []):
        for line in (block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line[2:])


def _crisis_texts(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for section in ("crisis", "calm"):
        for case in data.get(section) or []:
            yield case if isinstance(case, str) else case["text"]


SHORT_MESSAGE_CHARS = 7
TRAINING = {_key(t) for p in (ROOT / "data" / "nlu").rglob("*.yml") for t in _nlu_examples(p)}
EVALUATION = sorted(
    [(p, t) for p in (ROOT / "tests" / "nlu").glob("*_set.yml") for t in _nlu_examples(p)]
    + [(p, t) for p in (ROOT / "tests" / "nlu" / "sealed").glob("*.yml") for t in _nlu_examples(p)]
    + [(p, t) for p in (ROOT / "tests" / "crisis").glob("crisis_cases*.yml") for t in _crisis_texts(p)],
    key=lambda pair: (str(pair[0]), pair[1]),
)


def test_there_is_training_data_and_an_evaluation_set():
    assert len(TRAINING) > 1000
    assert len(EVALUATION) >= 300


def test_no_evaluation_sentence_is_a_training_sentence():
    # Greetings and one-word messages (こんにちは, DV) are the same whoever writes them.
    copied = [
        f"{p.relative_to(ROOT)}: {t}"
        for p, t in EVALUATION
        if _key(t) in TRAINING and len(_key(t)) > SHORT_MESSAGE_CHARS
    ]
    assert not copied, "evaluation sentences found in data/nlu:\n" + "\n".join(copied)


@pytest.mark.parametrize("a, b", [("ＤＶ の相談。", "dvの相談"), ("お金が ない！", "お金がない")])
def test_the_comparison_ignores_width_spaces_and_punctuation(a, b):
    assert _key(a) == _key(b)


def test_the_development_sets_are_not_the_test_set():
    dev = {_key(t) for p in evaluation.development_sets() for t in _nlu_examples(p)}
    test = {_key(t) for p in evaluation.SETS.values() for t in _nlu_examples(p)}
    shared = sorted(k for k in dev & test if len(k) > SHORT_MESSAGE_CHARS)
    assert len(dev) >= 200
    assert not shared, "sentences in both a development set and a test set:\n" + "\n".join(shared)
