"""A stand-in navigator with the staff console, for the console's tests that need no model.

tests/web/report_server.py's app (the real socket.io and chat channels, the
real navigator's answer to a DV worry played for every message, conversations
in a ``MaskingSQLTrackerStore`` on ``--db``) with ``bot.staff.channel.StaffInput``
registered as credentials.yml registers it.

    .venv/bin/python tests/staff/staff_server.py --port 5097 --db /tmp/x/conversations.db
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rasa.core.channels.channel import register  # noqa: E402

from bot.staff.channel import StaffInput  # noqa: E402
from tests.web import report_server  # noqa: E402


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5097)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    app = report_server.build_app(args.db)
    register([StaffInput.from_credentials(None)], app, route="/webhooks/")
    app.run(host="127.0.0.1", port=args.port, access_log=False, debug=False, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
