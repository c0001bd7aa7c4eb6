"""The service catalogue: windows, 事業 rows, departments and concerns, and routing."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from bot.catalogue import building
from bot.catalogue.files import read_files
from bot.catalogue.records import Concern, Department, Jigyo, Match, Person, RoutingRules, Window
from bot.catalogue.routing import Router
from bot.catalogue.validation import check_documents


class CatalogueError(ValueError):
    """An invalid catalogue; ``messages`` names file, entry and field of each problem."""

    def __init__(self, messages: List[str]) -> None:
        self.messages = list(messages)
        super().__init__(f"{len(self.messages)} problem(s) in the catalogue:\n" + "\n".join(self.messages))


def check_directory(directory: Path) -> List[str]:
    """Every problem of the catalogue in ``directory`` (empty when it is valid)."""
    documents, errors = read_files(Path(directory))
    if errors:
        return errors
    return check_documents(Path(directory), documents)


class Catalogue:
    """A validated catalogue. Build it with :meth:`from_directory`."""

    def __init__(
        self,
        windows: Dict[str, Window],
        jigyo: Dict[str, Jigyo],
        departments: Dict[str, Department],
        concerns: Dict[str, Concern],
        rules: RoutingRules,
    ) -> None:
        self.windows = windows
        self.jigyo = jigyo
        self.departments = departments
        self.concerns = concerns
        self.rules = rules
        self._router = Router(windows, rules)

    @classmethod
    def from_directory(cls, directory: Path) -> "Catalogue":
        """Reads and validates data/services-like ``directory``; raises CatalogueError."""
        directory = Path(directory)
        documents, errors = read_files(directory)
        if not errors:
            errors = check_documents(directory, documents)
        if errors:
            raise CatalogueError(errors)
        return cls(
            windows=building.windows(documents["windows.yml"]["windows"]),
            jigyo=building.jigyo(documents["jigyo.yml"]["goals"]),
            departments=building.departments(documents["departments.yml"]["departments"]),
            concerns=building.concerns(documents["concerns.yml"]["concerns"]),
            rules=building.routing(documents["routing.yml"], documents["age_bands.yml"]),
        )

    # -- lookups -------------------------------------------------------------------------
    @property
    def concern_ids(self) -> Tuple[str, ...]:
        """The concern ids, in concerns.yml's order."""
        return tuple(self.concerns)

    def concern_label(self, concern: str, lang: str = "ja") -> str:
        """The button label of a concern ("ja" or "en"); the id itself if unknown."""
        found = self.concerns.get(concern)
        if found is None:
            return concern
        return found.en if lang == "en" else found.ja

    def department_label(self, name: str, lang: str = "ja") -> str:
        """A department's name; in English the unofficial rendering with the Japanese name."""
        found = self.departments.get(name)
        if lang != "en" or found is None:
            return name
        return f"{found.name_en} ({name})"

    def windows_for(self, concern: str) -> List[Window]:
        """Every window serving a concern, in file order."""
        return [w for w in self.windows.values() if concern in w.concerns]

    # -- routing ---------------------------------------------------------------------------
    def route(self, concerns: Iterable[str], person: Optional[Person] = None) -> List[Match]:
        """The windows for these concerns, in a welfare worker's order, with reasons."""
        return self._router.route(concerns, person or Person())

    def question_needed(self, concerns: Iterable[str], person: Optional[Person] = None) -> Optional[str]:
        """"age" or "affected" when knowing it would change the windows, else None."""
        return self._router.question_needed(list(concerns), person or Person())
