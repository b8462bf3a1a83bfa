"""A search's hits sort by name from a small covering index.

The first screen and the whole list of a search answered by the FTS index sort its hits
by name: each hit's ``sort_name`` was read from the contacts table, one B-tree page per
hit (a few thousand hits: most of the search's time). On SQLite,
``contacts_name_by_id`` covers (id, sort_name): the same look-ups read a small index
whose pages mostly are in the cache already (``kazinform``, 2,256 hits of 100,000:
about 11 -> 6 ms; ``gmail``, 30,042 hits: 67 -> 40 ms). The search names it where it
serves (``store.search.HITS_INDEX``): without statistics SQLite's planner would keep to
the table. PostgreSQL sorts its own way and does not get it.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

HITS_INDEX = "contacts_name_by_id"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX {HITS_INDEX} ON contacts (id, sort_name)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP INDEX IF EXISTS {HITS_INDEX}")
