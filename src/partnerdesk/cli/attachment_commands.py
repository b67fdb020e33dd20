"""``partnerdesk attach RECORD FILE…`` and ``partnerdesk attachments RECORD [--save NAME --out PATH]``.

RECORD is an id or an unambiguous part of a record's name (``--register`` narrows it). A file
over the size limit (``--max-mb``, default 25) or unreadable is refused with one German line
naming it, its size and the limit; nothing is saved then (each file is its own transaction:
files named before it stay attached). SQLAlchemy and the services are imported only when the
command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.cli.terminal import table_lines, visible
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("attach", help=_("attach files to a record (stored in the database)"))
    add_db_option(p)
    p.add_argument("record", metavar=_("RECORD"), help=_("id or an unambiguous part of the name"))
    p.add_argument("files", nargs="+", metavar=_("FILE"), help=_("the files to attach"))
    p.add_argument("--register", choices=list(KINDS_IN_DEPENDENCY_ORDER), default=None, help=_("only this register"))
    p.add_argument("--max-mb", type=int, default=None, metavar="MB",
                   help=_("largest file in MB (default: {count})").format(count=25))
    p.set_defaults(handler=cmd_attach)

    p = sub.add_parser("attachments", help=_("list a record's attachments, or save one"))
    add_db_option(p)
    p.add_argument("record", metavar=_("RECORD"), help=_("id or an unambiguous part of the name"))
    p.add_argument("--register", choices=list(KINDS_IN_DEPENDENCY_ORDER), default=None, help=_("only this register"))
    p.add_argument("--save", default=None, metavar=_("NAME"), help=_("save the attachment of this name"))
    p.add_argument("--out", default=None, metavar=_("PATH"), help=_("where to save it (a file or a folder)"))
    p.set_defaults(handler=cmd_attachments)


def _record(db: object, args: argparse.Namespace) -> tuple[str, str]:
    from partnerdesk.services.history import History

    if not args.record.strip():
        raise UserError(_("Name the record: its id or an unambiguous part of its name."))
    kind, record_id = History(db).resolve(args.record, args.register)  # type: ignore[arg-type]
    return kind, record_id


def cmd_attach(args: argparse.Namespace) -> int:
    from partnerdesk.services import attachments

    if args.max_mb is not None and not 1 <= args.max_mb <= 100_000:
        raise UserError(_("--max-mb must be a number from 1 to 100000."))
    with open_for_command(args) as db:
        kind, record_id = _record(db, args)
        for name in args.files:
            entry = attachments.add_file(db, kind, record_id, Path(name), limit=attachments.limit_bytes(args.max_mb))
            out(_("Attached: {name} ({size}).").format(name=visible(entry.name), size=_size(entry.size)))
    return 0


def cmd_attachments(args: argparse.Namespace) -> int:
    from partnerdesk.services import attachments

    if (args.save is None) != (args.out is None):
        raise UserError(_("--save and --out go together: the attachment's name and where to save it."))
    with open_for_command(args) as db:
        kind, record_id = _record(db, args)
        if args.save is not None:
            entry = attachments.find(db, kind, record_id, args.save)
            target = attachments.save_to(db, entry.id, Path(args.out))
            out(_("Saved: {path}").format(path=visible(str(target))))
            return 0
        entries = attachments.list_for(db, kind, record_id)
    if not entries:
        out(_("No attachments."))
        return 0
    from partnerdesk.services.history_text import moment

    rows = [[visible(e.name), _size(e.size), moment(e.added_at), visible(e.added_by)] for e in entries]
    for line in table_lines([_("Name"), _("Size"), _("Added"), _("By")], rows, 60):
        out(line)
    return 0


def _size(size: int) -> str:
    from partnerdesk.domain.file_names import size_text

    return size_text(size)
