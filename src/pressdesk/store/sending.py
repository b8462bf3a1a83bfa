"""Repository of the send log: runs, and each recipient's outcome.

Outcomes are written by :class:`SendJournal`, not through the unit of work. Each answer of
the server is committed before the next message goes out, a thousand times in a run, and
a session's commit (pool check-in and check-out, BEGIN, the ORM's bookkeeping; on
PostgreSQL a pre-ping round trip too) cost more than the SQL it carries. The journal holds
one connection for the whole delivery and commits each small change on it: the one place
in the store, besides the unit of work, that commits.

An entry still ``pending`` that has a Message-ID is *in flight*: its message was going to
the server when that was written. If the run stops before the answer is recorded (the
process killed, the connection lost at the wrong moment), the server may have taken the
message, so an in-flight entry counts as delivered (:meth:`SendLogRepository.sent_keys`)
and is never sent again unless asked; :meth:`SendLogRepository.settle_in_flight` records
it as sent, unconfirmed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

from sqlalchemy import Connection, Engine, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from pressdesk.store.models import Contact, Outcome, RunState, SendEntry, SendRun

_SET_OUTCOME = (
    update(SendEntry)
    .where(SendEntry.id == bindparam("entry_id"))
    .values(
        status=bindparam("new_status"),
        reason=bindparam("new_reason"),
        smtp_code=bindparam("new_code"),
        message_id=bindparam("new_message_id"),
        updated_at=bindparam("now"),
    )
)
_IN_FLIGHT = and_(SendEntry.status == Outcome.PENDING.value, SendEntry.message_id != "")
_DELIVERED = or_(SendEntry.status == Outcome.SENT.value, _IN_FLIGHT)


@dataclass(frozen=True, slots=True)
class EntryChange:
    """A new state of one send log entry; ``message_id`` on a pending entry: in flight."""

    entry_id: int
    status: Outcome
    reason: str = ""
    smtp_code: int | None = None
    message_id: str = ""


class SendJournal:
    """Changes of send log entries, each call committed on one connection held open."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> SendJournal:
        self._connection = self._engine.connect()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def write(self, changes: Sequence[EntryChange]) -> None:
        """Commit the changes, all or none."""
        if not changes:
            return
        if self._connection is None:
            raise RuntimeError("a SendJournal writes inside its with block")
        now = dt.datetime.now(dt.UTC)
        params = [
            {
                "entry_id": change.entry_id,
                "new_status": change.status.value,
                "new_reason": change.reason,
                "new_code": change.smtp_code,
                "new_message_id": change.message_id,
                "now": now,
            }
            for change in changes
        ]
        # One row (the common case) as one execution: executemany costs more per row.
        self._connection.execute(_SET_OUTCOME, params[0] if len(params) == 1 else params)
        self._connection.commit()


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
        """Addresses (casefolded) this release was already delivered to, or was in flight
        to when a run stopped."""
        statement = select(SendEntry.address_key).where(
            SendEntry.release_id == release_id, _DELIVERED
        )
        if run_id is not None:
            statement = statement.where(SendEntry.run_id == run_id)
        return set(self.session.scalars(statement))

    def last_sent(self, release_id: int) -> dict[str, dt.datetime]:
        statement = (
            select(SendEntry.address_key, func.max(SendEntry.updated_at))
            .where(SendEntry.release_id == release_id, _DELIVERED)
            .group_by(SendEntry.address_key)
        )
        return {key: when for key, when in self.session.execute(statement)}

    def counts(self, run_id: int) -> dict[str, int]:
        """Entries of the run by status, as the store has them now."""
        statement = (
            select(SendEntry.status, func.count())
            .where(SendEntry.run_id == run_id)
            .group_by(SendEntry.status)
        )
        return {status: count for status, count in self.session.execute(statement)}

    def settle_in_flight(self, release_id: int, reason: str) -> list[SendEntry]:
        """Record the release's in-flight entries (see the module docstring) as sent, with
        ``reason``; their time stays that of the attempt."""
        entries = list(
            self.session.scalars(
                select(SendEntry)
                .where(SendEntry.release_id == release_id, _IN_FLIGHT)
                .order_by(SendEntry.id)
            )
        )
        if entries:
            self.session.execute(
                update(SendEntry)
                .where(SendEntry.id.in_([e.id for e in entries]))
                .values(status=Outcome.SENT.value, reason=reason, updated_at=SendEntry.updated_at)
                .execution_options(synchronize_session="fetch")
            )
        return entries

    def journal(self) -> SendJournal:
        bind = self.session.get_bind()
        return SendJournal(bind if isinstance(bind, Engine) else bind.engine)

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
