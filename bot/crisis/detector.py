"""Crisis detection that never depends on a model's confidence alone.

``detect(text, intent_ranking)`` returns a ``CrisisSignal`` (``kind`` in
suicide / violence_now / child_danger, ``matched`` = the id of the pattern,
never the resident's words) or None.

How a message is read:

1. It is cut into sentences (。！？!? and line breaks); Sudachi analyses it
   once, and each sentence gets its morphemes.
2. Triggers (data/crisis/patterns.yml) are matched per sentence over the
   morphemes' normalized forms (死にたい / しにたい / 死にてえ share them) and
   over the NFKC, lower-cased text for English and for spellings Sudachi
   splits (氏にたい, タヒにたい, じさつ). A trigger may need a companion in
   the same sentence (a child for child_danger), a cue anywhere in the
   message (今 / 助けて for violence now), and may be cancelled by a word in
   its sentence or by a negation right after it (死にたくない).
3. Guards (data/crisis/guards.yml) drop what is calm: a compound that names
   an institution (自殺予防週間), a sentence that is past and resolved
   (昔…今は元気), about a training, an event or fiction — unless that
   sentence itself carries an urgency cue (今, 助けて, 限界).
4. When several kinds fire, the first of ``kind_priority`` is reported;
   violence now in a message that names a minor (中学生, 高1, "I am 14") is
   reported as child_danger.

Combination with the model (data/crisis/model_combination.yml): when no
pattern fires, a ranked intent mental_health / dv / abuse (also inside a
multi-intent such as dv+housing) with confidence ≥ ``min_confidence`` (0.7)
together with a weaker urgency cue — 今, 助けて, 限界 / もう無理 / 耐えられない,
怖い — in a sentence no sentence guard drops flags suicide / violence_now /
child_danger respectively, ``matched`` = "model.<intent>+<cue id>". Neither
half alone is enough: the cue words are everyday words, and the model's
confidence is never trusted alone.

The text is never logged; at DEBUG only the ids of what matched.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.crisis import rules as crisis_rules
from bot.crisis.rules import CrisisRules, Guard, Matcher, Trigger
from bot.crisis.token_patterns import TokenPattern
from bot.sentences import spans as sentence_spans
from bot.text import sudachi
from bot.text.blank import is_empty
from bot.text.folding import FoldedText, fold

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class CrisisSignal:
    """A crisis in one message: its kind and the id of what matched (never the text)."""

    kind: str
    matched: str


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    morphemes: Tuple[sudachi.Morpheme, ...]
    folded: FoldedText
    # form → the positions of the morphemes that have it (normalized, dictionary or surface).
    # No default: a sentence built without them would silently match no indexed pattern.
    positions: Mapping[str, Tuple[int, ...]] = field(compare=False)

    @cached_property
    def forms(self) -> FrozenSet[str]:
        """The keys of ``positions`` as a set: intersecting two sets is what makes the index pay."""
        return frozenset(self.positions)


@dataclass(frozen=True)
class _Hit:
    trigger: Trigger
    sentence: _Sentence
    span: Tuple[int, int]  # offsets into the original text


def _sentences(text: str) -> List[_Sentence]:
    morphemes = sudachi.analyze(text)
    sentences = []
    for s, e in sentence_spans(text):
        inside = tuple(m for m in morphemes if s <= m.begin and m.end <= e)
        sentences.append(_Sentence(start=s, end=e, morphemes=inside, folded=fold(text[s:e]),
                                   positions=_positions(inside)))
    return sentences


def _positions(morphemes: Sequence[sudachi.Morpheme]) -> Mapping[str, Tuple[int, ...]]:
    found: dict = {}
    for i, m in enumerate(morphemes):
        for form in {m.normalized, m.dictionary_form, m.surface}:
            found.setdefault(form, []).append(i)
    return {form: tuple(at) for form, at in found.items()}


def _starts(pattern: TokenPattern, sentence: _Sentence) -> Iterable[int]:
    """The positions where a match of ``pattern`` may begin, in order."""
    if pattern.start_forms is None:
        return range(len(sentence.morphemes))
    present = pattern.start_forms & sentence.forms
    if not present:
        return ()
    if len(present) == 1:
        return sentence.positions[next(iter(present))]
    return sorted({i for form in present for i in sentence.positions[form]})


def _spans(matcher: Matcher, sentence: _Sentence) -> Iterable[Tuple[int, int, int]]:
    """(start, end, morpheme end index or -1) of every match of ``matcher`` in the sentence."""
    if isinstance(matcher, TokenPattern):
        ms = sentence.morphemes
        for first in _starts(matcher, sentence):
            last = matcher.match_at(ms, first)
            if last is not None and last > first:
                yield ms[first].begin, ms[last - 1].end, last
    else:
        for found in matcher.finditer(sentence.folded.text):
            start, end = sentence.folded.original_span(found.start(), found.end())
            yield sentence.start + start, sentence.start + end, -1


def _any(matchers: Sequence[Matcher], sentence: _Sentence) -> bool:
    return any(next(iter(_spans(m, sentence)), None) is not None for m in matchers)


def _negated(trigger: Trigger, sentence: _Sentence, end_index: int) -> bool:
    return end_index >= 0 and any(
        negation.match_at(sentence.morphemes, end_index) is not None for negation in trigger.not_followed_by
    )


def _trigger_hit(trigger: Trigger, sentence: _Sentence, message: Sequence[_Sentence]) -> Optional[_Hit]:
    for matcher in trigger.match:
        for start, end, end_index in _spans(matcher, sentence):
            if _negated(trigger, sentence, end_index):
                continue
            if trigger.with_any and not _any(trigger.with_any, sentence):
                return None
            if trigger.needs_any and not any(_any(trigger.needs_any, s) for s in message):
                return None
            if any(not any(_any(group, s) for s in message) for group in trigger.needs_all):
                return None
            if trigger.unless_any and _any(trigger.unless_any, sentence):
                return None
            return _Hit(trigger, sentence, (start, end))
    return None


def _guard_drops(guard: Guard, hit_kind: str, sentence: _Sentence, span: Optional[Tuple[int, int]]) -> bool:
    if hit_kind not in guard.kinds:
        return False
    if guard.scope == "overlap":
        if span is None:
            return False
        return any(
            start < span[1] and span[0] < end
            for matcher in guard.all_of[0]
            for start, end, _ in _spans(matcher, sentence)
        )
    if not all(_any(group, sentence) for group in guard.all_of):
        return False
    return not (guard.unless_any and _any(guard.unless_any, sentence))


def _dropped(rules: CrisisRules, kind: str, sentence: _Sentence, span: Optional[Tuple[int, int]]) -> Optional[str]:
    for guard in rules.guards:
        if guard.scope == "message":
            continue
        if guard.scope == "sentence" or span is not None:
            if _guard_drops(guard, kind, sentence, span):
                return guard.id
    return None


def _model_signal(
    rules: CrisisRules, sentences: Sequence[_Sentence], intent_ranking: Sequence[Mapping]
) -> Optional[CrisisSignal]:
    model = rules.model
    for ranked in intent_ranking:
        if (ranked.get("confidence") or 0.0) < model.min_confidence:
            continue
        for intent in str(ranked.get("name") or "").split("+"):
            kind = model.kind_by_intent.get(intent)
            if not kind:
                continue
            for sentence in sentences:
                if _dropped(rules, kind, sentence, None):
                    continue
                for cue in model.cues:
                    if _any(cue.match, sentence):
                        return CrisisSignal(kind=kind, matched=f"model.{intent}+{cue.id}")
    return None


@dataclass(frozen=True)
class Examination:
    """What the patterns see in one message (see ``CrisisDetector.examine``)."""

    signal: Optional[CrisisSignal]  # a crisis the patterns name
    guarded: Optional[CrisisSignal]  # a trigger a guard dropped (a past attempt, an idiom)
    urgent: bool  # an urgency cue (model_combination.yml) in a sentence no guard drops
    sentences: Tuple[_Sentence, ...] = ()
    rules: Optional[CrisisRules] = field(default=None, repr=False, compare=False)

    @cached_property
    def calm_context(self) -> Optional[str]:
        """A message guard that holds (at most the possible-risk tier).

        The whole message tells of something past and resolved, or of someone else's death.

        Read only when a verdict would be a crisis: over every sentence of a
        long post it costs about a quarter of the patterns' time.
        """
        return _calm_context(self.rules, self.sentences) if self.rules is not None else None


def _calm_context(rules: CrisisRules, sentences: Sequence[_Sentence]) -> Optional[str]:
    for guard in rules.guards:
        if guard.scope != "message":
            continue
        if all(any(_any(group, s) for s in sentences) for group in guard.all_of) and not (
            guard.unless_any and any(_any(guard.unless_any, s) for s in sentences)
        ):
            return guard.id
    return None


def _best(rules: CrisisRules, hits: Sequence[_Hit], sentences: Sequence[_Sentence]) -> Optional[CrisisSignal]:
    if not hits:
        return None
    rank = {kind: i for i, kind in enumerate(rules.kind_priority)}
    best = min(hits, key=lambda h: rank.get(h.trigger.kind, len(rank)))
    kind = best.trigger.kind
    if kind == "violence_now" and any(_any(rules.minor_in_message, s) for s in sentences):
        kind = "child_danger"
    return CrisisSignal(kind=kind, matched=best.trigger.id)


class CrisisDetector:
    """Detects a crisis with the given rules (see the module docstring)."""

    def __init__(self, rules: CrisisRules) -> None:
        self.rules = rules

    def examine(self, text: str) -> Examination:
        """The patterns' signal, the strongest guarded hit and whether urgency is written."""
        if is_empty(text):
            return Examination(signal=None, guarded=None, urgent=False)
        sentences = _sentences(text)
        hits: List[_Hit] = []
        guarded: List[_Hit] = []
        for sentence in sentences:
            for trigger in self.rules.triggers:
                hit = _trigger_hit(trigger, sentence, sentences)
                if hit is None:
                    continue
                guard_id = _dropped(self.rules, trigger.kind, sentence, hit.span)
                if guard_id:
                    logger.debug("crisis trigger %s dropped by %s", trigger.id, guard_id)
                    guarded.append(hit)
                    continue
                hits.append(hit)
        signal = _best(self.rules, hits, sentences)
        if signal:
            logger.debug("crisis trigger %s fired", signal.matched)
        # The cues first: asking every guard of every sentence is the costly part.
        urgent = any(
            any(_any(cue.match, sentence) for cue in self.rules.model.cues)
            and not any(_dropped(self.rules, kind, sentence, None) for kind in self.rules.kind_priority)
            for sentence in sentences
        )
        return Examination(signal=signal, guarded=_best(self.rules, guarded, sentences),
                           urgent=urgent, sentences=tuple(sentences), rules=self.rules)

    def model_signal(self, examination: Examination, intent_ranking: Sequence[Mapping]) -> Optional[CrisisSignal]:
        """The old combination: a concern near a crisis ranked high plus a cue."""
        if not intent_ranking:
            return None
        return _model_signal(self.rules, examination.sentences, intent_ranking)

    def detect(self, text: str, intent_ranking: Optional[Sequence[Mapping]] = None) -> Optional[CrisisSignal]:
        """The crisis this message signals, or None (patterns, then pattern + concern)."""
        examination = self.examine(text)
        if examination.signal is not None:
            return examination.signal
        signal = self.model_signal(examination, intent_ranking or ())
        if signal:
            logger.debug("crisis flagged by %s", signal.matched)
        return signal


def detect(
    text: str, intent_ranking: Optional[List[dict]] = None, directory: Optional[Path] = None
) -> Optional[CrisisSignal]:
    """Detects a crisis with the rules of ``directory`` (default data/crisis)."""
    return CrisisDetector(crisis_rules.load(directory)).detect(text, intent_ranking)
