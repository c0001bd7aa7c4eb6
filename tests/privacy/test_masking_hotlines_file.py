"""A hotline of the file the navigator serves (NAVIGATOR_HOTLINES_FILE) is kept like one of data/hotlines.yml."""
import yaml

from bot import hotlines
from bot.privacy import masking

TEL = "［電話番号］"
LOCAL_NUMBER = "0120-987-654"  # in no file of the project: a resident's number unless the table lists it


def _custom_file(tmp_path):
    data = yaml.safe_load(hotlines.DEFAULT_FILE.read_text(encoding="utf-8"))
    entry = dict(data["hotlines"][-1], id="local_test_line", number=LOCAL_NUMBER)
    data["hotlines"].append(entry)
    path = tmp_path / "hotlines.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _masker():
    return masking.Masker.from_file(masking.DEFAULT_PATTERNS_FILE)  # not load(): it is cached


def test_without_the_custom_file_the_number_is_masked(monkeypatch):
    monkeypatch.delenv("NAVIGATOR_HOTLINES_FILE", raising=False)
    assert _masker().mask(f"{LOCAL_NUMBER}に電話した") == f"{TEL}に電話した"


def test_a_number_of_a_custom_hotlines_file_is_not_masked(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_HOTLINES_FILE", str(_custom_file(tmp_path)))
    masker = _masker()
    assert masker.mask(f"{LOCAL_NUMBER}に電話した") == f"{LOCAL_NUMBER}に電話した"
    # the default file's numbers are still kept, a resident's number still masked
    assert masker.mask("0120-279-338と090-1234-5678") == f"0120-279-338と{TEL}"


def test_the_default_table_is_the_custom_file(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_HOTLINES_FILE", str(_custom_file(tmp_path)))
    hotlines._default_table.cache_clear()
    try:
        assert hotlines.default_table().hotlines["local_test_line"].number == LOCAL_NUMBER
    finally:
        hotlines._default_table.cache_clear()
