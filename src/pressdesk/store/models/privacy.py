"""Consent and erasure.

Consent lives in a side table, one row per contact, rather than in columns of
``contacts``: the contact editor, import and search never need it, a contact without a row
has consent "unknown", and ``contacts`` keeps its FTS triggers untouched by migrations.

An erased contact is deleted; what remains is a tombstone: salted SHA-256 hashes of its
e-mail keys and phone numbers (the salt is random per store, in ``settings``), enough to
recognise the person if an import brings them back, useless for finding out who they were.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pressdesk.store.models.base import Base, utcnow


class ConsentStatus(StrEnum):
    UNKNOWN = "unknown"
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"


class LawfulBasis(StrEnum):
    """The grounds for processing (GDPR art. 6, which most agencies' policies follow)."""

    CONSENT = "consent"
    LEGITIMATE_INTEREST = "legitimate_interest"
    PUBLIC_TASK = "public_task"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTEREST = "vital_interest"


class ConsentSource(StrEnum):
    MANUAL = "manual"
    IMPORT = "import"
    RELEASE_REPLY = "release_reply"


class Consent(Base):
    __tablename__ = "contact_consent"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(20), default=ConsentStatus.UNKNOWN.value)
    lawful_basis: Mapped[str | None] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(20), default=ConsentSource.MANUAL.value)
    # Import batch id or release id, as the source says.
    source_ref: Mapped[str] = mapped_column(String(100), default="")
    granted_at: Mapped[datetime | None] = mapped_column()
    withdrawn_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ErasureKey(Base):
    """One hashed e-mail key or phone of an erased contact."""

    __tablename__ = "erasure_keys"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "email" or "phone"
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["Consent", "ConsentSource", "ConsentStatus", "ErasureKey", "LawfulBasis"]
