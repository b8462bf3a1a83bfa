"""Repositories for contacts, organisations and tags. They add, get and query; the unit
of work commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, func, select
from sqlalchemy.orm import Session, selectinload

from pressdesk.store import search
from pressdesk.store.derived import fold
from pressdesk.store.models import Contact, ContactEmail, Organization, Tag, contact_tags


class SortKey(StrEnum):
    NAME = "name"
    ORGANIZATION = "organization"
    ROLE = "role"
    COUNTRY = "country"
    EMAIL = "email"
    PHONE = "phone"
    TAGS = "tags"
    PROBLEMS = "problems"
    UPDATED = "updated"


_SORT_COLUMNS = {
    SortKey.NAME: Contact.sort_name,
    SortKey.ORGANIZATION: Contact.org_sort,
    SortKey.ROLE: Contact.role,
    SortKey.COUNTRY: Contact.country_sort,
    SortKey.EMAIL: Contact.primary_email,
    SortKey.PHONE: Contact.primary_phone,
    SortKey.TAGS: Contact.tag_text,
    SortKey.PROBLEMS: Contact.problems,
    SortKey.UPDATED: Contact.updated_at,
}


@dataclass(frozen=True, slots=True)
class ContactFilter:
    """What the table shows: a search text plus the navigation's choices."""

    query: str = ""
    problems_only: bool = False
    tag: str | None = None
    organization_id: int | None = None

    def query_only(self) -> bool:
        """Whether the search text is all there is to it (no navigation choice)."""
        return not self.problems_only and not self.tag and self.organization_id is None


@dataclass(frozen=True, slots=True)
class ContactRow:
    """What one line of the contacts table shows."""

    id: int
    name: str
    organization: str
    role: str
    country: str
    email: str
    phone: str
    tags: str
    problems: int
    do_not_contact: bool


#: The table's columns of some contacts: built once (building it took a third of reading
#: a page).
_ROWS = (
    select(
        Contact.id,
        Contact.display_name,
        Organization.name,
        Contact.role,
        Contact.country,
        Contact.primary_email,
        Contact.primary_phone,
        Contact.tag_text,
        Contact.problems,
        Contact.do_not_contact,
    )
    .outerjoin(Organization, Organization.id == Contact.organization_id)
    .where(Contact.id.in_(bindparam("ids", expanding=True)))
)


def fetch_rows(
    session: Session, statement: Select, parameters: dict[str, Any] | None = None
) -> list[tuple]:
    """The rows of ``statement`` as plain tuples, as fast as the driver gives them.

    A whole store's ids on every keystroke or header click, a page of the table on every
    scroll: SQLAlchemy's result rows cost more than the query itself there, so on SQLite
    the rows are read from the DBAPI cursor directly. The statement still goes through
    ``Connection.execute`` (after a flush, so pending changes are seen) and its cache of
    compiled statements: compiling a page's query each time took longer than running
    it. Values come as SQLite stores them (booleans as 0/1).
    """
    session.flush()
    connection = session.connection()
    result = connection.execute(statement, parameters)
    try:
        if connection.dialect.name == "sqlite":
            return list(result.cursor.fetchall())
        return [tuple(row) for row in result]
    finally:
        result.close()


def fetch_ids(
    session: Session, statement: Select[tuple[int]], parameters: dict[str, Any] | None = None
) -> list[int]:
    """The single integer column of ``statement`` (see :func:`fetch_rows`)."""
    return [row[0] for row in fetch_rows(session, statement, parameters)]


def _filter(flt: ContactFilter | str) -> ContactFilter:
    return ContactFilter(query=flt) if isinstance(flt, str) else flt


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, contact: Contact) -> Contact:
        self.session.add(contact)
        return contact

    def get(self, contact_id: int) -> Contact | None:
        return self.session.get(
            Contact,
            contact_id,
            options=[
                selectinload(Contact.emails),
                selectinload(Contact.phones),
                selectinload(Contact.tags),
                selectinload(Contact.organization),
            ],
        )

    def get_many(self, ids: Sequence[int]) -> list[Contact]:
        found = {
            c.id: c
            for c in self.session.scalars(
                select(Contact)
                .where(Contact.id.in_(ids))
                .options(
                    selectinload(Contact.emails),
                    selectinload(Contact.phones),
                    selectinload(Contact.tags),
                    selectinload(Contact.organization),
                )
            )
        }
        return [found[i] for i in ids if i in found]

    def delete(self, contact: Contact) -> None:
        self.session.delete(contact)

    def _where(self, flt: ContactFilter) -> list[ColumnElement[bool]]:
        dialect = self.session.get_bind().dialect.name
        clauses = [search.condition(flt.query, dialect)]
        if flt.problems_only:
            clauses.append(Contact.problems > 0)
        if flt.organization_id is not None:
            clauses.append(Contact.organization_id == flt.organization_id)
        if flt.tag:
            clauses.append(
                Contact.id.in_(
                    select(contact_tags.c.contact_id)
                    .join(Tag, Tag.id == contact_tags.c.tag_id)
                    .where(Tag.name == flt.tag)
                )
            )
        return clauses

    def search_ids(
        self,
        flt: ContactFilter | str = "",
        sort: SortKey = SortKey.NAME,
        descending: bool = False,
        limit: int | None = None,
    ) -> list[int]:
        """Ids of matching contacts in display order; the table fetches rows by page.
        With ``limit``, only the first ones (see :meth:`first_ids`)."""
        if limit is not None:
            return self.first_ids(flt, sort, descending, limit)[0][:limit]
        return fetch_ids(self.session, self._ordered(_filter(flt), SortKey(sort), descending))

    def first_ids(
        self,
        flt: ContactFilter | str,
        sort: SortKey,
        descending: bool,
        limit: int,
    ) -> tuple[list[int], bool]:
        """The first ``limit`` ids in display order, and whether they are all there are.

        The table shows its first screen from them while the whole list is read in the
        background (the same order, so they are its prefix unless the store changed in
        between). In name order on SQLite, a search is answered the cheapest way its
        hits allow (see ``store.search``): a broad one by walking the name index until the
        screen is full; one the FTS index answers with few hits by all of them at once,
        sorted, so that no second query is needed."""
        flt, sort = _filter(flt), SortKey(sort)
        dialect = self.session.get_bind().dialect.name
        words = search.walk_words(flt.query, dialect)
        if sort == SortKey.NAME and flt.query_only() and words is not None:
            found = fetch_ids(
                self.session, *search.walk(words, descending, search.WALK_PROBE, limit)
            )
            if len(found) >= limit:
                return found, False
            walk = len(found) * search.WALK_EXPECTED >= limit * search.WALK_PROBE
            if not walk:
                if search.hits_by_name(flt.query, dialect):  # the FTS index answers all
                    hits = fetch_ids(self.session, *search.few_hits_by_name(flt.query, descending))
                    if len(hits) <= search.FEW_HITS:
                        return hits, True
                else:  # a short word too: the FTS index's hits, then the short words
                    hits = fetch_ids(self.session, *search.fts_hits(flt.query))
                    if len(hits) <= search.FEW_HITS:
                        ordered = search.in_name_order(hits, flt.query, descending)
                        return fetch_ids(self.session, *ordered), True
                walk = True  # more than the probe said: dense enough to walk after all
            if walk:
                found = fetch_ids(
                    self.session, *search.walk(words, descending, search.WALK_MOST, limit)
                )
                if len(found) >= limit:
                    return found, False
        ids = fetch_ids(self.session, self._ordered(flt, sort, descending).limit(limit))
        return ids, len(ids) < limit

    def _ordered(self, flt: ContactFilter, sort: SortKey, descending: bool) -> Select[tuple[int]]:
        column = _SORT_COLUMNS[sort]
        order: list[Any] = (
            [column.desc(), Contact.id.desc()] if descending else [column, Contact.id]
        )
        if sort != SortKey.NAME:
            order.insert(1, Contact.sort_name.desc() if descending else Contact.sort_name)
        statement = select(Contact.id).where(*self._where(flt)).order_by(*order)
        dialect = self.session.get_bind().dialect.name
        if sort == SortKey.NAME and flt.query_only() and search.hits_by_name(flt.query, dialect):
            statement = statement.with_hint(Contact, f"INDEXED BY {search.HITS_INDEX}", "sqlite")
        return statement

    def count(self, flt: ContactFilter | None = None) -> int:
        statement = select(func.count()).select_from(Contact)
        if flt is not None:
            statement = statement.where(*self._where(flt))
        return self.session.scalar(statement) or 0

    def count_problems(self) -> int:
        return self.session.scalar(select(func.count()).where(Contact.problems > 0)) or 0

    def rows(self, ids: Sequence[int]) -> list[ContactRow]:
        """Table rows for ``ids``, in the order given (one query for a page)."""
        found = {
            r[0]: ContactRow(
                r[0], r[1], r[2] or "", r[3], r[4] or "", r[5], r[6], r[7], r[8], bool(r[9])
            )
            for r in fetch_rows(self.session, _ROWS, {"ids": list(ids)})
        }
        return [found[i] for i in ids if i in found]

    def ids_with_email(self, address: str) -> list[int]:
        return list(
            self.session.scalars(
                select(ContactEmail.contact_id)
                .where(ContactEmail.address_key == address.casefold())
                .distinct()
            )
        )


class OrganizationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def key(name: str) -> str:
        return " ".join(fold(name).split())

    def get(self, organization_id: int) -> Organization | None:
        return self.session.get(Organization, organization_id)

    def by_name(self, name: str) -> Organization | None:
        return self.session.scalar(
            select(Organization).where(Organization.name_key == self.key(name))
        )

    def get_or_create(self, name: str) -> Organization | None:
        name = " ".join(name.split())
        if not name:
            return None
        found = self.by_name(name)
        if found is None:
            found = Organization(name=name, name_key=self.key(name))
            self.session.add(found)
        return found

    def list_with_counts(self, query: str = "") -> list[tuple[Organization, int]]:
        statement = (
            select(Organization, func.count(Contact.id))
            .outerjoin(Contact, Contact.organization_id == Organization.id)
            .group_by(Organization.id)
            .order_by(Organization.name_key)
        )
        if query:
            statement = statement.where(Organization.name_key.contains(self.key(query)))
        return [(org, count) for org, count in self.session.execute(statement)]

    def names(self) -> list[str]:
        return list(self.session.scalars(select(Organization.name).order_by(Organization.name_key)))

    def delete(self, organization: Organization) -> None:
        self.session.delete(organization)


def tag_key(name: str) -> str:
    """What makes two tag names one tag: case and runs of spaces do not count."""
    return " ".join(name.split()).casefold()


class TagRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_or_create(self, names: Sequence[str]) -> list[Tag]:
        """The tags named, created where missing. Case does not make a new tag: "Press"
        finds "press" (a store holds some hundred tags: all are read to compare them
        case-folded, which SQL's lower() does only for ASCII)."""
        wanted: dict[str, str] = {}
        for name in names:
            if name.strip():
                wanted.setdefault(tag_key(name), " ".join(name.split()))
        if not wanted:
            return []
        existing: dict[str, Tag] = {}
        for stored in self.session.scalars(select(Tag).order_by(Tag.id)):
            existing.setdefault(tag_key(stored.name), stored)
        tags = []
        for key, name in wanted.items():
            found = existing.get(key)
            if found is None:
                found = existing[key] = Tag(name=name)
                self.session.add(found)
            tags.append(found)
        return tags

    def counts(self) -> list[tuple[str, int]]:
        statement = (
            select(Tag.name, func.count(contact_tags.c.contact_id))
            .join(contact_tags, contact_tags.c.tag_id == Tag.id)
            .group_by(Tag.name)
            .order_by(Tag.name)
        )
        return [(name, count) for name, count in self.session.execute(statement)]

    def prune(self) -> None:
        """Forget tags no contact carries any more."""
        self.session.execute(
            delete(Tag).where(~Tag.id.in_(select(contact_tags.c.tag_id).distinct()))
        )
