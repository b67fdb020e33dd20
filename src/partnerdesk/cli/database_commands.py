"""Commands on whole databases: init, list, export, import, check, backup.

SQLAlchemy, the services and the archive code are imported inside the commands that
use them: every command line builds this module's parsers, and ``partnerdesk mou``
should not pay for ``partnerdesk import``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from partnerdesk.cli.common import add_db_option, allow_unsafe_location, open_for_command, out, source_for
from partnerdesk.cli.terminal import table_lines, visible
from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.i18n import _, ngettext

REGISTERS = list(KINDS_IN_DEPENDENCY_ORDER)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help=_("create a new database"))
    p.add_argument("path", type=Path, metavar=_("FILE"), help=_("file of the new database"))
    p.add_argument("--example-data", action="store_true", help=_("fill it with the city's example data"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("list", help=_("list the records of a register"))
    add_db_option(p)
    p.add_argument("register", choices=REGISTERS, help=_("the register to list"))
    p.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help=_("table: for reading, with column titles (default); csv, json: for other programs, with field names"),
    )
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("export", help=_("write all records to a JSON file"))
    add_db_option(p)
    p.add_argument("out", type=Path, metavar="OUT.json", help=_("the JSON file to write"))
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help=_("read records from a PartnerDesk JSON file (all or nothing)"))
    add_db_option(p)
    p.add_argument("file", type=Path, metavar="IN.json", help=_("a file written by “partnerdesk export”"))
    p.add_argument("--dry-run", action="store_true", help=_("only report what would change"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("check", help=_("check integrity, schema version and record counts"))
    add_db_option(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", help=_("write a consistent copy of the database"))
    add_db_option(p)
    p.add_argument("out", type=Path, metavar=_("FILE"), help=_("file of the copy (an existing file is replaced)"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("remove-example-data", help=_("delete the records marked as example data"))
    add_db_option(p)
    p.set_defaults(handler=cmd_remove_example_data)


def cmd_init(args: argparse.Namespace) -> int:
    from partnerdesk.services.workspace import create_file

    with create_file(args.path, allow_unsafe_location=allow_unsafe_location(args)) as db:
        if args.example_data:
            from partnerdesk.services.example_data import add_example_data

            count = add_example_data(db)
            out(ngettext("Created {name} with {count} example record.", "Created {name} with {count} example records.", count).format(
                name=args.path, count=count))
        else:
            out(_("Created {name}.").format(name=args.path))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from partnerdesk.cli import listing
    from partnerdesk.domain.serialization import record_to_dict
    from partnerdesk.services import service_for

    with open_for_command(args, check_pages=False) as db:  # only reads (see open_for_command)
        records = service_for(db, args.register).list()
        names = {}
        for kind in ("organisations", "partnerships", *(("programmes",) if args.register == "grants" else ())):
            names.update({r.id: r.display_name for r in service_for(db, kind).list()})
    if args.format == "json":
        json.dump([record_to_dict(r) for r in records], sys.stdout, ensure_ascii=False, indent=1)
        out()
        return 0
    if args.format == "csv":  # for other programs: field names as the header, in every language
        header, table = listing.rows(args.register, records, names)
        for row in [header, *table]:
            sys.stdout.write(listing.csv_line(row) + "\n")
        return 0
    header, table = listing.rows(args.register, records, names, titles=True)
    table = [[visible(cell) for cell in row] for row in table]  # ESC, BEL, U+202E cannot reach the terminal
    for line in table_lines(header, table, 60):
        out(line)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from partnerdesk.exchange import json_archive

    with open_for_command(args, check_pages=False) as db:  # only reads
        counts = json_archive.export_archive(db, args.out)
        left_out = json_archive.attachment_count(db)
    total = sum(counts.values())
    out(ngettext("Exported {total} record to {name}.", "Exported {total} records to {name}.", total).format(total=total, name=args.out))
    if left_out:
        out(ngettext(
            "{count} attached file is not in the JSON export; it stays in the database, its backups and travel copies.",
            "{count} attached files are not in the JSON export; they stay in the database, its backups and travel copies.",
            left_out,
        ).format(count=left_out))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from partnerdesk.exchange import json_archive

    records, glossary = json_archive.read_archive_and_glossary(args.file)
    with open_for_command(args) as db:
        report = json_archive.import_records(db, records, dry_run=args.dry_run, glossary=glossary)
    out(report.summary())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from partnerdesk.services import workspace
    from partnerdesk.services.register_definitions import register_label

    # The open skips quick_check: integrity_check below checks every page and more, and says what is wrong.
    with open_for_command(args, check_pages=False) as db:
        report = workspace.check(db, REGISTERS)
        out(_("Database: {name}").format(name=report.name))
        out(_("Database id: {id}").format(id=report.identity))
        out(_("Schema version: {revision}").format(revision=report.revision))
        if workspace.is_server(db):  # no page check: the server keeps its own pages consistent
            out(_("Integrity: kept by the database server (no page check)"))
        else:
            out(_("Integrity: {result}").format(result=report.integrity))
        out(_("References: {result}").format(
            result="ok" if not report.broken else _("{count} broken").format(count=len(report.broken))))
        for kind in REGISTERS:
            out(f"  {register_label(kind)}: {report.counts[kind]}")
        if report.search_index is not None:  # rebuilding the index writes: never into a damaged file
            out(_("Search index: {result}").format(result=report.search_index))
    if not report.ok:
        raise DatabaseFileError(_("The database {name} has errors; restore it from a backup.").format(name=report.name))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from partnerdesk.services import workspace

    source = source_for(args)
    workspace.refuse_backup_on_server(source, args.out)
    if args.out.resolve() == source.path.resolve():
        raise DatabaseFileError(_("The backup must not overwrite the database itself."))
    # Checks that it is a whole PartnerDesk database (and migrates it) before copying. The copy
    # reads every page anyway; the page check costs little beside it and names the damaged file.
    with open_for_command(args):
        pass
    workspace.backup_file(source.path, args.out)
    out(_("Backup written to {name}.").format(name=args.out))
    return 0


def cmd_remove_example_data(args: argparse.Namespace) -> int:
    from partnerdesk.services.example_data import remove_example_data

    with open_for_command(args) as db:
        count = remove_example_data(db)
    out(ngettext("Removed {count} example record.", "Removed {count} example records.", count).format(count=count))
    return 0
