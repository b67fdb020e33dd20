"""``partnerdesk privacy``: a person's data on request (Art. 15 GDPR) and the restriction of
processing (Art. 18), as the window's "Datenschutz" menu offers them."""

from __future__ import annotations

import argparse
from pathlib import Path

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.i18n import _, ngettext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    privacy = sub.add_parser("privacy", help=_("data protection: a person's data on request, restriction of processing"),
                             allow_abbrev=False)
    psub = privacy.add_subparsers(dest="privacy_command", metavar=_("COMMAND"), required=True)

    p = psub.add_parser("export", allow_abbrev=False,
                        help=_("write everything held about a person (Art. 15 GDPR): PDF for the person, JSON for the file"))
    add_db_option(p)
    p.add_argument("person", metavar=_("PERSON"), help=_("the contact's name, e-mail address or id"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the file to write (.pdf or .json)"))
    p.add_argument("--format", choices=("pdf", "json"), help=_("pdf or json (default: from the file's extension)"))
    p.set_defaults(handler=cmd_export)

    p = psub.add_parser("restrict", allow_abbrev=False,
                        help=_("restrict the processing of a person's data (Art. 18 GDPR), or lift it with --lift"))
    add_db_option(p)
    p.add_argument("person", metavar=_("PERSON"), help=_("the contact's name, e-mail address or id"))
    p.add_argument("--lift", action="store_true", help=_("lift the restriction"))
    p.set_defaults(handler=cmd_restrict)


def cmd_export(args: argparse.Namespace) -> int:
    from partnerdesk.exchange.privacy_export import export_format, export_person_data
    from partnerdesk.services.privacy_people import find_people

    export_format(args.out, args.format)  # a wrong format is refused before the database is opened
    with open_for_command(args, check_pages=False) as db:
        people = find_people(db, args.person)
        reports = export_person_data(db, people, args.out, fmt=args.format, request=args.person)
    mentions = sum(len(r.mentions) for r in reports)
    out(ngettext("Written: {file} (about {count} contact record).", "Written: {file} (about {count} contact records).",
                 len(reports)).format(file=args.out, count=len(reports)))
    if mentions:
        out(ngettext("{count} mention in free text was found by name or e-mail: please check it before sending.",
                     "{count} mentions in free text were found by name or e-mail: please check them before sending.",
                     mentions).format(count=mentions))
    return 0


def cmd_restrict(args: argparse.Namespace) -> int:
    from partnerdesk.services.privacy_people import find_people
    from partnerdesk.services.restriction import set_restricted

    with open_for_command(args) as db:
        people = find_people(db, args.person)
        saved = set_restricted(db, [p.id for p in people], not args.lift)
    for contact in saved:
        out((_("Processing restricted: {name}") if contact.processing_restricted
             else _("Restriction lifted: {name}")).format(name=contact.display_name))
    return 0
