"""``partnerdesk travel copies|lost|destroyed``: the register of travel copies."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.i18n import _


def register(tsub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = tsub.add_parser("copies", allow_abbrev=False,
                        help=_("list the travel copies checked out: who, when, which partnerships, encrypted, merged back"))
    add_db_option(p)
    p.add_argument("--out-only", action="store_true", help=_("only the copies still out"))
    p.add_argument("--json", action="store_true", help=_("JSON for other programs instead of lines for reading"))
    p.set_defaults(handler=cmd_copies)
    for name, helptext in (("lost", _("report a travel copy lost and list what it held (for the data-protection officer)")),
                           ("destroyed", _("record that a travel copy was destroyed (deleted from the laptop)"))):
        p = tsub.add_parser(name, allow_abbrev=False, help=helptext)
        add_db_option(p)
        p.add_argument("copy", metavar=_("COPY"), help=_("the copy: its id (or its first characters) or file name"))
        p.add_argument("--note", default="", metavar=_("TEXT"), help=_("what happened (optional)"))
        p.set_defaults(handler=cmd_declare, how=name)


def cmd_copies(args: argparse.Namespace) -> int:
    from partnerdesk.travel import register

    with open_for_command(args, check_pages=False) as db:
        found = register.copies(db)
    days = register.warn_days()
    today = date.today()
    if args.out_only:
        found = [c for c in found if c.out]
    if args.json:
        json.dump([{
            "checkout_id": c.checkout_id, "file": c.file_name, "checked_out_by": c.checked_out_by,
            "checked_out_at": c.checked_out_at.isoformat(), "encrypted": c.encrypted, "personal_data": c.personal_data,
            "partnerships": list(c.partnerships), "merged_at": c.merged_at.isoformat() if c.merged_at else None,
            "ended": c.ended_how or None, "ended_at": c.ended_at.isoformat() if c.ended_at else None,
            "overdue": c.is_overdue(today, days), "records": dict(c.counts),
        } for c in found], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not found:
        out(_("No travel copy is registered."))
        return 0
    for c in found:
        warn = "  " + _("OVERDUE") if c.is_overdue(today, days) else ""
        out(f"{c.checkout_id[:8]}  {c.checked_out_at.astimezone().strftime('%d.%m.%Y %H:%M')}  {c.checked_out_by}  "
            f"{c.encryption_text()}  {c.status_text()}{warn}")
        out("    " + _("File: {name}").format(name=c.file_name))
        out("    " + _("Holds: {scope}").format(scope=c.scope_text()))
    return 0


def cmd_declare(args: argparse.Namespace) -> int:
    from partnerdesk.services import retention
    from partnerdesk.travel import register

    with open_for_command(args, check_pages=False) as db:
        copy = register.declare(db, args.copy, args.how, retention.user_name(db), args.note)
        held = register.contents(db, copy.checkout_id) if args.how == register.LOST else []
    out(copy.status_text() + f": {copy.file_name}")
    if args.how == register.LOST:
        for line in register.lost_report(copy, held):
            out(line)
    return 0

