"""What every command shares: the ``--db`` option, opening the database, output helpers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from partnerdesk.cli.terminal import visible_lines
from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.i18n import _
from partnerdesk.paths import default_database_path

if TYPE_CHECKING:  # SQLAlchemy is imported only by commands that open a database
    from partnerdesk.persistence.database import Database


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
        metavar="URL",
        default=argparse.SUPPRESS,
        help=_("the office database on a PostgreSQL server (postgresql://host/database) instead of a file"),
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


def database_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or default_database_path())


def open_for_command(args: argparse.Namespace, *, check_pages: bool = True) -> Database:
    """Open the database a command works on.

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

    startup.settled()  # the command's modules are imported; collecting resumes for its work
    if getattr(args, "server", None):
        return open_server_for_command(args.server)
    path = database_path(args)
    explicit = getattr(args, "db", None) is not None
    if not path.exists():
        if explicit:
            raise DatabaseFileError(
                _("The database {name} does not exist. Create it with “partnerdesk init {name}”.").format(name=path)
            )
        return create_default_database(path, allow_unsafe_location=allow_unsafe_location(args))
    from partnerdesk.travel.travelfile import is_travel_path

    if is_travel_path(path):  # a travel copy (Reisekopie): asks for its passphrase
        from partnerdesk.cli.travel_commands import open_travel_file

        return open_travel_file(path)
    from partnerdesk.persistence.database import open_database

    db = open_database(
        path,
        quick_check=check_pages,
        allow_unsafe_location=allow_unsafe_location(args),
        before_migration=lambda: announce_migration(path),
    )
    warn_about_place(db)
    from partnerdesk.services.search_text import ensure_current

    ensure_current(db)  # search texts folded by an older version are made again (once)
    return db


def open_server_for_command(url: str) -> Database:
    """The office database on a server (never migrated by opening; a reader's login opens read-only).

    The smallest local version until opening has one door for files, travel copies and servers.
    """
    from partnerdesk.persistence.server import open_server_database

    return open_server_database(url)


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
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services.example_data import add_example_data

    db = create_database(path, allow_unsafe_location=allow_unsafe_location)
    add_example_data(db)
    return db


def out(text: str = "") -> None:
    """A line (or lines) for the user; control characters from names are shown escaped."""
    sys.stdout.write(visible_lines(text) + "\n")
