"""The unit of work: one session, the repositories over it, and one commit.

``with store.uow() as uow: ...; uow.commit()`` — leaving the block without a commit rolls
everything back, so a failed operation leaves the store as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pressdesk.store.contacts import ContactRepository, OrganizationRepository, TagRepository
from pressdesk.store.lists import ListRepository
from pressdesk.store.privacy import PrivacyRepository
from pressdesk.store.releases import ReleaseRepository
from pressdesk.store.sending import SendLogRepository


class Interrupted(Exception):
    """A read stopped half-way because its caller no longer wanted it."""


#: SQLite virtual-machine steps between two asks whether to stop (about 0.1 ms).
_STEPS_BETWEEN_ASKS = 5_000


class UnitOfWork:
    session: Session
    contacts: ContactRepository
    organizations: OrganizationRepository
    tags: TagRepository
    lists: ListRepository
    privacy: PrivacyRepository
    sends: SendLogRepository
    releases: ReleaseRepository

    def __init__(self, session_factory: sessionmaker[Any]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.contacts = ContactRepository(self.session)
        self.organizations = OrganizationRepository(self.session)
        self.tags = TagRepository(self.session)
        self.lists = ListRepository(self.session)
        self.privacy = PrivacyRepository(self.session)
        self.sends = SendLogRepository(self.session)
        self.releases = ReleaseRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()

    def rollback(self) -> None:
        self.session.rollback()

    @contextmanager
    def interruptible(self, stop: Callable[[], bool]) -> Iterator[None]:
        """Reads in the block stop soon after ``stop()`` turns true, raising
        :class:`Interrupted`: a search nobody waits for any more (the user typed on)
        gives its core back at once instead of running to its end.

        On SQLite through its progress handler; PostgreSQL reads run to their end."""
        if self.dialect != "sqlite":
            yield
            return
        raw = self.session.connection().connection.driver_connection
        assert raw is not None  # a checked-out connection
        raw.set_progress_handler(lambda: 1 if stop() else 0, _STEPS_BETWEEN_ASKS)
        try:
            yield
        except (OperationalError, sqlite3.OperationalError) as error:
            # SQLAlchemy wraps the driver's error, except in rows read from its cursor.
            if stop() and "interrupted" in str(getattr(error, "orig", error)):
                raise Interrupted from None
            raise
        finally:
            raw.set_progress_handler(None, 0)
