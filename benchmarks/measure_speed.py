"""Speed and resource figures for benchmarks/run_all.py.

All bounded: every loop has a count and every wait a timeout; 127.0.0.1 only.

- in-process NLU parse latency (rasa Agent.parse_message; POST /model/parse
  is off unless the server runs with --enable-api);
- REST end-to-end latency (the webhook, action server included): one request
  at a time, and 1 / 10 / 50 concurrent conversations (benchmarks/load_test.run);
- cold start of `python -m bot.serve` to the first successful REST answer;
- peak resident memory (VmHWM) of the Rasa server and the action server;
- training time of the full model (`rasa train`, as `make train`);
- cProfile of parse_message and of Navigator.answer, to say where time goes.
"""
from __future__ import annotations

import asyncio
import cProfile
import io
import json
import os
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

from benchmarks import load_test
from benchmarks.launcher import PROJECT_ROOT as ROOT
from benchmarks.launcher import post, rest_url

percentile = load_test.percentile  # nearest rank, values in seconds


def latency_summary(seconds: Sequence[float]) -> Dict:
    """n, p50, p95, mean, max in milliseconds."""
    values = list(seconds)
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "mean_ms": None, "max_ms": None}
    return {
        "n": len(values),
        "p50_ms": round(1000 * percentile(values, 50), 1),
        "p95_ms": round(1000 * percentile(values, 95), 1),
        "mean_ms": round(1000 * sum(values) / len(values), 1),
        "max_ms": round(1000 * max(values), 1),
    }


# -- in-process ------------------------------------------------------------------

def load_agent(model: Path):
    """(rasa Agent, seconds to load it)."""
    from bot.evaluation import load_agent as load_quietly

    started = time.perf_counter()
    agent = load_quietly(model)
    return agent, time.perf_counter() - started


def inprocess_parse_latency(agent, texts: Sequence[str], warmup: int = 3) -> Dict:
    """Latency of agent.parse_message, one message at a time, after ``warmup`` parses."""
    async def timed() -> List[float]:
        for text in list(texts)[:warmup]:
            await agent.parse_message(text)
        out = []
        for text in texts:
            started = time.perf_counter()
            await agent.parse_message(text)
            out.append(time.perf_counter() - started)
        return out

    return latency_summary(asyncio.run(timed()))


def _top(profile: cProfile.Profile, limit: int) -> List[Dict]:
    stats = pstats.Stats(profile, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        short = filename
        for marker in ("site-packages/", str(ROOT) + "/"):
            if marker in filename:
                short = filename.split(marker, 1)[1]
        rows.append({"function": f"{short}:{line}({name})", "calls": calls,
                     "tottime_s": round(tottime, 4), "cumtime_s": round(cumtime, 4)})
    rows.sort(key=lambda r: -r["cumtime_s"])
    return rows[:limit]


def _top_own(profile: cProfile.Profile, limit: int) -> List[Dict]:
    rows = _top(profile, 10_000)
    rows.sort(key=lambda r: -r["tottime_s"])
    return rows[:limit]


def profile_parse(agent, texts: Sequence[str], limit: int = 25) -> Dict:
    """The cProfile of agent.parse_message over ``texts``: the functions by cumulative time."""
    async def parse_all() -> None:
        for text in texts:
            await agent.parse_message(text)

    asyncio.run(parse_all())  # warm
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    asyncio.run(parse_all())
    profile.disable()
    seconds = time.perf_counter() - started
    return {"messages": len(texts), "ms_per_message_profiled": round(1000 * seconds / max(1, len(texts)), 1),
            "top_cumulative": _top(profile, limit), "top_own": _top_own(profile, limit)}


def profile_answer(agent, texts: Sequence[str], limit: int = 25) -> Dict:
    """Time and cProfile of the action's work (bot.navigator.Navigator.answer) per message."""
    from rasa.shared.core.domain import Domain

    from bot.assembly import default_navigator

    domain = Domain.load(str(ROOT / "domain.yml")).as_dict()

    async def parse_all() -> List[Mapping]:
        return [await agent.parse_message(text) for text in texts]

    parses = asyncio.run(parse_all())
    slots: Dict = {}
    started = time.perf_counter()
    navigator = default_navigator()
    first_build = time.perf_counter() - started
    navigator.answer(parses[0], slots, domain)  # warm (furigana, language data)
    timings = []
    profile = cProfile.Profile()
    profile.enable()
    for parse in parses:
        started = time.perf_counter()
        navigator.answer(parse, slots, domain)
        timings.append(time.perf_counter() - started)
    profile.disable()
    return {"navigator_build_s": round(first_build, 3), "answer": latency_summary(timings),
            "top_cumulative": _top(profile, limit), "top_own": _top_own(profile, limit)}


# -- the served navigator (benchmarks/launcher.Navigator starts it) -------------------

def first_answer(url: str, started_at: float, process: Optional[subprocess.Popen] = None,
                 timeout: float = 300, message: str = "介護保険の申請ってどうすればいいの") -> float:
    """Seconds from ``started_at`` (perf_counter) to the first 200 answer with replies."""
    deadline = time.monotonic() + timeout
    attempt = 0
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the navigator stopped while starting (exit {process.returncode})")
        attempt += 1
        try:
            status, reply = post(url, f"bench-cold-{attempt}", message, timeout=60)
            if status == 200 and isinstance(reply, list) and reply:
                return time.perf_counter() - started_at
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no REST answer after {timeout:.0f} s")


def rest_single(url: str, texts: Sequence[str], timeout: float = 60) -> Dict:
    """End-to-end REST latency, one request at a time, each text a new conversation."""
    run = time.strftime("%H%M%S")
    seconds, errors = [], 0
    for i, text in enumerate(texts):
        started = time.perf_counter()
        try:
            status, reply = post(url, f"bench-single-{run}-{i}", text, timeout=timeout)
        except (OSError, ValueError):
            status, reply = None, None
        elapsed = time.perf_counter() - started
        if status == 200 and isinstance(reply, list) and reply:
            seconds.append(elapsed)
        else:
            errors += 1
    return {**latency_summary(seconds), "errors": errors}


def concurrent(url: str, conversations: int, turns: int, timeout: float = 120) -> Dict:
    """``conversations`` residents at once, ``turns`` messages each (load_test.run)."""
    run_id = f"b{conversations}-{time.strftime('%H%M%S')}"
    started = time.perf_counter()
    out = asyncio.run(load_test.run(rest_url(url), conversations, turns, timeout, run_id))
    wall = time.perf_counter() - started
    answered = sum(out.answered.values())
    return {
        "conversations": conversations,
        "turns": turns,
        **latency_summary(out.latencies),
        "errors": len(out.errors),
        "mixed_up": len(out.mixed),
        "answered": answered,
        "wall_s": round(wall, 2),
        "messages_per_s": round(answered / wall, 2) if wall else None,
    }


# -- memory ------------------------------------------------------------------------

def _children(pid: int) -> List[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _status_kb(pid: int, key: str) -> Optional[int]:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def process_memory(serve_pid: int) -> Dict:
    """Peak (VmHWM) and current (VmRSS) resident memory in MB of bot.serve's children.

    The Rasa server is the child running `rasa run -m` (through bot.rasa_server), the action server the
    one running `rasa run actions` (found through /proc/<pid>/task/*/children;
    psutil is not a project dependency).
    """
    out: Dict = {}
    todo, seen = [serve_pid], set()
    while todo and len(seen) < 50:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo += _children(pid)
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        args = [a.decode("utf-8", "replace") for a in argv if a]
        # `python -m rasa run …` or the project's launcher `python -m bot.rasa_server run …`
        if not ({"rasa", "bot.rasa_server"} & set(args)) or "run" not in args:
            continue
        name = "action_server" if "actions" in args else "rasa_server"
        hwm, rss = _status_kb(pid, "VmHWM"), _status_kb(pid, "VmRSS")
        out[name] = {"pid": pid,
                     "peak_mb": round(hwm * 1024 / 1e6, 1) if hwm is not None else None,
                     "current_mb": round(rss * 1024 / 1e6, 1) if rss is not None else None}
    return out


# -- training ----------------------------------------------------------------------

def training_time(timeout: float = 3600) -> Dict:
    """Seconds of `rasa train --data data/nlu data/rules --config config.yml --domain domain.yml`."""
    out_dir = Path(tempfile.mkdtemp(prefix="navigator-train-"))
    command = [sys.executable, "-m", "rasa", "train", "--data", "data/nlu", "data/rules",
               "--config", "config.yml", "--domain", "domain.yml", "--out", str(out_dir)]
    # An empty cache of its own: with Rasa's shared cache (~/.rasa/cache) an unchanged
    # pipeline is not trained again, and the figure would be seconds, not minutes.
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2",
               RASA_CACHE_DIRECTORY=str(out_dir / "cache"))
    started = time.perf_counter()
    try:
        with open(out_dir / "train.log", "wb") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
                raise RuntimeError(f"training did not finish in {timeout:.0f} s")
        seconds = time.perf_counter() - started
        if code != 0:
            tail = (out_dir / "train.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"rasa train exited {code}:\n{tail}")
        return {"seconds": round(seconds, 1), "measured_now": True,
                "measured_on": time.strftime("%Y-%m-%d"),
                "command": "RASA_CACHE_DIRECTORY=<empty tmp> rasa train --data data/nlu data/rules "
                           "--config config.yml --domain domain.yml --out <tmp>"}
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def last_training_figure(json_path: Path) -> Optional[Dict]:
    """The training figure stored by the last full run (for --skip-training), or None."""
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    figure = (data.get("speed") or {}).get("training")
    if not isinstance(figure, dict) or not isinstance(figure.get("seconds"), (int, float)):
        return None
    return {**figure, "measured_now": False, "measured_on": figure.get("measured_on") or data.get("date")}


def profile_turn(model: Path, action_url: str, texts: Sequence[str], limit: int = 25) -> Dict:
    """Time and cProfile of whole turns in-process, with the in-memory tracker store.

    A turn is Agent.handle_text: NLU, policies, the call to the action server at
    ``action_url``, validation of its answer; the REST channel and the SQLite store are left out.
    """
    from rasa.utils.endpoints import EndpointConfig

    from bot.evaluation import load_agent as load_quietly

    agent = load_quietly(model, action_endpoint=EndpointConfig(url=action_url))
    run = time.strftime("%H%M%S")

    async def turns(prefix: str) -> List[float]:
        out = []
        for i, text in enumerate(texts):
            started = time.perf_counter()
            await agent.handle_text(text, sender_id=f"bench-turn-{run}-{prefix}{i}")
            out.append(time.perf_counter() - started)
        return out

    asyncio.run(turns("warm"))
    plain = asyncio.run(turns("plain"))
    profile = cProfile.Profile()
    profile.enable()
    asyncio.run(turns("prof"))
    profile.disable()
    return {"messages": len(texts), "turn": latency_summary(plain),
            "top_cumulative": _top(profile, limit), "top_own": _top_own(profile, limit)}
