"""Press releases: language versions grouped together, their contact block and SDGs.

Design choices (see also migration 0003):

* **Language versions** share a row of ``release_groups``; each version is a full row of
  ``releases`` with its own text (unique per group and language). A new version starts as
  a copy of the one it is made from (contacts with their titles, SDGs, categories, photo,
  dateline), then each version is edited on its own: "shared unless changed" is
  copy-on-create, so changing the contacts of the Russian version never rewrites the
  English one behind the officer's back. Deleting the last version deletes the group.
* **Attached contacts** (``release_contacts``) point at ``contacts`` with ``ON DELETE SET
  NULL`` and keep a snapshot (name, e-mails, phones) refreshed whenever the release is
  saved: the block shows the contact's current details while the contact exists, and
  the snapshot once it was deleted, so a release stays readable. ``title`` is the title
  shown for this release, independent of the contact's role.
* **Embargo** is stored as a UTC instant plus the IANA zone name it was given in, so the
  notice prints the local time the officer chose ("09:00 UTC+05:00") on any machine.
* **Optimistic locking**: ``version`` is SQLAlchemy's ``version_id_col``; the services
  bump ``updated_at`` on any change (children included) so every save increments it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressdesk.store.models.base import Base, utcnow

STATUSES = ("draft", "in review", "approved", "published", "archived")


class ReleaseGroup(Base):
    """The language versions of one release."""

    __tablename__ = "release_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    releases: Mapped[list[ReleaseRow]] = relationship(
        back_populates="group", order_by="ReleaseRow.id", passive_deletes=True
    )


class ReleaseRow(Base):
    """One language version of a release (named ...Row: ``domain.releases.Release`` is the
    document the writers read)."""

    __tablename__ = "releases"
    __table_args__ = (
        UniqueConstraint("group_id", "language", name="uq_releases_group_id_language"),
        CheckConstraint(
            "status IN ('draft', 'in review', 'approved', 'published', 'archived')",
            name="status",
        ),
        Index("ix_releases_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("release_groups.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16), default="en")
    title: Mapped[str] = mapped_column(Text, default="")
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    caption: Mapped[str] = mapped_column(Text, default="")
    photo_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_mime: Mapped[str] = mapped_column(String(100), default="")
    photo_filename: Mapped[str] = mapped_column(String(300), default="")
    dateline_place: Mapped[str] = mapped_column(String(200), default="")
    dateline_date: Mapped[date | None] = mapped_column(Date)
    dateline_style: Mapped[str] = mapped_column(String(10), default="on")
    dateline_agency: Mapped[str] = mapped_column(String(200), default="")
    # Paragraphs in the body markup of domain.releases, separated by blank lines.
    body: Mapped[str] = mapped_column(Text, default="")
    separator: Mapped[str] = mapped_column(String(50), default="***")
    notes: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    embargo_utc: Mapped[datetime | None] = mapped_column()
    embargo_zone: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    group: Mapped[ReleaseGroup] = relationship(back_populates="releases")
    contacts: Mapped[list[ReleaseContact]] = relationship(
        back_populates="release",
        cascade="all, delete-orphan",
        order_by="ReleaseContact.position",
        passive_deletes=True,
    )
    goals: Mapped[list[ReleaseSdg]] = relationship(
        cascade="all, delete-orphan", order_by="ReleaseSdg.goal", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}


class ReleaseContact(Base):
    """A person in the release's contact block, in order."""

    __tablename__ = "release_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    # The title shown for this release (several lines allowed).
    title: Mapped[str] = mapped_column(Text, default="")
    # Snapshot, shown once the contact is deleted.
    name: Mapped[str] = mapped_column(String(300), default="")
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)

    release: Mapped[ReleaseRow] = relationship(back_populates="contacts")


class ReleaseSdg(Base):
    __tablename__ = "release_sdgs"
    __table_args__ = (CheckConstraint("goal BETWEEN 1 AND 17", name="goal"),)

    release_id: Mapped[int] = mapped_column(
        ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True
    )
    goal: Mapped[int] = mapped_column(SmallInteger, primary_key=True)


__all__ = ["STATUSES", "ReleaseContact", "ReleaseGroup", "ReleaseRow", "ReleaseSdg"]
