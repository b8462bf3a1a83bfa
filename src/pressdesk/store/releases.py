"""The releases repository: add, get and query release rows; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from pressdesk.store.models.base import as_utc
from pressdesk.store.models.releases import ReleaseGroup, ReleaseRow


@dataclass(frozen=True, slots=True)
class ReleaseListRow:
    """One line of the releases list (no body, no photo)."""

    id: int
    group_id: int
    title: str
    language: str
    status: str
    embargo_utc: datetime | None
    embargo_zone: str
    updated_at: datetime
    languages: tuple[str, ...]


class ReleaseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def new_group(self) -> ReleaseGroup:
        group = ReleaseGroup()
        self.session.add(group)
        return group

    def add(self, release: ReleaseRow) -> ReleaseRow:
        self.session.add(release)
        return release

    def get(self, release_id: int) -> ReleaseRow | None:
        return self.session.get(
            ReleaseRow,
            release_id,
            options=[selectinload(ReleaseRow.contacts), selectinload(ReleaseRow.goals)],
        )

    def versions(self, group_id: int) -> list[ReleaseRow]:
        """Every language version of a group, oldest first."""
        return list(
            self.session.scalars(
                select(ReleaseRow)
                .where(ReleaseRow.group_id == group_id)
                .order_by(ReleaseRow.id)
                .options(selectinload(ReleaseRow.contacts), selectinload(ReleaseRow.goals))
            )
        )

    def version_languages(self, group_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        found: dict[int, list[str]] = {}
        statement = (
            select(ReleaseRow.group_id, ReleaseRow.language)
            .where(ReleaseRow.group_id.in_(group_ids))
            .order_by(ReleaseRow.group_id, ReleaseRow.id)
        )
        for group_id, language in self.session.execute(statement):
            found.setdefault(group_id, []).append(language)
        return {key: tuple(value) for key, value in found.items()}

    def in_group(self, group_id: int, language: str) -> ReleaseRow | None:
        return self.session.scalar(
            select(ReleaseRow).where(
                ReleaseRow.group_id == group_id, ReleaseRow.language == language
            )
        )

    def list_rows(self, status: str | None = None, query: str = "") -> list[ReleaseListRow]:
        """Every version, most recently updated first."""
        statement = select(
            ReleaseRow.id,
            ReleaseRow.group_id,
            ReleaseRow.title,
            ReleaseRow.language,
            ReleaseRow.status,
            ReleaseRow.embargo_utc,
            ReleaseRow.embargo_zone,
            ReleaseRow.updated_at,
        ).order_by(ReleaseRow.updated_at.desc(), ReleaseRow.id.desc())
        if status:
            statement = statement.where(ReleaseRow.status == status)
        rows = list(self.session.execute(statement))
        wanted = query.strip().casefold()
        if wanted:
            # An office has hundreds of releases, not millions: the title is matched here,
            # where case folding covers Cyrillic (SQLite's lower() only folds ASCII).
            rows = [row for row in rows if wanted in (row[2] or "").casefold()]
        languages = self.version_languages(sorted({row[1] for row in rows}))
        return [
            ReleaseListRow(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                as_utc(row[5]),
                row[6],
                as_utc(row[7]) or row[7],
                languages.get(row[1], ()),
            )
            for row in rows
        ]

    def count(self, status: str | None = None) -> int:
        statement = select(func.count()).select_from(ReleaseRow)
        if status:
            statement = statement.where(ReleaseRow.status == status)
        return self.session.scalar(statement) or 0

    def count_embargoed(self, now: datetime) -> int:
        statement = select(func.count()).where(ReleaseRow.embargo_utc > now)
        return self.session.scalar(statement) or 0

    def delete(self, release: ReleaseRow) -> None:
        self.session.delete(release)

    def delete_group_if_empty(self, group_id: int) -> bool:
        remaining = self.session.scalar(select(func.count()).where(ReleaseRow.group_id == group_id))
        if remaining:
            return False
        group = self.session.get(ReleaseGroup, group_id)
        if group is not None:
            self.session.delete(group)
        return True


__all__ = ["ReleaseListRow", "ReleaseRepository"]
