"""Reading the catalogue's YAML files (no validation here)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

# The C loader when libyaml is there: the catalogue is read by every check and test.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# file name -> the top-level key holding its entries
FILES = {
    "concerns.yml": "concerns",
    "departments.yml": "departments",
    "jigyo.yml": "goals",
    "windows.yml": "windows",
    "routing.yml": None,  # a mapping of settings, not a list of entries
    "age_bands.yml": None,  # the age groups, also read by bot/person.py
}


def read_files(directory: Path) -> Tuple[Dict[str, Any], List[str]]:
    """Parses every catalogue file; returns the documents and the read errors."""
    documents: Dict[str, Any] = {}
    errors: List[str] = []
    for name, key in FILES.items():
        path = directory / name
        if not path.is_file():
            errors.append(f"{path}: file missing")
            continue
        try:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        except yaml.YAMLError as exc:
            errors.append(f"{path}: not valid YAML: {exc}".replace("\n", " "))
            continue
        if not isinstance(document, dict):
            errors.append(f"{path}: expected a mapping at the top level")
            continue
        if key is not None and not isinstance(document.get(key), list):
            errors.append(f"{path}: top-level key '{key}' must hold a list")
            continue
        documents[name] = document
    return documents, errors
