"""Repository of the send log: runs, and each recipient's outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from pressdesk.store.models import Contact, Outcome, RunState, SendEntry, SendRun

_LOG = SendEntry.__table__
_SET_OUTCOME = (
    update(_LOG)
    .where(_LOG.c.id == bindparam("entry_id"))
    .values(
        status=bindparam("new_status"),
        reason=bindparam("new_reason"),
        smtp_code=bindparam("new_code"),
        message_id=bindparam("new_message_id"),
        updated_at=bindparam("now"),
    )
)


class SendLogRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_run(self, run: SendRun) -> SendRun:
        self.session.add(run)
        return run

    def run(self, run_id: int) -> SendRun | None:
        return self.session.get(SendRun, run_id)

    def runs(self, release_id: int) -> list[SendRun]:
        return list(
            self.session.scalars(
                select(SendRun).where(SendRun.release_id == release_id).order_by(SendRun.id)
            )
        )

    def unfinished_run(self, release_id: int) -> SendRun | None:
        """The last run of the release that stopped before the end (to resume it)."""
        last = self.session.scalar(
            select(SendRun)
            .where(SendRun.release_id == release_id)
            .order_by(SendRun.id.desc())
            .limit(1)
        )
        if last is not None and last.state != RunState.COMPLETED.value:
            return last
        return None

    def add_entries(self, rows: Sequence[dict[str, object]]) -> None:
        for start in range(0, len(rows), 500):
            self.session.execute(insert(SendEntry), list(rows[start : start + 500]))

    def entries(
        self, *, run_id: int | None = None, release_id: int | None = None
    ) -> list[SendEntry]:
        statement = select(SendEntry).order_by(SendEntry.run_id, SendEntry.id)
        if run_id is not None:
            statement = statement.where(SendEntry.run_id == run_id)
        if release_id is not None:
            statement = statement.where(SendEntry.release_id == release_id)
        return list(self.session.scalars(statement))

    def sent_keys(self, release_id: int, run_id: int | None = None) -> set[str]:
        """Addresses (casefolded) this release was already delivered to."""
        statement = select(SendEntry.address_key).where(
            SendEntry.release_id == release_id, SendEntry.status == Outcome.SENT.value
        )
        if run_id is not None:
            statement = statement.where(SendEntry.run_id == run_id)
        return set(self.session.scalars(statement))

    def last_sent(self, release_id: int) -> dict[str, dt.datetime]:
        statement = (
            select(SendEntry.address_key, func.max(SendEntry.updated_at))
            .where(SendEntry.release_id == release_id, SendEntry.status == Outcome.SENT.value)
            .group_by(SendEntry.address_key)
        )
        return {key: when for key, when in self.session.execute(statement)}

    def set_outcome(
        self,
        entry_ids: Sequence[int],
        status: Outcome,
        *,
        reason: str = "",
        smtp_code: int | None = None,
        message_id: str = "",
    ) -> None:
        now = dt.datetime.now(dt.UTC)
        params = [
            {
                "entry_id": entry_id,
                "new_status": status.value,
                "new_reason": reason,
                "new_code": smtp_code,
                "new_message_id": message_id,
                "now": now,
            }
            for entry_id in entry_ids
        ]
        # One prepared Core statement on the session's connection: this runs once per
        # message sent, and the ORM's bulk-update bookkeeping cost more than the SQL.
        self.session.connection().execute(_SET_OUTCOME, params)

    def of_contact(self, contact_id: int) -> list[SendEntry]:
        return list(
            self.session.scalars(
                select(SendEntry).where(SendEntry.contact_id == contact_id).order_by(SendEntry.id)
            )
        )

    def last_contacted(self) -> dict[int, dt.datetime]:
        """Per contact, when it was last sent something."""
        statement = (
            select(SendEntry.contact_id, func.max(SendEntry.updated_at))
            .where(SendEntry.contact_id.is_not(None), SendEntry.status == Outcome.SENT.value)
            .group_by(SendEntry.contact_id)
        )
        return {cid: when for cid, when in self.session.execute(statement) if cid is not None}

    def forget_contact(self, contact_id: int) -> int:
        """Strip the personal data of a contact's entries; outcomes and counts stay."""
        result = self.session.execute(
            update(SendEntry)
            .where(SendEntry.contact_id == contact_id)
            .values(contact_id=None, name="", address="(erased)", address_key="")
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0  # type: ignore[attr-defined]

    def contact_names(self, ids: Sequence[int]) -> dict[int, str]:
        statement = select(Contact.id, Contact.display_name).where(Contact.id.in_(ids))
        return {cid: name for cid, name in self.session.execute(statement)}
