"""``partnerdesk privacy reviews|keep|record``: retention reviews and the Art. 30 record.

(The other commands of ``privacy`` come from the other modules of the GDPR work; whichever
module is imported first makes the group, the others add to it.)
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.i18n import _, ngettext


def privacy_group(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The sub-commands of ``partnerdesk privacy`` (made here if no other module made them)."""
    parser = sub.choices.get("privacy")
    if parser is None:
        parser = sub.add_parser("privacy", help=_("data protection: reviews, the record of processing, a person's data"),
                                allow_abbrev=False)
        parser.add_subparsers(dest="privacy_command", metavar=_("COMMAND"), required=True)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise AssertionError("privacy has no sub-commands")  # pragma: no cover


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    psub = privacy_group(sub)
    p = psub.add_parser("reviews", allow_abbrev=False,
                        help=_("list the contacts due for review by their legal basis's retention rule"))
    add_db_option(p)
    p.add_argument("--json", action="store_true", help=_("JSON for other programs instead of lines for reading"))
    p.set_defaults(handler=cmd_reviews)

    p = psub.add_parser("keep", allow_abbrev=False,
                        help=_("keep a contact due for review, with a reason (recorded with date and user)"))
    add_db_option(p)
    p.add_argument("contact", metavar=_("CONTACT"), help=_("the contact (name or id)"))
    p.add_argument("--reason", required=True, metavar=_("TEXT"), help=_("why the contact is still needed"))
    p.set_defaults(handler=cmd_keep)

    p = psub.add_parser("record", allow_abbrev=False,
                        help=_("write the record of processing activities (Art. 30 GDPR) as PDF or Word"))
    add_db_option(p)
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE.pdf|FILE.docx"), help=_("the file to write"))
    p.add_argument("--controller", metavar=_("NAME"),
                   help=_("the controller (default: the office's name of the letterhead settings)"))
    p.add_argument("--controller-address", action="append", default=None, metavar=_("LINE"),
                   help=_("an address line of the controller; may be repeated (default: the letterhead settings)"))
    p.add_argument("--author", default="", metavar=_("NAME"), help=_("author in the file's properties"))
    p.set_defaults(handler=cmd_record)


def cmd_reviews(args: argparse.Namespace) -> int:
    from partnerdesk.services import retention

    with open_for_command(args, check_pages=False) as db:
        due = retention.reviews_due(db, date.today())
    if args.json:
        json.dump([{"contact_id": r.contact_id, "name": r.name, "legal_basis": r.basis.value if r.basis else None,
                    "due_on": r.due_on.isoformat(), "why": r.why(),
                    "last_kept_on": r.last_kept_on.isoformat() if r.last_kept_on else None} for r in due],
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not due:
        out(_("No contact is due for review."))
        return 0
    out(ngettext("{n} contact is due for review:", "{n} contacts are due for review:", len(due)).format(n=len(due)))
    for r in due:
        out(f"  {r.due_on.strftime('%d.%m.%Y')}  {r.name}  ({r.contact_id[:8]}): {r.why()}")
    return 0


def cmd_keep(args: argparse.Namespace) -> int:
    from partnerdesk.services import retention
    from partnerdesk.services.records import ContactService

    with open_for_command(args, check_pages=False) as db:
        contact = ContactService(db).find(args.contact)
        review = retention.keep(db, contact.id, args.reason)
    out(_("Kept: {name} (recorded on {date} for {user}).").format(
        name=contact.display_name, date=review.decided_on.strftime("%d.%m.%Y"), user=review.decided_by))
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from partnerdesk.documents import processing_record as document
    from partnerdesk.services import processing_record

    settings = processing_record.controller_from_settings()
    controller = processing_record.Controller(
        (args.controller if args.controller is not None else settings.name).strip(),
        tuple(line.strip() for line in args.controller_address if line.strip())
        if args.controller_address is not None else settings.address,
    )
    if suffix_problem := _suffix_problem(args.out):
        from partnerdesk.domain.errors import UserError

        raise UserError(suffix_problem)
    with open_for_command(args, check_pages=False) as db:
        record = processing_record.gather(db, controller, processing_record.current_rules(), date.today())
    written = document.write(record, args.out, author=args.author)
    out(_("Record of processing activities written: {name}").format(name=written))
    return 0


def _suffix_problem(path: Path) -> str | None:
    if path.suffix.lower() in (".pdf", ".docx"):
        return None
    return _("The record of processing activities is written as .pdf or .docx, not “{name}”.").format(name=path.name)
