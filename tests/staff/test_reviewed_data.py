"""`make test` refuses a staff-reviewed example that equals a sentence of an evaluation set.

Examples labelled in the console's Review go to data/nlu/reviewed/ (bot/staff/review.py
refuses a test sentence already; this guards the files themselves, e.g. after a
hand edit or a merge). Unlike tests/nlu/test_independence.py, short sentences
are not let through: a reviewed example is a resident's message, not a greeting
everybody writes.
"""
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.staff import review

REVIEWED = PROJECT_ROOT / "data" / "nlu" / "reviewed"


def copied_test_sentences(reviewed: Path, evaluation=None):
    """The reviewed examples (file: text) equal to an evaluation sentence."""
    evaluation = review.evaluation_keys() if evaluation is None else evaluation
    found = []
    for path in sorted(reviewed.rglob("*.yml")) if reviewed.is_dir() else []:
        for text in review.sentences_in([path]):
            if review.key(text) in evaluation:
                found.append(f"{path.name}: {text}")
    return found


def test_no_reviewed_example_is_a_test_sentence():
    copied = copied_test_sentences(REVIEWED)
    assert not copied, "reviewed examples equal to evaluation sentences (remove them):\n" + "\n".join(copied)


def test_the_check_finds_a_test_sentence_in_a_reviewed_file(tmp_path):
    sentence = "夫に毎日怒鳴られて財布も取り上げられている"  # tests/nlu/test_set.yml
    review.append_example(tmp_path, "dv", "夫に毎日 怒鳴られて、財布も取り上げられている")
    review.append_example(tmp_path, "housing", "家賃の相談をしたい")
    assert review.key(sentence) in review.evaluation_keys()
    assert copied_test_sentences(tmp_path) == ["dv.yml: 夫に毎日 怒鳴られて、財布も取り上げられている"]


def test_the_training_data_reads_the_reviewed_directory():
    # The Makefile trains on data/nlu (so data/nlu/reviewed is in it) and retrains when a file there changes.
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "TRAIN_DATA  := data/nlu " in makefile and "find $(TRAIN_DATA) -name '*.yml'" in makefile
    assert REVIEWED.parent == PROJECT_ROOT / "data" / "nlu"
