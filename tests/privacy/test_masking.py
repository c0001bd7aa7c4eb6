"""bot/privacy/masking.py: personal details become placeholders, nothing else changes."""
import pytest

from bot.privacy.masking import Masker, PatternError, mask

TEL, MAIL, POST, ADDR, MYNO, CARD = ("［電話番号］", "［メールアドレス］", "［郵便番号］", "［住所］", "［個人番号］",
                                    "［カード番号］")

MASKED = [
    # phones: mobile, fixed, with and without hyphens, full-width, +81, brackets
    ("電話は090-1234-5678です", f"電話は{TEL}です"),
    ("09012345678に連絡ください", f"{TEL}に連絡ください"),
    ("０９０ー１２３４ー５６７８", TEL),
    ("０８０－１２３４－５６７８まで", f"{TEL}まで"),
    ("042-123-4567", TEL),
    ("0421234567", TEL),
    ("(042)123-4567", TEL),
    ("（０４２）１２３－４５６７", TEL),
    ("tel 042 123 4567", f"tel {TEL}"),
    ("03-1234-5678", TEL),
    ("+81 90-1234-5678", TEL),
    ("+819012345678", TEL),
    ("＋８１ ３ １２３４ ５６７８", TEL),
    ("+81(0)42-123-4567", TEL),
    # e-mail
    ("メールはtaro.yamada@example.co.jpまで", f"メールは{MAIL}まで"),
    ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", MAIL),
    # postal codes and addresses
    ("〒123-4567", POST),
    ("〒 123-4567 西東京市", f"{POST} 西東京市"),
    ("〒1234567", POST),
    ("郵便番号は202-0011です", f"郵便番号は{POST}です"),
    ("西東京市南町5丁目1番2号に住んでいます", f"{ADDR}に住んでいます"),
    ("南町五丁目1番地です", f"{ADDR}です"),
    ("住所は田無町4-1-1です", f"住所は{ADDR}です"),
    ("中町1-2-3の", f"{ADDR}の"),
    ("保谷町3丁目12-5", ADDR),
    ("123番地4", ADDR),
    # My Number-like and card-like runs
    ("マイナンバーは1234 5678 9012", f"マイナンバーは{MYNO}"),
    ("123456789012", MYNO),
    ("1234-5678-9012です", f"{MYNO}です"),
    ("カード4111 1111 1111 1111", f"カード{CARD}"),
    ("4111111111111111", CARD),
    ("4111-1111-1111-1111", CARD),
    ("3782-822463-10005", CARD),
    ("１２３４５６７８９０１２３", CARD),
]

KEPT = [
    "15歳の息子が学校に行けません",
    "中2です", "高3の娘", "80歳の母", "50代の兄", "0歳の子ども",
    "2024年に引っ越しました", "2024-03-15から", "10月12日", "令和6年",
    "3人家族", "1000円しかない", "家賃は65000円", "0.5", "100", "12345",
    "110番するべき？", "189に電話した", "#7119",
    "0120-279-338に電話したけどつながらない",  # a national hotline, not a person
    "0570-783-556",
    "夫に毎日怒鳴られています", "help me please", "",
]


@pytest.mark.parametrize("text, expected", MASKED)
def test_personal_details_are_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ages_years_small_numbers_and_hotlines_are_kept(text):
    assert mask(text) == text


def test_every_detail_in_one_message():
    text = "田中です。090-1234-5678かtanaka@example.jp、〒202-0011 西東京市泉町3丁目12番35号です。15歳の娘のことで"
    out = mask(text)
    for secret in ("090", "tanaka", "202-0011", "泉町", "12番"):
        assert secret not in out
    assert out.endswith("15歳の娘のことで")
    assert out.count("［") == 4


def test_non_text_is_returned_as_is():
    assert mask(None) is None


def test_patterns_are_data_and_bad_ones_fail_naming_the_entry(tmp_path):
    good = tmp_path / "good.yml"
    good.write_text("patterns:\n  - {name: x, placeholder: ［X］, regex: 'secret\\d+'}\n", encoding="utf-8")
    assert Masker.from_file(good).mask("a secret42 b") == "a ［X］ b"
    bad = tmp_path / "bad.yml"
    bad.write_text("patterns:\n  - {name: broken, placeholder: ［X］, regex: '(['}\n", encoding="utf-8")
    with pytest.raises(PatternError, match=r"bad.yml: patterns\[0\] \(broken\): invalid regex"):
        Masker.from_file(bad)


def test_the_patterns_file_is_never_read_as_training_data():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "data" / "privacy" / "patterns.yml").read_text(
        encoding="utf-8")
    for key in ("nlu:", "rules:", "stories:", "responses:"):
        assert not any(line.strip().startswith(key) for line in text.splitlines())
