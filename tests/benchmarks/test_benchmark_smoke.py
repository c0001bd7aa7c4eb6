"""Smoke run of benchmarks/run_all.py with tiny counts, so that the benchmark cannot rot.

No training and no figures asserted against targets: only that every
measuring function still runs and gives numbers, and that the page and the
JSON are written with their sections. The served part uses the shared real
navigator (tests/conftest.py); the parts needing the model skip without it.
"""
from __future__ import annotations

import json
import math
import time

import pytest

from benchmarks import measure_speed as speed
from benchmarks import measure_understanding as understanding
from benchmarks import run_all
from bot import evaluation
from tests.support.navigator import MODEL, model_missing_reason

TINY = {"inprocess_messages": 3, "profile_messages": 2, "rest_single_messages": 2,
        "levels": [(1, 2), (10, 1)]}


def number(value) -> bool:
    """A real, finite number (not None, not NaN, not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@pytest.fixture(scope="module")
def tiny_sets():
    return understanding.nlu_sets(limit=4), understanding.crisis_sets(limit=3)


def check_system(result, langs, crisis_sets):
    for lang in langs:
        assert number(result[lang]["macro_f1"]) and 0 <= result[lang]["macro_f1"] <= 1
        assert result[lang]["messages"] > 0
        for scores in result[lang]["per_concern"].values():
            assert number(scores["f1"])
    for name in crisis_sets:
        c = result["crisis"][name]
        assert number(c["recall"]) and number(c["kind_recall"]) and isinstance(c["false_alarms"], int)


def test_model_free_parts_give_numbers(tiny_sets):
    sets, crises = tiny_sets
    assert set(sets) == set(evaluation.SETS) and {"ja", "en"} <= set(sets) and crises
    known = evaluation.concern_ids()
    keywords = understanding.score_keyword_baseline(sets, crises, known)
    check_system(keywords, sets, crises)
    assert len(run_all._mixed_texts(sets, 5)) == 5
    machine = run_all.machine()
    assert machine["cores"] >= 1 and number(machine["memory_gb"]) and machine["cpu"]


def test_stored_training_figure_is_read(tmp_path):
    stored = tmp_path / "benchmarks.json"
    assert speed.last_training_figure(stored) is None
    stored.write_text(json.dumps({"date": "d", "speed": {"training": {"seconds": 123.4}}}))
    figure = speed.last_training_figure(stored)
    assert figure["seconds"] == 123.4 and figure["measured_now"] is False


@pytest.fixture(scope="module")
def inprocess(tiny_sets):
    reason = model_missing_reason()
    if reason:
        pytest.skip(reason)
    sets, crises = tiny_sets
    return run_all.run_understanding_and_inprocess(MODEL, True, TINY, sets, crises, whitespace=False)


def test_inprocess_parts_give_numbers(inprocess, tiny_sets):
    sets, crises = tiny_sets
    navigator = inprocess["understanding"]["navigator"]
    check_system(navigator, sets, crises)
    assert set(navigator["crisis_detector_alone"]) == set(crises)
    check_system(inprocess["understanding"]["keyword_baseline"], sets, crises)
    latency = inprocess["inprocess"]
    assert latency["n"] == TINY["inprocess_messages"]
    assert all(number(latency[k]) for k in ("p50_ms", "p95_ms", "agent_load_s"))
    assert inprocess["profile"]["parse"]["top_cumulative"]
    assert number(inprocess["profile"]["answer"]["answer"]["p50_ms"])


def test_cached_whitespace_baseline_scores(tiny_sets):
    if not (understanding.CACHE_DIR / "whitespace_default.tar.gz").exists():
        pytest.skip("no cached whitespace baseline in results/benchmarks (run python -m benchmarks.run_all)")
    sets, crises = tiny_sets
    result = understanding.score_whitespace(sets, crises, evaluation.concern_ids(), quick=True)
    assert result["reused_cached_model"] is True
    check_system(result, sets, crises)


def test_served_parts_and_the_page(navigator, tiny_sets, inprocess, tmp_path):
    sets, _ = tiny_sets
    started = time.perf_counter()
    assert number(speed.first_answer(navigator.url, started, navigator.process, timeout=60))
    served = run_all.measure_running(navigator.url, navigator.process.pid, TINY, sets)
    assert served["rest_single"]["errors"] == 0 and number(served["rest_single"]["p95_ms"])
    assert [(lvl["conversations"], lvl["turns"]) for lvl in served["concurrency"]] == TINY["levels"]
    for level in served["concurrency"]:
        assert level["errors"] == 0 and level["answered"] == level["conversations"] * level["turns"]
        assert number(level["p50_ms"]) and number(level["messages_per_s"])
    assert number(served["saturation_messages_per_s"])
    for process in ("rasa_server", "action_server"):
        assert number(served["memory"][process]["peak_mb"]) and served["memory"][process]["peak_mb"] > 0

    turn = speed.profile_turn(MODEL, f"http://127.0.0.1:{navigator.action_port}/webhook",
                              run_all._mixed_texts(sets, 2), limit=5)
    assert number(turn["turn"]["p50_ms"]) and turn["top_cumulative"]

    figures = {"command": run_all.COMMAND, "date": "today", "machine": run_all.machine(),
               "git": run_all.git_commit(), "sets": {"ja": "ja.yml", "en": "en.yml"},
               "understanding": inprocess["understanding"], "profile": {**inprocess["profile"], "turn": turn},
               "speed": {"inprocess": inprocess["inprocess"], "cold_start_s": 1.0,
                         "training": {"seconds": 10.0}, **served}}
    figures["targets"] = run_all.evaluate_targets(figures)
    # The tiny run has no level of 10 conversations; every target it has a figure for is judged.
    judged = [t for t in figures["targets"] if t["value"] is not None]
    assert len(judged) >= len(run_all.TARGETS) - 1
    assert all(isinstance(t["met"], bool) for t in judged)
    json.loads(json.dumps(figures, ensure_ascii=False, default=str))
    page = run_all.markdown(figures)
    for heading in ("## Targets", "## Understanding", "### Crisis", "### F1 per concern", "## Speed",
                    "### Concurrent conversations", "### Start, training, memory", "## Where the time goes"):
        assert heading in page
    assert "not measured" not in page
