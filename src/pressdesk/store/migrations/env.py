"""Alembic environment: runs on the connection the store hands over."""

from alembic import context

from pressdesk.store.models import Base

# Full-text search tables (SQLite) and indexes (PostgreSQL's pg_trgm) are created by hand
# in migrations; they have no model.
SEARCH_TABLES = ("contacts_fts",)
SEARCH_INDEXES = ("contacts_search_trgm", "contacts_search_by_name", "contacts_name_by_id")


def include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    if type_ == "index" and name in SEARCH_INDEXES:
        return False
    return not (type_ == "table" and name and name.startswith(SEARCH_TABLES))


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("PressDesk migrations run through pressdesk.store.migrate")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
