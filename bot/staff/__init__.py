"""What city staff see and nobody else: why the navigator answered as it did (bot.staff.explain)."""
from bot.staff.explain import STAFF_MARKER, explain, explain_lines

__all__ = ["STAFF_MARKER", "explain", "explain_lines"]
