"""The figures the NLU gates read: concern sets, several concerns, no concern for small talk."""
import pytest

from bot.evaluation import summarize

KNOWN = ["dv", "poverty", "housing", "elderly_care"]


def _parse(intent, ranking=()):
    return {"intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": [{"name": intent, "confidence": 0.9}, *ranking]}


def test_exact_sets_and_multi_concern_messages():
    examples = [("a", "dv+poverty"), ("b", "dv+poverty"), ("c", "housing"), ("d", "poverty")]
    parses = [_parse("dv+poverty"), _parse("dv"), _parse("housing+poverty"), _parse("poverty")]
    s = summarize(examples, parses, KNOWN)
    assert s["exact_set"] == pytest.approx(2 / 4)
    assert s["multi_concern_exact"] == pytest.approx(1 / 2)
    assert s["multi_concern_messages_complete"] == 1
    assert s["no_concern_recall"] is None


def test_small_talk_and_out_of_scope_must_get_no_concern():
    examples = [("テスト", "small_talk"), ("あ", "small_talk"), ("天気は", "out_of_scope"), ("家賃", "housing")]
    parses = [_parse("small_talk"), _parse("elderly_care"), _parse("out_of_scope"), _parse("housing")]
    s = summarize(examples, parses, KNOWN)
    assert s["no_concern_recall"] == pytest.approx(2 / 3)
    assert s["out_of_scope_recall"] == 1.0


def test_each_gate_names_what_it_missed():
    from bot.evaluation import failures

    summary = {"macro_f1": 0.8, "per_concern": {"dv": {"support": 3, "f1": 0.5}},
               "out_of_scope_recall": 1.0, "no_concern_recall": 0.7, "multi_concern_exact": None}
    missed = failures(summary, {"macro_f1": 0.9, "concern_f1": 0.6, "no_concern_recall": 0.9,
                                "multi_concern_exact": 0.6})
    assert len(missed) == 3
    assert any("macro-F1" in m for m in missed) and any("dv" in m for m in missed)
    assert any("small talk" in m for m in missed)


def test_a_gold_label_naming_an_unknown_concern_is_an_error_not_no_concern():
    from bot.concerns import UnknownConcern

    with pytest.raises(UnknownConcern, match="'pets'"):
        summarize([("a", "dv+pets")], [_parse("dv")], KNOWN)


@pytest.mark.parametrize("label, fails", [("dv", False), ("greet", False), ("dv+housing", False),
                                          ("pets", True), ("dv+pets", True)])
def test_labels_are_domain_intents_or_known_concerns(label, fails):
    from bot.concerns import UnknownConcern
    from bot.evaluation import check_labels

    check = lambda: check_labels([("a", label)], KNOWN, ["dv", "poverty", "housing", "elderly_care", "greet"])  # noqa: E731
    if fails:
        with pytest.raises(UnknownConcern, match=repr(label.split("+")[-1]) if "+" in label else repr(label)):
            check()
    else:
        check()


def test_a_reader_decides_which_concerns_are_scored():
    examples = [("a", "dv+poverty"), ("b", "housing")]
    parses = [_parse("dv"), _parse("housing")]
    s = summarize(examples, parses, KNOWN, reader=lambda parse: ["dv", "poverty"])
    assert s["multi_concern_exact"] == 1.0
    assert s["per_concern"]["housing"]["recall"] == 0.0
    assert s["messages_with_a_wrong_concern"] == 1


def test_the_gates_score_the_concerns_the_reply_carries():
    from bot.concerns import read_concerns
    from bot.evaluation import concern_ids, served_reader

    reply_concerns, known = served_reader(), concern_ids()
    # A wish to die beside unpaid rent: the model reads poverty, the reply leads with the crisis route's concern.
    crisis = {"text": "もう死にたい。家賃も払えない", "intent": {"name": "crisis", "confidence": 1.0},
              "intent_ranking": [{"name": "poverty", "confidence": 0.8}],
              "entities": [{"entity": "crisis", "value": "suicide"}]}
    assert read_concerns(crisis, known) == ["poverty"]
    assert reply_concerns(crisis) == ["mental_health", "poverty"]
    # An English writer's own worry first; foreign_resident kept, last.
    english = {"text": "my husband hits me, I am from Philippines",
               "intent": {"name": "foreign_resident", "confidence": 0.6},
               "intent_ranking": [{"name": "foreign_resident", "confidence": 0.6}, {"name": "dv", "confidence": 0.35}]}
    assert reply_concerns(english) == ["dv", "foreign_resident"]
