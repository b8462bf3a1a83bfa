"""``pressdesk import FILE ...``, ``import undo BATCH``, ``import history``, ``import report``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pressdesk.cli.common import open_store, print_json
from pressdesk.domain.plurals import counted
from pressdesk.formats.tables import SourceError
from pressdesk.services import import_batches
from pressdesk.services import import_contacts as service
from pressdesk.services.errors import InvalidInput

ACTIONS = ("undo", "history", "report", "inspect")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "import",
        parents=[parent],
        help="import contacts from CSV/TSV/TXT, XLSX, XLS, ODS or vCard",
        description="pressdesk import FILE [options] | import undo BATCH | import history "
        "| import report BATCH [FILE] | import inspect FILE",
    )
    parser.add_argument("target", metavar="FILE", help="the file to import (or an action)")
    parser.add_argument("extra", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--sheet", help="worksheet to read (default: the one holding contacts)")
    parser.add_argument("--encoding", help="text encoding of a CSV (default: detected)")
    parser.add_argument("--delimiter", help="CSV delimiter: , ; tab | (default: detected)")
    parser.add_argument("--header-row", type=int, metavar="N", help="row of the header (0: none)")
    parser.add_argument("--default-region", metavar="CC", help="region for national phone formats")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COL=FIELD",
        help='column mapping override, e.g. --map "Моб. тел.=phone:mobile" (repeatable)',
    )
    parser.add_argument(
        "--on-duplicate", choices=[p.value for p in service.OnDuplicate], default="merge"
    )
    parser.add_argument("--dry-run", action="store_true", help="report everything, change nothing")
    parser.add_argument("--report", type=Path, metavar="R.csv", help="write the per-row report")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.set_defaults(handler=_dispatch)


def _dispatch(args: argparse.Namespace) -> int:
    target = args.target
    if target in ACTIONS and not Path(target).exists():
        return {"undo": _undo, "history": _history, "report": _report, "inspect": _inspect}[target](
            args
        )
    if args.extra is not None:
        raise InvalidInput(f"unexpected argument: {args.extra}")
    return _import(args)


def _options(args: argparse.Namespace) -> service.ImportOptions:
    delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}.get(
        args.delimiter or "", args.delimiter
    )
    return service.ImportOptions(
        sheet=args.sheet,
        encoding=args.encoding,
        delimiter=delimiter,
        header_row=args.header_row,
        default_region=args.default_region.upper() if args.default_region else None,
        overrides=list(args.map),
        on_duplicate=service.OnDuplicate(args.on_duplicate),
        dry_run=args.dry_run,
    )


def _import(args: argparse.Namespace) -> int:
    store = open_store(args)
    result = service.import_contacts(store, Path(args.target), _options(args))
    if args.report:
        service.write_report(result, args.report)
    if args.json:
        print_json(result.counts())
    else:
        what = "dry run, nothing changed" if args.dry_run else f"batch {result.batch}"
        print(
            f"{counted(result.rows, 'row')}: {result.created} created, "
            f"{result.merged} merged, {result.skipped} skipped, "
            f"{counted(result.invalid, 'invalid value')}, {counted(result.errors, 'error')}, "
            f"{counted(result.possible_duplicates, 'possible duplicate')} ({what})"
        )
    return 0


def _batch_id(args: argparse.Namespace) -> int:
    if args.extra is None or not args.extra.isdigit():
        raise InvalidInput(f"import {args.target} needs a batch number")
    return int(args.extra)


def _undo(args: argparse.Namespace) -> int:
    batch = _batch_id(args)
    with open_store(args).uow() as uow:
        done = import_batches.undo_import(uow, batch)
        uow.commit()
    if args.json:
        print_json({"batch": batch, **done})
    else:
        print(
            f"import {batch} undone: {counted(done['removed'], 'contact')} removed, "
            f"{counted(done['reverted'], 'merge')} reverted"
        )
    return 0


def _history(args: argparse.Namespace) -> int:
    with open_store(args).uow() as uow:
        batches = import_batches.list_batches(uow)
    if args.json:
        print_json({"imports": [vars(b) for b in batches]})
        return 0
    for b in batches:
        state = " (undone)" if b.undone else ""
        counts = ", ".join(f"{k} {v}" for k, v in b.counts.items())
        print(f"{b.id}\t{b.created_at[:19]}\t{b.file_name}\t{counts}{state}")
    return 0


def _report(args: argparse.Namespace) -> int:
    batch = _batch_id(args)
    with open_store(args).uow() as uow:
        text = import_batches.batch_report(uow, batch)
    if args.report:
        args.report.write_text(text, encoding="utf-8-sig", newline="")
        print(f"report of import {batch} written to {args.report}")
    else:
        sys.stdout.write(text)
    return 0


_DELIMITER_NAMES = {"\t": "tab", " ": "space"}


def _plain(key: str, value: object) -> str:
    """A value of ``import inspect`` as a person reads it: no quotes, "(none)" for unset."""
    if value is None or value == "" or (key == "header_row" and value == 0):
        return "(none)"
    if key == "delimiter":
        return _DELIMITER_NAMES.get(str(value), str(value))
    return str(value)


def _inspect(args: argparse.Namespace) -> int:
    if args.extra is None:
        raise InvalidInput("import inspect needs a file")
    path = Path(args.extra)
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    options = _options(args)
    try:
        info, headers, mapping, _records = service.read_records(path, options)
    except SourceError as error:
        raise InvalidInput(str(error)) from error
    except OSError as error:
        raise InvalidInput(f"cannot read {path.name}: {error.strerror or error}") from error
    data = {
        "format": info.format,
        "encoding": info.encoding,
        "delimiter": info.delimiter,
        "sheets": info.sheets,
        "sheet": info.sheet,
        "header_row": info.header_row,
        "mapping": [{"column": h, "field": f} for h, f in zip(headers, mapping, strict=False)],
    }
    if args.json:
        print_json(data)
    else:
        for key in ("format", "encoding", "delimiter", "sheet", "header_row"):
            print(f"{key}: {_plain(key, data[key])}")
        for column, field in zip(headers, mapping, strict=False):
            print(f"  {column or '(blank)'} -> {field or '(notes)'}")
    return 0
