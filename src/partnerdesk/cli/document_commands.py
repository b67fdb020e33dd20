"""``partnerdesk mou`` and ``partnerdesk sheet``: PDF documents from the command line.

ReportLab and the document builders are imported only when a command runs, so
the other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from partnerdesk.cli.common import open_for_command, out
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _, current_language, ngettext, set_language

if TYPE_CHECKING:
    from partnerdesk.documents.coverage import MissingGlyphs

MOU_LANGUAGES = ("de", "en", "fr", "ro", "ar")
MOU_FIRST_LANGUAGES = ("de", "en")
MOU_DIGITS = ("latin", "arabic")
SHEET_LANGUAGES = ("de", "en", "fr")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("“{text}” is not a date of the form YYYY-MM-DD").format(text=text)) from exc


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("“{text}” is not a draft number (1, 2, 3, …)").format(text=text))
    return value


def _db_option(parser: argparse.ArgumentParser) -> None:
    # Like common.add_db_option, but without --lang: here --lang names the document's language.
    parser.add_argument(
        "--db", metavar=_("FILE"), type=Path, default=argparse.SUPPRESS,
        help=_("database file (default: the per-user database; PARTNERDESK_DB overrides)"),
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("mou", help=_("write an MoU draft for a partnership as PDF or Word document"))
    _db_option(p)
    p.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("id or an unambiguous part of the title"))
    p.add_argument(
        "--lang", dest="document_language", choices=MOU_LANGUAGES, default=None,
        help=_("partner's language beside German (de = German only; default: the partner's language)"),
    )
    p.add_argument(
        "--first-lang", dest="first_language", choices=MOU_FIRST_LANGUAGES, default="de",
        help=_("language of the left column: de (default) or en, e.g. English and Arabic with --lang ar --first-lang en"),
    )
    p.add_argument(
        "--digits", choices=MOU_DIGITS, default="latin",
        help=_("numbers in the Arabic text: latin (0123, default) or arabic (Arabic-Indic digits)"),
    )
    p.add_argument("--out", type=Path, required=True, metavar="OUT.pdf", help=_("PDF or Word file to write"))
    p.add_argument(
        "--format", dest="document_format", choices=("pdf", "docx"), default=None,
        help=_("pdf, or docx for Word with tracked changes on (default: from the file name, else pdf)"),
    )
    version = p.add_mutually_exclusive_group()
    version.add_argument(
        "--draft", type=_positive, default=None, metavar="N",
        help=_("draft number (default: the next after the drafts recorded for the partnership)"),
    )
    version.add_argument("--final", action="store_true", help=_("final version without the draft watermark"))
    p.add_argument("--date", type=_date, default=None, metavar=_("YYYY-MM-DD"), help=_("date printed on the document (default: today)"))
    p.add_argument("--author", default="", metavar=_("NAME"), help=_("author named in the PDF's properties"))
    p.add_argument(
        "--deputy", default=None, metavar=_("NAME"),
        help=_("sign “In Vertretung”: a contact of the city's own units (name or part of it) instead of the mayor"),
    )
    p.add_argument(
        "--with-contact", dest="with_contacts", action="append", default=[], metavar=_("NAME"),
        help=_("print this contact's name, e-mail and phone (only with a legal basis recorded); may be repeated"),
    )
    p.add_argument(
        "--templates", type=Path, action="append", default=[], metavar=_("FOLDER"),
        help=_("folder with the office's own templates (layout: FOLDER/mou/<lang>/…); may be repeated"),
    )
    p.add_argument(
        "--with", dest="with_clauses", action="append", default=[], metavar=_("CLAUSE"),
        help=_("include a clause that is off by default (e.g. contacts, climate_programme); may be repeated"),
    )
    p.add_argument(
        "--without", dest="without_clauses", action="append", default=[], metavar=_("CLAUSE"),
        help=_("leave a clause out (e.g. council_decision, data_protection); may be repeated"),
    )
    p.add_argument(
        "--equal-versions", action="store_true",
        help=_("the language clause adds “Beide Fassungen sind gleichermaßen maßgeblich”"),
    )
    p.set_defaults(handler=cmd_mou)

    p = sub.add_parser("sheet", help=_("write project sheets (one page per project) as PDF"))
    _db_option(p)
    p.add_argument("projects", nargs="*", metavar=_("PROJECT"), help=_("id or an unambiguous part of the title"))
    p.add_argument("--all", action="store_true", help=_("all projects"))
    p.add_argument("--out", type=Path, required=True, metavar="OUT.pdf", help=_("PDF file to write"))
    p.add_argument("--author", default="", metavar=_("NAME"), help=_("author named in the PDF's properties"))
    p.add_argument(
        "--lang", dest="document_language", choices=SHEET_LANGUAGES, default="de",
        help=_("language of the sheets: de (default), en or fr"),
    )
    p.add_argument("--letterhead-name", default="", metavar=_("NAME"),
                   help=_("the office's name at the top of each sheet (letterhead)"))
    p.add_argument("--letterhead-address", action="append", default=[], metavar=_("LINE"),
                   help=_("an address line of the letterhead; may be repeated"))
    p.add_argument("--logo", type=Path, default=None, metavar=_("FILE"),
                   help=_("logo for the letterhead (PNG, JPEG or GIF)"))
    p.set_defaults(handler=cmd_sheet)


def _restore_message_language(args: argparse.Namespace) -> None:
    # main() read "--lang en" as the language of messages; for these commands it is
    # the document's language, so messages follow PARTNERDESK_LANG or German again.
    wanted = (getattr(args, "lang", None) or os.environ.get("PARTNERDESK_LANG") or "de").split("_")[0].lower()
    if wanted != current_language():
        set_language(getattr(args, "lang", None))


def _default_language(partner_languages: list[str]) -> str:
    return next((code for code in partner_languages if code in MOU_LANGUAGES and code != "de"), "de")


def warn_missing_glyphs(missing: list[MissingGlyphs]) -> None:
    """Characters no bundled font has: the PDF is written, stderr names record and field."""
    for gap in missing:
        sys.stderr.write(_("partnerdesk: warning: {message}").format(message=gap.message()) + "\n")


def _clause_choices(with_clauses: list[str], without_clauses: list[str]) -> dict[str, bool]:
    both = sorted(set(with_clauses) & set(without_clauses))
    if both:
        raise UserError(_("The clause “{name}” is given with --with and --without.").format(name=both[0]))
    return {**{name: True for name in with_clauses}, **{name: False for name in without_clauses}}


def cmd_mou(args: argparse.Namespace) -> int:
    _restore_message_language(args)
    from partnerdesk.documents.mou.builder import MouOptions
    from partnerdesk.documents.mou.data import find_contact, load_mou_data
    from partnerdesk.documents.mou.output import mou_build, mou_missing_glyphs
    from partnerdesk.services.generated_documents import next_draft, write_recorded
    from partnerdesk.services.records import PartnershipService

    fmt = args.document_format or ("docx" if args.out.suffix.lower() == ".docx" else "pdf")
    db = open_for_command(args, check_pages=False)
    try:
        partnership = PartnershipService(db).find(args.partnership)
        data = load_mou_data(db, partnership)
        deputy = find_contact(data.deputy_candidates, args.deputy, "--deputy") if args.deputy else None
        chosen = [*data.home_contacts, *data.partner_contacts]
        personal = frozenset(find_contact(chosen, name, "--with-contact").id for name in args.with_contacts)
        language = args.document_language or _default_language(
            data.partner.organisation.languages if data.partner.organisation else []
        )
        options = MouOptions(
            language=language,
            first_language=args.first_language,
            digits=args.digits,
            draft=None if args.final else (args.draft or next_draft(db, partnership.id)),
            on=args.date or date.today(),
            author=args.author,
            template_dirs=list(args.templates),
            clauses=_clause_choices(args.with_clauses, args.without_clauses),
            equal_versions=args.equal_versions,
            deputy_id=deputy.id if deputy else None,
            personal_contacts=personal,
        )
        path = write_recorded(
            db, args.out, mou_build(data, options, fmt), partnership_id=partnership.id, fmt=fmt,
            draft=options.draft, languages=options.languages, on=options.on,
        )
    finally:
        db.close()
    warn_missing_glyphs(mou_missing_glyphs(data, fmt))
    if options.draft is not None:  # a final version with gaps was refused before this
        from partnerdesk.documents.mou.content import untranslated
        from partnerdesk.documents.mou.untranslated import messages

        for message in messages(untranslated(data, options.languages)):
            sys.stderr.write(_("partnerdesk: warning: {message}").format(message=message) + "\n")
    out(_("MoU for “{title}” written to {path}.").format(title=partnership.title, path=path))
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    _restore_message_language(args)
    from partnerdesk.documents.letterhead import Letterhead
    from partnerdesk.documents.project_sheet import SheetOptions, build_sheets
    from partnerdesk.documents.project_sheet_data import load_sheet_data
    from partnerdesk.services.records import ProjectService

    if bool(args.projects) == bool(args.all):
        raise UserError(_("Name one or more projects, or give --all (not both)."))
    letterhead = Letterhead(
        args.letterhead_name.strip(), tuple(line.strip() for line in args.letterhead_address if line.strip()), args.logo,
    )
    options = SheetOptions(author=args.author, language=args.document_language, letterhead=letterhead)
    options.check()  # a logo that is no image: refused before the database is opened
    db = open_for_command(args, check_pages=False)  # only reads
    try:
        ids = None if args.all else list(dict.fromkeys(ProjectService(db).find(name).id for name in args.projects))
        data = load_sheet_data(db, ids)
        if not data.projects:
            raise UserError(_("There are no projects to print."))
        written = build_sheets(data, args.out, options)
    finally:
        db.close()
    path = written.path
    warn_missing_glyphs(written.missing)
    out(ngettext("{count} project sheet written to {path}.", "{count} project sheets written to {path}.", len(data.projects)).format(
        count=len(data.projects), path=path
    ))
    return 0
