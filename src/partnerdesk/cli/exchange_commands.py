"""Commands that exchange data with other programs: tables in and out, IATI, calendar."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.domain.enums import PartnershipType
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.i18n import _, ngettext

REGISTERS = list(KINDS_IN_DEPENDENCY_ORDER)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import-table", help=_("import an Excel (.xlsx) or CSV table into a register (all or nothing)"))
    add_db_option(p)
    p.add_argument("file", type=Path, metavar="IN.xlsx|IN.csv", help=_("the table to import"))
    p.add_argument("--into", required=True, choices=REGISTERS, help=_("the register to import into"))
    p.add_argument("--mapping", type=Path, metavar="MAP.json", help=_("JSON object: column header -> field (null ignores it)"))
    p.add_argument("--sheet", metavar=_("NAME"), help=_("the sheet of the workbook (default: the first)"))
    p.add_argument("--dry-run", action="store_true", help=_("only show the preview and its problems"))
    p.add_argument(
        "--ignore-column", action="append", default=[], metavar=_("NAME"),
        help=_("leave this column out (its header or its letter); may be given several times"),
    )
    p.add_argument(
        "--skip-bad-rows", action="store_true",
        help=_("import the rows without errors and report each row left out with its reason"),
    )
    p.add_argument(
        "--merge-similar", action="store_true",
        help=_("update a record whose name differs only in accents, case or punctuation instead of creating a new one"),
    )
    p.add_argument(
        "--encoding", choices=["utf-8", "cp1252", "utf-16"],
        help=_("the encoding of a CSV file (default: decided from the file, refused if it is not clean)"),
    )
    p.set_defaults(handler=cmd_import_table)

    p = sub.add_parser("export-table", help=_("write a register to an Excel (.xlsx) or CSV file"))
    add_db_option(p)
    p.add_argument("register", choices=REGISTERS, help=_("the register to write"))
    p.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.csv", help=_("the file to write; its ending chooses Excel or CSV"))
    p.add_argument("--search", metavar=_("TEXT"), help=_("only the records this search finds"))
    p.set_defaults(handler=cmd_export_table)

    p = sub.add_parser(
        "export-cemr", help=_("write the partnerships in the categories of CEMR's partnership database (type, country, since) as .xlsx or .csv")
    )
    add_db_option(p)
    p.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.csv", help=_("the file to write; its ending chooses Excel or CSV"))
    p.add_argument("--type", choices=[t.value for t in PartnershipType], help=_("only partnerships of this type"))
    p.set_defaults(handler=cmd_export_cemr)

    p = sub.add_parser("export-iati", help=_("write the projects as IATI activity XML (version 2.03)"))
    add_db_option(p)
    p.add_argument("out", type=Path, metavar="OUT.xml", help=_("the IATI XML file to write"))
    p.add_argument("--reporting-org-ref", metavar="REF", help=_("IATI organisation identifier of the city"))
    p.set_defaults(handler=cmd_export_iati)

    p = sub.add_parser("export-ics", help=_("write activities and follow-up dates as a calendar file (.ics)"))
    add_db_option(p)
    p.add_argument("out", type=Path, metavar="OUT.ics", help=_("the calendar file to write"))
    p.set_defaults(handler=cmd_export_ics)

    p = sub.add_parser("participant-list", help=_("write an activity's participant list as an Excel file (.xlsx)"))
    add_db_option(p)
    p.add_argument("activity", metavar=_("ACTIVITY"), help=_("id or an unambiguous part of the title"))
    p.add_argument("out", type=Path, metavar="OUT.xlsx", help=_("the Excel file to write"))
    p.set_defaults(handler=cmd_participant_list)

    p = sub.add_parser("mail-merge", help=_("write an activity's participants as a mail-merge file with salutation lines (.csv)"))
    add_db_option(p)
    p.add_argument("activity", metavar=_("ACTIVITY"), help=_("id or an unambiguous part of the title"))
    p.add_argument("out", type=Path, metavar="OUT.csv", help=_("the mail-merge file to write"))
    p.set_defaults(handler=cmd_mail_merge)


def cmd_import_table(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.table_import import apply_import, preview_file

    with open_for_command(args) as db:
        preview = preview_file(
            db, args.file, args.into, mapping_file=args.mapping, sheet=args.sheet, ignore_columns=args.ignore_column,
            encoding=args.encoding, merge_similar=args.merge_similar,
        )
        for line in preview.column_lines():
            out(line)
        for line in preview.duplicate_lines():
            out(line)
        for line in preview.problem_lines(notes=args.dry_run):
            out(line)
        skipping = args.skip_bad_rows and not preview.blocked
        if preview.has_errors and not skipping:
            out(preview.summary())
            out(_("Nothing was imported."))
            return 1
        if args.dry_run:
            out(_("Dry run, nothing written: ") + preview.summary())
            if preview.has_errors:
                out(ngettext(
                    "With --skip-bad-rows {count} row would be left out.",
                    "With --skip-bad-rows {count} rows would be left out.",
                    preview.count("error"),
                ).format(count=preview.count("error")))
            return 0
        result = apply_import(db, preview, skip_invalid=skipping)
    for number, reasons in result.skipped:
        out(_("Row {row} left out: {reasons}").format(row=number, reasons="; ".join(reasons)))
    out(_("Imported into {register}: {summary}").format(register=args.into, summary=result.summary()))
    return 0


def cmd_export_table(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.table_export import export_table, register_records

    with open_for_command(args, check_pages=False) as db:  # only reads
        records = register_records(db, args.register, args.search)
        count = export_table(db, args.register, records, args.out)
    out(ngettext("Wrote {count} record to {name}.", "Wrote {count} records to {name}.", count).format(count=count, name=args.out))
    return 0


def cmd_export_cemr(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.cemr_statistics import export_cemr
    from partnerdesk.services.overview import OverviewFilter

    chosen = OverviewFilter(type=PartnershipType(args.type)) if args.type else None
    with open_for_command(args, check_pages=False) as db:  # only reads
        count = export_cemr(db, args.out, chosen)
    out(ngettext("Wrote {count} partnership to {name}.", "Wrote {count} partnerships to {name}.", count).format(
        count=count, name=args.out))
    return 0


def cmd_export_iati(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.iati import PLACEHOLDER_REF, export_iati, reporting_org

    with open_for_command(args, check_pages=False) as db:  # only reads
        report = export_iati(db, args.out, reporting_org_ref=args.reporting_org_ref)
        placeholder = reporting_org(db, args.reporting_org_ref).is_placeholder
    out(ngettext("Wrote {count} project to {name}.", "Wrote {count} projects to {name}.", report.written).format(
        count=report.written, name=args.out
    ))
    for title, reason in report.skipped:
        out(_("Left out “{title}”: {reason}").format(title=title, reason=reason))
    if placeholder:
        out(_("Note: the reporting organisation has the placeholder identifier {ref}; give the city's IATI identifier with --reporting-org-ref.").format(ref=PLACEHOLDER_REF))
    return 0


def cmd_export_ics(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.ics import export_ics

    with open_for_command(args, check_pages=False) as db:  # only reads
        count = export_ics(db, args.out)
    out(ngettext("Wrote {count} calendar entry to {name}.", "Wrote {count} calendar entries to {name}.", count).format(
        count=count, name=args.out
    ))
    return 0


def cmd_participant_list(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.participant_list import export_participant_list

    return _activity_file(args, export_participant_list, lambda n: ngettext(
        "Wrote {count} participant of “{title}” to {name}.", "Wrote {count} participants of “{title}” to {name}.", n))


def cmd_mail_merge(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.mail_merge import export_mail_merge

    return _activity_file(args, export_mail_merge, lambda n: ngettext(
        "Wrote {count} addressee of “{title}” to {name}.", "Wrote {count} addressees of “{title}” to {name}.", n))


def _activity_file(args: argparse.Namespace, export: Callable[[Any, str, Path], Any], wrote: Callable[[int], str]) -> int:
    """``export(db, activity_id, out)`` for the activity ``args.activity`` names; then how many were
    written and the report's lines (who was left out, by count)."""
    from partnerdesk.services import service_for

    with open_for_command(args, check_pages=False) as db:  # only reads
        activity = service_for(db, "activities").find(args.activity)
        report = export(db, activity.id, args.out)
    out(wrote(report.written).format(count=report.written, title=activity.display_name, name=args.out))
    for line in report.lines():
        out(line)
    return 0
