"""The actual stores behind a tracker store: Rasa wraps them (a lock store, a fallback)."""
from __future__ import annotations

from typing import Any, Iterator, List

# Attributes under which Rasa's wrapping tracker stores keep the stores they wrap.
_WRAPPED = ("_tracker_store", "_fallback_tracker_store")


def stores_behind(tracker_store: Any) -> List[Any]:
    """The actual stores behind ``tracker_store`` (itself when it wraps nothing)."""
    found: List[Any] = []

    def walk(store: Any, seen: set) -> Iterator[Any]:
        if store is None or id(store) in seen:
            return
        seen.add(id(store))
        inner = [getattr(store, name, None) for name in _WRAPPED]
        inner = [s for s in inner if s is not None]
        if not inner:
            yield store
            return
        for wrapped in inner:
            yield from walk(wrapped, seen)

    found.extend(walk(tracker_store, set()))
    return found
