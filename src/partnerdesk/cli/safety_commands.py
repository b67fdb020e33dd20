"""Commands that keep the data safe: ``restore`` a backup, list the ``backups``."""

from __future__ import annotations

import argparse
from pathlib import Path

from partnerdesk.cli.common import add_db_option, allow_unsafe_location, out, source_for, warn_about_place
from partnerdesk.i18n import _
from partnerdesk.paths import backups_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "restore",
        help=_("replace the database with a backup (checks the backup, keeps a copy of the current file)"),
    )
    add_db_option(p)
    p.add_argument("backup", type=Path, metavar=_("BACKUP"), help=_("the backup file to restore"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("backups", help=_("list the backups beside the database"))
    add_db_option(p)
    p.set_defaults(handler=cmd_backups)


def cmd_restore(args: argparse.Namespace) -> int:
    from partnerdesk.services import workspace

    source = source_for(args)
    result = workspace.restore(source, args.backup)
    target = source.path
    if result.kept_copy is not None:
        out(_("The previous database was kept as {name}.").format(name=result.kept_copy))
    # Opening checks the restored file and upgrades an older schema (after its own backup).
    with workspace.open_source(
        source, allow_unsafe_location=allow_unsafe_location(args), automatic_backup=False
    ) as db:
        warn_about_place(db)
    out(_("Restored {backup} into {name}.").format(backup=args.backup, name=target))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    source = source_for(args)
    if source.is_server:
        from partnerdesk.services.workspace import file_only

        raise file_only(source, _("The list of backups"))
    folder = backups_dir(source.path)
    files = sorted(folder.glob("*.sqlite")) if folder.is_dir() else []
    if not files:
        out(_("No backups in {folder}.").format(folder=folder))
        return 0
    for path in files:
        out(f"{path}  {path.stat().st_size // 1024} KiB")
    return 0
