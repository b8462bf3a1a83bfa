"""The store: where PressDesk keeps its data (SQLite file or a shared PostgreSQL)."""

from __future__ import annotations

import os

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from pressdesk.store import derived, migrate
from pressdesk.store.engine import default_db_path, make_engine, resolve_url
from pressdesk.store.uow import UnitOfWork


class StoreSession(Session):
    """Sessions of PressDesk's store; derived contact columns are kept on every flush."""


derived.install(StoreSession)


class Store:
    """An opened store: one engine for the process and the session factory over it."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.session_factory = sessionmaker(engine, class_=StoreSession, expire_on_commit=False)

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, upgrade: bool = True) -> Store:
        url = resolve_url(db)
        store = cls(url, make_engine(url))
        if upgrade:
            migrate.upgrade_if_needed(store.engine)
        return store

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def location(self) -> str:
        """The file path for SQLite, the URL without password otherwise."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Store", "UnitOfWork", "default_db_path", "resolve_url"]
