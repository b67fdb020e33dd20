"""IT's commands for the office database on a PostgreSQL server: ``server init`` and ``server upgrade``.

Both run only as the owner role of the database; see ``persistence.server_admin``.
"""

from __future__ import annotations

import argparse

from partnerdesk.cli.common import out
from partnerdesk.i18n import _
from partnerdesk.persistence import server_roles


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = sub.add_parser("server", help=_("set up or update the office database on a PostgreSQL server (IT)"))
    commands = server.add_subparsers(dest="server_command", metavar=_("COMMAND"), required=True)

    p = commands.add_parser("init", help=_("create the schema, the group roles and their privileges (as the owner role)"))
    p.add_argument("url", metavar="URL", help=_("the server database, e.g. postgresql://db.stadt.example/partnerdesk"))
    for option, default, text in (
        ("--reader-role", server_roles.READER, _("name of the group role that only reads")),
        ("--editor-role", server_roles.EDITOR, _("name of the group role that edits")),
        ("--personal-data-role", server_roles.PERSONAL_DATA, _("name of the group role that sees personal data")),
        ("--admin-role", server_roles.ADMIN, _("name of the group role on the owner side")),
    ):
        p.add_argument(option, default=default, metavar=_("NAME"), help=text + f" ({default})")
    p.set_defaults(handler=cmd_server_init)

    p = commands.add_parser("upgrade", help=_("update the schema to this PartnerDesk's (as the owner role)"))
    p.add_argument("url", metavar="URL", help=_("the server database, e.g. postgresql://db.stadt.example/partnerdesk"))
    p.set_defaults(handler=cmd_server_upgrade)


def cmd_server_init(args: argparse.Namespace) -> int:
    from partnerdesk.persistence.server_admin import init_server

    roles = server_roles.ServerRoles(
        reader=args.reader_role, editor=args.editor_role, personal_data=args.personal_data_role, admin=args.admin_role
    )
    report = init_server(args.url, roles)
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
    from partnerdesk.persistence.server_admin import upgrade_server

    report = upgrade_server(args.url)
    if report.before == report.after:
        out(_("{name} is up to date (schema {revision}): privileges granted again.").format(
            name=report.name, revision=report.after))
    else:
        out(_("Updated {name} from schema {before} to {after}.").format(
            name=report.name, before=report.before, after=report.after))
    return 0
