"""Reading one of the project's YAML data files, with the error kind of its reader.

Every reader (hotlines, routes, crisis rules and data, person facts, who
hurts) reports a file it cannot read or parse the same way: the path and
the cause, in its own error type, so that `python -m bot catalogue check`
and the tests name the file a staff member has to fix.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Type

import yaml


def read_yaml(path: Path, error: Type[Exception]) -> Any:
    """The parsed file; ``error`` (path and cause) when it cannot be read or is not YAML."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as cause:
        raise error(f"{path}: cannot read ({cause})") from None
