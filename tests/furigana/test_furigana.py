"""bot.furigana: readings from Sudachi, on the kanji part only."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.furigana import has_kanji, parenthesized, ruby_segments, to_hiragana, to_html_ruby, with_readings

KNOWN_WORDS = [
    ("相談できる 窓口", "相談（そうだん）できる 窓口（まどぐち）"),
    ("市役所", "市役所（しやくしょ）"),
    ("大丈夫です", "大丈夫（だいじょうぶ）です"),
    ("今日は", "今日（きょう）は"),
    ("大人", "大人（おとな）"),
    ("電話してください", "電話（でんわ）してください"),
    ("人々", "人々（ひとびと）"),
]

OKURIGANA = [
    ("話しを聞きます", "話（はな）しを聞（き）きます"),
    ("困っていることを書いてください", "困（こま）っていることを書（か）いてください"),
    ("子ども", "子（こ）ども"),
    ("お問い合わせ", "お問（と）い合（あ）わせ"),
    ("取り扱い", "取（と）り扱（あつか）い"),
    ("お金がない", "お金（かね）がない"),
    ("行って見て", "行（い）って見（み）て"),
]

NUMBERS = [
    ("15歳の子ども", "15歳（さい）の子（こ）ども"),
    ("110番に電話", "110番（ばん）に電話（でんわ）"),
    ("市役所 2024年", "市役所（しやくしょ） 2024年（ねん）"),
    ("０１２０", "０１２０"),
    ("3人", "3人（にん）"),
]

WINDOW_NAMES = [
    ("男女平等推進センター", "男女平等推進（だんじょびょうどうすいしん）センター"),
    ("福祉丸ごと相談窓口", "福祉（ふくし）丸（まる）ごと相談窓口（そうだんまどぐち）"),
    ("生活サポート相談窓口", "生活（せいかつ）サポート相談窓口（そうだんまどぐち）"),
    ("子ども家庭支援センターのどか", "子（こ）ども家庭支援（かていしえん）センターのどか"),
    ("権利擁護センターあんしん西東京", "権利擁護（けんりようご）センターあんしん西東京（にしとうきょう）"),
]

NO_KANJI = [
    "",
    "ひらがなだけ",
    "ニコモルーム",
    "LINE",
    "help me please",
    "0120-279-338",
    "😢 つらい",
    "  まど  ",
]

MIXED_ENGLISH = [
    ("DVの相談をしたい", "DVの相談（そうだん）をしたい"),
    ("LINEで相談できますか", "LINEで相談（そうだん）できますか"),
    ("Where is 西東京市 city hall?", "Where is 西東京市（にしとうきょうし） city hall?"),
]


@pytest.mark.parametrize("text, expected", KNOWN_WORDS + OKURIGANA + NUMBERS + WINDOW_NAMES + MIXED_ENGLISH)
def test_with_readings(text, expected):
    assert with_readings(text) == expected


@pytest.mark.parametrize("text", NO_KANJI)
def test_text_without_kanji_is_unchanged(text):
    assert with_readings(text) == text
    assert ruby_segments(text) == ([(text, None)] if text else [])


def test_empty_text():
    assert with_readings("") == ""
    assert ruby_segments("") == []
    assert to_html_ruby("") == ""


def test_parenthesized_is_the_plain_default():
    assert parenthesized("窓口") == with_readings("窓口") == "窓口（まどぐち）"


def test_segments_for_renderers():
    assert ruby_segments("話しを聞きます") == [("話", "はな"), ("しを", None), ("聞", "き"), ("きます", None)]
    assert ruby_segments("男女平等推進センター") == [
        ("男女平等推進", "だんじょびょうどうすいしん"),
        ("センター", None),
    ]


def test_written_readings_are_not_repeated():
    once = with_readings("福祉丸ごと相談窓口に相談してください")
    assert with_readings(once) == once
    assert with_readings("相談（そうだん）できる") == "相談（そうだん）できる"
    assert ruby_segments(once) == ruby_segments("福祉丸ごと相談窓口に相談してください")


def test_readings_are_generated_for_any_response_text():
    # Sentences of the easy-Japanese responses, none of them listed above.
    text = "こまったときは、ひとりで悩まないで、市の窓口に話してください。"
    out = with_readings(text)
    assert out == "こまったときは、ひとりで悩（なや）まないで、市（し）の窓口（まどぐち）に話（はな）してください。"


def test_html_ruby():
    assert to_html_ruby("相談（そうだん）できる 窓口（まどぐち）") == (
        "<ruby>相談<rt>そうだん</rt></ruby>できる <ruby>窓口<rt>まどぐち</rt></ruby>"
    )
    assert to_html_ruby(with_readings("話しを聞きます")) == (
        "<ruby>話<rt>はな</rt></ruby>しを<ruby>聞<rt>き</rt></ruby>きます"
    )


def test_html_ruby_escapes_first():
    assert to_html_ruby('<b>窓口（まどぐち）</b> & "x"') == (
        "&lt;b&gt;<ruby>窓口<rt>まどぐち</rt></ruby>&lt;/b&gt; &amp; &quot;x&quot;"
    )
    # Parentheses that hold no reading stay as they are.
    assert to_html_ruby("窓口（地域共生課）") == "窓口（地域共生課）"


def test_helpers():
    assert to_hiragana("ソウダンマドグチ") == "そうだんまどぐち"
    assert to_hiragana("センター") == "せんたー"
    assert has_kanji("相談") and has_kanji("人々") and not has_kanji("そうだん ABC 123")


JAPANESE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("相談窓口話聞子家庭支援生活福祉丸市役所大人今日行見書困金問合")
        + list("あいうえおかきくけこしすたてともなのはまらりるをんっー")
        + list("アイセンターサポート")
        + list("ab1２ 、。（）")
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(JAPANESE_TEXT)
def test_properties(text):
    segments = ruby_segments(text)
    without_written_readings = re.sub(r"([一-龥々〆ヶヵ]+)（[ぁ-ゖー]+）", r"\1", text)
    assert "".join(piece for piece, _ in segments) == without_written_readings
    for piece, reading in segments:
        if reading is not None:
            assert has_kanji(piece)
            assert reading and all("ぁ" <= ch <= "ゖ" or ch == "ー" for ch in reading)
        else:
            assert piece
    if not has_kanji(text):
        assert with_readings(text) == text
    if "（" in text:
        return  # may hold a written reading; covered by test_written_readings_are_not_repeated
    # Removing the readings gives the text back.
    out = with_readings(text)
    stripped = out
    for piece, reading in segments:
        if reading is not None:
            stripped = stripped.replace(f"{piece}（{reading}）", piece, 1)
    assert stripped == text
