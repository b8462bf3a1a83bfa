"""The ``pressdesk`` command line: the services of the GUI, scriptable.

A package rather than one ``cli.py``: each feature registers its sub-commands from a
module of its own (``contacts``, ``imports``, ``releases``...), which keeps each readable.
Exit status: 0 success, 2 bad usage or bad input, 1 a failure; errors go to stderr as one
sentence, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import cast

from pressdesk import __version__
from pressdesk.cli import common
from pressdesk.services.errors import InvalidInput, NotFound, PressDeskError

# The feature module under pressdesk.cli (with ``register(subparsers, parent)``) that
# registers each sub-command. Imported only when a sub-command is asked for, and then only
# its own: the window starts without them, and each brings in services and document
# writers (about a second for all of them).
MODULE_OF = {
    "contacts": "contacts",
    "import": "imports",
    "export": "exports",
    "list": "lists",
    "send": "lists",
    "release": "releases",
    "db": "database",
    "settings": "database",
}
COMMANDS = tuple(dict.fromkeys(MODULE_OF.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for ``command`` (a sub-command's name, or ``--version``), or for every
    sub-command."""
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
    if command in MODULE_OF:
        modules: Sequence[str] = (MODULE_OF[command],)
    else:  # --version needs none; --help, no command or a mistyped one lists them all
        modules = () if command == "--version" else COMMANDS
    for name in modules:
        importlib.import_module(f"pressdesk.cli.{name}").register(sub, parent)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` asks for, ``--version`` (asked without one), or None (help,
    no sub-command, or a mistake the whole parser explains). Read by argparse itself, so
    that ``--db=X``, ``--db`` after the command and abbreviated options (``--d X``) are
    understood as the whole parser will."""
    pre = argparse.ArgumentParser(
        add_help=False, exit_on_error=False, parents=[common.db_parent(top=True)]
    )
    pre.add_argument("--version", action="store_true")
    pre.add_argument("-h", "--help", action="store_true")
    pre.add_argument("command", nargs="?")
    try:
        known, _rest = pre.parse_known_args(list(argv))
    except argparse.ArgumentError:
        return None
    if known.command is None and known.version and not known.help:
        return "--version"
    return cast(str | None, known.command)


def _gui_arguments(argv: Sequence[str]) -> list[str] | None:
    """The window's arguments when the command line opens it (no sub-command, or
    ``gui``), else None."""
    tokens, kept, index = list(argv), [], 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--db":
            kept += tokens[index : index + 2]
            index += 2
        elif token.startswith("--db="):
            kept.append(token)
            index += 1
        elif token.startswith("-"):
            return None  # --help, --version, or a mistake the full parser explains
        elif token == "gui":
            return kept + tokens[index + 1 :]
        else:
            return None
    return kept


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui = _gui_arguments(argv)
    if gui is not None:
        parser = argparse.ArgumentParser(prog="pressdesk gui", parents=[common.db_parent(top=True)])
        common.add_gui_arguments(parser)
        from pressdesk.ui.app import run

        return run(parser.parse_args(gui))
    args = build_parser(_command(argv)).parse_args(argv)
    from sqlalchemy.exc import SQLAlchemyError

    from pressdesk.store.migrate import StoreTooNew

    try:
        return int(args.handler(args) or 0)
    except (InvalidInput, NotFound) as error:
        print(f"pressdesk: {error}", file=sys.stderr)
        return 2
    except (PressDeskError, StoreTooNew) as error:
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
