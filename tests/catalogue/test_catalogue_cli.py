"""`python -m bot catalogue check|report` on the real catalogue."""
import subprocess
import sys
from pathlib import Path

from bot.catalogue import Catalogue
from bot.catalogue.report import coverage
from bot.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "data" / "services"


def test_report_counts(capsys):
    assert main(["catalogue", "report", str(SERVICES)]) == 0
    out = capsys.readouterr().out
    cat = Catalogue.from_directory(SERVICES)
    data = coverage(cat)
    assert f"事業 rows: {len(cat.jigyo)}" in out
    assert sum(n["rows"] for n in data["per_goal"].values()) == len(cat.jigyo)
    assert set(data["per_concern"]) == set(cat.concern_ids)
    assert data["few_windows"] == [c for c in cat.concern_ids if len(cat.windows_for(c)) < 2]
    assert "concerns with fewer than 2 windows" in out


def test_subcommands_are_a_group_others_can_extend():
    parser = build_parser()
    args = parser.parse_args(["catalogue", "check"])
    assert args.directory == Path("data/services") and callable(args.handler)


def test_python_dash_m_bot_runs_from_the_project_root():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "catalogue", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "data/services: OK" in done.stdout
