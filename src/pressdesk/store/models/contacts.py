"""Focal points: organisations, contacts, their e-mail addresses, phones and tags.

A contact carries a few derived columns (``sort_name``, ``org_sort``, ``primary_email``,
``primary_phone``, ``problems``, ``search_text``) that the store keeps in step with the
rows they come from (see ``store.derived``); they make search and sort single-table SQL.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressdesk.store.models.base import Base, utcnow


class OrganizationKind(StrEnum):
    MEDIA = "media"
    UN_AGENCY = "un_agency"
    GOVERNMENT = "government"
    NGO = "ngo"
    COMPANY = "company"
    OTHER = "other"


class Label(StrEnum):
    WORK = "work"
    MOBILE = "mobile"
    HOME = "home"
    FAX = "fax"
    OTHER = "other"


contact_tags = Table(
    "contact_tags",
    Base.metadata,
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=OrganizationKind.OTHER.value)
    country: Mapped[str | None] = mapped_column(String(2))
    website: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(back_populates="organization")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


#: Columns the contacts table sorts by. Each has an index covering (column, sort_name, id),
#: the full ORDER BY, so a sort is an index scan: with the column alone SQLite looked up
#: every row to break ties, slower than sorting the table.
SORTED_COLUMNS = (
    "org_sort",
    "role",
    "country_sort",
    "primary_email",
    "primary_phone",
    "tag_text",
    "problems",
    "updated_at",
)


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_sort_name", "sort_name", "id"),
        *[
            Index(f"ix_contacts_by_{column}", column, "sort_name", "id")
            for column in SORTED_COLUMNS
        ],
        Index("ix_contacts_name_key", "name_key"),
        # Ids are never reused: undoing a delete puts contacts back under their old ids.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300))
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    honorific: Mapped[str] = mapped_column(String(50), default="")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Derived, maintained by store.derived.
    sort_name: Mapped[str] = mapped_column(String(300), default="")
    name_key: Mapped[str] = mapped_column(String(300), default="")
    org_sort: Mapped[str] = mapped_column(String(300), default="")
    #: The country's English name, folded: the table sorts countries by what it shows.
    country_sort: Mapped[str] = mapped_column(String(100), default="")
    primary_email: Mapped[str] = mapped_column(String(320), default="")
    primary_phone: Mapped[str] = mapped_column(String(40), default="")
    tag_text: Mapped[str] = mapped_column(String(1000), default="")
    problems: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")

    organization: Mapped[Organization | None] = relationship(back_populates="contacts")
    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactEmail.position",
        passive_deletes=True,
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactPhone.position",
        passive_deletes=True,
    )
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, order_by=Tag.name)

    __mapper_args__ = {"version_id_col": version}


class ContactEmail(Base):
    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    address: Mapped[str | None] = mapped_column(String(320))
    address_key: Mapped[str | None] = mapped_column(String(320), index=True)
    original: Mapped[str] = mapped_column(String(1000))
    label: Mapped[str] = mapped_column(String(20), default=Label.WORK.value)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    invalid_reason: Mapped[str | None] = mapped_column(String(500))

    contact: Mapped[Contact] = relationship(back_populates="emails")


class ContactPhone(Base):
    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    e164: Mapped[str | None] = mapped_column(String(20), index=True)
    extension: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(2))
    original: Mapped[str] = mapped_column(String(1000))
    label: Mapped[str] = mapped_column(String(20), default=Label.WORK.value)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    invalid_reason: Mapped[str | None] = mapped_column(String(500))

    contact: Mapped[Contact] = relationship(back_populates="phones")


__all__ = [
    "Contact",
    "ContactEmail",
    "ContactPhone",
    "Label",
    "Organization",
    "OrganizationKind",
    "Tag",
    "contact_tags",
]
