"""The Sudachi tokenizer: offsets into the original text, normalized lemmas, odd input."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.sudachi_tokenizer import SudachiTokenizer
from bot.text import sudachi


def _tokenize(text, **config):
    tokenizer = SudachiTokenizer({**SudachiTokenizer.get_default_config(), **config})
    return tokenizer.tokenize(Message(data={"text": text}), "text")


OFFSET_CASES = [
    ("夫に毎日怒鳴られる", ["夫", "に", "毎日", "怒鳴ら", "れる"], [(0, 1), (1, 2), (2, 4), (4, 7), (7, 9)]),
    ("１５歳の息子　が", ["１５", "歳", "の", "息子", "が"], [(0, 2), (2, 3), (3, 4), (4, 6), (7, 8)]),
    ("DV の 相談", ["DV", "の", "相談"], [(0, 2), (3, 4), (5, 7)]),
    ("ｶﾀｶﾅ ﾃｽﾄ", ["ｶﾀｶﾅ", "ﾃｽﾄ"], [(0, 4), (5, 8)]),
]


@pytest.mark.parametrize("text, surfaces, offsets", OFFSET_CASES)
def test_tokens_point_into_the_original_text(text, surfaces, offsets):
    tokens = _tokenize(text)
    assert [t.text for t in tokens] == surfaces
    assert [(t.start, t.end) for t in tokens] == offsets
    assert all(text[t.start : t.end] == t.text for t in tokens)


SAME_LEMMA = [
    ("引き篭もり", "引きこもり", "ひきこもり"),
    ("ＤＶ", "DV", "dv"),
    ("障がい", "障害", "しょうがい"),
    ("子供", "子ども", "こども"),
]


@pytest.mark.parametrize("spellings", SAME_LEMMA)
def test_spelling_variants_share_one_lemma(spellings):
    lemmas = {tuple(t.lemma for t in _tokenize(s)) for s in spellings}
    assert len(lemmas) == 1, lemmas


def test_english_words_are_folded_to_lower_case_not_to_katakana():
    assert [t.lemma for t in _tokenize("Help me I LOST my job")] == [
        "help", "me", "i", "lost", "my", "job"
    ]


@pytest.mark.parametrize("text", ["", " ", "　\n\t", "\u200b\u200b", "\x00\x01"])
def test_blank_and_invisible_input_gives_no_tokens(text):
    assert _tokenize(text) == []


def test_emoji_survive_as_tokens():
    tokens = _tokenize("😀助けて😭")
    assert "".join(t.text for t in tokens) == "😀助けて😭"


def test_text_longer_than_sudachi_accepts_is_analysed_in_chunks():
    from bot.text import sudachi

    sentence = "母の介護で毎日つかれています。"
    text = sentence * 5000  # 75,000 characters, about 225,000 bytes
    morphemes = sudachi.analyze(text)
    assert morphemes[-1].end == len(text)
    assert all(text[m.begin : m.end] == m.surface for m in morphemes[::997])


def test_the_tokenizer_reads_the_concern_from_the_first_2000_characters_only():
    # DIET's cost grows with the square of the tokens; the crisis components read the rest.
    from bot import limits

    text = "母の介護で毎日つかれています。" * 400  # 6,000 characters
    tokens = _tokenize(text)
    assert tokens[-1].end <= limits.MAX_MESSAGE_CHARS < len(text)
    assert tokens[-1].end > limits.MAX_MESSAGE_CHARS - 20


@pytest.mark.parametrize("mode, expected", [("A", ["生活", "困窮", "者"]), ("C", ["生活", "困窮", "者"])])
def test_split_mode_is_configurable(mode, expected):
    assert [t.text for t in _tokenize("生活困窮者", split_mode=mode)] == expected


def test_split_mode_changes_compounds():
    a = [t.text for t in _tokenize("児童相談所", split_mode="A")]
    c = [t.text for t in _tokenize("児童相談所", split_mode="C")]
    assert len(a) > len(c)


def test_unknown_split_mode_is_refused():
    with pytest.raises(ValueError, match="split_mode"):
        _tokenize("テスト", split_mode="Z")


def test_multi_intent_names_are_split_on_plus():
    tokenizer = SudachiTokenizer({**SudachiTokenizer.get_default_config(),
                                  "intent_tokenization_flag": True})
    message = Message(data={"intent": "elderly_care+hikikomori"})
    tokens = tokenizer._split_name(message, "intent")
    assert [t.text for t in tokens] == ["elderly_care", "hikikomori"]


def test_each_thread_gets_its_own_sudachi_tokenizer():
    import threading

    seen = []

    def work():
        sudachi.analyze("テスト")
        # keep the object itself, so that no id is reused after a thread ends
        seen.append(sudachi._per_thread.tokenizers["C"])

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(t) for t in seen}) == 3


def test_required_packages_name_the_dictionary():
    assert set(SudachiTokenizer.required_packages()) == {"sudachipy", "sudachidict_core"}


def test_a_long_message_keeps_its_first_and_last_tokens():
    text = "母の介護がつらいです。" + "今日は晴れです。" * 60 + "家賃も払えません。"
    every = _tokenize(text, max_tokens=None)
    kept = _tokenize(text, max_tokens=20)
    assert len(every) > 20 and len(kept) == 20
    assert [t.text for t in kept] == [t.text for t in every[:10] + every[-10:]]
    assert "家賃" in [t.text for t in kept] and "介護" in [t.text for t in kept]
