"""The hotline table is the source's table, and each reply gets the right numbers first."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import hotlines
from bot.hotlines import HotlinesError, load

ROOT = Path(__file__).resolve().parents[2]
SOURCE = (ROOT / "docs" / "plan" / "hotlines-source.md").read_text(encoding="utf-8")
DATA = yaml.safe_load((ROOT / "data" / "hotlines.yml").read_text(encoding="utf-8"))


def _source_rows():
    """name -> (number, hours) of every row of the markdown table."""
    rows = {}
    for line in SOURCE.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("name", "---") and not set(cells[0]) <= {"-"}:
            rows[cells[0]] = (cells[1], cells[3])
    return rows


SOURCE_ROWS = _source_rows()


@pytest.mark.parametrize("entry", DATA["hotlines"], ids=[h["id"] for h in DATA["hotlines"]])
def test_every_number_is_in_the_source(entry):
    assert re.search(rf"\|\s*{re.escape(entry['number'])}\s*\|", SOURCE), entry["number"]


@pytest.mark.parametrize("entry", DATA["hotlines"], ids=[h["id"] for h in DATA["hotlines"]])
def test_name_number_and_hours_exactly_as_the_source_row(entry):
    number, hours = SOURCE_ROWS[entry["name"]]
    assert entry["number"] == number
    assert (entry["hours"] or "—") == hours


def test_the_table_is_complete():
    assert {h["name"] for h in DATA["hotlines"]} == set(SOURCE_ROWS)


@pytest.mark.parametrize(
    "first, concerns, start, includes",
    [
        (["police", "ambulance_fire"], ["dv", "housing"], ["110", "119"], ["0120-279-889", "#8008"]),
        ([], ["dv"], ["0120-279-889"], ["#8008"]),
        ([], ["crime_fraud"], ["188"], []),
        ([], ["child_rights"], ["0120-0-78310"], ["0120-99-7777"]),
        ([], ["abuse"], ["189"], []),
        (["dv_plus"], ["dv"], ["0120-279-889", "#8008"], []),
    ],
)
def test_lines_for(first, concerns, start, includes):
    numbers = [h.number for h in hotlines.lines_for(first, concerns)]
    assert numbers[: len(start)] == start
    assert set(includes) <= set(numbers)
    assert len(numbers) == len(set(numbers)), "no number twice"


@pytest.mark.parametrize("concerns", [[], ["poverty"], ["community", "mobility"]])
def test_no_crisis_and_no_hotline_concern_gives_nothing(concerns):
    assert hotlines.lines_for([], concerns) == []


def test_a_routes_lines_come_before_concern_numbers():
    numbers = [h.number for h in hotlines.lines_for(["inochi"], ["crime_fraud"])]
    assert numbers.index("0570-783-556") < numbers.index("188")


def test_a_concern_line_not_for_the_person_affected_is_left_out():
    assert "189" not in [h.number for h in hotlines.lines_for([], ["abuse"], affected="elderly")]


def test_unknown_id_in_a_mapping_names_the_file_and_entry(tmp_path):
    broken = dict(DATA, by_concern={"dv": ["no_such_line"]})
    path = tmp_path / "hotlines.yml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(HotlinesError, match=r"hotlines\.yml: by_concern\.dv: unknown hotline id 'no_such_line'"):
        load(path)


def test_missing_number_is_refused(tmp_path):
    broken = dict(DATA, hotlines=[dict(DATA["hotlines"][0], number="")])
    path = tmp_path / "hotlines.yml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(HotlinesError, match="missing 'number'"):
        load(path)
