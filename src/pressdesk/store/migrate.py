"""Alembic migrations shipped inside the package; every store is upgraded when opened.

Opening a store that is already at :data:`HEAD` costs one query: Alembic (about 17 MB and
a quarter of a second at start) is imported only when there is something to upgrade.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

#: The newest revision in migrations/versions (tests check it is Alembic's head).
HEAD = "0006"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    # stdout given at call time: Config's default is the sys.stdout of the moment
    # alembic.config was first imported, which may be long gone (a closed capture).
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


class StoreTooNew(RuntimeError):
    """The store was written by a newer PressDesk, whose migrations this one lacks."""


def known_revisions() -> set[str]:
    """The revisions shipped here, from the migration files' names (no Alembic needed)."""
    return {path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("*_*.py")}


def upgrade_if_needed(engine: Engine) -> None:
    revision = current_revision(engine)
    if revision == HEAD:
        return
    if revision is not None and revision not in known_revisions():
        raise StoreTooNew(
            f"this store was written by a newer version of PressDesk (store revision "
            f"{revision}; this version reads up to {HEAD}): update PressDesk to open it"
        )
    upgrade(engine)
