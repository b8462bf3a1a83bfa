"""E-mail writer: an RFC 5322 message built with `email.message.EmailMessage`.

Structure: multipart/mixed [ multipart/alternative [ text/plain, multipart/related
[ text/html, photo ] ], application/pdf ] -- the photo part only when the release has
one (referenced by cid:, since mail clients block data: images), the PDF only when asked.
The same message serves sending (services.sending rewrites To, Date and Message-ID per
recipient) and the .eml file export, which adds `X-Unsent: 1` so that Outlook opens the
file as a draft ready to send (other clients ignore it; it must not travel in sent mail).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from pressdesk.domain.releases import Release, base_language
from pressdesk.formats.release_pdf import build_pdf
from pressdesk.formats.release_templates import render_html, render_text

_UNSAFE_FILENAME = re.compile(r"[^\w]+")


def attachment_name(release: Release, suffix: str = ".pdf") -> str:
    """A file name from the title that is safe on every system: "iom-meets-...pdf"."""
    stem = _UNSAFE_FILENAME.sub("-", release.title.lower()).strip("-_")[:60].strip("-_")
    return f"{stem or 'press-release'}{suffix}"


def email_subject(release: Release) -> str:
    title = " ".join(release.title.split())
    return f"EMBARGOED: {title}" if release.is_embargoed else title


def build_email(
    release: Release,
    *,
    sender: str | None,
    to: str | Sequence[str] | None = None,
    attach_pdf: bool = True,
    template_dir: str | Path | None = None,
) -> EmailMessage:
    """The release as a message: plain text and HTML alternatives, optional PDF.

    `sender` may be None for a draft without From (the mail client fills it in).
    """
    message = EmailMessage()
    message["Subject"] = email_subject(release)
    if sender:
        message["From"] = sender
    if to:
        message["To"] = to if isinstance(to, str) else ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    domain = parseaddr(sender or "")[1].rpartition("@")[2] or "pressdesk.invalid"
    message["Message-ID"] = make_msgid(domain=domain)

    message.set_content(render_text(release, template_dir=template_dir))
    photo = release.photo
    photo_cid = make_msgid(domain=domain) if photo is not None else ""
    html = render_html(
        release, template_dir=template_dir, photo_src=f"cid:{photo_cid[1:-1]}" if photo else ""
    )
    message.add_alternative(html, subtype="html")
    if photo is not None:
        html_part = message.get_body(("html",))
        assert html_part is not None  # added just above
        maintype, _, subtype = photo.mime_type.partition("/")
        html_part.add_related(
            photo.data,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            cid=photo_cid,
            filename=photo.filename or attachment_name(release, f".{subtype or 'img'}"),
            disposition="inline",
        )
    if attach_pdf:
        message.add_attachment(
            build_pdf(release),
            maintype="application",
            subtype="pdf",
            filename=attachment_name(release),
        )
    # Last: set_content() and add_attachment() move Content-* headers into subparts.
    message["Content-Language"] = base_language(release.language)
    return message
