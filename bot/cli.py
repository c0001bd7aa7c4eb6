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
    hotlines_file = getattr(args, "hotlines", None)
    if hotlines_file is not None and Path(hotlines_file).is_file():
        from bot import hotlines

        try:  # the emergency numbers: each with its source and last-checked date (issue 20)
            hotlines.load(hotlines_file)
        except hotlines.HotlinesError as error:
            problems = problems + [str(error)]
    project = getattr(args, "project", None)
    if project is not None and (Path(project) / "domain.yml").is_file():
        from bot import contracts

        # The concern ids of the domain, rules, NLU data and docs against concerns.yml.
        problems = problems + [p for p in contracts.check(Path(project)) if p not in problems]
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


def _catalogue_stale(args: argparse.Namespace) -> int:
    import datetime

    from bot import hotlines
    from bot.catalogue import Catalogue, CatalogueError
    from bot.catalogue.staleness import overdue

    try:
        cat = Catalogue.from_directory(args.directory)
        table = hotlines.load(args.hotlines)
    except (CatalogueError, hotlines.HotlinesError) as error:
        print(getattr(error, "messages", None) and "\n".join(error.messages) or str(error))
        return 2
    today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    records = [("windows.yml", w.id, w.checked, w.checked_by) for w in cat.windows.values()]
    records += [("hotlines.yml", h.id, h.checked, h.checked_by) for h in table.hotlines.values()]
    found = overdue(records, args.days, today)
    for item in found:
        print(item.line())
    print(f"{len(found)} of {len(records)} records not checked in the last {args.days} days (today {today})")
    return 1 if found else 0


def register_catalogue(subparsers: argparse._SubParsersAction) -> None:
    """``catalogue check [DIR]``, ``catalogue report [DIR]`` and ``catalogue stale --days N [DIR]``."""
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
        if name == "check":
            action.add_argument("--hotlines", type=Path, default=Path("data/hotlines.yml"),
                                help="also check this hotlines table when it exists (default: data/hotlines.yml)")
            action.add_argument("--project", type=Path, default=Path("."),
                                help="also check the concern ids of this project's domain, rules, NLU data "
                                     "and docs against its concerns.yml, when it has a domain.yml (default: .)")
    stale = actions.add_parser("stale", help="list windows and hotlines not checked in the last N days; exit 1 if any")
    stale.add_argument("directory", nargs="?", type=Path, default=DEFAULT_SERVICES_DIR,
                       help=f"catalogue directory (default: {DEFAULT_SERVICES_DIR})")
    stale.add_argument("--days", type=int, default=180, help="how old a check may be (default 180)")
    stale.add_argument("--hotlines", type=Path, default=Path("data/hotlines.yml"),
                       help="the hotlines table (default: data/hotlines.yml)")
    stale.add_argument("--today", help="the date to count from, YYYY-MM-DD (default: today)")
    stale.set_defaults(handler=_catalogue_stale)


def _delegate(name: str, module: str, text: str) -> Callable[[argparse._SubParsersAction], None]:
    """A command whose module has its own ``main(argv)`` (its options, its --help)."""

    def register(subparsers: argparse._SubParsersAction) -> None:
        parser = subparsers.add_parser(name, help=text, add_help=False)

        def handler(args: argparse.Namespace, rest: List[str]) -> int:
            import importlib

            return importlib.import_module(module).main(rest)

        parser.set_defaults(handler=handler, takes_rest=True)

    return register


COMMAND_GROUPS: List[Callable[[argparse._SubParsersAction], None]] = [
    register_catalogue,
    _delegate("retention", "bot.privacy.retention", "delete conversations older than N days (default 30)"),
    _delegate("reports", "bot.stores.reports", "list residents' reports of wrong window information"),
    _delegate("serve", "bot.serve", "start the action server and the Rasa server"),
    _delegate("evaluate", "bot.evaluation", "score the trained model on tests/nlu"),
    _delegate("staff", "bot.staff.cli", "add or remove the accounts of the staff console"),
]


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered command group."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="西東京市 support navigator tools")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for register in COMMAND_GROUPS:
        register(subparsers)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Runs one command; returns its exit code."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if getattr(args, "takes_rest", False):
        return args.handler(args, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return args.handler(args)
