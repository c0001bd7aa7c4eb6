"""What city staff see and nobody else (docs/staff.md).

- why the navigator answered as it did (``bot.staff.explain``), in the shell
  (``bot.staff.shell``) and in the console's Try view;
- the staff console at /staff/ (``bot.staff.channel``): accounts, sessions,
  usage counts, review, reports. Everything the console keeps lives in tables
  of the conversation store's SQL database (``bot.staff.tables``), so that
  several replicas behind a load balancer share sessions, lockout counters,
  counts and the review queue.
"""
from bot.staff.explain import STAFF_MARKER, explain, explain_lines

__all__ = ["STAFF_MARKER", "explain", "explain_lines"]
