"""python -m etl load PATH [--db FILE] [--lang CODE] | template FILE.xlsx [--lang CODE] | demo

demo takes --db FILE and --lang CODE as load does; docs writes docs/contract.md.

Exit codes: 0 success, 1 the input has problems (nothing was changed), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from etl.config import DEMO_DIR, database_path
from etl.problems import LoadFailed, Problem
from i18n import _, n_, of_command, using
from i18n.formats import count


def _print_problems(problems: list[Problem]) -> None:
    for problem in sorted(
        problems, key=lambda p: (not p.is_error, p.file, p.sheet or "", p.row or 0)
    ):
        print(problem, file=sys.stderr)


def _summary(counts: dict[str, int]) -> None:
    width = max(len(t) for t in counts)
    for table, rows in counts.items():
        # Translators: a line of the load's summary: a table's name (padded) and its rows
        # (the table is padded to the longest name, the number to nine places: keep the spaces)
        padded = {"table": f"{table:<{width}}", "rows": f"{count(rows):>9}"}
        print(n_("{table}  {rows} rows", "{table}  {rows} rows", rows, **padded))


def _corrections(tables: dict) -> None:
    """Each town typed one way and shown by the gazetteer's name, so no change goes unseen."""
    from etl.validate import town_corrections

    corrections = town_corrections(tables)
    if corrections:
        print(_("towns shown by the gazetteer's name:"))
        for correction in corrections:
            print(f"  {correction}")


def _load(path: Path, db: Path) -> int:
    from etl.load import load

    if not path.exists():
        print(_("usage error: {path} does not exist", path=path), file=sys.stderr)
        return 2
    try:
        result = load(path, db)
    except LoadFailed as failed:
        _print_problems(failed.problems)
        errors = sum(p.is_error for p in failed.problems)
        # Translators: {db} is the database file's path
        message = n_(
            "{errors} error(s): {db} was not changed.",
            "{errors} error(s): {db} was not changed.",
            errors,
            errors=errors,
            db=db,
        )
        print(message, file=sys.stderr)
        return 1
    except ValueError as exc:
        print(_("error: {reason}", reason=exc), file=sys.stderr)
        return 2
    _print_problems(result.warnings)
    _summary(result.counts)
    _corrections(result.dataset.tables)
    warnings = len(result.warnings)
    # Translators: {path} is the workbook or folder loaded, {db} the database file's path
    loaded = n_(
        "loaded {path} into {db} ({warnings} warning(s))",
        "loaded {path} into {db} ({warnings} warning(s))",
        warnings,
        path=path,
        db=db,
        warnings=warnings,
    )
    print(loaded)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_load = sub.add_parser("load", help="check a workbook or CSV folder and load it")
    p_load.add_argument("path", type=Path, help="an .xlsx workbook or a folder of .csv files")
    p_load.add_argument("--db", type=Path, default=None, help="database file to replace")
    p_load.add_argument(
        "--lang", default=None, help="language of the messages (a code such as de; English if none)"
    )
    p_template = sub.add_parser("template", help="write a blank workbook of the contract")
    p_template.add_argument("file", type=Path)
    p_template.add_argument(
        "--lang",
        metavar="CODE",
        help="language of the instructions, notes and prompts (default: en); the sheet and "
        "column names stay as the loader reads them",
    )
    p_demo = sub.add_parser("demo", help="build the demo database from data/demo")
    p_demo.add_argument("--db", type=Path, default=None)
    p_demo.add_argument("--lang", default=None, help="language of the messages")
    p_docs = sub.add_parser("docs", help="write docs/contract.md from the contract")
    p_docs.add_argument("--check", action="store_true", help="fail if the page is out of date")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)

    language = of_command(getattr(args, "lang", None))  # docs has no --lang: English
    if language is None:
        return 2
    if args.command == "load":
        with using(language):
            return _load(args.path, args.db or database_path())
    if args.command == "demo":
        with using(language):
            return _load(DEMO_DIR, args.db or database_path())
    if args.command == "template":
        from etl.template import write_template

        if args.file.suffix.lower() != ".xlsx":
            print("usage error: the template file name must end in .xlsx", file=sys.stderr)
            return 2
        with using(language):
            write_template(args.file)
        print(f"wrote {args.file}")
        return 0
    if args.command == "docs":
        from etl.docs import CONTRACT_PAGE, render_contract

        text = render_contract()
        if args.check:
            current = CONTRACT_PAGE.read_text(encoding="utf-8") if CONTRACT_PAGE.exists() else ""
            if current != text:
                print(f"{CONTRACT_PAGE} is out of date: run python -m etl docs", file=sys.stderr)
                return 1
            return 0
        CONTRACT_PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {CONTRACT_PAGE}")
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
