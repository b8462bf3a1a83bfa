"""Repositories for distribution lists, and saved filters as SQL.

``filter_condition`` turns a parsed filter (``domain.filters``) into one WHERE clause over
``contacts``; it reuses the contacts search for free text, so a list's filter finds the
same people as the search field would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from pressdesk.domain.filters import Field, Filter, Term
from pressdesk.store import search
from pressdesk.store.derived import fold
from pressdesk.store.models import (
    Contact,
    DistributionList,
    ListLink,
    ListMember,
    MemberSource,
    Organization,
    Outcome,
    SendEntry,
    Tag,
    contact_tags,
)

CHUNK = 500


def list_key(name: str) -> str:
    return " ".join(fold(name).split())


def _since(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), tzinfo=dt.UTC)


def contacted_since(moment: dt.datetime) -> ColumnElement[bool]:
    """Contacts that were sent something (a logged, accepted message) at or after ``moment``."""
    return exists(
        select(SendEntry.id).where(
            SendEntry.contact_id == Contact.id,
            SendEntry.status == Outcome.SENT.value,
            SendEntry.updated_at >= moment,
        )
    )


def _term_condition(term: Term, dialect: str) -> ColumnElement[bool]:
    values = list(term.values)
    match term.field:
        case Field.TAG:
            return Contact.id.in_(
                select(contact_tags.c.contact_id)
                .join(Tag, Tag.id == contact_tags.c.tag_id)
                .where(
                    or_(Tag.name.in_(values), func.lower(Tag.name).in_(v.lower() for v in values))
                )
            )
        case Field.KIND:
            return Contact.organization_id.in_(
                select(Organization.id).where(Organization.kind.in_(values))
            )
        case Field.COUNTRY:
            return Contact.country.in_(values)
        case Field.LANG:
            # Languages are a short JSON list; its text form holds each value in quotes.
            text = func.lower(cast(Contact.languages, String))
            return or_(*[text.contains(f'"{v}"', autoescape=True) for v in values])
        case Field.HAS:
            column = {"email": Contact.primary_email, "phone": Contact.primary_phone}
            return and_(*[column[v] != "" for v in values])
        case Field.CONTACTED_SINCE:
            return contacted_since(_since(values[0]))
        case Field.NOT_CONTACTED_SINCE:
            return ~contacted_since(_since(values[0]))
        case Field.TEXT:
            return search.condition(values[0], dialect)
    raise AssertionError(term.field)


def filter_condition(flt: Filter, dialect: str) -> ColumnElement[bool]:
    """One WHERE clause over ``contacts`` for every term of ``flt`` (an empty filter: all)."""
    clauses = []
    for term in flt.terms:
        condition = _term_condition(term, dialect)
        if term.negated:
            # NULL (a contact without a country...) counts as "does not match".
            condition = case((condition, 1), else_=0) == 0
        clauses.append(condition)
    return and_(true(), *clauses)


class ListRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, name: str, *, filter_text: str = "", description: str = "") -> DistributionList:
        found = DistributionList(
            name=" ".join(name.split()),
            name_key=list_key(name),
            filter_text=filter_text,
            description=description,
        )
        self.session.add(found)
        return found

    def get(self, list_id: int) -> DistributionList | None:
        return self.session.get(DistributionList, list_id)

    def by_name(self, name: str) -> DistributionList | None:
        return self.session.scalar(
            select(DistributionList).where(DistributionList.name_key == list_key(name))
        )

    def all(self) -> list[DistributionList]:
        return list(
            self.session.scalars(select(DistributionList).order_by(DistributionList.name_key))
        )

    def delete(self, found: DistributionList) -> None:
        self.session.delete(found)

    def member_ids(self, list_id: int) -> list[int]:
        return list(
            self.session.scalars(
                select(ListMember.contact_id)
                .where(ListMember.list_id == list_id)
                .order_by(ListMember.contact_id)
            )
        )

    def member_counts(self) -> dict[int, int]:
        statement = select(ListMember.list_id, func.count()).group_by(ListMember.list_id)
        return {list_id: count for list_id, count in self.session.execute(statement)}

    def add_members(
        self,
        list_id: int,
        contact_ids: Iterable[int],
        *,
        source: MemberSource = MemberSource.MANUAL,
        import_batch_id: int | None = None,
    ) -> int:
        """Add contacts not yet on the list (Core inserts, many rows each); returns how many."""
        wanted = list(dict.fromkeys(contact_ids))
        added = 0
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            present = set(
                self.session.scalars(
                    select(ListMember.contact_id).where(
                        ListMember.list_id == list_id, ListMember.contact_id.in_(chunk)
                    )
                )
            )
            existing = set(self.session.scalars(select(Contact.id).where(Contact.id.in_(chunk))))
            rows = [
                {
                    "list_id": list_id,
                    "contact_id": contact_id,
                    "source": source.value,
                    "import_batch_id": import_batch_id,
                }
                for contact_id in chunk
                if contact_id in existing and contact_id not in present
            ]
            if rows:
                self.session.execute(insert(ListMember), rows)
                added += len(rows)
        return added

    def remove_members(self, list_id: int, contact_ids: Sequence[int]) -> int:
        removed = 0
        for start in range(0, len(contact_ids), CHUNK):
            result = self.session.execute(
                delete(ListMember).where(
                    ListMember.list_id == list_id,
                    ListMember.contact_id.in_(contact_ids[start : start + CHUNK]),
                )
            )
            removed += result.rowcount or 0  # type: ignore[attr-defined]
        return removed

    def lists_of(self, contact_id: int) -> list[DistributionList]:
        return list(
            self.session.scalars(
                select(DistributionList)
                .join(ListMember, ListMember.list_id == DistributionList.id)
                .where(ListMember.contact_id == contact_id)
                .order_by(DistributionList.name_key)
            )
        )

    def links(self, list_id: int) -> list[ListLink]:
        return list(self.session.scalars(select(ListLink).where(ListLink.parent_id == list_id)))

    def linked_from(self, list_id: int) -> list[ListLink]:
        """The links of other lists that include or exclude ``list_id``."""
        return list(self.session.scalars(select(ListLink).where(ListLink.child_id == list_id)))

    def matching_ids(self, flt: Filter) -> set[int]:
        dialect = self.session.get_bind().dialect.name
        return set(self.session.scalars(select(Contact.id).where(filter_condition(flt, dialect))))
