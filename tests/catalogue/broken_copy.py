"""Editing a copy of the real catalogue, to break it on purpose (the checker's rejection tests)."""
import yaml


def edit(directory, file, change):
    """Applies ``change`` to the parsed YAML of ``file`` in ``directory`` and writes it back."""
    path = directory / file
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_window(directory, ident, change):
    """Applies ``change`` to the window record ``ident`` of windows.yml."""
    edit(directory, "windows.yml", lambda document: change(next(w for w in document["windows"] if w["id"] == ident)))
