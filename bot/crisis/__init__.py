"""Rule-based crisis detection: a wish to die, violence now, a child in danger now."""
from bot.crisis.detector import CrisisDetector, CrisisSignal, detect

__all__ = ["CrisisDetector", "CrisisSignal", "detect"]
