"""Moved to bot.privacy.store; kept so that deployed endpoints.yml naming this path still load."""
from bot.privacy.store import MaskingSQLTrackerStore, masked_event

__all__ = ["MaskingSQLTrackerStore", "masked_event"]
