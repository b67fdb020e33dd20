"""Logging in to an office database on a PostgreSQL server, the way libpq does it.

Where: a libpq service name (``pg_service.conf``, the way the city's IT hands out
connections) or a ``postgresql://host/db`` address. How: first without a password, so
single sign-on (SSPI/GSSAPI), ``PGPASSWORD`` and ``pgpass`` work as libpq makes them work
and nothing is added that the server did not ask for. Only when the server asks for a
password ("fe_sendauth: no password supplied") a password remembered in the operating
system's credential store (``keyring``) is tried, then the caller's ``ask`` callback (a
dialog in the window, ``getpass`` on the command line). A password is never written to the
settings or a file; it is remembered in the credential store only when the user asks for it.

Wrong or expired password, unknown host, a server that does not answer: one German
line each (``ServerLoginError``), nothing changed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from partnerdesk.domain.errors import DatabaseFileError, PartnerDeskError, UserError
from partnerdesk.i18n import _

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The credential store's "service" under which remembered passwords are kept.
KEYRING_SERVICE = "PartnerDesk"
#: How often a wrong password may be typed before the door stays shut.
MAX_TRIES = 3
_SERVICE_NAME = re.compile(r"^(service=)?([A-Za-z0-9_][A-Za-z0-9_.\-]*)$")


class ServerLoginError(DatabaseFileError):
    """The server refused the login or cannot be reached (the message says what to do)."""


class PasswordNeeded(UserError):
    """The server asks for a password and none can be asked for (no terminal, no window)."""


@dataclass(frozen=True)
class Login:
    """What the user typed: the password, and whether the credential store should keep it."""

    password: str
    remember: bool = False


#: ``ask(where, user, problem)``: the password for ``user`` on ``where`` (``problem`` says why it is
#: asked again, "" the first time), or ``None`` when the user cancels.
AskPassword = Callable[[str, str, str], Login | None]


def server_address(text: str) -> URL:
    """The SQLAlchemy URL of a service name (``partnerdesk``, ``service=partnerdesk``) or a
    ``postgresql://`` address; a refused text gets a German line saying what is accepted."""
    text = text.strip()
    match = _SERVICE_NAME.match(text)
    if match:
        return make_url("postgresql+psycopg:///").set(query={"service": match.group(2)})
    for scheme in ("postgresql://", "postgres://"):
        if text.startswith(scheme):
            text = "postgresql+psycopg://" + text[len(scheme):]
    if text.startswith("postgresql+psycopg://"):
        try:
            return make_url(text)
        except ArgumentError:
            pass
    raise UserError(
        _(
            "“{text}” is neither a service name from pg_service.conf (for example partnerdesk) "
            "nor a server address (postgresql://host/database)."
        ).format(text=text)
    )


def libpq_target(text: str) -> str:
    """What ``psql``, ``pg_dump`` and ``pg_restore`` take for the same server: "service=NAME" or
    the ``postgresql://`` address without a password."""
    url = server_address(text)
    service = url.query.get("service")
    if service and not url.host and not url.database:
        return f"service={service}"
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=True)


def keyring_key(text: str) -> str:
    """The credential store's user field for a server: its address as the user typed it."""
    return libpq_target(text)


def remembered_password(text: str) -> str | None:
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, keyring_key(text))
        return str(found) if found is not None else None
    except Exception:  # no credential store on this machine: as if nothing were remembered
        log.info("no password from the credential store", exc_info=True)
        return None


def remember_password(text: str, password: str) -> bool:
    """Keep ``password`` in the operating system's credential store; False if there is none."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, keyring_key(text), password)
        return True
    except Exception:
        log.warning("the password could not be kept in the credential store", exc_info=True)
        return False


def forget_password(text: str) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, keyring_key(text))
    except Exception:  # nothing remembered, or no store
        log.debug("no remembered password to forget", exc_info=True)


def login_user(url: URL) -> str:
    """Whom the prompt names: the address's user, ``PGUSER``, or the login name libpq uses."""
    import getpass
    import os

    return url.username or os.environ.get("PGUSER") or getpass.getuser()


def _driver_message(exc: BaseException) -> str:
    seen: BaseException | None = exc
    while seen is not None:
        original = getattr(seen, "orig", None)
        if original is not None:
            return str(original)
        if type(seen).__module__.startswith("psycopg"):
            return str(seen)
        seen = seen.__cause__
    return str(exc)


def classify(exc: BaseException) -> str:
    """"password" (none was given), "refused" (wrong or expired), "host", "unreachable" or ""."""
    message = _driver_message(exc)
    if "no password supplied" in message:
        return "password"
    if "password authentication failed" in message or "28P01" in message:
        return "refused"
    if "failed to resolve host" in message or "could not translate host name" in message:
        return "host"
    if "Connection refused" in message or "timeout expired" in message or "No such file or directory" in message:
        return "unreachable"
    return ""


def refused_message(where: str, user: str) -> str:
    return _(
        "The office database {where} refused the login of {user}: the password is wrong or has expired. "
        "Type it again; if it has expired, ask the IT for a new one."
    ).format(where=where, user=user)


def explain(kind: str, where: str, user: str) -> str | None:
    if kind == "refused":
        return refused_message(where, user)
    if kind == "host":
        return _(
            "The server of the office database {where} is unknown: check the host name in the service entry "
            "or address (the full name, for example db.stadt.example)."
        ).format(where=where)
    if kind == "unreachable":
        return _(
            "The office database {where} does not answer: the server is off or the network is down. "
            "Try again later or ask the IT."
        ).format(where=where)
    return None


def _raise(kind: str, where: str, user: str, exc: PartnerDeskError) -> None:
    message = explain(kind, where, user)
    if message is not None:
        raise ServerLoginError(message) from exc
    raise exc


def log_in(text: str, opener: Callable[[URL], T], ask: AskPassword | None, where: str) -> T:
    """``opener(url)`` for the server ``text``: first as libpq logs in by itself (single sign-on,
    PGPASSWORD, pgpass), then, if the server asks for a password, with one remembered in the
    credential store, then with what ``ask`` returns. Returns what ``opener`` returned."""
    url = server_address(text)
    user = login_user(url)
    try:
        return opener(url)
    except PartnerDeskError as exc:
        kind = classify(exc)
        if kind != "password":
            _raise(kind, where, user, exc)
    problem = ""
    kept = remembered_password(text)
    if kept:
        try:
            return opener(url.set(password=kept))
        except PartnerDeskError as exc:
            kind = classify(exc)
            if kind != "refused":
                _raise(kind, where, user, exc)
            forget_password(text)  # changed or expired: the kept one is of no use any more
            problem = refused_message(where, user)
    for _attempt in range(MAX_TRIES):
        if ask is None:
            raise PasswordNeeded(
                _(
                    "The office database {where} asks for the password of {user}. Supply it through the "
                    "environment variable PGPASSWORD or a pgpass file, or type it on a terminal."
                ).format(where=where, user=user)
            )
        login = ask(where, user, problem)
        if login is None:
            raise ServerLoginError(_("Connecting to {where} was cancelled.").format(where=where))
        try:
            opened = opener(url.set(password=login.password))
        except PartnerDeskError as exc:
            kind = classify(exc)
            if kind != "refused":
                _raise(kind, where, user, exc)
            problem = refused_message(where, user)
            continue
        if login.remember:
            remember_password(text, login.password)
        return opened
    raise ServerLoginError(problem or refused_message(where, user))
