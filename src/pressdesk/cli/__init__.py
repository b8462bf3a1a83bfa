"""The ``pressdesk`` command line: the services of the GUI, scriptable.

A package rather than one ``cli.py``: each feature registers its sub-commands from a
module of its own (``contacts``, ``imports``, ``releases``...), which keeps each readable.
Exit status: 0 success, 2 bad usage or bad input, 1 a failure; errors go to stderr as one
sentence, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from pressdesk import __version__
from pressdesk.cli import common, contacts, database, exports, imports, lists, releases
from pressdesk.services.errors import InvalidInput, NotFound, PressDeskError

# Feature modules, each with ``register(subparsers, parent)``.
COMMANDS = [contacts, imports, exports, lists, releases, database]


def build_parser() -> argparse.ArgumentParser:
    parent = common.db_parent()
    parser = argparse.ArgumentParser(
        prog="pressdesk",
        description="PressDesk: focal points, press releases and distribution lists.",
        parents=[common.db_parent(top=True)],
    )
    parser.add_argument("--version", action="version", version=f"PressDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = sub.add_parser("gui", parents=[parent], help="open the PressDesk window")
    common.add_gui_arguments(gui)
    for module in COMMANDS:
        module.register(sub, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        from pressdesk.ui.app import run

        return run(args)
    try:
        return int(args.handler(args) or 0)
    except (InvalidInput, NotFound) as error:
        print(f"pressdesk: {error}", file=sys.stderr)
        return 2
    except PressDeskError as error:
        print(f"pressdesk: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into ``head``: not an error of ours.
        sys.stderr.close()
        return 0
    except SQLAlchemyError as error:
        print(f"pressdesk: the store failed: {error.__class__.__name__}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"pressdesk: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("pressdesk: interrupted", file=sys.stderr)
        return 130
