"""The views the navigation switches between, registered in one list.

To plug in a view, write a ``QWidget`` whose ``__init__`` takes a :class:`PageContext`
and add one line to :data:`PAGES`, for example::

    Page("releases", QT_TRANSLATE_NOOP("Pages", "Releases"),
         lazy("pressdesk.ui.releases_view", "ReleasesView")),

A page may also offer, and the main window then uses:

* ``set_search(text)`` — the window's search field filters this page as the user types;
  ``search_placeholder()`` gives the field's hint;
* ``set_filter(**choice)`` — receives a navigation sub-item's choice (``problems_only``,
  ``tag``...), from ``children``;
* ``reload()`` — show fresh data (the page should also listen to ``ctx.events``);
* action methods the menus call when this page is current: ``new_contact``,
  ``edit_selected``, ``delete_selected``, ``merge_selected``, ``tag_selected``,
  ``select_all``, ``rename_selected``, ``add_to_list_selected``, ``export_ids``.

``count`` and ``children`` run in the store's unit of work to show live counts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from pressdesk.ui.events import StoreEvents
from pressdesk.ui.jobs import JobRunner

if TYPE_CHECKING:
    from pressdesk.store import Store, UnitOfWork


@dataclass
class PageContext:
    """What every page is given: the store in use and the window's shared services."""

    events: StoreEvents
    jobs: JobRunner
    undo: QUndoStack
    settings: QSettings
    window: QWidget | None = None
    store: Store | None = None
    #: The window's actions by name ("import", "new_contact"...), for empty states' buttons.
    actions: dict[str, QAction] = field(default_factory=dict)
    #: Show a short message in the status bar.
    notify: Callable[[str], None] = lambda _text: None


@dataclass(frozen=True)
class NavChild:
    """A sub-item under a page in the navigation: a title, a count, a filter choice."""

    title: str
    count: int | None
    choice: dict[str, Any] = field(default_factory=dict)
    translate: bool = True
    children: tuple[NavChild, ...] = ()


@dataclass(frozen=True)
class Page:
    key: str
    #: Untranslated; shown through ``QCoreApplication.translate("Pages", title)``.
    title: str
    factory: Callable[[PageContext], QWidget]
    count: Callable[[UnitOfWork], int | None] | None = None
    children: Callable[[UnitOfWork], list[NavChild]] | None = None

    def display_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


def lazy(module: str, name: str) -> Callable[[PageContext], QWidget]:
    """A factory importing its view only when the page is first built."""

    def build(ctx: PageContext) -> QWidget:
        return getattr(importlib.import_module(module), name)(ctx)

    return build


def placeholder(title: str, text: str) -> Callable[[PageContext], QWidget]:
    """An empty state for a feature still to come (texts marked with QT_TRANSLATE_NOOP)."""

    def build(_ctx: PageContext) -> QWidget:
        from pressdesk.ui.empty_state import EmptyState

        return EmptyState(
            QCoreApplication.translate("Pages", title), QCoreApplication.translate("Pages", text)
        )

    return build


def _contact_filters(uow: UnitOfWork) -> list[NavChild]:
    tags = tuple(
        NavChild(name, count, {"tag": name}, translate=False) for name, count in uow.tags.counts()
    )
    return [
        NavChild(QT_TRANSLATE_NOOP("Pages", "All"), uow.contacts.count(), {}),
        NavChild(
            QT_TRANSLATE_NOOP("Pages", "Problems"),
            uow.contacts.count_problems(),
            {"problems_only": True},
        ),
        NavChild(QT_TRANSLATE_NOOP("Pages", "Tags"), None, {"tag": None}, children=tags),
    ]


def _release_filters(uow: UnitOfWork) -> list[NavChild]:
    from datetime import UTC, datetime

    return [
        NavChild(QT_TRANSLATE_NOOP("Pages", "All"), uow.releases.count(), {}),
        NavChild(
            QT_TRANSLATE_NOOP("Pages", "Drafts"), uow.releases.count("draft"), {"status": "draft"}
        ),
        NavChild(
            QT_TRANSLATE_NOOP("Pages", "In review"),
            uow.releases.count("in review"),
            {"status": "in review"},
        ),
        NavChild(
            QT_TRANSLATE_NOOP("Pages", "Embargoed"),
            uow.releases.count_embargoed(datetime.now(UTC)),
            {"embargoed": True},
        ),
    ]


def _organisation_count(uow: UnitOfWork) -> int:
    return len(uow.organizations.names())


def _list_count(uow: UnitOfWork) -> int:
    return len(uow.lists.all())


PAGES: list[Page] = [
    Page(
        "contacts",
        QT_TRANSLATE_NOOP("Pages", "Contacts"),
        lazy("pressdesk.ui.contacts_view", "ContactsPage"),
        children=_contact_filters,
    ),
    Page(
        "organisations",
        QT_TRANSLATE_NOOP("Pages", "Organisations"),
        lazy("pressdesk.ui.organisations_view", "OrganisationsPage"),
        count=_organisation_count,
    ),
    Page(
        "releases",
        QT_TRANSLATE_NOOP("Pages", "Releases"),
        lazy("pressdesk.ui.releases.page", "ReleasesPage"),
        children=_release_filters,
    ),
    Page(
        "lists",
        QT_TRANSLATE_NOOP("Pages", "Lists"),
        lazy("pressdesk.ui.lists.view", "ListsPage"),
        count=_list_count,
    ),
    Page(
        "imports",
        QT_TRANSLATE_NOOP("Pages", "Import history"),
        lazy("pressdesk.ui.import_history_view", "ImportHistoryPage"),
    ),
]


def page(key: str) -> Page:
    return next(p for p in PAGES if p.key == key)
