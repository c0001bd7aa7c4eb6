#!/usr/bin/env python3
r"""Prints a readable transcript of conversations held through the REST channel.

    .venv/bin/python -m scripts.rest_transcript http://localhost:5005 \
        "子どもが学校に行けない" '/inform{"age_group":"elementary_junior"}'

Each argument after the URL is one turn of one conversation (a new sender id
per run). Windows of the navigator.result payload are summarised in one line.
"""
from __future__ import annotations

import sys
import uuid

from benchmarks.launcher import post
from bot.navigator_result import NavigatorResult


def turn(base: str, sender: str, text: str) -> list:
    """The navigator's messages for one turn of ``sender``; exits on a non-200 answer."""
    status, reply = post(base, sender, text, timeout=60)
    if status != 200:
        raise SystemExit(f"{base} answered HTTP {status}")
    return reply


def main(argv: list) -> int:
    """Holds one conversation: ``argv`` is [program, base URL, turn, turn, …]."""
    if len(argv) < 2:
        raise SystemExit(__doc__)
    base, turns = argv[1].rstrip("/"), argv[2:]
    sender = f"transcript-{uuid.uuid4().hex[:8]}"
    for text in turns:
        print(f"住民> {text}")
        for message in turn(base, sender, text):
            result = NavigatorResult.from_messages([message])
            if result is not None:
                windows = ", ".join(w["id"] for w in result.windows)
                print(f"  [payload] concerns={result.concerns} crisis={result.crisis} "
                      f"risk={result.risk} kind={result.crisis_kind} route={result.crisis_route} "
                      f"lang={result.lang} person={result.person} windows=[{windows}] "
                      f"emergency={[e['number'] for e in result.emergency]}")
                continue
            print("ナビ> " + (message.get("text") or "").replace("\n", "\n      "))
            for button in message.get("buttons") or []:
                print(f"      [{button['title']}] → {button['payload']}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
