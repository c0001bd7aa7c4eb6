"""Builds the navigator from the project's data files, once per process."""
from __future__ import annotations

from functools import lru_cache

from bot import settings
from bot.navigator import Navigator


@lru_cache(maxsize=1)
def default_navigator() -> Navigator:
    """The navigator over data/services, data/hotlines.yml and data/crisis/routes.yml.

    Loaded on the first message, not at import: the action server starts fast and a
    broken catalogue is reported by `python -m bot catalogue check` before start.
    """
    from bot import furigana, hotlines, language, person
    from bot.catalogue import Catalogue
    from bot.crisis import routes

    config = settings.load()
    catalogue = Catalogue.from_directory(config.services_dir)
    table = hotlines.load(config.hotlines_file)
    return Navigator(
        catalogue=catalogue,
        hotlines=table,
        routes=routes.load(known_hotlines=list(table.hotlines)),
        age_group_of=person.age_group,
        detect_language=language.detect,
        with_readings=furigana.with_readings,
    )
