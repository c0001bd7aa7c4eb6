"""Reading every concern of a message: multi-intents, the ranking, the crisis override."""
import pytest

from bot.concerns import concern_scores, read_concerns, split_intent

KNOWN = {"dv", "housing", "elderly_care", "hikikomori", "poverty", "mental_health", "abuse", "disability"}


def parse(intent, confidence, *ranking):
    return {
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
    }


CASES = [
    # single, clear
    (parse("dv", 0.95, ("dv", 0.95), ("housing", 0.02)), ["dv"]),
    # multi-intent names both
    (parse("elderly_care+hikikomori", 0.8, ("elderly_care+hikikomori", 0.8)), ["elderly_care", "hikikomori"]),
    # second concern clearly present in the ranking
    (parse("dv", 0.55, ("dv", 0.55), ("housing", 0.35), ("poverty", 0.05)), ["dv", "housing"]),
    # a weak second guess is not a concern
    (parse("dv", 0.7, ("dv", 0.7), ("housing", 0.12)), ["dv"]),
    # crisis override keeps the model's own concern from the ranking
    (parse("crisis", 1.0, ("mental_health", 0.9), ("poverty", 0.03)), ["mental_health"]),
    # fallback with a plausible concern underneath
    (parse("nlu_fallback", 0.3, ("poverty", 0.45), ("housing", 0.4)), ["poverty", "housing"]),
    # … but not a weak one under it
    (parse("nlu_fallback", 0.3, ("poverty", 0.25), ("housing", 0.2)), ["poverty"]),
    # conversation intents carry no concern
    (parse("greet", 0.99, ("greet", 0.99), ("dv", 0.005)), []),
    (parse("out_of_scope", 0.9, ("out_of_scope", 0.9), ("poverty", 0.05)), []),
]


@pytest.mark.parametrize("parse_data, expected", CASES)
def test_read_concerns(parse_data, expected):
    assert read_concerns(parse_data, KNOWN) == expected


def test_unknown_parts_of_a_multi_intent_are_dropped():
    assert split_intent("dv+weather", KNOWN) == ["dv"]


def test_no_intent_at_all():
    assert read_concerns({}, KNOWN) == []


def test_the_second_concern_thresholds_can_be_tried_without_editing_the_module():
    # benchmarks/tune_thresholds.py sweeps them on the development set.
    p = parse("dv", 0.6, ("dv", 0.6), ("housing", 0.3))
    assert read_concerns(p, KNOWN, min_confidence=0.25) == ["dv", "housing"]
    assert read_concerns(p, KNOWN, min_confidence=0.35) == ["dv"]
    assert read_concerns(p, KNOWN, min_confidence=0.25, min_share=0.6) == ["dv"]


def scored(parse_data, **scores):
    return dict(parse_data, concern_scores=scores)


def test_the_scorer_drops_a_care_window_that_was_not_asked_for():
    # DIET's class elderly_care+guardianship won, but asked one by one the
    # message carries guardianship and not care: (0.88 + 0.1) / 2 < 0.5.
    p = parse("elderly_care+guardianship", 0.88, ("elderly_care+guardianship", 0.88), ("guardianship", 0.12))
    known = KNOWN | {"guardianship"}
    assert read_concerns(scored(p, elderly_care=0.1, guardianship=0.97), known) == ["guardianship"]
    assert read_concerns(scored(p, elderly_care=0.8, guardianship=0.97), known) == ["guardianship", "elderly_care"]


def test_the_scorer_can_put_the_other_concern_first():
    p = parse("elderly_care", 0.6, ("elderly_care", 0.6), ("abuse", 0.05))
    assert read_concerns(scored(p, elderly_care=0.1, abuse=0.95), KNOWN) == ["abuse"]


def test_the_best_concern_stays_when_none_reaches_the_line():
    p = parse("nlu_fallback", 0.3, ("poverty", 0.4), ("housing", 0.3))
    assert read_concerns(scored(p, poverty=0.3, housing=0.2), KNOWN) == ["poverty"]


def test_the_scorer_never_gives_a_concern_to_a_message_without_one():
    # Out-of-scope and conversation stay without windows, whatever the scorer says.
    p = parse("out_of_scope", 0.9, ("out_of_scope", 0.9), ("poverty", 0.05))
    assert read_concerns(scored(p, poverty=0.99), KNOWN) == []


def test_a_faint_concern_gives_way_to_small_talk_the_scorer_holds():
    # "where can I see cherry blossoms": DIET's top is dv, faintly; the scorer
    # says out of scope. dv: 0.3 × 0.3 + 0.7 × 0.1 = 0.16 < 0.25, and 0.27 > 0.5 × 0.16.
    faint = parse("dv", 0.3, ("dv", 0.3), ("out_of_scope", 0.25))
    assert read_concerns(scored(dict(faint), dv=0.1, out_of_scope=0.27), KNOWN) == []
    # Without the scorer's no: the faint concern stays (the best one is never dropped for nothing).
    assert read_concerns(scored(dict(faint), dv=0.1, out_of_scope=0.05), KNOWN) == ["dv"]
    # A clear concern is never dropped, whatever the scorer says of small talk.
    clear = parse("dv", 0.8, ("dv", 0.8))
    assert read_concerns(scored(dict(clear), dv=0.9, small_talk=0.6), KNOWN) == ["dv"]


def test_general_gives_way_to_a_concern_read_beside_it():
    # "I'm unhappy with a welfare service, where do I go?": the complaint windows answer.
    p = scored(parse("general+service_complaint", 0.7, ("general+service_complaint", 0.7)),
               general=0.95, service_complaint=0.9)
    assert read_concerns(p, KNOWN | {"general", "service_complaint"}) == ["service_complaint"]
    # Alone, "I don't know where to start" is general.
    alone = scored(parse("general", 0.9, ("general", 0.9)), general=0.95)
    assert read_concerns(alone, KNOWN | {"general"}) == ["general"]


def test_the_combination_can_be_tried_without_editing_the_module():
    # benchmarks/tune_thresholds.py sweeps weight and line on the development sets.
    # housing: 0.5 × 0.3 + 0.5 × 0.6 = 0.45; 0.3 × 0.3 + 0.7 × 0.6 = 0.51.
    p = scored(parse("dv", 0.6, ("dv", 0.6), ("housing", 0.3)), dv=0.9, housing=0.6)
    assert read_concerns(p, KNOWN, scorer_weight=0.5, combined_min_score=0.5) == ["dv"]
    assert read_concerns(p, KNOWN, scorer_weight=0.5, combined_min_score=0.4) == ["dv", "housing"]
    assert read_concerns(p, KNOWN, scorer_weight=0.7, combined_min_score=0.5) == ["dv", "housing"]


def test_a_concern_told_in_one_sentence_counts_by_the_sentence_weight():
    # housing: whole message 0.2, its own sentence 0.9. With sentence weight 0.5
    # the scorer gives 0.55, and 0.3 × 0.3 + 0.7 × 0.55 = 0.475 reaches 0.45.
    p = scored(parse("dv", 0.6, ("dv", 0.6), ("housing", 0.3)), dv=0.9, housing=0.2)
    p["concern_sentence_scores"] = {"dv": 0.9, "housing": 0.9}
    assert read_concerns(p, KNOWN, sentence_weight=0.0) == ["dv"]
    assert read_concerns(p, KNOWN, sentence_weight=0.5) == ["dv", "housing"]


def test_a_fallback_reads_the_scorer_and_forces_nothing():
    unsure = parse("nlu_fallback", 0.3, ("small_talk", 0.25), ("housing", 0.2))
    # housing: 0.3 × 0.2 + 0.7 × 0.9 = 0.69: read although DIET fell back.
    assert read_concerns(scored(dict(unsure), housing=0.9), KNOWN) == ["housing"]
    # Nothing reaches the line: no window, none forced.
    assert read_concerns(scored(dict(unsure), housing=0.1), KNOWN) == []
    assert read_concerns(scored(dict(unsure), housing=0.9), KNOWN, fallback_scorer_line=None) == []


def test_the_scores_for_staff_are_those_the_line_was_compared_with():
    # dv: 0.3 × 0.6 + 0.7 × (0.75 × 0.9 + 0.25 × 0.9) = 0.81; housing: 0.3 × 0.3 + 0.7 × 0.6 = 0.51.
    p = scored(parse("dv", 0.6, ("dv", 0.6), ("housing", 0.3)), dv=0.9, housing=0.6)
    p["concern_sentence_scores"] = {"dv": 0.9, "housing": 0.6}
    assert concern_scores(p, ["dv", "housing"]) == {"dv": 0.81, "housing": 0.51}


def test_without_the_scorer_a_concern_scores_diets_confidence_in_every_intent_naming_it():
    p = parse("elderly_care+hikikomori", 0.7, ("elderly_care+hikikomori", 0.7), ("hikikomori", 0.2))
    assert concern_scores(p, ["elderly_care", "hikikomori"]) == {"elderly_care": 0.7, "hikikomori": 0.9}


def test_the_staff_scores_of_a_few_concerns_warn_of_no_unknown_concern(caplog, monkeypatch):
    # The shell's staff line scores only the chosen concerns: a multi-intent
    # naming another one (disability+housing) is no disagreement with the catalogue.
    import bot.concerns

    monkeypatch.setattr(bot.concerns, "_warned", set())
    p = parse("housing", 0.6, ("housing", 0.6), ("housing+poverty", 0.3))
    with caplog.at_level("WARNING", logger="bot.concerns"):
        assert concern_scores(p, ["housing"]) == {"housing": 0.9}
    assert caplog.records == []


def test_an_unknown_part_of_a_multi_intent_is_dropped_with_a_warning_naming_it(caplog, monkeypatch):
    import bot.concerns

    monkeypatch.setattr(bot.concerns, "_warned", set())
    message = "夫に殴られて犬も怯えています"
    parse_data = {"text": message, **parse("dv+pets", 0.9, ("dv+pets", 0.9))}
    with caplog.at_level("WARNING", logger="bot.concerns"):
        assert read_concerns(parse_data, KNOWN) == ["dv"]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "'pets'" in warnings[0]
    assert message not in caplog.text


def test_a_conversational_intent_is_no_unknown_concern(caplog):
    with caplog.at_level("WARNING", logger="bot.concerns"):
        assert split_intent("greet", KNOWN) == []
    assert caplog.records == []


def test_strict_splitting_raises_on_an_unknown_part():
    from bot.concerns import UnknownConcern

    with pytest.raises(UnknownConcern, match="'pets'"):
        split_intent("dv+pets", KNOWN, strict=True)


def test_disability_beside_another_concern_needs_a_clearer_score():
    # 障害のある息子のアパート探し: housing asked, the disability told as background.
    p = parse("housing", 0.7, ("housing", 0.7), ("housing+disability", 0.2))
    faint = scored(p, housing=0.9, disability=0.6)     # combined 0.3 * 0.2 + 0.7 * 0.6 = 0.48
    clear = scored(p, housing=0.9, disability=0.85)    # combined 0.655
    assert read_concerns(faint, KNOWN) == ["housing"]
    assert read_concerns(clear, KNOWN) == ["housing", "disability"]
    # the same faint score for another concern beside housing counts (the usual line, 0.45)
    other = parse("housing", 0.7, ("housing", 0.7), ("housing+poverty", 0.2))
    assert read_concerns(scored(other, housing=0.9, poverty=0.6), KNOWN) == ["housing", "poverty"]


def test_disability_alone_keeps_the_usual_line():
    p = parse("disability", 0.5, ("disability", 0.5), ("housing", 0.1))
    assert read_concerns(scored(p, disability=0.5, housing=0.05), KNOWN) == ["disability"]
