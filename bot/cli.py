"""The navigator's command line: ``python -m bot <command> <subcommand> ...``.

Each command group registers itself through a ``register(subparsers)`` function
that adds its parser and sets ``handler`` (a function of the parsed arguments
returning the exit code). To add a group (e.g. ``retention``), write its
``register`` and list it in ``COMMAND_GROUPS``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, List, Optional

DEFAULT_SERVICES_DIR = Path("data/services")


def _catalogue_check(args: argparse.Namespace) -> int:
    from bot.catalogue import check_directory

    problems = check_directory(args.directory)
    for message in problems:
        print(message)
    if problems:
        print(f"{len(problems)} problem(s) in {args.directory}", file=sys.stderr)
        return 1
    from bot.catalogue import Catalogue

    cat = Catalogue.from_directory(args.directory)
    repeats = sum(j.is_repeat for j in cat.jigyo.values())
    print(
        f"{args.directory}: OK ({len(cat.windows)} windows, {len(cat.jigyo)} 事業 rows "
        f"incl. {repeats} 再掲, {len(cat.departments)} departments, {len(cat.concerns)} concerns)"
    )
    return 0


def _catalogue_report(args: argparse.Namespace) -> int:
    from bot.catalogue import Catalogue, CatalogueError
    from bot.catalogue.report import render

    try:
        cat = Catalogue.from_directory(args.directory)
    except CatalogueError as error:
        print("\n".join(error.messages))
        return 1
    print(render(cat))
    return 0


def register_catalogue(subparsers: argparse._SubParsersAction) -> None:
    """``catalogue check [DIR]`` and ``catalogue report [DIR]``."""
    parser = subparsers.add_parser("catalogue", help="check the service catalogue or report its coverage")
    actions = parser.add_subparsers(dest="action", required=True)
    for name, handler, text in (
        ("check", _catalogue_check, "validate the catalogue; exit 1 on any problem"),
        ("report", _catalogue_report, "counts per 基本目標, department and concern"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("directory", nargs="?", type=Path, default=DEFAULT_SERVICES_DIR,
                            help=f"catalogue directory (default: {DEFAULT_SERVICES_DIR})")
        action.set_defaults(handler=handler)


COMMAND_GROUPS: List[Callable[[argparse._SubParsersAction], None]] = [register_catalogue]


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered command group."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="西東京市 support navigator tools")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for register in COMMAND_GROUPS:
        register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Runs one command; returns its exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)
