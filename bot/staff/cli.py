"""``python -m bot staff add NAME | remove NAME | list``: staff accounts, on the command line only.

    python -m bot staff add sato          # asks for the password twice, without echo
    python -m bot staff remove sato
    python -m bot staff list

The accounts live in the SQL conversation store endpoints.yml configures
(``--endpoints``), beside the console's other tables. ``--password-stdin``
reads the password from the first line of standard input instead (for
provisioning scripts; never pass a password as an argument). The password is
never printed or logged.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import List, Optional

from bot.settings import PROJECT_ROOT


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise SystemExit("the two passwords differ; nothing changed")
    return first


def main(argv: Optional[List[str]] = None) -> int:
    """Runs one subcommand; returns the exit code."""
    import warnings

    warnings.simplefilter("ignore")  # Rasa's import-time deprecation notices
    parser = argparse.ArgumentParser(prog="python -m bot staff", description="staff accounts of the console at /staff/")
    parser.add_argument("--endpoints", default=str(PROJECT_ROOT / "endpoints.yml"))
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account, or set a new password for it")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    remove = actions.add_parser("remove", help="remove an account and end its sessions")
    remove.add_argument("name")
    actions.add_parser("list", help="the account names")
    args = parser.parse_args(argv)

    from bot.staff.auth import AccountError, StaffAuth
    from bot.staff.tables import engine_from_endpoints
    from bot.stores.config import StoreConfigError, first_line

    try:
        engine = engine_from_endpoints(args.endpoints, "the staff accounts")
    except StoreConfigError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        auth = StaffAuth(engine)
        if args.action == "add":
            auth.add(args.name, _read_password(args.password_stdin))
            auth.audit("command line", "account_added", args.name)
            print(f"staff account {args.name} saved")
        elif args.action == "remove":
            if not auth.remove(args.name):
                print(f"no staff account {args.name}", file=sys.stderr)
                return 1
            auth.audit("command line", "account_removed", args.name)
            print(f"staff account {args.name} removed")
        else:
            for name in auth.names():
                print(name)
    except AccountError as error:
        print(f"not saved: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one clear line, not a stack trace
        print(f"the staff accounts could not be changed: {first_line(error)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
