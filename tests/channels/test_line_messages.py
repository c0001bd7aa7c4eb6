"""The LINE message builders keep to LINE's documented limits; one turn fits one reply."""
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.channels import line_messages as lm
from bot.navigator_result import NavigatorResult

ROOT = Path(__file__).resolve().parents[2]

WINDOW = {"id": "parite", "name": "男女平等推進センター パリテ", "departments": ["協働コミュニティ課"],
          "what": "配偶者やパートナーからの暴力の相談を受けます。", "for_concerns": ["dv"]}
GENERAL = {"id": "fukushi_marugoto", "name": "福祉丸ごと相談窓口", "departments": ["地域共生課"],
           "what": "どこに相談すればよいかわからないことも、まず話を聞きます。", "for_concerns": ["dv"]}
AGE_BUTTONS = [
    {"title": "小・中学生", "payload": '/inform{"age_group":"elementary_junior"}'},
    {"title": "高校生くらい（18歳まで）", "payload": '/inform{"age_group":"high_school"}'},
    {"title": "19歳〜64歳", "payload": '/inform{"age_group":"adult"}'},
    {"title": "65歳以上", "payload": '/inform{"age_group":"senior"}'},
]


def result(concerns=("dv",), windows=(WINDOW, GENERAL), crisis=False, question=None, lang="ja"):
    return NavigatorResult(lang=lang, concerns=list(concerns), crisis=crisis, windows=list(windows),
                           emergency=[{"name": "警察 (緊急)", "number": "110", "hours": "24時間"}],
                           question=question).to_dict()


LISTING = ("配偶者などからの暴力について、相談できる市の窓口です。\n"
           "■ 男女平等推進センター パリテ（協働コミュニティ課）\n　配偶者やパートナーからの暴力の相談を受けます。\n"
           "■ 福祉丸ごと相談窓口（地域共生課）\n　どこに相談すればよいかわからないことも、まず話を聞きます。\n"
           "【すぐに連絡できるところ】\n・警察 (緊急)：110（24時間）\n"
           "連絡先は市のホームページ（https://www.city.nishitokyo.lg.jp/）で確かめてください。")


# -- single builders ---------------------------------------------------------------
@pytest.mark.parametrize("text, limit, expected", [
    ("あいう", 3, "あいう"),
    ("あいうえ", 3, "あい…"),
    ("😀😀😀", 4, "😀…"),  # an emoji is 2 UTF-16 units, as LINE counts
    ("", 5, ""),
])
def test_truncate_counts_like_line(text, limit, expected):
    assert lm.truncate(text, limit) == expected


@given(st.text(min_size=0, max_size=200), st.integers(min_value=1, max_value=50))
def test_truncate_never_exceeds_the_limit(text, limit):
    assert lm.char_count(lm.truncate(text, limit)) <= limit


def test_a_text_message_is_cut_to_5000_characters():
    message = lm.text_message("あ" * 6000)
    assert lm.char_count(message["text"]) == lm.MAX_TEXT_CHARS
    assert message["text"].endswith("…")


def test_quick_replies_keep_to_13_items_and_20_character_labels():
    buttons = [{"title": f"とても長いボタンの名前です、ほんとうに長い{i}", "payload": f"/inform{{\"n\":{i}}}"}
               for i in range(20)]
    quick = lm.quick_reply(buttons)
    assert len(quick["items"]) == lm.MAX_QUICK_REPLY_ITEMS
    assert all(lm.char_count(i["action"]["label"]) <= lm.MAX_LABEL_CHARS for i in quick["items"])
    lm._check_quick_reply(quick)


def test_intent_payloads_become_postbacks_and_words_become_messages():
    quick = lm.quick_reply(AGE_BUTTONS[:1] + [{"title": "子育て", "payload": "子育てのこと"}])
    first, second = (i["action"] for i in quick["items"])
    assert first == {"type": "postback", "label": "小・中学生",
                     "data": '/inform{"age_group":"elementary_junior"}', "displayText": "小・中学生"}
    assert second == {"type": "message", "label": "子育て", "text": "子育てのこと"}


def test_a_payload_longer_than_line_allows_is_left_out_not_cut():
    quick = lm.quick_reply([{"title": "x", "payload": "/inform" + "x" * 400}, AGE_BUTTONS[0]])
    assert [i["action"]["label"] for i in quick["items"]] == ["小・中学生"]


def test_a_bubble_shows_name_department_and_what():
    bubble = lm.window_bubble(WINDOW, lm.texts_for("ja"))
    texts = [c["text"] for c in bubble["body"]["contents"]]
    assert texts == ["男女平等推進センター パリテ", "担当：協働コミュニティ課",
                     "配偶者やパートナーからの暴力の相談を受けます。"]
    assert bubble["footer"]["contents"][0]["action"]["uri"] == "https://www.city.nishitokyo.lg.jp/"
    assert lm.size_bytes(bubble) <= lm.MAX_BUBBLE_BYTES


def test_a_huge_window_text_is_cut_so_the_bubble_stays_under_10kb():
    bubble = lm.window_bubble(dict(WINDOW, what="長い説明" * 5000, name="名" * 1000), lm.texts_for("ja"))
    assert lm.size_bytes(bubble) <= lm.MAX_BUBBLE_BYTES


def test_a_window_without_a_name_is_refused():
    with pytest.raises(lm.LineLimitError):
        lm.window_bubble(dict(WINDOW, name=""), lm.texts_for("ja"))


def test_a_carousel_holds_at_most_10_bubbles_and_50kb_with_a_short_neutral_alt_text():
    windows = [dict(WINDOW, id=f"w{i}", what="説明" * 190) for i in range(15)]
    message = lm.windows_carousel(windows, lm.texts_for("ja"))
    bubbles = message["contents"]["contents"]
    assert len(bubbles) == lm.MAX_BUBBLES
    assert lm.size_bytes(message["contents"]) <= lm.MAX_CAROUSEL_BYTES
    assert lm.char_count(message["altText"]) <= lm.MAX_ALT_TEXT_CHARS
    # The altText shows in notifications: it names no concern and no window.
    assert "暴力" not in message["altText"] and "パリテ" not in message["altText"]
    lm.check_reply([message])


def test_no_windows_no_carousel():
    assert lm.windows_carousel([], lm.texts_for("ja")) is None


# -- a whole turn -------------------------------------------------------------------
def test_a_dv_result_turn_numbers_first_then_carousel_then_dv_note_then_question():
    question = {"text": "お子さんは何歳くらいですか。", "options": AGE_BUTTONS}
    turn = [{"custom": result(question=question)}, {"text": LISTING},
            {"text": question["text"], "buttons": AGE_BUTTONS}]
    out = lm.render_turn(turn)
    assert [m["type"] for m in out] == ["text", "flex", "text", "text"]
    numbers, carousel, dv_note, asked = out
    assert "110" in numbers["text"] and "■" not in numbers["text"]
    assert "パリテ" not in numbers["text"]  # the carousel shows the windows
    assert len(carousel["contents"]["contents"]) == 2
    assert "LINEアプリの履歴" in dv_note["text"] and "市のホームページのチャット" in dv_note["text"]
    assert "削除" in dv_note["text"]
    assert asked["text"] == question["text"]
    data = [i["action"]["data"] for i in asked["quickReply"]["items"]]
    assert data == [b["payload"] for b in AGE_BUTTONS]
    lm.check_reply(out)


def test_a_crisis_text_comes_before_everything():
    turn = [{"text": "今すぐ110番へ。\n【すぐに連絡できるところ】\n・警察 (緊急)：110（24時間）"},
            {"custom": result(crisis=True)}, {"text": LISTING}]
    out = lm.render_turn(turn)
    assert out[0]["text"].startswith("今すぐ110番へ。")
    assert out[1]["type"] == "text" and out[2]["type"] == "flex"


def test_without_dv_there_is_no_line_history_note():
    out = lm.render_turn([{"custom": result(concerns=["poverty"])}, {"text": LISTING}])
    assert not any("LINEアプリの履歴" in m.get("text", "") for m in out)


def test_dv_among_several_concerns_still_gets_the_note():
    out = lm.render_turn([{"custom": result(concerns=["dv", "housing"])}, {"text": LISTING}])
    assert any("LINEアプリの履歴" in m.get("text", "") for m in out)


def test_english_result_gets_english_labels_and_note():
    out = lm.render_turn([{"custom": result(lang="en")}, {"text": "Windows:"}])
    flex = next(m for m in out if m["type"] == "flex")
    assert flex["contents"]["contents"][0]["body"]["contents"][1]["text"].startswith("Department:")
    assert any("LINE app's history" in m.get("text", "") for m in out)


def test_a_plain_turn_is_texts_with_quick_replies_on_the_last():
    fallback = [{"title": "お金・生活", "payload": "/poverty"}, {"title": "どこに相談すればいいかわからない",
                                                           "payload": "/general"}]
    out = lm.render_turn([{"text": "うまく読み取れませんでした。", "buttons": fallback}])
    assert out == [{"type": "text", "text": "うまく読み取れませんでした。", "quickReply": {"items": [
        {"type": "action", "action": {"type": "postback", "label": "お金・生活", "data": "/poverty",
                                      "displayText": "お金・生活"}},
        {"type": "action", "action": {"type": "postback", "label": "どこに相談すればいいかわからない",
                                      "data": "/general", "displayText": "どこに相談すればいいかわからない"}},
    ]}}]


def test_a_turn_of_many_texts_is_merged_into_five_messages():
    turn = [{"text": f"その{i}"} for i in range(8)] + [{"custom": result()}]
    out = lm.render_turn(turn)
    assert len(out) == lm.MAX_MESSAGES_PER_REPLY
    joined = "\n\n".join(m.get("text", "") for m in out)
    assert all(f"その{i}" in joined for i in range(8))  # nothing said was dropped
    lm.check_reply(out)


def test_an_empty_turn_renders_nothing():
    assert lm.render_turn([]) == []


def test_check_reply_refuses_what_line_would_refuse():
    good = lm.text_message("こんにちは")
    for bad in ([], [good] * 6, [{"type": "text", "text": "あ" * 5001}],
                [dict(good, quickReply={"items": []})],
                [dict(good, quickReply=lm.quick_reply(AGE_BUTTONS)), good]):
        with pytest.raises(lm.LineLimitError):
            lm.check_reply(bad)


def test_domain_texts_win_over_the_built_in_ones():
    domain = {"utter_line_dv_note": [{"text": "ドメインの注意"}]}
    out = lm.render_turn([{"custom": result()}, {"text": LISTING}], domain)
    assert any(m.get("text") == "ドメインの注意" for m in out)


def test_line_texts_name_no_number_and_no_url_but_the_citys():
    import re
    for texts in (lm.texts_for("ja"), lm.texts_for("en")):
        for text in texts.values():
            assert not re.search(r"\d{3,}|#\d", text), text
            urls = set(re.findall(r"https?://[^\s）)]+", text))
            assert urls <= {"https://www.city.nishitokyo.lg.jp/"}


def test_the_window_lines_the_carousel_replaces_are_those_of_domain_utter_window():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    template = next(v["text"] for v in domain["responses"]["utter_window"] if not v.get("condition"))
    first, *rest = template.split("\n")
    assert first.startswith(lm.WINDOW_LINE_MARK)
    assert all(line.startswith(lm.WINDOW_CONTINUATION_MARK) for line in rest)


def test_the_dumped_json_is_what_is_measured():
    message = lm.text_message("相談")
    assert json.loads(lm.dumps(message)) == message
    assert lm.size_bytes(message) == len(lm.dumps(message).encode("utf-8"))
