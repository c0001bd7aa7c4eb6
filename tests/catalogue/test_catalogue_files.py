"""The catalogue's files: never taken for Rasa training data, ids as the contract says."""
import re
from pathlib import Path

import pytest
import yaml

from bot.catalogue import Catalogue

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "data" / "services"
# Rasa 3.6 takes any YAML under data/ with such a line (even indented) for training data.
TRAINING_KEY = re.compile(r"^\s*(nlu|responses|stories|rules)\s*:")
FILES = sorted(SERVICES.glob("*.yml"))


def test_there_are_catalogue_files():
    assert {p.name for p in FILES} >= {"concerns.yml", "departments.yml", "jigyo.yml", "routing.yml", "windows.yml"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_line_looks_like_rasa_training_data(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if TRAINING_KEY.match(line)] == []


@pytest.mark.parametrize("line, taken", [("nlu:", True), ("  rules :", True), ("concern_rules:", False)])
def test_the_training_key_pattern(line, taken):
    assert bool(TRAINING_KEY.match(line)) is taken


def test_concern_ids_are_those_of_the_taxonomy():
    table = (ROOT / "docs" / "concerns.md").read_text(encoding="utf-8")
    in_doc = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)
    in_data = [c["id"] for c in yaml.safe_load((SERVICES / "concerns.yml").read_text(encoding="utf-8"))["concerns"]]
    assert in_doc and in_data == in_doc


def test_importing_the_package_reads_no_file():
    import subprocess
    import sys

    # Any file read at import would hit the poisoned readers and fail the import.
    code = (
        "import builtins, pathlib\n"
        "def refuse(*a, **k): raise RuntimeError('read at import')\n"
        "pathlib.Path.read_text = refuse; pathlib.Path.open = refuse; builtins.open = refuse\n"
        "import bot.catalogue, bot.cli"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_contact_detail_without_source():
    cat = Catalogue.from_directory(SERVICES)
    assert all(w.contact is None or w.contact.source for w in cat.windows.values())


def test_every_window_has_plain_and_english_texts():
    cat = Catalogue.from_directory(SERVICES)
    for w in cat.windows.values():
        assert w.what_plain and w.what_en and w.name_en, w.id
