"""Load test: concurrent conversations against a local navigator through REST.

    .venv/bin/python -m benchmarks.load_test                 # starts its own navigator
    .venv/bin/python -m benchmarks.load_test --url http://127.0.0.1:5005

Bounded: 50 concurrent conversations × 5 turns (change with --conversations /
--turns), 127.0.0.1 only, every request with a timeout; stops by itself and
writes docs/load.md. Exit code 0 only when there were no errors, no lost and
no mixed-up turns:

- error: a non-200 answer, a timeout, a connection failure, or an empty reply;
- lost: a turn answered but missing from the conversation store (checked in
  the SQLite file when this script started the navigator itself);
- mixed up: a reply addressed to another conversation (recipient_id), or a
  navigator.result whose concerns do not include the one this conversation
  wrote about (each conversation writes about a single concern).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

import aiohttp

from benchmarks.launcher import PROJECT_ROOT as ROOT
from benchmarks.launcher import Navigator, new_workdir, rest_url
from bot.navigator_result import NavigatorResult

# One concern per conversation; sentences from the independent evaluation set
# (tests/nlu/test_set.yml), never training data.
SCENARIOS: Dict[str, List[str]] = {
    "dv": ["夫に毎日怒鳴られて財布も取り上げられている",
           "主人は機嫌が悪いと物を投げてきます。子どもの前でもやめてくれません。私が悪いのでしょうか"],
    "poverty": ["財布に300円しかなくて、給料日まであと10日。食べるものがない",
                "借金がふくらんでもう返せない。カードの支払いを別のカードで払ってる状態です"],
    "elderly_care": ["母が同じことを何度も聞いてくるようになりました。認知症でしょうか",
                     "介護保険の申請ってどうすればいいの"],
    "disability": ["障害者手帳の申請方法を教えてください", "手話通訳を病院に派遣してもらえますか"],
    "employment": ["ハローワークに通っても仕事が決まらない",
                   "障害者枠で働きたいです。就労移行支援について知りたい"],
}


@dataclass
class Outcome:
    """What happened to every turn."""

    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    mixed: List[str] = field(default_factory=list)
    answered: Dict[str, int] = field(default_factory=dict)


async def conversation(session: aiohttp.ClientSession, url: str, sender: str, concern: str,
                       turns: int, timeout: float, out: Outcome) -> None:
    """One resident writing ``turns`` messages about one concern, one after the other."""
    sentences = SCENARIOS[concern]
    out.answered[sender] = 0
    for turn in range(turns):
        text = sentences[turn % len(sentences)]
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text},
                                    timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                body = await response.text()
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            out.errors.append(f"{sender} turn {turn + 1}: {type(error).__name__}")
            continue
        out.latencies.append(time.perf_counter() - started)
        try:
            reply = json.loads(body)
        except ValueError:
            reply = None
        if status != 200 or not isinstance(reply, list) or not reply:
            out.errors.append(f"{sender} turn {turn + 1}: HTTP {status}, {body[:80]!r}")
            continue
        out.answered[sender] += 1
        strangers = {m.get("recipient_id") for m in reply if isinstance(m, dict)} - {sender, None}
        if strangers:
            out.mixed.append(f"{sender} turn {turn + 1}: reply addressed to {sorted(strangers)}")
        found = NavigatorResult.from_messages(reply)
        if found is not None and found.concerns and concern not in found.concerns:
            out.mixed.append(f"{sender} turn {turn + 1}: concerns {found.concerns}, asked {concern}")


async def run(url: str, conversations: int, turns: int, timeout: float, run_id: str) -> Outcome:
    """All conversations at once; returns what happened."""
    out = Outcome()
    connector = aiohttp.TCPConnector(limit=conversations)
    async with aiohttp.ClientSession(connector=connector) as session:
        concerns = list(SCENARIOS)
        await asyncio.gather(*(
            conversation(session, url, f"load-{run_id}-{i:03d}", concerns[i % len(concerns)], turns,
                         timeout, out)
            for i in range(conversations)
        ))
    return out


def stored_turns(db: Path, run_id: str) -> Dict[str, int]:
    """User messages per conversation in the SQLite store."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "select sender_id, count(*) from events where type_name = 'user' and sender_id like ? "
            "group by sender_id", (f"load-{run_id}-%",)).fetchall()
    return dict(rows)


def percentile(values: List[float], p: float) -> float:
    """Nearest-rank percentile (values in seconds)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]


def report(args: argparse.Namespace, out: Outcome, lost: List[str], seconds: float,
           lost_checked: bool) -> str:
    """docs/load.md."""
    total = args.conversations * args.turns
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    lines = [
        "# Load test",
        "",
        "Written by `python -m benchmarks.load_test` (re-run it to update this page).",
        "",
        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        f"- target: {'a navigator started by the script (bot.serve, SQLite store)' if args.url is None else args.url}",
        f"- load: {args.conversations} concurrent conversations × {args.turns} turns = {total} turns "
        f"through REST; each conversation writes about one concern",
        "",
        "| measure | value |",
        "|---|---|",
        f"| errors (non-200, timeout, empty reply) | {len(out.errors)} |",
        f"| lost turns (answered but not in the store{'' if lost_checked else '; not checked'}) | "
        f"{len(lost) if lost_checked else 'n/a'} |",
        f"| mixed-up turns (reply for another conversation or concern) | {len(out.mixed)} |",
        f"| latency p50 | {ms(percentile(out.latencies, 50))} |",
        f"| latency p95 | {ms(percentile(out.latencies, 95))} |",
        f"| latency max | {ms(max(out.latencies)) if out.latencies else 'n/a'} |",
        f"| wall time | {seconds:.1f} s ({total / seconds:.1f} turns/s) |",
        "",
    ]
    problems = out.errors[:10] + lost[:10] + out.mixed[:10]
    if problems:
        lines += ["First problems:", ""] + [f"- {p}" for p in problems] + [""]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    """Runs the load test; 0 when nothing failed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="base URL of a running navigator (127.0.0.1 only); "
                                      "default: start one")
    parser.add_argument("--model", default=str(ROOT / "models" / "navigator.tar.gz"))
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--db", help="with --url: the navigator's SQLite store, to check for lost turns")
    parser.add_argument("--out", default=str(ROOT / "docs" / "load.md"))
    args = parser.parse_args(argv)
    if args.url and not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("the load test only runs against 127.0.0.1")
    if not 1 <= args.conversations <= 500 or not 1 <= args.turns <= 50:
        parser.error("bounded: at most 500 conversations and 50 turns")

    own, db = None, None
    if args.url is None:
        if not Path(args.model).exists():
            print(f"no model at {args.model}: run `make train` first", file=sys.stderr)
            return 2
        workdir = new_workdir("navigator-load-")
        own = Navigator(workdir=workdir, model=Path(args.model), db=workdir / "conversations.db").start(wait=False)
    try:
        if own is not None:
            own.wait_ready(timeout=300)
        base = args.url or own.url
        run_id = datetime.now().strftime("%H%M%S")
        started = time.perf_counter()
        out = asyncio.run(run(rest_url(base), args.conversations,
                              args.turns, args.timeout, run_id))
        seconds = time.perf_counter() - started
        lost: List[str] = []
        db = own.db if own is not None else (Path(args.db) if args.db else None)
        if db is not None:
            time.sleep(1)
            stored = stored_turns(db, run_id)
            lost = [f"{sender}: {answered} answered, {stored.get(sender, 0)} stored"
                    for sender, answered in sorted(out.answered.items())
                    if stored.get(sender, 0) != answered]
    finally:
        if own is not None:
            own.stop(remove_workdir=True)
    text = report(args, out, lost, seconds, db is not None)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0 if not (out.errors or lost or out.mixed) else 1


if __name__ == "__main__":
    sys.exit(main())
