"""The import wizard (File ▸ Import…, Ctrl+I) and how the main window opens it."""

from __future__ import annotations

from pathlib import Path

from pressdesk.ui.import_wizard.wizard import ImportWizard
from pressdesk.ui.pages import PageContext

__all__ = ["ImportWizard", "open_import_wizard", "show_contacts"]


def open_import_wizard(ctx: PageContext, path: Path | None = None) -> ImportWizard:
    """Open the wizard window-modal over the main window; "Show imported contacts"
    switches to the Contacts page with the imported contacts selected."""
    wizard = ImportWizard(ctx, ctx.window)
    if path is not None:
        wizard.file_page.path.setText(str(path))
    wizard.show_contacts.connect(lambda ids: show_contacts(ctx, ids))
    wizard.finished.connect(lambda _code: _dispose(wizard))
    wizard.open()
    return wizard


def _dispose(wizard: ImportWizard) -> None:
    """Delete a closed wizard once no job of its own can call back into it."""
    job = wizard.undo_job if wizard.undo_job is not None and not wizard.undo_job.done else None
    if job is None:
        wizard.deleteLater()
    else:
        job.finished.connect(wizard.deleteLater)


def show_contacts(ctx: PageContext, ids: list[int]) -> None:
    window = ctx.window
    show_page = getattr(window, "show_page", None)
    if show_page is None:
        return
    show_page("contacts", {})
    page = getattr(window, "pages", {}).get("contacts")
    table = getattr(page, "table", None)
    if table is not None and ids:
        table.select_ids(ids)
