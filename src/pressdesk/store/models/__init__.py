"""Every table of the store. Each feature's tables live in a module of their own."""

from pressdesk.store.models.base import Base, Setting, as_utc, iso_utc, utcnow
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
from pressdesk.store.models.lists import (
    DistributionList,
    LinkMode,
    ListLink,
    ListMember,
    MemberSource,
)
from pressdesk.store.models.privacy import (
    Consent,
    ConsentSource,
    ConsentStatus,
    ErasureKey,
    LawfulBasis,
)
from pressdesk.store.models.releases import (
    ReleaseContact,
    ReleaseGroup,
    ReleaseRow,
    ReleaseSdg,
)
from pressdesk.store.models.sending import Outcome, RunState, SendEntry, SendRun

__all__ = [
    "Base",
    "Consent",
    "ConsentSource",
    "ConsentStatus",
    "Contact",
    "ContactEmail",
    "ContactPhone",
    "DistributionList",
    "ErasureKey",
    "ImportBatch",
    "ImportChange",
    "Label",
    "LawfulBasis",
    "LinkMode",
    "ListLink",
    "ListMember",
    "MemberSource",
    "Organization",
    "OrganizationKind",
    "Outcome",
    "ReleaseContact",
    "ReleaseGroup",
    "ReleaseRow",
    "ReleaseSdg",
    "RunState",
    "SendEntry",
    "SendRun",
    "Setting",
    "Tag",
    "as_utc",
    "contact_tags",
    "iso_utc",
    "utcnow",
]
