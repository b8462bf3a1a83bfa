"""Import batches: what each import did, so that it can be reported and undone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from pressdesk.store.models.base import Base, utcnow


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(20))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    #: The per-row report as gzip-compressed CSV (the same bytes ``--report`` writes).
    report: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(default=None)


class ImportChange(Base):
    """A contact an import created or merged into, with what undo needs."""

    __tablename__ = "import_changes"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    action: Mapped[str] = mapped_column(String(10))  # "created" | "merged"
    version_after: Mapped[int] = mapped_column(Integer)
    #: For a merge: the contact's snapshot before it (services.contacts.snapshot).
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
