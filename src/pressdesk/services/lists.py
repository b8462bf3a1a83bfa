"""Distribution lists: create, fill, combine, and work out who is on them.

A list is hand-picked members plus an optional saved filter (``domain.filters``), plus the
members of the lists it includes, minus the members of the lists it excludes. Who is on a
list is resolved when it is used, never stored: :func:`resolve` returns the recipients
and, for everyone left out, why (do-not-contact always wins, then withdrawn consent, then
an erased person's tombstone, then a missing e-mail, then an address already taken by
another recipient).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from pressdesk.domain.filters import Filter, FilterSyntaxError, parse_filter
from pressdesk.services import privacy
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store.lists import list_key
from pressdesk.store.models import (
    Contact,
    DistributionList,
    ImportChange,
    LinkMode,
    ListLink,
    MemberSource,
)
from pressdesk.store.uow import UnitOfWork


class Reason(StrEnum):
    DO_NOT_CONTACT = "do-not-contact"
    CONSENT_WITHDRAWN = "consent withdrawn"
    ERASED = "erased"
    NO_EMAIL = "no valid e-mail"
    DUPLICATE = "duplicate address"
    EXCLUDED_BY_LIST = "excluded by list"
    ALREADY_SENT = "already sent"


@dataclass(frozen=True, slots=True)
class Recipient:
    contact_id: int
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class Exclusion:
    contact_id: int | None
    name: str
    address: str
    reason: Reason
    detail: str = ""

    @property
    def explanation(self) -> str:
        return f"{self.reason.value} {self.detail}".strip() if self.detail else self.reason.value


@dataclass(slots=True)
class Resolution:
    recipients: list[Recipient] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": len(self.recipients),
            "members": [
                {"contact_id": r.contact_id, "name": r.name, "address": r.address}
                for r in self.recipients
            ],
            "excluded": [
                {
                    "contact_id": e.contact_id,
                    "name": e.name,
                    "address": e.address,
                    "reason": e.reason.value,
                    "detail": e.detail,
                }
                for e in self.excluded
            ],
        }


@dataclass(slots=True)
class ListSpec:
    """A list's definition, saved or being edited (the filter builder previews these)."""

    members: set[int] = field(default_factory=set)
    filter: Filter = field(default_factory=Filter)
    include: list[int] = field(default_factory=list)
    exclude: list[int] = field(default_factory=list)


def parse(text: str) -> Filter:
    """A filter from its text; bad syntax is the user's input error."""
    try:
        return parse_filter(text)
    except FilterSyntaxError as error:
        raise InvalidInput(f"filter: {error}") from error


def require_list(uow: UnitOfWork, name_or_id: str | int) -> DistributionList:
    found = None
    if isinstance(name_or_id, int):
        found = uow.lists.get(name_or_id)
    else:
        found = uow.lists.by_name(name_or_id)
        if found is None and name_or_id.isdigit():
            found = uow.lists.get(int(name_or_id))
    if found is None:
        raise NotFound(f"no list named {name_or_id!r}")
    return found


def create_list(
    uow: UnitOfWork, name: str, *, filter_text: str = "", description: str = ""
) -> DistributionList:
    if not name.strip():
        raise InvalidInput("a list needs a name")
    if uow.lists.by_name(name) is not None:
        raise ConflictError(f"a list named {name.strip()!r} exists already")
    flt = parse(filter_text)
    found = uow.lists.add(name, filter_text=str(flt), description=description)
    uow.flush()
    return found


def set_filter(uow: UnitOfWork, lst: DistributionList, filter_text: str) -> None:
    lst.filter_text = str(parse(filter_text))
    uow.flush()


def rename_list(uow: UnitOfWork, lst: DistributionList, name: str) -> None:
    other = uow.lists.by_name(name)
    if other is not None and other.id != lst.id:
        raise ConflictError(f"a list named {name.strip()!r} exists already")
    if not name.strip():
        raise InvalidInput("a list needs a name")
    lst.name = " ".join(name.split())
    lst.name_key = list_key(name)
    uow.flush()


def users_of(uow: UnitOfWork, lst: DistributionList) -> list[str]:
    """How other lists use ``lst``: ``["included in “All media”", ...]``."""
    uses = []
    for link in sorted(uow.lists.linked_from(lst.id), key=lambda k: k.parent.name_key):
        verb = "included in" if link.mode == LinkMode.INCLUDE.value else "excluded from"
        uses.append(f"{verb} “{link.parent.name}”")
    return uses


def delete_list(uow: UnitOfWork, lst: DistributionList, *, unlink: bool = False) -> None:
    """Delete a list (not its contacts). A list other lists include or exclude is kept,
    with the reason, unless ``unlink``: deleting it would change who they reach."""
    uses = users_of(uow, lst)
    if uses and not unlink:
        raise ConflictError(
            f"“{lst.name}” is {', '.join(uses)}; deleting it changes who "
            f"{'that list reaches' if len(uses) == 1 else 'those lists reach'}"
        )
    uow.lists.delete(lst)
    uow.flush()


def add_members(
    uow: UnitOfWork,
    lst: DistributionList,
    contact_ids: Iterable[int],
    *,
    source: MemberSource = MemberSource.MANUAL,
    import_batch_id: int | None = None,
) -> int:
    """Put contacts on a static list (by hand, a selection, an import); returns how many
    were new. Unknown ids are ignored, so an import may pass everything it touched."""
    return uow.lists.add_members(
        lst.id, contact_ids, source=MemberSource(source), import_batch_id=import_batch_id
    )


def add_import_batch(uow: UnitOfWork, lst: DistributionList, batch_id: int) -> int:
    """Everyone an import batch created or merged into."""
    ids = list(
        uow.session.scalars(
            select(ImportChange.contact_id).where(ImportChange.batch_id == batch_id)
        )
    )
    if not ids:
        raise NotFound(f"import batch {batch_id} touched no contacts (or does not exist)")
    return add_members(uow, lst, ids, source=MemberSource.IMPORT, import_batch_id=batch_id)


def remove_members(uow: UnitOfWork, lst: DistributionList, contact_ids: Sequence[int]) -> int:
    return uow.lists.remove_members(lst.id, list(contact_ids))


def link(
    uow: UnitOfWork, parent: DistributionList, child: DistributionList, mode: LinkMode
) -> None:
    """Make ``parent`` include or exclude ``child``; refuses cycles."""
    if parent.id == child.id or parent.id in _reachable(uow, child.id):
        raise InvalidInput(f"{child.name!r} already includes {parent.name!r}: that would loop")
    existing = uow.session.get(ListLink, (parent.id, child.id))
    if existing is None:
        uow.session.add(ListLink(parent_id=parent.id, child_id=child.id, mode=mode.value))
    else:
        existing.mode = mode.value
    uow.flush()


def unlink(uow: UnitOfWork, parent: DistributionList, child: DistributionList) -> None:
    existing = uow.session.get(ListLink, (parent.id, child.id))
    if existing is not None:
        uow.session.delete(existing)
        uow.flush()


def _reachable(uow: UnitOfWork, list_id: int) -> set[int]:
    seen: set[int] = set()
    todo = [list_id]
    while todo:
        current = todo.pop()
        for lnk in uow.lists.links(current):
            if lnk.child_id not in seen:
                seen.add(lnk.child_id)
                todo.append(lnk.child_id)
    return seen


def spec_of(uow: UnitOfWork, lst: DistributionList) -> ListSpec:
    links = uow.lists.links(lst.id)
    return ListSpec(
        members=set(uow.lists.member_ids(lst.id)),
        filter=parse(lst.filter_text),
        include=[lnk.child_id for lnk in links if lnk.mode == LinkMode.INCLUDE.value],
        exclude=[lnk.child_id for lnk in links if lnk.mode == LinkMode.EXCLUDE.value],
    )


def _candidates(
    uow: UnitOfWork, spec: ListSpec, excluded_by: dict[int, str], stack: tuple[int, ...]
) -> set[int]:
    ids = set(spec.members)
    if spec.filter:
        ids |= uow.lists.matching_ids(spec.filter)
    for child_id in spec.include:
        ids |= _list_candidates(uow, child_id, excluded_by, stack)
    for child_id in spec.exclude:
        child = uow.lists.get(child_id)
        out = _list_candidates(uow, child_id, {}, stack) & ids
        for contact_id in out:
            excluded_by.setdefault(contact_id, child.name if child else str(child_id))
        ids -= out
    return ids


def _list_candidates(
    uow: UnitOfWork, list_id: int, excluded_by: dict[int, str], stack: tuple[int, ...]
) -> set[int]:
    if list_id in stack:
        raise InvalidInput("these lists include each other in a loop")
    lst = uow.lists.get(list_id)
    if lst is None:
        return set()
    return _candidates(uow, spec_of(uow, lst), excluded_by, (*stack, list_id))


def resolve_spec(uow: UnitOfWork, specs: Sequence[ListSpec]) -> Resolution:
    excluded_by: dict[int, str] = {}
    ids: set[int] = set()
    for spec in specs:
        ids |= _candidates(uow, spec, excluded_by, ())
    return _eligible(uow, ids, {k: v for k, v in excluded_by.items() if k not in ids})


def resolve(uow: UnitOfWork, lists: Sequence[DistributionList | str]) -> Resolution:
    """Who is on these lists now, and who is left out and why."""
    found = [lst if isinstance(lst, DistributionList) else require_list(uow, lst) for lst in lists]
    return resolve_spec(uow, [spec_of(uow, lst) for lst in found])


def _eligible(uow: UnitOfWork, ids: set[int], excluded_by: dict[int, str]) -> Resolution:
    every = sorted(ids | set(excluded_by))
    rows: dict[int, tuple[str, str, bool, str]] = {}
    for start in range(0, len(every), 500):
        statement = select(
            Contact.id,
            Contact.display_name,
            Contact.primary_email,
            Contact.do_not_contact,
            Contact.sort_name,
        ).where(Contact.id.in_(every[start : start + 500]))
        for cid, name, email, dnc, sort in uow.session.execute(statement):
            rows[cid] = (name, email, bool(dnc), sort)
    members = sorted((i for i in ids if i in rows), key=lambda i: (rows[i][3], i))
    withdrawn = uow.privacy.withdrawn_ids(members)
    granted = uow.privacy.granted_ids(members)
    erased = privacy.erased_matches(uow, [rows[i][1].casefold() for i in members if rows[i][1]], [])
    result = Resolution()
    seen: dict[str, int] = {}
    for cid in members:
        name, email, dnc, _ = rows[cid]
        key = email.casefold()
        reason, detail = None, ""
        if dnc:
            reason = Reason.DO_NOT_CONTACT
        elif cid in withdrawn:
            reason = Reason.CONSENT_WITHDRAWN
        elif key and key in erased and cid not in granted:
            reason = Reason.ERASED
            detail = "(this address belonged to an erased contact; grant consent to send)"
        elif not email:
            reason = Reason.NO_EMAIL
        elif key in seen:
            reason, detail = Reason.DUPLICATE, f"(same as contact {seen[key]})"
        if reason is None:
            seen[key] = cid
            result.recipients.append(Recipient(cid, name, email))
        else:
            result.excluded.append(Exclusion(cid, name, email, reason, detail))
    for cid, list_name in sorted(excluded_by.items(), key=lambda kv: rows.get(kv[0], ("",) * 4)[3]):
        if cid in rows:
            name, email, _, _ = rows[cid]
            result.excluded.append(Exclusion(cid, name, email, Reason.EXCLUDED_BY_LIST, list_name))
    return result


def summary(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every list with its definition (for ``list ls`` and the navigation)."""
    counts = uow.lists.member_counts()
    names = {lst.id: lst.name for lst in uow.lists.all()}
    out = []
    for lst in uow.lists.all():
        links = uow.lists.links(lst.id)
        out.append(
            {
                "id": lst.id,
                "name": lst.name,
                "description": lst.description,
                "filter": lst.filter_text,
                "static_members": counts.get(lst.id, 0),
                "include": [names[k.child_id] for k in links if k.mode == LinkMode.INCLUDE.value],
                "exclude": [names[k.child_id] for k in links if k.mode == LinkMode.EXCLUDE.value],
            }
        )
    return out
