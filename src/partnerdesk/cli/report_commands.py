"""``partnerdesk report annual --year 2026 --out FILE``: the annual report as PDF or Word.

ReportLab, python-docx and SQLAlchemy load only when the command runs (start-up cost test).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.domain.enums import PartnershipType
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help=_("reports for the council and the mayor's office"), allow_abbrev=False)
    rsub = report.add_subparsers(dest="report_command", metavar=_("COMMAND"), required=True)
    p = rsub.add_parser(
        "annual", allow_abbrev=False,
        help=_("the annual report (partnerships, activities, projects, SDGs, decisions) as PDF or Word"),
    )
    add_db_option(p)
    p.add_argument("--year", required=True, metavar=_("YEAR"), help=_("the year reported on, e.g. 2026"))
    p.add_argument("--out", type=Path, required=True, metavar="OUT.pdf",
                   help=_("file to write: .docx for Word, otherwise PDF"))
    p.add_argument("--type", dest="partnership_type", choices=PartnershipType.values(), default="",
                   help=_("only partnerships of this type (and their projects)"))
    p.add_argument("--unit", default="", metavar=_("UNIT"),
                   help=_("only what this unit of the city is responsible for (name or id of the organisation)"))
    p.add_argument("--author", default="", metavar=_("NAME"), help=_("author named in the document's properties"))
    p.add_argument(
        "--templates", type=Path, action="append", default=[], metavar=_("FOLDER"),
        help=_("folder with the office's own wording (FOLDER/annual_report/de/texts.txt); may be repeated"),
    )
    p.set_defaults(handler=cmd_annual)


def cmd_annual(args: argparse.Namespace) -> int:
    from partnerdesk.documents.annual_report import format_of, write_annual_report
    from partnerdesk.documents.annual_report.texts import load_texts
    from partnerdesk.services.annual_report import checked_year, collect
    from partnerdesk.services.annual_report_data import ReportFilter
    from partnerdesk.services.records import OrganisationService

    year = checked_year(args.year)
    for folder in args.templates:
        if not folder.is_dir():
            raise UserError(_("The template folder {folder} does not exist.").format(folder=folder))
    load_texts(args.templates)  # a mistake in the wording is said before the database is read
    db = open_for_command(args, check_pages=False)  # only reads
    try:
        unit = OrganisationService(db).find(args.unit) if args.unit.strip() else None
        chosen = ReportFilter(args.partnership_type, unit.id if unit else "", unit.name if unit else "")
        data = collect(db, year, chosen)
    finally:
        db.close()
    path, _content = write_annual_report(data, args.out, format_of(args.out), author=args.author, templates=args.templates)
    out(_("Annual report {year} written to {path}.").format(year=year, path=path))
    for gap in data.missing:
        out(_("Missing: {gap}").format(gap=gap))
    return 0
