"""The English NLU data in data/nlu/english/: shape, coverage, and that Rasa reads it."""
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.contracts import concern_ids

ROOT = Path(__file__).resolve().parents[2]
ENGLISH_DIR = ROOT / "data" / "nlu" / "english"

CONCERNS = concern_ids(ROOT)

CONVERSATION = "greet goodbye thanks affirm deny bot_challenge ask_human new_topic out_of_scope".split()
CONTRACT_MULTI_INTENTS = {
    intent for intent in yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    if "+" in intent
}
ALLOWED = set(CONCERNS) | set(CONVERSATION) | {"inform", "easy_japanese", "small_talk"} | CONTRACT_MULTI_INTENTS


def _files():
    return sorted(ENGLISH_DIR.glob("*.yml"))


def _examples():
    """intent -> list of examples, over every file."""
    found = {}
    for path in _files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data.get("version") == "3.1", path.name
        assert set(data) == {"version", "nlu"}, path.name
        for block in data["nlu"]:
            lines = block["examples"].splitlines()
            assert all(line.startswith("- ") for line in lines if line.strip()), path.name
            found.setdefault(block["intent"], []).extend(line[2:].strip() for line in lines if line.strip())
    return found


def test_files_exist():
    assert _files(), "no English NLU files"


def test_only_contract_intents():
    assert set(_examples()) <= ALLOWED


@pytest.mark.parametrize("intent", CONCERNS)
def test_every_concern_has_25_examples(intent):
    assert len(_examples().get(intent, [])) >= 25


@pytest.mark.parametrize("intent", CONVERSATION + ["inform"])
def test_every_conversational_intent_has_10_examples(intent):
    assert len(_examples().get(intent, [])) >= 10


def _key(example: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", example.lower()).strip()


# Two writers often both write "test" or "hello"; one copy is enough, and a
# copy under a second label teaches the model both answers.
def test_no_duplicates_within_or_across_intents():
    owners = Counter()
    for examples in _examples().values():
        keys = Counter(_key(e) for e in examples)
        owners.update(set(keys))
        assert [k for k, n in keys.items() if n > 1] == []
    assert [k for k, n in owners.items() if n > 1] == []


def test_no_entity_annotations():
    # Entities come from PersonFactsExtractor and CrisisFlagger, not from DIET.
    for examples in _examples().values():
        assert not [e for e in examples if re.search(r"\]\(|\]\{", e)]


def test_residents_own_words_are_in_the_data():
    text = " ".join(e.lower() for examples in _examples().values() for e in examples)
    for word in ("dv soudan", "yachin", "hikikomori", "kaigo", "city office"):
        assert word in text


def test_rasa_reads_every_file():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    total = 0
    for path in _files():
        data = RasaYAMLReader().read(str(path))
        total += len(data.intent_examples)
        assert not data.entity_examples
    assert total == sum(len(v) for v in _examples().values())


def test_sudachi_tokenizer_folds_english_to_lower_case():
    from bot.text.sudachi import analyze

    assert [m.normalized for m in analyze("DV Soudan please")] == ["dv", "soudan", "please"]
