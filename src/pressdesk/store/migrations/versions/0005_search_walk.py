"""Countries sort by name; the first screen of a search walks a covering name index.

``contacts.country_sort`` holds the folded English name of the country, so the Country
column sorts by what it shows rather than by ISO code; its sort index replaces the one on
``country``. On SQLite, ``contacts_search_by_name`` covers (sort_name, id, search_text):
the first screen of a broad search (``gmail``: 30,000 of 100,000 contacts) is found by
reading that index in name order until a screen is full, without touching the table (see
``store.search.walk``). PostgreSQL does not get it: a B-tree entry is limited to about
2.7 kB, and a contact's search text may be longer.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WALK_INDEX = "contacts_search_by_name"


def _country_sorts() -> None:
    # The names come from the same function the store derives them with, once per code.
    from pressdesk.store.derived import country_sort

    bind = op.get_bind()
    codes = bind.execute(sa.text("SELECT DISTINCT country FROM contacts")).scalars().all()
    for code in codes:
        if code:
            bind.execute(
                sa.text("UPDATE contacts SET country_sort = :name WHERE country = :code"),
                {"name": country_sort(code), "code": code},
            )


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("country_sort", sa.String(length=100), nullable=False, server_default="")
        )
    _country_sorts()
    # IF EXISTS: stores made by early development builds of 0001 lack it.
    op.execute("DROP INDEX IF EXISTS ix_contacts_by_country")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contacts_by_country_sort", ["country_sort", "sort_name", "id"], unique=False
        )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX {WALK_INDEX} ON contacts (sort_name, id, search_text)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP INDEX IF EXISTS {WALK_INDEX}")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_by_country_sort")
        batch_op.create_index("ix_contacts_by_country", ["country", "sort_name", "id"])
    # Not a batch: on SQLite that copies the table, and its FTS triggers would go with it.
    op.execute("ALTER TABLE contacts DROP COLUMN country_sort")
