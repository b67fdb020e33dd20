"""``partnerdesk due``: what is due ("Anstehend"), as the window's start tab lists it."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _

#: The most days ahead anyone asks for (ten years); more is a typing mistake.
MAX_DAYS = 3660


def _days(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number of days: {text}").format(text=text[:40])) from None
    if not 0 <= value <= MAX_DAYS:
        raise argparse.ArgumentTypeError(_("the days must lie between 0 and {most}").format(most=MAX_DAYS))
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("due", help=_("list what is due: follow-ups (Wiedervorlagen), quiet partnerships, ..."))
    add_db_option(p)
    p.add_argument("--days", type=_days, default=30, metavar="N",
                   help=_("also what falls due in the next N days (default: 30); overdue items always show"))
    p.add_argument("--mine", action="store_true", help=_("only what I am responsible for (“me”: see --me)"))
    p.add_argument("--me", metavar=_("CONTACT"),
                   help=_("remember this contact (name or id, of a city unit) as “me” for this database"))
    p.add_argument("--json", action="store_true", help=_("JSON for other programs instead of lines for reading"))
    p.set_defaults(handler=cmd_due)


def cmd_due(args: argparse.Namespace) -> int:
    from partnerdesk.services import due, me
    from partnerdesk.services.records import ContactService
    from partnerdesk.services.responsible import check

    today = date.today()
    with open_for_command(args, check_pages=False) as db:
        if args.me is not None:
            contact = ContactService(db).find(args.me)
            with db.read() as session:
                check(session, contact, contact.id)
            me.choose(db, contact.id)
            out(_("“Me” for this database: {name}").format(name=contact.name))
        mine = None
        if args.mine:
            mine = me.me(db)
            if mine is None:
                raise UserError(_("Nobody is chosen as “me” for this database: choose yourself in the “Due” tab "
                                  "(“I am”) or with --me NAME."))
        items = due.due_list(db, today, within_days=args.days, responsible_id=mine)
        names = _names(db, {i.responsible_id for i in items if i.responsible_id})
    if args.json:
        json.dump([_jsonable(i, today, names) for i in items], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not items:
        out(_("Nothing is due."))
        return 0
    for item in items:
        who = f" [{names[item.responsible_id]}]" if item.responsible_id in names else ""
        out(f"{item.due_on:%d.%m.%Y}  {due.overdue_text(item, today)}  {item.source.label}: {item.text}"
            f"  ({item.record_title}){who}")
    return 0


def _names(db: Any, ids: set[str]) -> dict[str, str]:
    from partnerdesk.services.records import ContactService

    return {c.id: c.name for c in ContactService(db).get_many(sorted(ids))}


def _jsonable(item: Any, today: date, names: dict[str, str]) -> dict[str, Any]:
    return {
        "due_on": item.due_on.isoformat(), "overdue_days": max(0, item.days_overdue(today)),
        "source": item.source.value, "text": item.text, "register": item.record_kind, "record_id": item.record_id,
        "record_title": item.record_title, "responsible_id": item.responsible_id,
        "responsible": names.get(item.responsible_id or ""), "follow_up_id": item.item_id,
    }
