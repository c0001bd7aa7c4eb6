"""One definition of each age group (data/services/age_bands.yml), read alike by person facts and routing.

Before issue 20, data/person_facts.yml said elementary_junior is 0-15 and
data/services/routing.yml said 6-15. These tests fail when the two readers
disagree, or when either file defines the groups again.
"""
import shutil
from pathlib import Path

import pytest
import yaml

from bot import person
from bot.catalogue import Catalogue, Person, check_directory
from bot.person import PersonFactsError

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "data" / "services"


@pytest.fixture(scope="module")
def cat():
    return Catalogue.from_directory(SERVICES)


def test_person_facts_and_routing_read_the_same_groups(cat):
    routing = tuple((g.id, g.age_min, g.age_max) for g in cat.rules.age_groups.values())
    assert person.load().bands == routing


def test_every_age_falls_in_the_same_group_for_both(cat):
    rules = person.load()
    router = cat._router
    for age in range(0, 111):
        assert rules.group_of(age) == router.age_group_of(Person(age=age)), age


def test_a_child_under_school_age_is_in_the_youngest_group(cat):
    assert person.age_group("5歳の息子") == "elementary_junior"
    assert cat.rules.age_groups["elementary_junior"].age_min == 0


def test_person_facts_may_not_define_the_groups_again(tmp_path):
    data = yaml.safe_load((ROOT / "data" / "person_facts.yml").read_text(encoding="utf-8"))
    data["age_groups"] = [{"id": "elementary_junior", "min": 6, "max": 15}]
    path = tmp_path / "person_facts.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PersonFactsError, match="defined once, in age_bands.yml"):
        person.load(path)


def test_routing_may_not_define_the_groups_again(tmp_path):
    copy = tmp_path / "services"
    shutil.copytree(SERVICES, copy)
    path = copy / "routing.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["age_groups"] = {"elementary_junior": {"ja": "小・中学生", "en": "pupil", "age_min": 6, "age_max": 15}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert any("routing.yml: field 'age_groups': age groups are defined once, in age_bands.yml" in p
               for p in check_directory(copy))
