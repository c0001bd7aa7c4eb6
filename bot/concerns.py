"""Which concerns a parsed message carries: multi-intents, the ranking, crisis.

The model names one intent, but residents often write about two things at
once. A multi-intent ("elderly_care+hikikomori") names both; otherwise a
second concern is taken from the ranking when the model gives it a clear
share of its confidence. When the CrisisFlagger has replaced the intent with
``crisis``, the concern is read from the ranking it kept.

When the model also has the ConcernScorer (bot.nlu.concern_scorer), which
asks of every concern separately whether the message carries it (on the
whole message and on each sentence), a concern's score is a weighted mean:
DIET's confidence in all intents naming it, and the scorer's probability. A
message that has a concern at all (by the rules above) gets every concern
scoring at least COMBINED_MIN_SCORE, and always its best one; a message DIET
fell back on gets the concerns that reach the line, and none is forced.
DIET alone shows a care window beside the guardianship window
whenever a story about a parent with dementia asks about money; the scorer
sees no care asked for and the mean drops below the line.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, List, Mapping, Optional, Set

logger = logging.getLogger(__name__)

MULTI_INTENT_SEPARATOR = "+"
# A concern from the ranking counts when the model gives it at least this
# confidence and at least this share of the top concern's confidence.
# Chosen on the development sets tests/nlu/dev*_set.yml, never on the test set
# (benchmarks/tune_thresholds.py, docs/nlu.md): lower values add wrong windows
# to single-concern messages, higher ones lose the second concern of 8050 cases.
SECOND_CONCERN_MIN_CONFIDENCE = 0.3
SECOND_CONCERN_MIN_SHARE = 0.4
# When the intent was overridden (crisis, fallback), the top concern of the
# ranking counts from this confidence on.
RANKED_CONCERN_MIN_CONFIDENCE = 0.15
MAX_CONCERNS = 3
# The ConcernScorer's share of a concern's score, and the score from which a
# concern counts. Chosen on the five development sets with the writers' data
# of 2026-12-03, never on a test set (benchmarks/tune_thresholds.py,
# docs/nlu.md): 0.7 and 0.45 scored the best mean macro-F1 (0.948 with the
# whole message only).
SCORER_WEIGHT = 0.7
COMBINED_MIN_SCORE = 0.45
# The scorer's probability of a concern mixes the whole message with its
# best sentence by this share: a worry in the third sentence of a long post
# is clear in its own sentence and faint in the whole. 0.25 completed more
# multi-concern messages exactly on the development sets (0.863 against
# 0.847) for 0.005 of mean macro-F1 (docs/nlu.md).
SENTENCE_WEIGHT = 0.25
# When DIET fell back (nlu_fallback) or the crisis flag replaced the intent and
# the ranking names no concern, a concern whose combined score reaches this
# line is still read (None: never): the same line as above. On the
# development sets mean macro-F1 0.943 → 0.946, small talk unchanged (docs/nlu.md).
FALLBACK_SCORER_LINE: Optional[float] = COMBINED_MIN_SCORE
# DIET's top intent names a concern, but faintly, and the scorer holds the
# message for small talk or out of scope (arigatou gozaimasu, where can I see
# cherry blossoms): no concern. Faint: the best combined score under
# NO_CONCERN_FLOOR; held: the scorer's small_talk or out_of_scope above
# NO_CONCERN_SHARE of it. Chosen on the 21 development sets on 2026-12-06
# (tenth pass, docs/nlu.md): no concern for small talk and out of scope 0.962 →
# 0.979 on their mean, 10 such messages more and 3 concern messages fewer,
# mean macro-F1 0.9319 → 0.9324.
NO_CONCERN_FLOOR = 0.25
NO_CONCERN_SHARE = 0.5
# A concern beside the best one counts from its own, higher line where it is
# most often background: a disability named in a story about a flat, a job or
# a move (障害のある息子のアパート探し) added 障害福祉課 to windows nobody asked
# for. On the 34 development sets of 2026-12-07 (fifteenth pass, from saved
# parses, docs/nlu.md), disability at 0.6: mean macro-F1 0.9291 → 0.9304,
# disability's mean F1 0.823 → 0.853, messages shown a concern they did not
# write about 921 → 858, multi-concern exact 0.748 → 0.737 (0.65 and 0.7 gained
# a little more F1 and lost more multi-concern messages).
SECOND_CONCERN_LINES: Dict[str, float] = {"disability": 0.6}
_NO_CONCERN_INTENTS = ("small_talk", "out_of_scope")
GENERAL = "general"

_NOT_A_MODEL_INTENT = {"crisis", "nlu_fallback"}
# Where the ConcernScorer puts its probabilities in the parse data.
SCORES_KEY = "concern_scores"
# ... and each concern's best probability over the message's sentences.
SENTENCE_SCORES_KEY = "concern_sentence_scores"


class UnknownConcern(ValueError):
    """A multi-intent names a concern id the catalogue does not know."""


# Ids already warned about: one line per id and process, not one per message.
_warned: Set[str] = set()


def split_intent(
    name: Optional[str], known: Iterable[str], *, strict: bool = False, warn: bool = True
) -> List[str]:
    """The concern ids named by an intent, multi-intents split.

    A single name that is no concern id (greet, out_of_scope) names none. A
    part of a multi-intent is always a concern id, so when ``known`` is the
    catalogue's whole list, one it does not know means the model and the
    catalogue disagree (bot/contracts.py): it is dropped with a warning naming
    the id (never the message), or raised with ``strict`` (the evaluation must
    not score it as no concern). ``warn=False``: ``known`` is a chosen few
    concerns, and the other parts are dropped silently.
    """
    known = set(known)
    parts = (name or "").split(MULTI_INTENT_SEPARATOR)
    if len(parts) > 1 and warn:
        for unknown in (part for part in parts if part not in known):
            if strict:
                raise UnknownConcern(f"intent {name!r} names {unknown!r}, which is not a concern id of the catalogue")
            if unknown not in _warned:
                _warned.add(unknown)
                logger.warning("intent %r names concern %r, unknown to the catalogue: dropped", name, unknown)
    return [part for part in parts if part in known]


def read_concerns(
    parse_data: Mapping[str, Any],
    known: Iterable[str],
    *,
    min_confidence: float = SECOND_CONCERN_MIN_CONFIDENCE,
    min_share: float = SECOND_CONCERN_MIN_SHARE,
    scorer_weight: float = SCORER_WEIGHT,
    combined_min_score: float = COMBINED_MIN_SCORE,
    sentence_weight: float = SENTENCE_WEIGHT,
    fallback_scorer_line: Optional[float] = FALLBACK_SCORER_LINE,
) -> List[str]:
    """All concerns of one parsed message, the most likely first."""
    found = _read(parse_data, known, min_confidence, min_share, scorer_weight, combined_min_score,
                  sentence_weight, fallback_scorer_line)
    if GENERAL in found and len(found) > 1:
        # 福祉丸ごと相談窓口 is for "I don't know where to go". Beside a concern
        # read clearly, that concern's windows answer, and a reply naming two or
        # more concerns offers the 丸ごと window anyway. On the 21 development sets
        # (2026-12-06, tenth pass) general's mean F1 0.903 → 0.941, mean macro-F1
        # 0.9324 → 0.9341, multi-concern exact unchanged (docs/nlu.md).
        found = [concern for concern in found if concern != GENERAL]
    return found


def _read(
    parse_data: Mapping[str, Any],
    known: Iterable[str],
    min_confidence: float,
    min_share: float,
    scorer_weight: float,
    combined_min_score: float,
    sentence_weight: float,
    fallback_scorer_line: Optional[float],
) -> List[str]:
    known = set(known)
    intent = (parse_data.get("intent") or {}).get("name")
    ranking = [
        r for r in parse_data.get("intent_ranking") or [] if r.get("name") not in _NOT_A_MODEL_INTENT
    ]
    concerns = split_intent(intent, known)
    top_confidence = (parse_data.get("intent") or {}).get("confidence") or 0.0

    if intent in _NOT_A_MODEL_INTENT and ranking:
        top = ranking[0]
        if (top.get("confidence") or 0.0) >= RANKED_CONCERN_MIN_CONFIDENCE:
            concerns = split_intent(top.get("name"), known)
            top_confidence = top.get("confidence") or 0.0
        ranking = ranking[1:]

    scores = _scorer_probabilities(parse_data, sentence_weight)
    if scores is not None:
        if concerns:
            # The rules above only decide whether the message has a concern at
            # all; which ones, the combined scores decide.
            combined = _combined_scores(parse_data, scores, known, scorer_weight)
            best = max(combined.values(), default=0.0)
            held_for_none = max(float(scores.get(intent) or 0.0) for intent in _NO_CONCERN_INTENTS)
            if best < NO_CONCERN_FLOOR and held_for_none > NO_CONCERN_SHARE * best:
                return []
            return _above_line(combined, combined_min_score)[:MAX_CONCERNS]
        if intent in _NOT_A_MODEL_INTENT and fallback_scorer_line is not None:
            # DIET unsure among ~100 classes (a long or odd message) or the
            # intent replaced by the crisis flag: a concern the scorer and DIET
            # together hold clearly is still read, none is forced.
            return _combined(
                parse_data, scores, known, scorer_weight, fallback_scorer_line, at_least_one=False
            )[:MAX_CONCERNS]
    if concerns:
        for candidate in ranking:
            confidence = candidate.get("confidence") or 0.0
            if confidence < min_confidence:
                break
            if top_confidence and confidence < min_share * top_confidence:
                break
            for concern in split_intent(candidate.get("name"), known):
                if concern not in concerns:
                    concerns.append(concern)
    return concerns[:MAX_CONCERNS]


def _combined(
    parse_data: Mapping[str, Any],
    scores: Mapping[str, Any],
    known: set,
    weight: float,
    min_score: float,
    at_least_one: bool = True,
) -> List[str]:
    """Concerns by the mean of DIET's confidence and the scorer's probability."""
    return _above_line(_combined_scores(parse_data, scores, known, weight), min_score, at_least_one)


def _above_line(combined: Mapping[str, float], min_score: float, at_least_one: bool = True) -> List[str]:
    """The concerns whose combined score reaches the line, best first (the best one at least).

    A concern after the first needs its own line of SECOND_CONCERN_LINES where it has one.
    """
    ranked = sorted(combined, key=lambda concern: (-combined[concern], concern))
    found = [
        concern for place, concern in enumerate(ranked)
        if combined[concern] >= (min_score if place == 0 else max(min_score, SECOND_CONCERN_LINES.get(concern, 0.0)))
    ]
    return found or (ranked[:1] if at_least_one else [])


def _diet_confidences(
    parse_data: Mapping[str, Any], known: Iterable[str], *, catalogue: bool = True
) -> Dict[str, float]:
    """DIET's confidence in all the intents naming each concern.

    ``catalogue``: ``known`` is the catalogue's whole list, so a part outside
    it is a disagreement worth a warning. The staff scores ask for a few
    chosen concerns only; the other parts of a multi-intent are no error there.
    """
    diet = {concern: 0.0 for concern in known}
    for entry in parse_data.get("intent_ranking") or []:
        for concern in split_intent(entry.get("name"), diet, warn=catalogue):
            diet[concern] += entry.get("confidence") or 0.0
    return diet


def _scorer_probabilities(
    parse_data: Mapping[str, Any], sentence_weight: float
) -> Optional[Dict[str, float]]:
    """The ConcernScorer's probabilities mixed with its best sentence's; None without the scorer."""
    scores = parse_data.get(SCORES_KEY)
    if not isinstance(scores, Mapping):
        return None
    sentences = parse_data.get(SENTENCE_SCORES_KEY)
    if isinstance(sentences, Mapping) and sentence_weight:
        return {
            concern: (1 - sentence_weight) * float(scores.get(concern) or 0.0)
            + sentence_weight * float(sentences.get(concern) or 0.0)
            for concern in set(scores) | set(sentences)
        }
    return {concern: float(value or 0.0) for concern, value in scores.items()}


def _combined_scores(
    parse_data: Mapping[str, Any], scores: Mapping[str, Any], known: Iterable[str], weight: float,
    *, catalogue: bool = True,
) -> Dict[str, float]:
    diet = _diet_confidences(parse_data, known, catalogue=catalogue)
    return {
        concern: (1 - weight) * diet[concern] + weight * float(scores.get(concern) or 0.0)
        for concern in diet
    }


def concern_scores(
    parse_data: Mapping[str, Any],
    concerns: Iterable[str],
    *,
    scorer_weight: float = SCORER_WEIGHT,
    sentence_weight: float = SENTENCE_WEIGHT,
) -> Dict[str, float]:
    """Each of ``concerns``' score in this message, rounded to 3 places (for staff, not for routing).

    With the ConcernScorer it is the combined score :func:`read_concerns`
    compares with ``COMBINED_MIN_SCORE``; without it, DIET's confidence in
    all the intents naming the concern.
    """
    concerns = list(concerns)
    scores = _scorer_probabilities(parse_data, sentence_weight)
    if scores is None:
        found = _diet_confidences(parse_data, concerns, catalogue=False)
    else:
        found = _combined_scores(parse_data, scores, concerns, scorer_weight, catalogue=False)
    return {concern: round(found[concern], 3) for concern in concerns}
