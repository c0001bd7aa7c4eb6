"""Issue 20: every window in an answer says when its information was checked."""
import pytest

from actions.action_show_windows import ActionShowWindows
from tests.actions.conftest import payload, run, tracker


@pytest.fixture(scope="module")
def action():
    return ActionShowWindows()


def listing(messages, result):
    return next(m["text"] for m in messages if m.get("text") == result["listing_text"])


def test_the_listing_and_the_cards_carry_the_checked_date(action, domain, navigator):
    messages, _ = run(action, tracker("夫に毎日怒鳴られて財布も取り上げられている", "dv"), domain)
    result = payload(messages)
    text = listing(messages, result)
    cat = navigator.catalogue
    for window in result["windows"]:
        checked = cat.windows[window["id"]].checked
        assert window["checked"] == checked.isoformat()
        assert window["checked_text"] == f"情報確認日：{checked.year}年{checked.month}月{checked.day}日"
        assert window["checked_text"] in text
    assert text.count("情報確認日：") == len(result["windows"])
    labels = result["report"]
    assert labels["link"] == "情報がちがう・古いときは"
    assert [r["id"] for r in labels["reasons"]] == ["closed", "moved", "department", "age", "other"]


def test_english_answers_say_information_checked(action, domain):
    messages, _ = run(action, tracker("I am in debt and cannot pay rent", "poverty"), domain)
    result = payload(messages)
    assert result["lang"] == "en"
    text = listing(messages, result)
    assert text.count("Information checked: ") == len(result["windows"]) > 0
    assert all(w["checked_text"].startswith("Information checked: 20") for w in result["windows"])
    assert result["report"]["link"] == "Information wrong or out of date?"


def test_an_answer_without_windows_has_no_report_labels(action, domain):
    messages, _ = run(action, tracker("今日はいい天気", "out_of_scope"), domain)
    assert payload(messages)["report"] is None


def test_easy_japanese_reads_the_label_not_the_date(action, domain):
    messages, _ = run(action, tracker("ボランティアをしたい", "community",
                                      slots={"easy_japanese": True, "lang": "ja"}), domain)
    result = payload(messages)
    for window in result["windows"]:
        label, _, date = window["checked_text"].partition("：")
        assert label.startswith("情報確認日（") and label.endswith("）")  # the label with its reading
        assert "（" not in date  # 3日 is みっか: a date gets no readings
        assert window["checked_text"] in result["listing_text"]


def test_an_activity_says_it_is_a_way_to_take_part(action, domain):
    messages, _ = run(action, tracker("保護司の活動を知りたい", "rehabilitation"), domain)
    result = payload(messages)
    kinds = {w["id"]: (w["kind"], w["kind_text"]) for w in result["windows"]}
    assert all(text == "" for kind, text in kinds.values() if kind in ("window", "service"))
    activities = [text for kind, text in kinds.values() if kind == "activity"]
    assert activities and all(t == "参加できる取組です（相談の窓口ではありません）" for t in activities)
    assert result["listing_text"].count("参加できる取組です") == len(activities)
