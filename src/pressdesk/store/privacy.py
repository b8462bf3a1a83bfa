"""Repository of consent records and erasure tombstones."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pressdesk.store.models import Consent, ConsentStatus, ErasureKey


class PrivacyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def consent(self, contact_id: int) -> Consent | None:
        return self.session.get(Consent, contact_id)

    def consent_or_new(self, contact_id: int) -> Consent:
        found = self.consent(contact_id)
        if found is None:
            found = Consent(contact_id=contact_id, status=ConsentStatus.UNKNOWN.value)
            self.session.add(found)
        return found

    def withdrawn_ids(self, contact_ids: Iterable[int]) -> set[int]:
        ids = list(contact_ids)
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            found.update(
                self.session.scalars(
                    select(Consent.contact_id).where(
                        Consent.contact_id.in_(ids[start : start + 500]),
                        Consent.status == ConsentStatus.WITHDRAWN.value,
                    )
                )
            )
        return found

    def granted_ids(self, contact_ids: Iterable[int]) -> set[int]:
        ids = list(contact_ids)
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            found.update(
                self.session.scalars(
                    select(Consent.contact_id).where(
                        Consent.contact_id.in_(ids[start : start + 500]),
                        Consent.status == ConsentStatus.GRANTED.value,
                    )
                )
            )
        return found

    def add_tombstones(self, digests: dict[str, str]) -> None:
        """``digests`` maps each hash to its kind ("email" or "phone")."""
        known = self.existing_digests(digests)
        for digest, kind in digests.items():
            if digest not in known:
                self.session.add(ErasureKey(digest=digest, kind=kind))

    def existing_digests(self, digests: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(digests))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            found.update(
                self.session.scalars(
                    select(ErasureKey.digest).where(
                        ErasureKey.digest.in_(wanted[start : start + 500])
                    )
                )
            )
        return found

    def has_tombstones(self) -> bool:
        return self.session.scalar(select(ErasureKey.digest).limit(1)) is not None
