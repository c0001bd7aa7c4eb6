"""The service catalogue of data/services: windows, 事業 rows, departments, routing.

    from bot.catalogue import Catalogue, Person
    cat = Catalogue.from_directory(Path("data/services"))
    cat.route(["hikikomori"], Person(age_group="high_school"))

Nothing is read at import; see docs/architecture.md for the contract.
"""
from bot.catalogue.catalogue import Catalogue, CatalogueError, check_directory
from bot.catalogue.records import (
    Audience,
    Concern,
    ConcernRule,
    Contact,
    Department,
    Jigyo,
    Match,
    Person,
    Window,
)

__all__ = [
    "Audience", "Catalogue", "CatalogueError", "Concern", "ConcernRule", "Contact",
    "Department", "Jigyo", "Match", "Person", "Window", "check_directory",
]
