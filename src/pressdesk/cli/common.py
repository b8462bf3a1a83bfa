"""What every sub-command shares: ``--db``, opening the store, printing JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pressdesk.services.errors import InvalidInput

if TYPE_CHECKING:
    from pressdesk.store import Store


def db_parent(*, top: bool = False) -> argparse.ArgumentParser:
    """``--db`` accepted before or after the sub-command (``pressdesk --db X contacts list``)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH|URL",
        default=None if top else argparse.SUPPRESS,
        help="store to use: a SQLite file or an SQLAlchemy URL (default: $PRESSDESK_DB, "
        "else the platform data directory)",
    )
    return parent


def add_gui_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="render the window, save a PNG, exit"
    )
    parser.add_argument(
        "--view",
        choices=["contacts", "organisations", "releases", "lists", "imports"],
        default=None,
        help="view to show first",
    )
    parser.add_argument("--size", default="1280x800", help="window size for --screenshot (WxH)")


def open_store(args: argparse.Namespace) -> Store:
    db = getattr(args, "db", None)
    if db and "://" not in db:
        folder = Path(db).expanduser().resolve().parent
        if not folder.is_dir():
            # A typo in --db should not quietly start a new, empty store somewhere.
            raise InvalidInput(f"no folder {folder} for the store {db}")
    from pressdesk.store import Store  # here, not at import: the window starts without it

    return Store.open(db)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
