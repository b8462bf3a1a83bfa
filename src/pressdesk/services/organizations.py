"""Use cases on organisations: rename and merge, each reversible.

Renaming or merging changes what the contacts of those organisations show and how they
sort (``org_sort``, ``search_text``); the changes go through the ORM so the store keeps
those derived columns in step. Each operation returns an :class:`OrganizationUndo`, the
plain facts needed to put things back with :func:`restore_organizations`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store.models import Contact, Organization
from pressdesk.store.uow import UnitOfWork

_FIELDS = ("name", "name_key", "kind", "country", "website", "notes", "created_at")


@dataclass
class OrganizationUndo:
    """Organisations as they were, and which contacts belonged to each of them."""

    organizations: list[dict[str, Any]] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=dict)
    #: Organisations the operation kept; their names are put back too.
    kept_id: int | None = None


def _require(uow: UnitOfWork, organization_id: int) -> Organization:
    found = uow.organizations.get(organization_id)
    if found is None:
        raise NotFound(f"no organisation with id {organization_id}")
    return found


def _facts(organization: Organization) -> dict[str, Any]:
    return {"id": organization.id, **{name: getattr(organization, name) for name in _FIELDS}}


def _member_ids(uow: UnitOfWork, organization_id: int) -> list[int]:
    return list(
        uow.session.scalars(
            select(Contact.id)
            .where(Contact.organization_id == organization_id)
            .order_by(Contact.id)
        )
    )


def rename_organization(uow: UnitOfWork, organization_id: int, new_name: str) -> OrganizationUndo:
    """Rename; refuses a name another organisation has (merge them instead)."""
    organization = _require(uow, organization_id)
    name = " ".join(new_name.split())
    if not name:
        raise InvalidInput("an organisation needs a name")
    other = uow.organizations.by_name(name)
    if other is not None and other.id != organization.id:
        raise ConflictError(
            f"there is already an organisation named {other.name}; merge the two instead"
        )
    undo = OrganizationUndo(organizations=[_facts(organization)], kept_id=organization.id)
    organization.name = name
    organization.name_key = uow.organizations.key(name)
    uow.flush()
    return undo


def merge_organizations(
    uow: UnitOfWork, organization_ids: Sequence[int], into_id: int
) -> OrganizationUndo:
    """Move every contact of ``organization_ids`` to ``into_id`` and delete the others."""
    target = _require(uow, into_id)
    sources = [_require(uow, i) for i in dict.fromkeys(organization_ids) if i != into_id]
    if not sources:
        raise InvalidInput("choose at least two organisations to merge")
    undo = OrganizationUndo(
        organizations=[_facts(target)] + [_facts(o) for o in sources], kept_id=target.id
    )
    for source in sources:
        members = _member_ids(uow, source.id)
        undo.members[source.id] = members
        for contact in uow.contacts.get_many(members):
            contact.organization = target
        uow.flush()
        uow.organizations.delete(source)
    uow.flush()
    return undo


def restore_organizations(uow: UnitOfWork, undo: OrganizationUndo) -> None:
    """Put organisations back as recorded, under their old ids, with their contacts."""
    for facts in undo.organizations:
        organization = uow.organizations.get(facts["id"])
        if organization is None:
            organization = Organization(id=facts["id"])
            uow.session.add(organization)
        for name in _FIELDS:
            setattr(organization, name, facts[name])
    uow.flush()
    for organization_id, contact_ids in undo.members.items():
        organization = _require(uow, organization_id)
        for contact in uow.contacts.get_many(contact_ids):
            contact.organization = organization
    uow.flush()
