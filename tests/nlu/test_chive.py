"""chiVe vectors read from ja-ginza without spaCy, and the featurizer DIET reads them from."""
import numpy as np
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.chive import default_vectors, murmurhash64a
from bot.nlu.chive_featurizer import ChiveFeaturizer
from bot.nlu.sudachi_tokenizer import SudachiTokenizer


def _cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_the_hash_is_spacys_murmurhash64a():
    # A wrong hash finds no word at all: these are common words of chiVe.
    vectors = default_vectors()
    for word in ("介護", "家賃", "子育て", "為る", "母"):
        assert vectors.row(word) >= 0, word
    # Tail lengths 1..7 and a whole block take different branches of the hash.
    assert len({murmurhash64a(("あ" * n).encode()) for n in range(1, 9)}) == 8


def test_neighbours_in_meaning_are_near():
    vectors = default_vectors()
    care, helping, rent = (vectors.vector([w]) for w in ("介護", "介助", "家賃"))
    assert _cosine(care, helping) > _cosine(care, rent)


def test_an_unknown_word_has_no_vector():
    assert default_vectors().vector(["ぬぬぬぬぬぬぬ", ""]) is None


def _featurized(text):
    tokenizer = SudachiTokenizer(SudachiTokenizer.get_default_config())
    message = Message(data={"text": text})
    message.set("text_tokens", tokenizer.tokenize(message, "text"))
    featurizer = ChiveFeaturizer(ChiveFeaturizer.get_default_config(), "chive", default_vectors())
    featurizer.process([message])
    return message


def test_every_token_gets_a_row_and_the_sentence_their_mean():
    message = _featurized("母の介護がつらい")
    sequence, sentence = message.get_dense_features("text")
    tokens = message.get("text_tokens")
    assert sequence.features.shape == (len(tokens), 300)
    assert sentence.features.shape == (1, 300)
    known = sequence.features[np.any(sequence.features != 0, axis=1)]
    assert np.allclose(sentence.features[0], known.mean(axis=0), atol=1e-6)


@pytest.mark.parametrize("text", ["ｗｗｗ", "🙂", "a"])
def test_odd_input_is_featurized_without_error(text):
    sequence, sentence = _featurized(text).get_dense_features("text")
    assert sequence.features.shape[1] == 300 and sentence.features.shape == (1, 300)
