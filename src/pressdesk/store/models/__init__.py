"""Every table of the store. Each feature's tables live in a module of their own."""

from pressdesk.store.models.base import Base, Setting, utcnow
from pressdesk.store.models.contacts import (
    Contact,
    ContactEmail,
    ContactPhone,
    Label,
    Organization,
    OrganizationKind,
    Tag,
    contact_tags,
)
from pressdesk.store.models.imports import ImportBatch, ImportChange

__all__ = [
    "Base",
    "Contact",
    "ContactEmail",
    "ContactPhone",
    "ImportBatch",
    "ImportChange",
    "Label",
    "Organization",
    "OrganizationKind",
    "Setting",
    "Tag",
    "contact_tags",
    "utcnow",
]
