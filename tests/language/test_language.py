"""bot.language.detect: Japanese or English, from script proportions and a word list."""
from pathlib import Path

import pytest
import yaml

from bot import language
from bot.language import detect

JAPANESE = [
    "DVの相談をしたい",
    "LINEで相談できますか",
    "夫からDVを受けています",
    "息子がひきこもりで困っています",
    "NPOの人に紹介されました",
    "SNSで知り合った人にお金をだまし取られた",
    "Wi-Fiのない家で子どもが勉強できない",
    "母の介護でPTAにも出られない",
    "ヤングケアラーってなんですか？ young carer",
    "ＤＶ",
    "LINE",
    "NPO!",
    "OK",
    "中2です",
    "はい",
    "母のことです",
    "80代の母と50代の兄のこと",
    "夫に「shut up」と言われて怖い",
    "彼に「I will kill you」と言われた",
    "ｶﾞｽ代がはらえない",  # half-width katakana
    "Tanashi駅の近くに住んでいます",
    "iPhoneをなくしてしまって、お金もない",
]

ENGLISH = [
    "I live in Tanashi and need help",
    "Where is 西東京市 city hall?",
    "I am 70",
    "he is 15",
    "my son is in junior high",
    "My husband hits me",
    "i cant pay yachin",
    "DV soudan please",
    "hello",
    "help",
    "thanks",
    "sumimasen",  # lone romaji: the writer did not use kana
    "kaigo",
    "I need help with 介護 for my mother",
    "My son is ひきこもり, what can I do",
    "私はフィリピン人です。I don't speak Japanese well",
    "yachin harae nai",  # romaji only: a resident who does not write kana
    "Ｉ ｎｅｅｄ ｈｅｌｐ",  # full-width Latin
    "how to find job in nishitokyo",
    "is this a bot?",
    "My neighbor, an old lady, lives alone in 保谷",
    "I’m scared of my ex boyfriend",  # typographic apostrophe
]

DEFAULT_JA = [
    "",
    "a",
    "?",
    "😢",
    "😭😭😭",
    "123",
    "0120",
    "   ",
    "!!",
]


@pytest.mark.parametrize("text", JAPANESE)
def test_japanese_stays_japanese(text):
    assert detect(text) == "ja"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_english(text):
    assert detect(text) == "en"


@pytest.mark.parametrize("text", DEFAULT_JA)
def test_too_little_to_tell_is_the_default(text):
    assert detect(text) == language.DEFAULT == "ja"


def test_none_is_the_default():
    assert detect(None) == "ja"


def test_word_list_is_data_and_no_training_file():
    raw = language.WORDS_FILE.read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    assert set(data) == {"english_words"}
    # Rasa takes any file under data/ with these keys for training data.
    for key in ("nlu:", "rules:", "stories:", "responses:"):
        assert not any(line.strip().startswith(key) for line in raw.splitlines())
    words = language.english_words()
    assert {"the", "is", "i", "my", "help"} <= words
    # Romaji that foreign residents mix in must not count as English.
    assert not words & {"soudan", "yachin", "kaigo", "hikikomori", "no", "ok", "desu"}


def test_custom_word_list_is_used(tmp_path: Path):
    path = tmp_path / "words.yml"
    path.write_text("english_words: [kudasai]\n", encoding="utf-8")
    words = language.english_words(path)
    assert detect("kudasai 介護", words=words) == "en"
    assert detect("kudasai 介護") == "ja"


def test_empty_word_list_fails_clearly(tmp_path: Path):
    path = tmp_path / "words.yml"
    path.write_text("english_words: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="english_words"):
        language.english_words(path)
