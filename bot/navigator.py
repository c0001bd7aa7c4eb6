"""One result turn: from a parsed message to the windows, in the reply contract.

This is the navigator's judgement, kept free of rasa-sdk so that the action,
the tests and the benchmarks call the same code. ``Navigator.answer`` takes
the parse data and the slots and returns the messages to send (texts from
domain.yml, filled from the catalogue) and the slots to set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import AbstractSet, Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence

from bot import hotline_hours, responses, window_notes
from bot.concerns import concern_scores, read_concerns
from bot.crisis import attackers
from bot.crisis.assessment import CrisisAssessment
from bot.crisis.routes import Route, Routes, facts_of
from bot.navigator_result import NavigatorResult, payload_in

# The age groups that can belong to a person a crisis route names (data/person_facts.yml).
AGE_GROUPS_OF = {"child": ("elementary_junior", "high_school"), "elderly": ("senior",)}
QUESTION_RESPONSE = {"age": "utter_question_age", "affected": "utter_question_affected"}
# Whom the age question asks about, by who is affected (domain text fills {who}).
WHO_FOR_AGE_QUESTION = {"ja": {"child": "お子さん", None: "ご本人"}, "en": {"child": "your child", None: "the person"}}
WINDOWS_PER_CONCERN = 3
_EMPTY_BRACKETS = re.compile(r"（\s*）|\(\s*\)")
# The plan's 外国人相談 (文化振興課): offered to every English writer, whatever the concern.
FOREIGN_RESIDENT_WINDOW_ID = "gaikokujin_soudan"


@dataclass
class Reply:
    """What one turn sends and remembers."""

    messages: List[Dict[str, Any]] = field(default_factory=list)  # kwargs of utter_message
    slots: Dict[str, Any] = field(default_factory=dict)
    result: Optional[NavigatorResult] = None  # a result turn's, sent as the json message

    @property
    def payload(self) -> Optional[Dict[str, Any]]:
        """The ``navigator.result`` payload of this turn as sent, if any."""
        found = payload_in(self.messages)
        return dict(found) if found is not None else None


@dataclass
class Reading:
    """What one message says, read with the slots; nothing decided yet."""

    intent: Optional[str]
    lang: str
    easy_japanese: bool
    assessment: Optional[CrisisAssessment]
    person: Any  # bot.catalogue.Person, as written or remembered
    concerns: List[str]  # as read (or, answering the question, as remembered)
    answering_question: bool
    question_pending: bool
    # Who hurts as the message's words name it (ids only, never the text): bot/crisis/attackers.py.
    attackers_named: FrozenSet[str] = frozenset()

    @property
    def view(self) -> Dict[str, Any]:
        """How texts are rendered (responses.render's view)."""
        return {"lang": self.lang, "easy_japanese": self.easy_japanese}

    @property
    def crisis_kind(self) -> Optional[str]:
        """The kind of a crisis-tier assessment; None below that tier."""
        found = self.assessment
        return found.kind if found and found.tier == "crisis" else None


@dataclass
class Routing:
    """Where the message leads: route, concerns in order, windows, lines, question."""

    route: Optional[Route]
    concerns: List[str]
    person: Any  # bot.catalogue.Person, for whom the windows are chosen
    now: datetime
    windows: List[Any] = field(default_factory=list)  # bot.catalogue.Match
    hotlines: List[Any] = field(default_factory=list)  # open ones first
    question: Optional[str] = None  # "age" | "affected"
    concern_scores: Dict[str, float] = field(default_factory=dict)
    # The kind the route was chosen for: a carer's fear and a parent's fear are
    # told apart by who would be hurt (bot/crisis/routes.py), after the model.
    crisis_kind: Optional[str] = None


def _attackers_named(parse_data: Mapping[str, Any], assessment: Optional[CrisisAssessment]) -> FrozenSet[str]:
    """Who hurts as the words name it; read only when the model guessed a partner, the one guess they correct."""
    if assessment is None or assessment.attacker not in attackers.PARTNERS:
        return frozenset()
    text = parse_data.get("text") or ""
    return frozenset() if text.startswith("/") else attackers.named(text)


def _entity(parse_data: Mapping[str, Any], name: str) -> Optional[str]:
    for entity in parse_data.get("entities") or []:
        if entity.get("entity") == name and entity.get("value") not in (None, ""):
            return str(entity["value"])
    return None


class Navigator:
    """Answers result turns from a catalogue, the hotlines and the domain's texts."""

    def __init__(
        self,
        catalogue: Any,
        hotlines: Any,
        routes: Routes,
        age_group_of: Callable[[str], Optional[str]],
        detect_language: Callable[[str], str] = lambda text: "ja",
        with_readings: Callable[[str], str] = lambda text: text,
        clock: Callable[[], datetime] = hotline_hours.now,
    ) -> None:
        self.catalogue = catalogue
        self.hotlines = hotlines  # bot.hotlines.HotlineTable
        self.routes = routes
        self.clock = clock
        self.age_group_of = age_group_of
        self.detect_language = detect_language
        self.with_readings = with_readings

    # -- reading the message -------------------------------------------------
    def _person(self, parse_data: Mapping[str, Any], slots: Mapping[str, Any]):
        from bot.catalogue import Person

        age_group = _entity(parse_data, "age_group")
        age_text = _entity(parse_data, "age")
        if not age_group and age_text:
            age_group = self.age_group_of(age_text)
        affected = _entity(parse_data, "affected")
        age_group = age_group or slots.get("age_group")
        affected = affected or slots.get("affected")
        on_behalf = bool(affected and affected != "self") or bool(slots.get("on_behalf"))
        return Person(age_group=age_group, affected=affected, on_behalf=on_behalf)

    @staticmethod
    def _assessment(parse_data: Mapping[str, Any]) -> Optional[CrisisAssessment]:
        """The CrisisFlagger's verdict; a bare `crisis` entity (tests, stories) is a crisis of its kind."""
        found = CrisisAssessment.from_dict(parse_data.get("crisis") or {})
        if found is not None:
            return found
        kind = _entity(parse_data, "crisis") or (
            "suicide" if (parse_data.get("intent") or {}).get("name") == "crisis" else None
        )
        return CrisisAssessment(tier="crisis", kind=kind, source="entity") if kind else None

    def _lang(self, parse_data: Mapping[str, Any], slots: Mapping[str, Any]) -> str:
        text = parse_data.get("text") or ""
        if text.startswith("/"):  # a button's payload says nothing of the language
            return slots.get("lang") or "ja"
        return self.detect_language(text)

    # -- the answer: read, route, write -----------------------------------------
    def answer(
        self, parse_data: Mapping[str, Any], slots: Mapping[str, Any], domain: Mapping[str, Any]
    ) -> Reply:
        """The reply to one message that asks for windows (or flags a crisis)."""
        reading = self._read(parse_data, slots)
        routing = self._route(reading, parse_data)
        return self._write(reading, routing, domain)

    def concerns_of(self, parse_data: Mapping[str, Any]) -> List[str]:
        """The concerns the reply to a first message carries (its payload's ``concerns``).

        What a resident is shown, the crisis route's concern and an English
        writer's order included: what bot.evaluation scores.
        """
        return self._route(self._read(parse_data, {}), parse_data).concerns

    def _read(self, parse_data: Mapping[str, Any], slots: Mapping[str, Any]) -> "Reading":
        """What the message (and, for the answer to the question, the slots) says."""
        intent = (parse_data.get("intent") or {}).get("name")
        answering_question = intent == "inform"
        if answering_question:
            concerns = list(slots.get("concerns") or [])
        else:
            concerns = read_concerns(parse_data, self.catalogue.concern_ids)
        assessment = self._assessment(parse_data)
        return Reading(
            intent=intent,
            lang=self._lang(parse_data, slots),
            easy_japanese=bool(slots.get("easy_japanese")),
            assessment=assessment,
            person=self._person(parse_data, slots),
            concerns=concerns,
            answering_question=answering_question,
            question_pending=bool(slots.get("pending_question")),
            attackers_named=_attackers_named(parse_data, assessment),
        )

    def _route(self, reading: "Reading", parse_data: Mapping[str, Any]) -> "Routing":
        """The crisis route, the concerns in their order, the windows, the lines, the question."""
        assessment, person, lang = reading.assessment, reading.person, reading.lang
        route: Optional[Route] = None
        kind: Optional[str] = None
        if reading.crisis_kind:
            facts = facts_of(assessment, person.age_group, person.affected, reading.attackers_named)
            route, kind = self.routes.for_crisis(facts), facts.kind
        concerns = list(reading.concerns)
        if route and route.concern:
            # The danger's own windows first (a carer at their limit: the care windows).
            concerns = [route.concern] + [c for c in concerns if c != route.concern]
        if lang == "en" and len(concerns) > 1 and "foreign_resident" in concerns:
            # An English writer's own worry comes first; 外国人相談 is added to every
            # English answer anyway. Moved last, not dropped: on the development sets
            # most writers who name a visa or a language beside another worry mean
            # both (English macro-F1 of the reply's concerns 0.907 → 0.918, docs/nlu.md).
            concerns = [c for c in concerns if c != "foreign_resident"] + ["foreign_resident"]
        if route and route.affected:
            # The windows are for the one the route names; an age read for someone
            # else (大人の怒鳴り声 → adult) must not filter out a child's windows.
            fits = AGE_GROUPS_OF.get(route.affected)
            age_group = person.age_group if fits is None or person.age_group in fits else None
            person = replace(person, affected=route.affected, age_group=age_group)
        routing = Routing(route=route, concerns=concerns, person=person, now=self.clock(), crisis_kind=kind)
        if not concerns:
            return routing

        # A child who has just written of danger gets the lines and the windows of every
        # school age; a form asking their age after the emergency block is not for them.
        child_in_crisis = route is not None and route.for_a_child_writer
        if not reading.answering_question and not reading.question_pending and not child_in_crisis:
            routing.question = self.catalogue.question_needed(concerns, person)
        # A crisis gives its route's lines only: the route was chosen for who is
        # hurt and who writes, and a concern read beside it (abuse for an older
        # writer) must not add a line that is not for them (189).
        lines = (self.hotlines.lines_for(route.lines, ()) if route
                 else self.hotlines.lines_for((), concerns, person.affected))
        routing.hotlines = hotline_hours.order_by_status(
            lines, routing.now, lambda h: h.open_schedule)
        routing.windows = self._chosen(self.catalogue.route(concerns, person))
        if lang == "en":
            routing.windows = self._with_foreign_resident_window(routing.windows)
        # For staff (the shell's staff line): how strongly this message carried each
        # concern; none when the concerns came from an earlier turn (the question's answer).
        if not reading.answering_question:
            routing.concern_scores = concern_scores(parse_data, concerns)
        return routing

    def _write(self, reading: "Reading", routing: "Routing", domain: Mapping[str, Any]) -> Reply:
        """The texts and the result, in the contract's order, and the slots to remember."""
        lang, view, person = reading.lang, reading.view, routing.person
        say = lambda response, **values: self._text(domain, response, view, **values)  # noqa: E731
        possible = self._possible_risk(reading.assessment, person, view, domain, reading.attackers_named)
        if not routing.concerns:
            return self._write_nothing_understood(reading, routing, possible, domain)

        crisis_block: List[Dict[str, Any]] = []
        if routing.route:
            numbers = self._hotline_block(domain, view, routing.hotlines, routing.now)
            crisis_block.append({"text": "\n".join([say(routing.route.text)] + numbers)})

        question_payload = None
        if routing.question:
            response = QUESTION_RESPONSE[routing.question]
            who = WHO_FOR_AGE_QUESTION.get(lang, WHO_FOR_AGE_QUESTION["ja"])
            question_payload = {
                "text": say(response, who=who.get(person.affected, who[None])),
                "options": responses.buttons(domain, response, view),
            }

        intro = [say("utter_result_intro", concern_labels=self._labels(routing.concerns, lang))]
        window_lines = [
            "\n".join([say(
                "utter_window",
                name=self._window_name(match.window, lang),
                departments="・".join(self._departments(match.window, lang)),
                what=self._what(match.window, lang),
            )] + self._notes(match.window, view))
            for match in routing.windows
        ]
        after = []
        if len(routing.concerns) > 1 or "general" in routing.concerns:
            after.append(say("utter_general_window"))
        if routing.hotlines and not reading.crisis_kind:
            after += self._hotline_block(domain, view, routing.hotlines, routing.now)
        after.append(say("utter_result_outro"))
        if possible:
            after.append(possible["text"])
        listing = "\n".join(intro + window_lines + after)

        result = self._result(
            reading, routing, question_payload, possible, easy=view["easy_japanese"],
            # Channels that show windows as cards (web, LINE) replace the listing by
            # the cards and these texts around them.
            listing_text=listing, listing_without_windows="\n".join(intro + after),
        )
        messages = crisis_block + [{"json_message": result.to_dict()}, {"text": listing}]
        if question_payload:
            messages.append({"text": question_payload["text"],
                             "buttons": question_payload["options"]})
        slots = {
            "concerns": routing.concerns,
            "age_group": person.age_group,
            "affected": person.affected,
            "on_behalf": person.on_behalf,
            "pending_question": routing.question,
            "lang": lang,
        }
        return Reply(messages=messages, slots=slots, result=result)

    def _write_nothing_understood(self, reading: "Reading", routing: "Routing",
                                  possible: Optional[Dict[str, Any]],
                                  domain: Mapping[str, Any]) -> Reply:
        """No concern: out_of_scope, the answer to a question never asked, or not understood."""
        name = {"out_of_scope": "utter_out_of_scope", "inform": "utter_ask_concern"}.get(
            reading.intent, "utter_fallback"
        )
        calm_line = [possible["text"]] if possible else []
        message: Dict[str, Any] = {
            "text": "\n".join([self._text(domain, name, reading.view)] + calm_line)}
        if name == "utter_fallback":
            message["buttons"] = responses.buttons(domain, name, reading.view)
        # No windows and no crisis route to show; the tier is still reported for staff.
        result = self._result(reading, replace(routing, route=None), None, possible, easy=False)
        return Reply(messages=[message, {"json_message": result.to_dict()}],
                     slots={"lang": reading.lang, "pending_question": None}, result=result)

    def reply(
        self, parse_data: Mapping[str, Any], slots: Mapping[str, Any], domain: Mapping[str, Any]
    ) -> Reply:
        """The conversational reply ``utter_<intent>`` (greet, thanks, bot_challenge …)."""
        intent = (parse_data.get("intent") or {}).get("name")
        lang = self._lang(parse_data, slots)
        view = {"lang": lang, "easy_japanese": bool(slots.get("easy_japanese"))}
        name = f"utter_{intent}"
        if name not in (domain.get("responses") or {}):
            name = "utter_fallback"
        message: Dict[str, Any] = {"text": self._text(domain, name, view)}
        found = responses.buttons(domain, name, view)
        if found:
            message["buttons"] = found
        messages = [message]
        # "ありがとう、さようなら" may be a farewell: the calm line goes with any answer.
        assessment = self._assessment(parse_data)
        possible = self._possible_risk(assessment, self._person(parse_data, slots), view, domain,
                                       _attackers_named(parse_data, assessment))
        if possible:
            messages.append({"text": possible["text"]})
        return Reply(messages=messages, slots={"lang": lang})

    # -- pieces ----------------------------------------------------------------
    def _text(self, domain, response: str, view: Mapping[str, Any], **values: Any) -> str:
        # A window without a department, a hotline without hours: no empty brackets.
        text = _EMPTY_BRACKETS.sub("", responses.render(domain, response, view, **values))
        if view.get("easy_japanese") and view.get("lang") == "ja":
            text = self.with_readings(text)
        return text

    @staticmethod
    def _hours(hotline, lang: str) -> str:
        hours = hotline.hours_for(lang) or ""
        languages = hotline.languages_for(lang)
        return f"{hours}; {languages}" if hours and languages else (hours or languages or "")

    def _hotline_block(self, domain, view, hotlines: Sequence[Any], now: datetime) -> List[str]:
        """The lines open now under a heading that says so; the others under their own, with hours."""
        lang = view.get("lang", "ja")
        open_now, others = [], []
        for hotline in hotlines:
            status = hotline_hours.status(hotline.open_schedule, now)
            name, number = hotline.name_for(lang), hotline.number
            if status.is_open is False:
                others.append(self._text(domain, "utter_emergency_line_closed", view, name=name, number=number,
                                         status=hotline_hours.status_text(status, lang, now)))
            else:
                line = self._text(domain, "utter_emergency_line", view, name=name, number=number,
                                  hours=self._hours(hotline, lang))
                (open_now if status.is_open else others).append(line)
        block = ([self._text(domain, "utter_emergency_intro", view)] + open_now) if open_now else []
        if others:
            block += [self._text(domain, "utter_emergency_closed_intro", view)] + others
        return block

    def _possible_risk(self, assessment, person, view, domain,
                       attackers_named: AbstractSet[str] = frozenset()) -> Optional[Dict[str, Any]]:
        """The one calm line of the possible-risk tier, with its 24-hour numbers."""
        if assessment is None or assessment.tier != "possible":
            return None
        lang = view.get("lang", "ja")
        route = self.routes.for_possible(facts_of(assessment, person.age_group, person.affected, attackers_named))
        lines = [self.hotlines.hotlines[i] for i in route.lines]
        listed = ("; " if lang == "en" else "、").join(
            f"{h.name_for(lang)} {h.number} ({h.hours_for(lang)})" if lang == "en"
            else f"{h.name_for(lang)} {h.number}（{h.hours_for(lang)}）"
            for h in lines
        )
        return {
            "text": self._text(domain, route.text, view, lines=listed),
            "lines": [self._emergency_entry(h, lang, None) for h in lines],
        }

    def _emergency_entry(self, hotline, lang: str, now: Optional[datetime]) -> Dict[str, Any]:
        status = hotline_hours.status(hotline.open_schedule, now) if now else hotline_hours.OpenStatus(True)
        return {
            "id": hotline.id,
            "name": hotline.name_for(lang),
            "number": hotline.number,
            "hours": self._hours(hotline, lang),
            "open": status.is_open,
            "status": hotline_hours.status_text(status, lang, now) if now else "",
        }

    def _chosen(self, matches) -> List[Any]:
        """At most three windows per concern, each window once, in the catalogue's order."""
        per_concern: Dict[str, int] = {}
        chosen, seen = [], set()
        for match in matches:
            if match.window.id in seen:
                continue
            if per_concern.get(match.concern, 0) >= WINDOWS_PER_CONCERN:
                continue
            per_concern[match.concern] = per_concern.get(match.concern, 0) + 1
            seen.add(match.window.id)
            chosen.append(match)
        return chosen

    def _with_foreign_resident_window(self, windows: List[Any]) -> List[Any]:
        from bot.catalogue import Match

        window = self.catalogue.windows.get(FOREIGN_RESIDENT_WINDOW_ID)
        if window is None or any(m.window.id == window.id for m in windows):
            return windows
        return windows + [Match(window, "foreign_resident", ["written in English"])]

    def _notes(self, window, view: Mapping[str, Any]) -> List[str]:
        """The lines under a window in the listing: what it is when not a window, when it was checked."""
        lang = view.get("lang", "ja")
        # Continuation lines are indented as utter_window's (LINE strips them with the window).
        indent = "  " if lang == "en" else "\u3000"
        easy = view.get("easy_japanese") and lang == "ja"
        read = self.with_readings if easy else (lambda text: text)
        lines = [
            read(window_notes.kind_text(getattr(window, "kind", "window"), lang)),
            window_notes.checked_text(getattr(window, "checked", None), lang, read=read),
        ]
        return [indent + line for line in lines if line]

    def _labels(self, concerns: List[str], lang: str) -> str:
        labels = [self.catalogue.concern_label(c, lang) for c in concerns]
        return (", " if lang == "en" else "・").join(labels)

    @staticmethod
    def _window_name(window, lang: str) -> str:
        if lang == "en" and getattr(window, "name_en", None):
            return f"{window.name} ({window.name_en})"
        return window.name

    def _departments(self, window, lang: str) -> List[str]:
        if lang == "en":
            return [self.catalogue.department_label(d, "en") for d in window.departments]
        return list(window.departments)

    @staticmethod
    def _what(window, lang: str) -> str:
        if lang == "en":
            return getattr(window, "what_en", None) or window.what
        return getattr(window, "what_plain", None) or window.what

    def _result(self, reading: "Reading", routing: "Routing", question: Optional[Dict[str, Any]],
                possible: Optional[Dict[str, Any]], easy: bool = False,
                listing_text: Optional[str] = None,
                listing_without_windows: Optional[str] = None) -> NavigatorResult:
        lang, assessment = reading.lang, reading.assessment
        route, person = routing.route, routing.person
        # In やさしい日本語 the cards carry readings too (the page shows them as ruby).
        read = self.with_readings if easy and lang == "ja" else (lambda text: text)
        return NavigatorResult(
            lang=lang,
            easy_japanese=bool(easy and lang == "ja"),
            concerns=list(routing.concerns),
            crisis=bool(route),
            crisis_kind=routing.crisis_kind if route else None,
            # crisis: the emergency block first; possible: one calm line at the end.
            risk=assessment.tier if assessment else None,
            crisis_route=route.id if route else None,
            crisis_source=assessment.source if assessment else None,
            risk_kind=assessment.kind if assessment else None,  # crisis_kind is set for crisis only
            person={
                "age_group": getattr(person, "age_group", None),
                "affected": getattr(person, "affected", None),
                "on_behalf": bool(getattr(person, "on_behalf", False)),
            },
            windows=[
                {
                    "id": m.window.id,
                    "name": read(m.window.name),
                    "name_en": getattr(m.window, "name_en", None),
                    "departments": [read(d) for d in m.window.departments],
                    "what": read(self._what(m.window, lang)),
                    "for_concerns": [m.concern],
                    "reasons": list(getattr(m, "reasons", []) or []),
                    "plan_ref": getattr(m.window, "plan_ref", None),
                    "kind": getattr(m.window, "kind", "window"),
                    "kind_text": read(window_notes.kind_text(getattr(m.window, "kind", "window"), lang)),
                    "checked": m.window.checked.isoformat() if getattr(m.window, "checked", None) else None,
                    "checked_text": window_notes.checked_text(getattr(m.window, "checked", None), lang, read=read),
                }
                for m in routing.windows
            ],
            # The labels of 「情報がちがう・古いときは」 on each card (web page, LINE).
            report=window_notes.report_texts(lang) if routing.windows else None,
            emergency=[self._emergency_entry(h, lang, routing.now) for h in routing.hotlines],
            possible_risk=possible,
            question=question,
            listing_text=listing_text,
            listing_without_windows=listing_without_windows,
            concern_scores=dict(routing.concern_scores),
        )
