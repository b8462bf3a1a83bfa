"""Everything PySide6: the main window, its views, table models, dialogs and workers.

Nothing outside this package imports Qt; the views call ``pressdesk.services`` and
announce changes through :class:`pressdesk.ui.events.StoreEvents`.
"""
