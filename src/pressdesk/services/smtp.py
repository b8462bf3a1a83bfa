"""The SMTP connection: where to send, and the password kept out of the store.

Host, port, security and user are store settings (``smtp_host``...); the password lives in
the operating system's keyring (service "PressDesk SMTP", user ``user@host``) or, for the
command line, in ``$PRESSDESK_SMTP_PASSWORD``. It is never written to the settings table.

:func:`send_data` is ``smtplib.SMTP.sendmail`` for a message prepared once for many
recipients: sendmail dot-stuffs the whole message again for every recipient (a regular
expression over some 60 kB, about 0.7 ms a message, as much as all of PressDesk's own work
per message), and it cannot say whether a lost connection happened before the server
could have taken the message or after. A send log that must never send anyone twice needs
to know that, and to write down which message is on the wire before the server can take it.
"""

from __future__ import annotations

import contextlib
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import keyring
import keyring.errors

from pressdesk.services import contacts as contact_service
from pressdesk.services.errors import InvalidInput, PressDeskError
from pressdesk.store.uow import UnitOfWork

KEYRING_SERVICE = "PressDesk SMTP"
PASSWORD_ENV = "PRESSDESK_SMTP_PASSWORD"
_SETTING_KEYS = {
    "host": "smtp_host",
    "port": "smtp_port",
    "security": "smtp_security",
    "user": "smtp_user",
    "sender": "smtp_from",
}


class SmtpError(PressDeskError):
    """The mail server could not be reached, refused to talk, or refused the login."""


class DeliveryUnknown(SmtpError):
    """The whole message went out, then the connection was lost before the server's answer:
    the server may have taken it."""


class Security(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: Security = Security.STARTTLS
    user: str = ""
    password: str | None = None
    timeout: float = 30.0
    # None: the system's trusted certificates (tests pass one trusting their own CA).
    ssl_context: ssl.SSLContext | None = None

    def __repr__(self) -> str:  # never print the password
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security.value},"
            f" user={self.user!r})"
        )

    @property
    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}"


def keyring_password(settings: SmtpSettings) -> str | None:
    if not settings.user:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, settings.keyring_user)
    except keyring.errors.KeyringError:
        return None


def save_password(settings: SmtpSettings, password: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, settings.keyring_user, password)
    except keyring.errors.KeyringError as error:
        raise SmtpError(f"the system keyring cannot keep the password: {error}") from error


def with_password(settings: SmtpSettings, *, environment: bool = False) -> SmtpSettings:
    """The settings with their password: given, else $PRESSDESK_SMTP_PASSWORD (command
    line), else the keyring."""
    if settings.password is not None or not settings.user:
        return settings
    password = os.environ.get(PASSWORD_ENV) if environment else None
    return replace(settings, password=password or keyring_password(settings))


def load_settings(uow: UnitOfWork) -> SmtpSettings | None:
    host = contact_service.get_setting(uow, _SETTING_KEYS["host"])
    if not host:
        return None
    port = contact_service.get_setting(uow, _SETTING_KEYS["port"]) or "587"
    security = contact_service.get_setting(uow, _SETTING_KEYS["security"]) or "starttls"
    return SmtpSettings(
        host=host,
        port=int(port),
        security=Security(security),
        user=contact_service.get_setting(uow, _SETTING_KEYS["user"]) or "",
    )


def saved_sender(uow: UnitOfWork) -> str:
    return contact_service.get_setting(uow, _SETTING_KEYS["sender"]) or ""


def save_settings(uow: UnitOfWork, settings: SmtpSettings, sender: str | None = None) -> None:
    """Host, port, security and user (never the password) as store settings."""
    contact_service.set_setting(uow, _SETTING_KEYS["host"], settings.host)
    contact_service.set_setting(uow, _SETTING_KEYS["port"], str(settings.port))
    contact_service.set_setting(uow, _SETTING_KEYS["security"], settings.security.value)
    contact_service.set_setting(uow, _SETTING_KEYS["user"], settings.user or None)
    if sender is not None:
        contact_service.set_setting(uow, _SETTING_KEYS["sender"], sender or None)


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An open, authenticated connection; :class:`SmtpError` with a sentence otherwise."""
    if not settings.host:
        raise InvalidInput("no SMTP host given")
    where = f"{settings.host}:{settings.port}"
    client: smtplib.SMTP | None = None
    try:
        if settings.security is Security.SSL:
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=_context(settings)
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            if settings.security is Security.STARTTLS:
                client.starttls(context=_context(settings))
        client.ehlo_or_helo_if_needed()
        if settings.user:
            if settings.password is None:
                raise SmtpError(
                    f"no password for {settings.keyring_user}: save it in the keyring "
                    f"or set ${PASSWORD_ENV}"
                )
            client.login(settings.user, settings.password)
    except smtplib.SMTPAuthenticationError as error:
        _close(client)
        raise SmtpError(f"{where} refused the login: {_reply(error)}") from error
    except smtplib.SMTPNotSupportedError as error:
        _close(client)
        raise SmtpError(f"{where} does not support {error}") from error
    except smtplib.SMTPException as error:
        _close(client)
        raise SmtpError(f"{where}: {error}") from error
    except ssl.SSLError as error:
        _close(client)
        raise SmtpError(f"secure connection to {where} failed: {error.reason or error}") from error
    except (TimeoutError, socket.gaierror, OSError) as error:
        _close(client)
        raise SmtpError(f"cannot reach {where}: {error.strerror or error}") from error
    except SmtpError:
        _close(client)
        raise
    return client


def _context(settings: SmtpSettings) -> ssl.SSLContext:
    # Made only for a secure connection: loading the system's certificates takes 50 ms.
    return settings.ssl_context or ssl.create_default_context()


def _close(client: smtplib.SMTP | None) -> None:
    if client is None:
        return
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def close(client: smtplib.SMTP) -> None:
    _close(client)


_LINE_START_DOT = re.compile(rb"(?m)^\.")


def dot_stuffed(text: bytes) -> bytes:
    """``text`` (starting at a line start) as DATA carries it: a dot that begins a line
    doubled (RFC 5321, 4.5.2)."""
    return _LINE_START_DOT.sub(b"..", text)


def data_lines(text: bytes) -> bytes:
    """:func:`dot_stuffed` ``text`` ending with CRLF and the closing ``.`` line."""
    stuffed = dot_stuffed(text)
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    return stuffed + b".\r\n"


_END_OF_DATA = b"\r\n.\r\n"

#: Called before the message's closing line, with the recipients the server refused.
BeforeEnd = Callable[[dict[str, tuple[int, bytes]]], None]


def send_data(
    client: smtplib.SMTP,
    sender: str,
    recipients: Sequence[str],
    payload: bytes,
    before_end: BeforeEnd | None = None,
) -> dict[str, tuple[int, bytes]]:
    """One mail transaction, as ``client.sendmail`` with the same exceptions and result,
    for a ``payload`` made by :func:`data_lines`.

    ``before_end`` runs when the message has gone but for its closing ``.`` line: the
    server cannot take it yet, and it is busy reading what came, so the caller's work
    there (writing down that the message is in flight) costs it no time. If
    ``before_end`` raises, the connection is dropped and the message with it. A connection
    lost before the closing line went out leaves the message unfinished, and the server
    drops it (``SMTPServerDisconnected``); lost after that, before the answer, the message
    may have been taken (:class:`DeliveryUnknown`).
    """
    if not payload.endswith(_END_OF_DATA):
        raise ValueError("the payload must come from data_lines()")
    client.ehlo_or_helo_if_needed()
    options = [f"size={len(payload)}"] if client.does_esmtp and client.has_extn("size") else []
    code, reply = client.mail(sender, options)
    if code != 250:
        _end_transaction(client, code)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused: dict[str, tuple[int, bytes]] = {}
    for recipient in recipients:
        code, reply = client.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
        if code == 421:
            client.close()
            raise smtplib.SMTPRecipientsRefused(refused)
    if len(refused) == len(recipients):
        _end_transaction(client, code)
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = client.docmd("data")
    if code != 354:
        _end_transaction(client, code)
        raise smtplib.SMTPDataError(code, reply)
    closing = len(payload) - len(b".\r\n")
    if client.sock is not None:
        # The closing line goes on its own: Nagle's algorithm would hold it until the
        # server acknowledges the rest, which it may delay by 40 ms (delayed ACK).
        client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    client.send(memoryview(payload)[:closing])
    if before_end is not None:
        try:
            before_end(refused)
        except BaseException:
            client.close()
            raise
    client.send(memoryview(payload)[closing:])
    try:
        code, reply = client.getreply()
    except smtplib.SMTPException as error:
        raise DeliveryUnknown(
            f"the connection was lost after the message went out, before the answer ({error})"
        ) from error
    if code != 250:
        _end_transaction(client, code)
        raise smtplib.SMTPDataError(code, reply)
    return refused


def _end_transaction(client: smtplib.SMTP, code: int) -> None:
    """After a refusal: 421 means the server is closing, else start over (as sendmail)."""
    if code == 421:
        client.close()
    else:
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            client.rset()


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{error.smtp_code} {text}".strip()
