"""A data file that cannot be read names itself, in the reader's own error type."""
import pytest

from bot.crisis.routes import RoutesError
from bot.crisis.routes import load as load_routes
from bot.data_file import read_yaml


class _Broken(ValueError):
    pass


def test_a_file_is_parsed(tmp_path):
    path = tmp_path / "ok.yml"
    path.write_text("lines: [police, 119]\n", encoding="utf-8")
    assert read_yaml(path, _Broken) == {"lines": ["police", 119]}


def test_a_missing_file_names_its_path(tmp_path):
    with pytest.raises(_Broken, match="missing.yml: cannot read"):
        read_yaml(tmp_path / "missing.yml", _Broken)


def test_broken_yaml_names_its_path(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("lines: [police\n", encoding="utf-8")
    with pytest.raises(_Broken, match="broken.yml: cannot read"):
        read_yaml(path, _Broken)


def test_a_reader_keeps_its_own_error_type(tmp_path):
    path = tmp_path / "routes.yml"
    path.write_text("crisis: [\n", encoding="utf-8")
    with pytest.raises(RoutesError, match="routes.yml: cannot read"):
        load_routes(path)
