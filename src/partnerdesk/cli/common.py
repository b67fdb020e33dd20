"""What every command shares: the ``--db`` option, opening the database, output helpers."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from partnerdesk.cli.terminal import visible_lines
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _

if TYPE_CHECKING:  # SQLAlchemy is imported only by commands that open a database
    from partnerdesk.services.server_login import Login
    from partnerdesk.services.workspace import Database, Source


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar=_("FILE"),
        type=Path,
        default=argparse.SUPPRESS,
        help=_("database file (default: the per-user database; PARTNERDESK_DB overrides)"),
    )
    parser.add_argument(
        "--server",
        metavar=_("NAME_OR_URL"),
        default=argparse.SUPPRESS,
        help=_(
            "office database on a PostgreSQL server: a service name from pg_service.conf or "
            "postgresql://host/database (PARTNERDESK_SERVER sets a default)"
        ),
    )
    parser.add_argument(
        "--lang", choices=["de", "en"], default=argparse.SUPPRESS, help=_("language of messages (default: German)")
    )
    parser.add_argument(
        "--allow-unsafe-location",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("experts: open a database on a network share or in a synced folder in single-user mode"),
    )


def allow_unsafe_location(args: argparse.Namespace) -> bool:
    """The expert override of the location check (the flag; the environment variable is read later)."""
    return bool(getattr(args, "allow_unsafe_location", False))


def source_for(args: argparse.Namespace) -> Source:
    """Where the command works: ``--db FILE``, ``--server NAME_OR_URL``, or the default
    (``PARTNERDESK_DB``, ``PARTNERDESK_SERVER``, the setting, the per-user file)."""
    from partnerdesk.services.workspace import chosen_source

    return chosen_source(getattr(args, "db", None), getattr(args, "server", None))


def ask_password(where: str, user: str, problem: str) -> Login | None:
    """The server's password on the terminal (never echoed); without a terminal: say how to supply it."""
    from partnerdesk.services.server_login import Login, PasswordNeeded, ServerLoginError

    if problem:  # one try on the command line: a wrong password is one line and exit status 1
        raise ServerLoginError(problem)
    if not sys.stdin or not sys.stdin.isatty():
        raise PasswordNeeded(
            _(
                "The office database {where} asks for the password of {user}. Supply it through the "
                "environment variable PGPASSWORD or a pgpass file (see README, “Bürodatenbank”)."
            ).format(where=where, user=user)
        )
    password = getpass.getpass(_("Password of {user} for {where}: ").format(user=user, where=where))
    return Login(password) if password else None


def ask_passphrase(path: Path, problem: str) -> str | None:
    from partnerdesk.cli.passphrases import read_passphrase

    if problem:
        raise UserError(problem)
    return read_passphrase(None)


def open_for_command(args: argparse.Namespace, *, check_pages: bool = True) -> Database:
    """Open the database a command works on (a file, a travel copy or a server; see ``source_for``).

    The default database is created with example data on first use; a path the
    user named must exist.

    Every open checks that the file is a whole PartnerDesk database of a known schema (SQLite
    header, application id, a readable schema and its revision): a foreign or damaged file is
    refused with a German message before anything is written. ``check_pages`` adds SQLite's
    ``quick_check`` of every page, which reads the whole file (0.6 s warm, 3.7 s from disk for
    542 MB). Commands that change the database keep it, so they never write into a damaged
    file, and so do those that copy the whole file anyway (backup, travel checkout). A command
    that only reads passes ``False``: a damaged page it meets raises the same German "damaged"
    error, one it does not meet does not change its output; ``check`` runs the stronger
    ``integrity_check`` itself. A file that needs a schema update is always checked in full
    (``open_database``).
    """
    from partnerdesk import startup
    from partnerdesk.services import workspace

    startup.settled()  # the command's modules are imported; collecting resumes for its work
    source = source_for(args)
    db = workspace.open_source(
        source,
        workspace.Questions(passphrase=ask_passphrase, password=ask_password),
        quick_check=check_pages,
        allow_unsafe_location=allow_unsafe_location(args),
        before_migration=lambda: announce_migration(source.path),
        create_default=getattr(args, "db", None) is None and workspace.is_default_file(source),
    )
    if source.kind != "file":
        return db
    warn_about_place(db)
    from partnerdesk.services.search_text import ensure_current

    ensure_current(db)  # search texts folded by an older version are made again (once)
    return db


def open_server_for_command(url: str) -> Database:
    """The office database on the server ``url`` (service name or address) through the one door:
    never migrated by opening, a reader's login opens read-only, a password asked when the server wants one."""
    from partnerdesk.services import workspace

    return workspace.open_source(
        workspace.Source.server(url), workspace.Questions(passphrase=ask_passphrase, password=ask_password)
    )


def announce_migration(path: Path) -> None:
    """Say on stderr why this start takes longer: a big file's schema update takes seconds."""
    sys.stderr.write(
        _("partnerdesk: updating {name} for this version of PartnerDesk (a backup is written first; this may take a while)…").format(
            name=path.name
        )
        + "\n"
    )
    sys.stderr.flush()


def warn_about_place(db: Database) -> None:
    """Tell the user on stderr about a risky place or a failed daily backup (the output stays clean)."""
    messages = list(db.notices)
    if db.placement.warning:
        messages.insert(0, db.placement.warning)
    if db.placement.unsafe is not None:
        messages.insert(0, _("Single-user mode (expert override): {reason}").format(reason=db.placement.unsafe.message))
    for message in messages:
        sys.stderr.write(_("partnerdesk: warning: {message}").format(message=message) + "\n")


def create_default_database(path: Path, *, allow_unsafe_location: bool | None = None) -> Database:
    from partnerdesk.services import workspace

    return workspace.create_file(path, allow_unsafe_location=allow_unsafe_location, example_data=True)


def out(text: str = "") -> None:
    """A line (or lines) for the user; control characters from names are shown escaped."""
    sys.stdout.write(visible_lines(text) + "\n")
