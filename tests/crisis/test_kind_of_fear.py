"""A parent's fear and a carer's fear, told apart by who would be hurt (bot/crisis/routes.py).

The words are the same (たたきそう, 口をふさいでしまいそう, afraid of myself), and the
crisis model mixed the two kinds on the development sets; the one who would be
hurt is read apart from the kind. No crisis model is needed here: the
assessments are written as the CrisisFlagger leaves them.
"""
from __future__ import annotations

import pytest

from bot.crisis.assessment import CrisisAssessment
from bot.crisis.routes import default_routes, facts_of


def route(kind, writer, victim, affected=None):
    found = CrisisAssessment(tier="crisis", kind=kind, source="test", probability=0.9, writer=writer,
                             victim=victim, attacker="none")
    return default_routes().for_crisis(facts_of(found, affected=affected)).id


@pytest.mark.parametrize("kind, writer, victim, affected, expected", [
    # 夜勤の介護職です。入居者さんに…たたきそうになりました: an older person cared for
    ("fear_of_harming_child", "carer", "elderly", None, "carer_fear"),
    # a brother with severe autism: a disabled person cared for
    ("fear_of_harming_child", "carer", "disabled", None, "carer_fear.disabled"),
    # 義父の介護 … the person facts name the one affected as older
    ("fear_of_harming_child", "carer", "self", "elderly", "carer_fear"),
    # この子と一緒に消えたい: a parent and a child
    ("carer_fear", "parent", "child", None, "fear_of_harming_child"),
    # a parent's fear read as a parent's fear stays
    ("fear_of_harming_child", "parent", "child", None, "fear_of_harming_child"),
    # a carer's fear read as a carer's fear stays
    ("carer_fear", "carer", "elderly", None, "carer_fear"),
])
def test_the_one_who_would_be_hurt_decides(kind, writer, victim, affected, expected):
    assert route(kind, writer, victim, affected) == expected


def test_a_child_who_cares_for_a_sick_mother_keeps_the_carers_route():
    # ぼくがおせわしてる … たたきそうになった: the model reads the victim as "child" here
    # too, but it is the writer who is the child.
    assert route("carer_fear", "child", "child") == "carer_fear"
