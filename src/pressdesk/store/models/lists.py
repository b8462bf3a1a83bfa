"""Distribution lists: hand-picked members, a saved filter, and other lists to include or
exclude. Who is on a list is worked out at send time (``services.lists.resolve``); these
tables hold only what the officer chose.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressdesk.store.models.base import Base, utcnow


class MemberSource(StrEnum):
    MANUAL = "manual"
    SELECTION = "selection"
    IMPORT = "import"


class LinkMode(StrEnum):
    INCLUDE = "include"
    EXCLUDE = "exclude"


class DistributionList(Base):
    __tablename__ = "distribution_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The saved filter in the language of ``domain.filters``; "" for a static list.
    filter_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    links: Mapped[list[ListLink]] = relationship(
        back_populates="parent",
        foreign_keys="ListLink.parent_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class ListMember(Base):
    """A contact put on a list by hand, from a selection or from an import batch."""

    __tablename__ = "list_members"
    __table_args__ = (Index("ix_list_members_contact_id", "contact_id"),)

    list_id: Mapped[int] = mapped_column(
        ForeignKey("distribution_lists.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    source: Mapped[str] = mapped_column(String(20), default=MemberSource.MANUAL.value)
    # The import batch the member came from; no foreign key, import batches are another
    # feature's table and may be pruned on their own.
    import_batch_id: Mapped[int | None] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class ListLink(Base):
    """``parent`` includes (or excludes) everyone on ``child``."""

    __tablename__ = "list_links"

    parent_id: Mapped[int] = mapped_column(
        ForeignKey("distribution_lists.id", ondelete="CASCADE"), primary_key=True
    )
    child_id: Mapped[int] = mapped_column(
        ForeignKey("distribution_lists.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    mode: Mapped[str] = mapped_column(String(10), default=LinkMode.INCLUDE.value)

    parent: Mapped[DistributionList] = relationship(
        back_populates="links", foreign_keys=[parent_id]
    )
    child: Mapped[DistributionList] = relationship(foreign_keys=[child_id])


__all__ = ["DistributionList", "LinkMode", "ListLink", "ListMember", "MemberSource"]
