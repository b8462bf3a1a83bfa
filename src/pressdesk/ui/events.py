"""One object that announces changes to the store; views listen and refresh themselves.

Views never reach into each other: whoever changes data (a command, a dialog, an import)
emits here, and every view that shows that data reloads what it needs.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class StoreEvents(QObject):
    #: A store was opened (or another one chosen); the argument is the ``Store``.
    store_opened = Signal(object)
    #: Contacts were added, changed or removed; the argument is a tuple of ids, or None
    #: when too many to list (an import, a merge of organisations).
    contacts_changed = Signal(object)
    #: Organisations were renamed, merged, added or removed.
    organisations_changed = Signal()
    #: Store-wide settings changed (default region, deliverability check).
    settings_changed = Signal()
    #: Releases were added, changed or removed; the argument is a release id, or None.
    releases_changed = Signal(object)
    #: Distribution lists were added, removed, or had members added or taken off.
    lists_changed = Signal()

    def contacts(self, ids: object = None) -> None:
        """Announce changed contacts (their organisations' counts change too)."""
        self.contacts_changed.emit(tuple(ids) if ids is not None else None)
        self.organisations_changed.emit()
