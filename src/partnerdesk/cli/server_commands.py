"""IT's commands for the office database on a PostgreSQL server: ``server init`` and ``server upgrade``.

Both run only as the owner role of the database; see ``services.server_setup``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from partnerdesk.cli.common import open_server_for_command, out
from partnerdesk.domain.errors import DatabaseFileError, UserError
from partnerdesk.i18n import _, ngettext
from partnerdesk.services import server_setup


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = sub.add_parser("server", help=_("set up or update the office database on a PostgreSQL server (IT)"))
    commands = server.add_subparsers(dest="server_command", metavar=_("COMMAND"), required=True)

    p = commands.add_parser("init", help=_("create the schema, the group roles and their privileges (as the owner role)"))
    p.add_argument("url", metavar="URL", help=_("the server database, e.g. postgresql://db.stadt.example/partnerdesk"))
    for option, default, text in (
        ("--reader-role", server_setup.READER, _("name of the group role that only reads")),
        ("--editor-role", server_setup.EDITOR, _("name of the group role that edits")),
        ("--personal-data-role", server_setup.PERSONAL_DATA, _("name of the group role that sees personal data")),
        ("--admin-role", server_setup.ADMIN, _("name of the group role on the owner side")),
    ):
        p.add_argument(option, default=default, metavar=_("NAME"), help=text + f" ({default})")
    p.set_defaults(handler=cmd_server_init)

    p = commands.add_parser("upgrade", help=_("update the schema to this PartnerDesk's (as the owner role)"))
    p.add_argument("url", metavar="URL", help=_("the server database, e.g. postgresql://db.stadt.example/partnerdesk"))
    p.set_defaults(handler=cmd_server_upgrade)

    p = commands.add_parser(
        "import-file", help=_("move personal database files into the office database (all or nothing)")
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.sqlite", help=_("the database files to move in"))
    p.add_argument("--server", required=True, metavar="URL", help=_("the office database on the server"))
    p.add_argument(
        "--prefer", choices=["server", "file"], help=_("decide every conflict for the server or for the file")
    )
    p.set_defaults(handler=cmd_server_import_file)


def cmd_server_init(args: argparse.Namespace) -> int:
    roles = server_setup.ServerRoles(
        reader=args.reader_role, editor=args.editor_role, personal_data=args.personal_data_role, admin=args.admin_role
    )
    report = server_setup.init_server(args.url, roles)
    if report.before is None:
        out(_("Set up {name} (schema {revision}).").format(name=report.name, revision=report.after))
    else:
        out(_("{name} was already set up (schema {revision}): privileges granted again.").format(
            name=report.name, revision=report.after))
    if report.created_roles:
        out(_("Created the group roles: {roles}").format(roles=", ".join(report.created_roles)))
    out(_("Group roles: reader {reader}, editor {editor}, personal data {personal}, admin {admin}.").format(
        reader=roles.reader, editor=roles.editor, personal=roles.personal_data, admin=roles.admin))
    return 0


def cmd_server_upgrade(args: argparse.Namespace) -> int:
    report = server_setup.upgrade_server(args.url)
    if report.before == report.after:
        out(_("{name} is up to date (schema {revision}): privileges granted again.").format(
            name=report.name, revision=report.after))
    else:
        out(_("Updated {name} from schema {before} to {after}.").format(
            name=report.name, before=report.before, after=report.after))
    return 0


def cmd_server_import_file(args: argparse.Namespace) -> int:
    from contextlib import ExitStack

    from partnerdesk.cli.travel_commands import _print_conflicts
    from partnerdesk.services import workspace
    from partnerdesk.travel.apply import UnresolvedConflictsError
    from partnerdesk.travel.file_import import import_files

    prefer = {"server": "office", "file": "travel", None: None}[args.prefer]
    with ExitStack() as stack:
        office = stack.enter_context(open_server_for_command(args.server))
        office.refuse_if_read_only()  # before any file is opened
        files = []
        for path in args.files:
            if not path.exists():
                raise DatabaseFileError(_("The database {name} does not exist.").format(name=path))
            files.append((str(path), stack.enter_context(
                workspace.open_source(workspace.Source.file(path), automatic_backup=False))))
        try:
            results = import_files(office, files, prefer=prefer)
        except UnresolvedConflictsError as exc:
            _print_conflicts(exc.conflicts, sys.stderr)
            raise UserError(
                ngettext(
                    "The files have {count} conflict with the office database and nothing was changed. "
                    "Decide it with --prefer server or --prefer file.",
                    "The files have {count} conflicts with the office database and nothing was changed. "
                    "Decide them with --prefer server or --prefer file.",
                    len(exc.conflicts),
                ).format(count=len(exc.conflicts))
            ) from None
    for result in results:
        counts = result.report.counts()
        out(ngettext(
            "{name}: {created} new, {updated} updated, {count} conflict decided.",
            "{name}: {created} new, {updated} updated, {count} conflicts decided.",
            len(result.conflicts),
        ).format(name=result.name, created=counts.get("create", 0) + counts.get("restore", 0),
                 updated=counts.get("update", 0), count=len(result.conflicts)))
        for note in result.report.notes:
            out("  " + note)
    return 0
