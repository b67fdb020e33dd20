"""``partnerdesk programme``: a partnership's joint action programme as an .xlsx sheet for the
partners (export, import of the same sheet) and printed bilingually (PDF or DOCX)."""

from __future__ import annotations

import argparse
from pathlib import Path

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.i18n import _, ngettext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("programme", allow_abbrev=False,
                           help=_("a partnership's joint action programme: export, import, print"))
    psub = group.add_subparsers(dest="programme_command", metavar=_("COMMAND"), required=True)

    p = psub.add_parser("export", allow_abbrev=False, help=_("write the programme as one .xlsx sheet for the partners"))
    add_db_option(p)
    p.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's title (or part of it) or id"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the .xlsx file to write"))
    p.set_defaults(handler=cmd_export)

    p = psub.add_parser("import", allow_abbrev=False, help=_("read the programme's .xlsx sheet back (all or nothing)"))
    add_db_option(p)
    p.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's title (or part of it) or id"))
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the .xlsx sheet, as 'programme export' wrote it"))
    p.add_argument("--dry-run", action="store_true", help=_("only say what would change"))
    p.add_argument("--remove-missing", action="store_true",
                   help=_("remove items whose rows are missing from the sheet (kept otherwise)"))
    p.set_defaults(handler=cmd_import)

    p = psub.add_parser("print", allow_abbrev=False,
                        help=_("write the programme bilingually, a table per field of action (.pdf or .docx)"))
    add_db_option(p)
    p.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's title (or part of it) or id"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the file to write (.pdf or .docx)"))
    p.set_defaults(handler=cmd_print)


def _suffix(path: Path, allowed: tuple[str, ...]) -> str:
    from partnerdesk.domain.errors import UserError

    suffix = path.suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise UserError(_("{file}: write a file ending in {endings}").format(
            file=path.name, endings=", ".join(f".{a}" for a in allowed)))
    return suffix


def cmd_export(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.programme_table import export_programme

    _suffix(args.out, ("xlsx",))
    with open_for_command(args, check_pages=False) as db:
        rows = export_programme(db, args.partnership, args.out)
    out(ngettext("Written: {file} ({count} row).", "Written: {file} ({count} rows).", rows).format(file=args.out, count=rows))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.programme_table import import_programme

    with open_for_command(args) as db:
        report = import_programme(db, args.partnership, args.file, dry_run=args.dry_run, remove_missing=args.remove_missing)
    for line in report.lines():
        out(line)
    out(report.summary())
    if args.dry_run:
        out(_("Dry run: nothing was written."))
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from partnerdesk.documents.programme import write_programme

    fmt = _suffix(args.out, ("pdf", "docx"))
    with open_for_command(args, check_pages=False) as db:
        write_programme(db, args.partnership, args.out, fmt)
    out(_("Written: {file}").format(file=args.out))
    return 0
