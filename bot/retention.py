"""Moved to bot.privacy.retention; kept so that `python -m bot.retention` in existing crontabs still runs."""
import sys

from bot.privacy.retention import DEFAULT_DAYS, Deleted, delete_old_conversations, main

__all__ = ["DEFAULT_DAYS", "Deleted", "delete_old_conversations", "main"]

if __name__ == "__main__":
    sys.exit(main())
