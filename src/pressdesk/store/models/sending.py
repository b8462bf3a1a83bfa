"""The send log: each run of "send release R to lists L" and each recipient's outcome.

Keyed by release id and address; ``release_id`` carries no foreign key because the
releases tables (migration 0003) were not there when this was written, and a log must
outlive the release it records anyway.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pressdesk.store.models.base import Base, utcnow


class RunState(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    REFUSED = "refused"
    SKIPPED = "skipped"


class SendRun(Base):
    __tablename__ = "send_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[str] = mapped_column(String(20), default=RunState.RUNNING.value)
    sender: Mapped[str] = mapped_column(String(320))
    lists: Mapped[list[str]] = mapped_column(JSON, default=list)
    bcc_batch: Mapped[int | None] = mapped_column(Integer)
    resend: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class SendEntry(Base):
    """One recipient of one run: sent, refused (with the server's reply) or skipped."""

    __tablename__ = "send_log"
    __table_args__ = (
        Index("ix_send_log_release_id_address_key", "release_id", "address_key"),
        Index("ix_send_log_contact_id_status", "contact_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("send_runs.id", ondelete="CASCADE"), index=True)
    release_id: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(320), default="")
    address_key: Mapped[str] = mapped_column(String(320), default="")
    status: Mapped[str] = mapped_column(String(20), default=Outcome.PENDING.value)
    reason: Mapped[str] = mapped_column(Text, default="")
    smtp_code: Mapped[int | None] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String(250), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


__all__ = ["Outcome", "RunState", "SendEntry", "SendRun"]
