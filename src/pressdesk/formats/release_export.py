"""Exporting a release to a file, the format chosen by the file's extension.

The writers live in their own modules (templates for TXT/MD/HTML, python-docx,
reportlab, email) and are re-exported here so callers need one import. Writing goes to a
temporary file in the target folder and is renamed into place, so a failed export never
leaves half a file. No writer changes the release.
"""

from __future__ import annotations

import os
import tempfile
from email import policy
from pathlib import Path

from pressdesk.domain.releases import Release
from pressdesk.formats.release_docx import build_docx
from pressdesk.formats.release_eml import build_email
from pressdesk.formats.release_pdf import build_pdf
from pressdesk.formats.release_templates import render_html, render_markdown, render_text

__all__ = [
    "EXPORT_FORMATS",
    "UnsupportedExportFormat",
    "build_docx",
    "build_email",
    "build_pdf",
    "export_release",
    "release_bytes",
    "render_html",
    "render_markdown",
    "render_text",
]

EXPORT_FORMATS = (".txt", ".md", ".html", ".docx", ".pdf", ".eml")


class UnsupportedExportFormat(ValueError):
    pass


def release_bytes(
    release: Release,
    suffix: str,
    *,
    template_dir: str | Path | None = None,
    sender: str | None = None,
    organisation: str | None = None,
) -> bytes:
    """The exported file's content for `suffix` (".txt", ".md", ".html"/".htm", ...);
    `organisation` is the author named in DOCX and PDF properties ("PressDesk" if None)."""
    suffix = suffix.lower()
    if suffix == ".txt":
        return render_text(release, template_dir=template_dir).encode("utf-8")
    if suffix == ".md":
        return render_markdown(release, template_dir=template_dir).encode("utf-8")
    if suffix in (".html", ".htm"):
        return render_html(release, template_dir=template_dir).encode("utf-8")
    if suffix == ".docx":
        return build_docx(release, template_dir=template_dir, organisation=organisation)
    if suffix == ".pdf":
        return build_pdf(release, organisation=organisation)
    if suffix == ".eml":
        message = build_email(release, sender=sender, template_dir=template_dir)
        message["X-Unsent"] = "1"  # Outlook opens the file as a draft ready to send
        return message.as_bytes(policy=policy.SMTP)
    raise UnsupportedExportFormat(
        f"Cannot export a release as {suffix or 'a file without extension'}: "
        f"choose one of {', '.join(EXPORT_FORMATS)}."
    )


def export_release(
    release: Release,
    path: str | Path,
    *,
    template_dir: str | Path | None = None,
    sender: str | None = None,
    organisation: str | None = None,
) -> Path:
    """Write the release to `path` in the format its extension names; return the path."""
    target = Path(path)
    data = release_bytes(
        release, target.suffix, template_dir=template_dir, sender=sender, organisation=organisation
    )
    handle, temporary = tempfile.mkstemp(prefix=".pressdesk-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
