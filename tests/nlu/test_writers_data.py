"""The writers' training files: real messages, not one template with the nouns swapped.

data/nlu/writers/ and data/nlu/english/writer_*.yml each hold one independent
writer's examples (their README). A writer who pads a file with near copies
teaches the model one sentence many times; this check finds pairs of one
writer's examples that share 80 % of their character trigrams.
"""
import re
import unicodedata
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import yaml

from bot.contracts import concern_ids

ROOT = Path(__file__).parents[2]
WRITER_FILES = sorted((ROOT / "data" / "nlu" / "writers").glob("*.yml")) + sorted(
    (ROOT / "data" / "nlu" / "english").glob("writer_*.yml")
)
CONCERNS = set(concern_ids(ROOT))


def _examples(path):
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in block["examples"].splitlines():
            if line.startswith("- "):
                yield block["intent"], line[2:].strip()


def _norm(text):
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def _grams(text):
    t = _norm(text)
    return {t[i:i + 3] for i in range(max(1, len(t) - 2))}


def test_there_are_many_writers_in_both_languages():
    assert len(WRITER_FILES) >= 8
    assert sum(1 for p in WRITER_FILES if p.parent.name == "english") >= 2


def test_labels_are_concerns_small_talk_or_out_of_scope_and_sorted():
    for path in WRITER_FILES:
        for intent, _ in _examples(path):
            parts = intent.split("+")
            assert intent in ("small_talk", "out_of_scope") or (
                set(parts) <= CONCERNS and parts == sorted(parts) and len(parts) <= 3
            ), f"{path.name}: {intent}"


def test_no_template_padding():
    # Pairs are compared only where they could be near: sharing a rare trigram.
    texts = [(p.name, t, _grams(t)) for p in WRITER_FILES for _, t in _examples(p) if len(_norm(t)) >= 12]
    index = defaultdict(list)
    for i, (_, _, grams) in enumerate(texts):
        for gram in grams:
            index[gram].append(i)
    candidates = set()
    for members in index.values():
        if len(members) <= 30:
            candidates.update(combinations(members, 2))
    near = [
        (texts[a][0], texts[a][1][:30], texts[b][1][:30])
        for a, b in candidates
        # Within one writer: two writers may both write "what is your name".
        if texts[a][0] == texts[b][0]
        and len(texts[a][2] & texts[b][2]) / len(texts[a][2] | texts[b][2]) >= 0.8
    ]
    assert not near, near[:5]


def test_no_example_carries_two_labels():
    # A greeting one writer calls small_talk and the first data calls greet
    # teaches DIET both answers at once (rasa data validate only warns).
    labels = defaultdict(set)
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):
        for intent, text in _examples(path):
            labels[re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)].add(intent)
    both = {text: sorted(intents) for text, intents in labels.items() if len(intents) > 1}
    assert not both, both
