"""Every benchmark of the navigator in one command; writes docs/benchmarks.md and docs/benchmarks.json.

    .venv/bin/python -m benchmarks.run_all                    # everything (~15-25 min on 2 cores)
    .venv/bin/python -m benchmarks.run_all --quick --skip-training

--quick          reuse the whitespace baseline cached in results/benchmarks/ (if there)
--skip-training  do not time `rasa train`; keep the figure stored in docs/benchmarks.json
--skip-baseline  leave out Rasa's whitespace baseline (trained when not cached: ~30 min)
--model PATH     the trained navigator (default models/navigator.tar.gz; copied first,
                 since `make train` may replace it during the run)

Understanding (benchmarks/measure_understanding.py): the navigator, the
keyword FAQ baseline and Rasa's default whitespace pipeline on the same
independent sets, scored by the same code (bot.evaluation). Speed
(benchmarks/measure_speed.py): in-process parse latency, REST end-to-end
latency at 1 / 10 / 50 concurrent conversations, throughput, cold start,
training time, peak memory; and a cProfile of where a message's time goes.
Targets are reported as met / missed, never asserted (tests/benchmarks only
checks that this script still runs and produces numbers).
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from benchmarks import measure_speed as speed  # noqa: E402
from benchmarks import measure_understanding as understanding  # noqa: E402
from benchmarks.launcher import Navigator, new_workdir  # noqa: E402
from bot import evaluation  # noqa: E402

COMMAND = ".venv/bin/python -m benchmarks.run_all"
DOC = ROOT / "docs" / "benchmarks.md"
JSON_OUT = ROOT / "docs" / "benchmarks.json"

# Counts of a full run; the smoke test passes tiny ones.
COUNTS = {
    "inprocess_messages": 200,   # parse latency, in-process
    "profile_messages": 60,      # cProfile of parse_message and Navigator.answer
    "rest_single_messages": 60,  # one request at a time through REST
    "levels": [(1, 20), (10, 5), (50, 5)],  # (concurrent conversations, turns each)
}

# (key, what, limit, unit, "max" = value must be ≤ limit / "min" = ≥ limit)
# Issue 18 (2026-12-03) set the understanding limits: training ≤ 8 minutes from
# an empty cache, NLU parse p95 ≤ 50 ms, Rasa server memory ≤ 1.5 GB, cold start ≤ 30 s.
TARGETS = [
    ("parse_p95", "NLU parse p95 in process", 50, "ms", "max"),
    ("p95_10", "REST p95 end-to-end at 10 concurrent conversations", 150, "ms", "max"),
    ("throughput", "throughput at saturation", 40, "messages/s", "min"),
    ("training", "training time of the full model", 480, "s", "max"),
    ("rasa_memory", "peak resident memory of the Rasa server", 1500, "MB", "max"),
    ("cold_start", "cold start to the first REST answer", 30, "s", "max"),
]


# -- context -------------------------------------------------------------------------

def machine() -> Dict[str, Any]:
    """Cores, memory, CPU model, Python and Rasa versions, load average now."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) * 1024 / 1e9, 1)
    except OSError:
        pass
    try:
        from importlib.metadata import version

        rasa_version = version("rasa")
    except Exception:  # noqa: BLE001
        rasa_version = None
    return {"cores": os.cpu_count(), "memory_gb": memory_gb, "cpu": cpu,
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "rasa": rasa_version, "load_average": [round(x, 2) for x in os.getloadavg()]}


def git_commit() -> Dict[str, Any]:
    """The commit measured and whether the working tree had changes (read-only git)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
    return {"commit": git("rev-parse", "HEAD") or None,
            "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no"))}


def copy_model(model: Path, into: Path) -> Dict[str, Any]:
    """Copies the model (it may be replaced while we measure); its digest and date."""
    target = into / model.name
    shutil.copy2(model, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()[:12]
    modified = datetime.fromtimestamp(model.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return {"path": str(target), "source": str(model), "sha256_12": digest, "modified": modified,
            "size_mb": round(target.stat().st_size / 1e6, 1)}


# -- the measurements, each usable on its own (the smoke test calls them) -------------

def run_understanding_and_inprocess(model: Path, quick: bool, counts: Dict, sets=None,
                                    crises=None, whitespace: bool = True) -> Dict[str, Any]:
    """Understanding of the three systems; in-process parse latency and profiles of the navigator."""
    sets = sets if sets is not None else understanding.nlu_sets()
    crises = crises if crises is not None else understanding.crisis_sets()
    known = evaluation.concern_ids()
    out: Dict[str, Any] = {"understanding": {}, "inprocess": {}, "profile": {}}
    agent, load_seconds = speed.load_agent(model)
    out["understanding"]["navigator"] = understanding.score_navigator(agent, sets, crises, known)
    texts = _mixed_texts(sets, counts["inprocess_messages"])
    out["inprocess"] = {**speed.inprocess_parse_latency(agent, texts), "agent_load_s": round(load_seconds, 2)}
    few = _mixed_texts(sets, counts["profile_messages"])
    out["profile"]["parse"] = speed.profile_parse(agent, few)
    out["profile"]["answer"] = speed.profile_answer(agent, few)
    del agent
    gc.collect()
    out["understanding"]["keyword_baseline"] = understanding.score_keyword_baseline(sets, crises, known)
    if whitespace:
        out["understanding"]["whitespace_default"] = understanding.score_whitespace(sets, crises, known, quick)
        gc.collect()
    return out


def _mixed_texts(sets: Dict, n: int) -> List[str]:
    """``n`` texts of the NLU sets, 3 in 4 Japanese (most residents), each set cycled if short."""
    pools = [[t for t, _ in examples] for examples in sets.values() if examples]
    if not pools or n <= 0:
        return []
    used = [0] * len(pools)
    out = []
    for i in range(n):
        which = 1 if len(pools) > 1 and i % 4 == 3 else 0
        pool = pools[which]
        out.append(pool[used[which] % len(pool)])
        used[which] += 1
    return out


def run_served(model: Path, counts: Dict, sets: Dict, start_timeout: float = 300) -> Dict[str, Any]:
    """Cold start, REST latency alone and under load, peak memory: one bot.serve started here."""
    workdir = new_workdir("navigator-bench-")
    served = Navigator(workdir=workdir, model=model, db=workdir / "conversations.db").start(wait=False)
    out: Dict[str, Any] = {}
    try:
        out["cold_start_s"] = round(speed.first_answer(served.url, served.started_at, served.process,
                                                       timeout=start_timeout), 2)
        out.update(measure_running(served.url, served.process.pid, counts, sets))
        out["profile_turn"] = speed.profile_turn(
            model, f"http://127.0.0.1:{served.action_port}/webhook",
            _mixed_texts(sets, counts["profile_messages"]))
    finally:
        served.stop(remove_workdir=True)
    return out


def measure_running(url: str, serve_pid: int, counts: Dict, sets: Dict) -> Dict[str, Any]:
    """REST figures against a running navigator (bot.serve pid given for memory)."""
    out: Dict[str, Any] = {}
    out["rest_single"] = speed.rest_single(url, _mixed_texts(sets, counts["rest_single_messages"]))
    out["concurrency"] = [speed.concurrent(url, c, t) for c, t in counts["levels"]]
    rates = [level["messages_per_s"] for level in out["concurrency"] if level["messages_per_s"]]
    out["saturation_messages_per_s"] = max(rates) if rates else None
    out["memory"] = speed.process_memory(serve_pid)
    return out


def evaluate_targets(figures: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Each target with the measured value and met (True/False) or None when not measured."""
    s = figures.get("speed") or {}
    level10 = next((lvl for lvl in s.get("concurrency") or [] if lvl.get("conversations") == 10), {})
    values = {
        "parse_p95": (s.get("inprocess") or {}).get("p95_ms"),
        "p95_10": level10.get("p95_ms"),
        "throughput": s.get("saturation_messages_per_s"),
        "training": (s.get("training") or {}).get("seconds"),
        "rasa_memory": ((s.get("memory") or {}).get("rasa_server") or {}).get("peak_mb"),
        "cold_start": s.get("cold_start_s"),
    }
    out = []
    for key, what, limit, unit, kind in TARGETS:
        value = values.get(key)
        met = None if not isinstance(value, (int, float)) else (value <= limit if kind == "max" else value >= limit)
        out.append({"key": key, "what": what, "target": f"{'≤' if kind == 'max' else '≥'} {limit} {unit}",
                    "value": value, "unit": unit, "met": met})
    return out


# -- the document --------------------------------------------------------------------

def _f(value: Any, digits: int = 3, suffix: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return f"{value:.{digits}f}{suffix}"
    return str(value)


SYSTEMS = [("navigator", "navigator (this model)"), ("keyword_baseline", "keyword FAQ baseline"),
           ("whitespace_default", "Rasa default, whitespace tokenizer")]


def markdown(figures: Dict[str, Any]) -> str:
    """docs/benchmarks.md from the figures."""
    m, g = figures.get("machine") or {}, figures.get("git") or {}
    model = figures.get("model") or {}
    u = figures.get("understanding") or {}
    s = figures.get("speed") or {}
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{figures.get('command', COMMAND)}` — re-run it to update this page and "
        "`docs/benchmarks.json` (`--quick` reuses the cached whitespace baseline, `--skip-training` "
        "keeps the last training figure).",
        "",
        "| | |",
        "|---|---|",
        f"| date | {figures.get('date', '–')} |",
        f"| commit | `{g.get('commit') or '–'}`"
        f"{' (with uncommitted changes)' if g.get('uncommitted_changes') else ''} |",
        f"| machine | {m.get('cores')} cores, {m.get('memory_gb')} GB memory, {m.get('cpu')}; {m.get('os')} |",
        f"| software | Python {m.get('python')}, Rasa {m.get('rasa')} |",
        f"| load average at start / end | {m.get('load_average')} / {figures.get('load_average_end', '–')} |",
        f"| model | `{Path(model.get('source', '–')).name}` sha256 {model.get('sha256_12', '–')}, "
        f"{model.get('size_mb', '–')} MB, built {model.get('modified', '–')} |",
        f"| options | {figures.get('options', '–')} |",
        f"| total time | {_f(figures.get('seconds'), 0, ' s')} |",
        "",
        "The machine is shared (load average above): latency and throughput figures are "
        "upper bounds of what a dedicated machine gives. The load generator runs on the same cores "
        "as the servers.",
        "",
    ]
    if figures.get("errors"):
        lines += ["**Parts that failed in this run:**", ""]
        lines += [f"- {part}: {error.splitlines()[-1] if error else ''}" for part, error in figures["errors"].items()]
        lines += [""]

    lines += ["## Targets", "", "| target | limit | measured | |", "|---|---|---|---|"]
    for t in figures.get("targets") or []:
        verdict = {True: "met", False: "**missed**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['what']} | {t['target']} | {_f(t['value'], 1, ' ' + t['unit'])} | {verdict} |")
    lines += [""]

    lines += [
        "## Understanding",
        "",
        "Same data, same run, same scoring code (`bot.evaluation.summarize`: concerns as sets, "
        "multi-intents and the ranking as the navigator reads them). Sets: "
        + ", ".join(f"{lang} `{p}`" for lang, p in (figures.get("sets") or {}).items())
        + ". The whitespace baseline is `benchmarks/pipelines/whitespace_default.yml` trained on "
        "`data/nlu`; the keyword baseline is `benchmarks/keyword_baseline.yml` (substring match).",
        "",
        "| system | lang | messages | concern macro-F1 | out_of_scope recall | top-intent accuracy | parse ms (mean) |",
        "|---|---|---|---|---|---|---|",
    ]
    langs = list(figures.get("sets") or {"ja": 1, "en": 1})
    for key, name in SYSTEMS:
        for lang in langs:
            r = (u.get(key) or {}).get(lang)
            if r:
                lines.append(f"| {name} | {lang} | {r['messages']} | {_f(r['macro_f1'])} | "
                             f"{_f(r.get('out_of_scope_recall'))} | {_f(r.get('top_intent_accuracy'))} | "
                             f"{_f(r.get('parse_ms_mean'), 1)} |")
    ws = u.get("whitespace_default") or {}
    if ws:
        lines += ["", f"Whitespace baseline: training {_f(ws.get('training_seconds'), 0, ' s')}"
                  + (" (when the cached model was trained; reused with --quick)"
                     if ws.get("reused_cached_model") else "")
                  + "."]

    lines += ["", "### Crisis", "",
              "Sets `tests/crisis/crisis_cases*.yml` (`crisis:` must be flagged, `calm:` must not). "
              "Counted as flagged: **navigator (as served)** — the trained pipeline's intent is `crisis` "
              "(CrisisFlagger: rules + model combination), kind from the `crisis` entity; "
              "**navigator, detector alone** — `bot.crisis.detect(text)` fires (what "
              "`tests/crisis/test_crisis_sets.py` checks); **keyword baseline** — one of its "
              "`mental_health` / `dv` / `abuse` keywords is in the message; **whitespace baseline** — its "
              "predicted concerns (`read_concerns`) include `mental_health`, `dv` or `abuse`. Kind recall "
              "also wants the right kind (baselines: suicide↔mental_health, violence_now↔dv, "
              "child_danger↔abuse).",
              "",
              "| system | set | crisis messages | recall | kind recall | calm messages | false alarms |",
              "|---|---|---|---|---|---|---|"]
    crisis_rows = [("navigator", "crisis", "navigator (as served)"),
                   ("navigator", "crisis_detector_alone", "navigator, detector alone"),
                   ("keyword_baseline", "crisis", "keyword FAQ baseline"),
                   ("whitespace_default", "crisis", "Rasa default, whitespace tokenizer")]
    for key, part, name in crisis_rows:
        for set_name, c in ((u.get(key) or {}).get(part) or {}).items():
            alarms = f"{c['false_alarms']} ({_f(c['false_alarm_rate'], 3)})" if c["calm_messages"] else "–"
            lines.append(f"| {name} | {set_name} | {c['crisis_messages']} | {_f(c['recall'])} | "
                         f"{_f(c['kind_recall'])} | {c['calm_messages']} | {alarms} |")

    lines += ["", "### F1 per concern", "", "Concerns with support in the set; `–` = no support.", ""]
    header = "| concern | " + " | ".join(f"{name.split(',')[0].split(' (')[0]} {lang}"
                                         for key, name in SYSTEMS if u.get(key) for lang in langs) + " |"
    columns = [(key, lang) for key, _ in SYSTEMS if u.get(key) for lang in langs]
    lines += [header, "|---" * (len(columns) + 1) + "|"]
    concerns: List[str] = []
    for key, lang in columns:
        for c in ((u.get(key) or {}).get(lang) or {}).get("per_concern", {}):
            if c not in concerns:
                concerns.append(c)
    for concern in concerns:
        cells = []
        for key, lang in columns:
            pc = (((u.get(key) or {}).get(lang) or {}).get("per_concern") or {}).get(concern)
            cells.append(f"{pc['f1']:.2f}" if pc and pc["support"] else "–")
        lines.append(f"| {concern} | " + " | ".join(cells) + " |")

    lines += ["", "## Speed", ""]
    ip = s.get("inprocess") or {}
    rs = s.get("rest_single") or {}
    lines += ["| measure | n | p50 | p95 | mean | max |", "|---|---|---|---|---|---|",
              f"| NLU parse in-process (`Agent.parse_message`, one at a time) | {ip.get('n', '–')} | "
              f"{_f(ip.get('p50_ms'), 1, ' ms')} | {_f(ip.get('p95_ms'), 1, ' ms')} | "
              f"{_f(ip.get('mean_ms'), 1, ' ms')} | "
              f"{_f(ip.get('max_ms'), 1, ' ms')} |",
              f"| REST end-to-end, one request at a time (each a new conversation) | {rs.get('n', '–')} | "
              f"{_f(rs.get('p50_ms'), 1, ' ms')} | {_f(rs.get('p95_ms'), 1, ' ms')} | "
              f"{_f(rs.get('mean_ms'), 1, ' ms')} | "
              f"{_f(rs.get('max_ms'), 1, ' ms')} |", ""]
    lines += ["`POST /model/parse` is off unless the server runs with `--enable-api`, so NLU alone is "
              f"timed in-process (model load {_f(ip.get('agent_load_s'), 1, ' s')}); the REST figures include "
              "NLU, the dialogue policies, the action server and the SQLite conversation store.", ""]
    lines += ["### Concurrent conversations (REST, action server included)", "",
              "Driver: `benchmarks/load_test.run` (each conversation writes about one concern, one turn "
              "after the other; all conversations at once).", "",
              "| conversations × turns | messages answered | errors | mixed up | p50 | p95 | max | wall | messages/s |",
              "|---|---|---|---|---|---|---|---|---|"]
    for lvl in s.get("concurrency") or []:
        lines.append(f"| {lvl['conversations']} × {lvl['turns']} | {lvl['answered']} | {lvl['errors']} | "
                     f"{lvl['mixed_up']} | {_f(lvl['p50_ms'], 0, ' ms')} | {_f(lvl['p95_ms'], 0, ' ms')} | "
                     f"{_f(lvl['max_ms'], 0, ' ms')} | {_f(lvl['wall_s'], 1, ' s')} | {_f(lvl['messages_per_s'], 1)} |")
    lines += ["", f"Throughput at saturation (the best messages/s of the levels above): "
              f"**{_f(s.get('saturation_messages_per_s'), 1, ' messages/s')}**.", ""]
    training = s.get("training") or {}
    mem = s.get("memory") or {}
    lines += ["### Start, training, memory", "", "| measure | value |", "|---|---|",
              f"| cold start: `python -m bot.serve --model … --port … --action-port … --db <tmp>` to the first "
              f"REST answer | {_f(s.get('cold_start_s'), 1, ' s')} |",
              f"| training of the full model (`{training.get('command', 'rasa train …')}`) | "
              f"{_f(training.get('seconds'), 0, ' s')}"
              + ("" if training.get("measured_now", True)
                 else " (from the run of " + str(training.get("measured_on")) + ", --skip-training)")
              + " |"]
    for key, name in (("rasa_server", "Rasa server"), ("action_server", "action server")):
        p = mem.get(key) or {}
        lines.append(f"| peak resident memory (VmHWM) of the {name}, after the load | "
                     f"{_f(p.get('peak_mb'), 0, ' MB')} (now {_f(p.get('current_mb'), 0, ' MB')}) |")
    lines += [""]

    prof = figures.get("profile") or {}
    if prof:
        lines += ["## Where the time goes", "",
                  "cProfile in-process, functions by cumulative time (the first rows enclose the later ones).", ""]
        for part, title in (("turn", "`Agent.handle_text` (a whole turn: NLU, policies, action server "
                                     "call; in-memory store, no REST)"),
                            ("parse", "`Agent.parse_message` (NLU pipeline)"),
                            ("answer", "`Navigator.answer` (the action's work, without HTTP)")):
            p = prof.get(part) or {}
            if not p:
                continue
            timing = p.get("answer") or p.get("turn") or {}
            extra = (f"{_f(p.get('ms_per_message_profiled'), 1, ' ms')} per message under the profiler"
                     if part == "parse" else
                     f"p50 {_f(timing.get('p50_ms'), 1, ' ms')}, p95 {_f(timing.get('p95_ms'), 1, ' ms')} "
                     "per message without the profiler"
                     + ("" if part == "turn" else "; building the navigator (catalogue, hotlines) once: "
                        f"{_f(p.get('navigator_build_s'), 2, ' s')}"))
            lines += [f"### {title}", "", f"{p.get('messages', timing.get('n'))} messages; {extra}.", "",
                      "| function | calls | own s | cumulative s |", "|---|---|---|---|"]
            for row in (p.get("top_cumulative") or [])[:15]:
                lines.append(f"| `{row['function']}` | {row['calls']} | "
                             f"{row['tottime_s']:.3f} | {row['cumtime_s']:.3f} |")
            lines += ["", "By own time (where the CPU is actually spent):", "",
                      "| function | calls | own s | cumulative s |", "|---|---|---|---|"]
            for row in (p.get("top_own") or [])[:10]:
                lines.append(f"| `{row['function']}` | {row['calls']} | "
                             f"{row['tottime_s']:.3f} | {row['cumtime_s']:.3f} |")
            lines += [""]
    if figures.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in figures["notes"]] + [""]
    return "\n".join(lines)


# -- main ----------------------------------------------------------------------------

def _part(errors: Dict[str, str], name: str, fn: Callable[[], Any]) -> Any:
    print(f"[run_all] {time.strftime('%H:%M:%S')} {name} …", flush=True)
    try:
        return fn()
    except Exception:  # noqa: BLE001 - one failed part must not lose the others
        errors[name] = traceback.format_exc()
        print(errors[name], file=sys.stderr, flush=True)
        return None


def main(argv: Optional[List[str]] = None) -> int:
    """Runs every benchmark and writes the page and the JSON; 1 when a part failed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run_all", description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "navigator.tar.gz"))
    parser.add_argument("--quick", action="store_true", help="reuse the cached whitespace baseline model")
    parser.add_argument("--skip-training", action="store_true", help="keep the stored training figure")
    parser.add_argument("--skip-baseline", action="store_true",
                        help="do not train Rasa's whitespace baseline (half an hour) when none is cached")
    parser.add_argument("--md", default=str(DOC))
    parser.add_argument("--json", default=str(JSON_OUT))
    parser.add_argument("--note", action="append", default=[], help="a line for the page's Notes")
    args = parser.parse_args(argv)

    model = Path(args.model)
    if not model.exists():
        print(f"no model at {model}: run `make train` first", file=sys.stderr)
        return 2
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="navigator-benchmarks-"))
    errors: Dict[str, str] = {}
    options = " ".join(o for o, on in (("--quick", args.quick), ("--skip-training", args.skip_training),
                                       ("--skip-baseline", args.skip_baseline)) if on)
    figures: Dict[str, Any] = {
        "command": COMMAND + (f" {options}" if options else ""),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "git": git_commit(), "machine": machine(), "options": options or "none",
        "sets": {lang: str(p.relative_to(ROOT)) for lang, p in evaluation.SETS.items() if p.exists()},
    }
    if args.note:
        figures["notes"] = list(args.note)
    previous_training = speed.last_training_figure(Path(args.json))
    try:
        figures["model"] = copy_model(model, workdir)
        copy = Path(figures["model"].pop("path"))
        sets, crises = understanding.nlu_sets(), understanding.crisis_sets()
        figures["speed"] = {}
        part = _part(errors, "understanding and in-process parse",
                     lambda: run_understanding_and_inprocess(copy, args.quick, COUNTS, sets, crises,
                                                             whitespace=not args.skip_baseline))
        if part:
            figures["understanding"] = part["understanding"]
            figures["speed"]["inprocess"] = part["inprocess"]
            figures["profile"] = part["profile"]
        served = _part(errors, "served navigator (cold start, REST, load, memory)",
                       lambda: run_served(copy, COUNTS, sets))
        if served:
            figures.setdefault("profile", {})["turn"] = served.pop("profile_turn")
            figures["speed"].update(served)
        if args.skip_training:
            figures["speed"]["training"] = previous_training
            if previous_training is None:
                figures.setdefault("notes", []).append("--skip-training with no stored training figure.")
        else:
            figures["speed"]["training"] = _part(errors, "training time (rasa train)", speed.training_time)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    figures["targets"] = evaluate_targets(figures)
    figures["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["errors"] = errors
    Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    Path(args.md).write_text(markdown(figures), encoding="utf-8")
    print(f"[run_all] wrote {args.md} and {args.json} in {figures['seconds']:.0f} s")
    for t in figures["targets"]:
        print(f"  {t['what']}: {t['value']} {t['unit']} (target {t['target']}) → "
              f"{ {True: 'met', False: 'MISSED', None: 'not measured'}[t['met']] }")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
