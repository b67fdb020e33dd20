"""``partnerdesk history``: who changed what, and when (the history of every change).

Without a record: the newest entries of the whole database; with one (an id or an
unambiguous part of a name, also of a deleted record): that record's history. One line per
changed field, in local time and German formats; ``--format csv`` and ``json`` give field
names and stored values for other programs. SQLAlchemy and the services are imported only
when the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.cli.terminal import table_lines, visible
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.i18n import _

if TYPE_CHECKING:
    from partnerdesk.domain.history import HistoryEntry

#: How many entries the command shows unless told otherwise.
DEFAULT_LIMIT = 200


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("history", help=_("show who changed what and when (the history of every change)"))
    add_db_option(p)
    p.add_argument("record", nargs="?", default=None, metavar=_("RECORD"),
                   help=_("id or an unambiguous part of the name (also of a deleted record); default: all records"))
    p.add_argument("--since", default=None, metavar=_("DATE"), help=_("from this day on (31.12.2026 or 2026-12-31)"))
    p.add_argument("--until", default=None, metavar=_("DATE"), help=_("up to and including this day"))
    p.add_argument("--user", default=None, metavar=_("NAME"), help=_("only changes by this user"))
    p.add_argument("--register", choices=list(KINDS_IN_DEPENDENCY_ORDER), default=None, help=_("only this register"))
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=_("at most this many entries, newest first (default: {count})").format(count=DEFAULT_LIMIT))
    p.add_argument(
        "--format", choices=["table", "csv", "json"], default="table",
        help=_("table: for reading, with column titles (default); csv, json: for other programs, with field names"),
    )
    p.add_argument("--restore", action="store_true",
                   help=_("restore the deleted RECORD (a name, an id or the number of its deletion) with its links"))
    p.set_defaults(handler=cmd_history)


def parse_day(text: str) -> date:
    """A day as 31.12.2026 or 2026-12-31; anything else (31.02.2026 too) is a UserError."""
    value = text.strip()
    try:
        if len(value.split(".")) == 3:
            day, month, year = (int(part) for part in value.split("."))
            if year >= 1000:
                return date(year, month, day)
        elif len(value) == 10 and value[4] == "-" and value[7] == "-":
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise UserError(_("“{value}” is not a date (for example 31.12.2026 or 2026-12-31)").format(value=visible(text[:60])))


def _local_start(day: date) -> datetime:
    """The first moment of ``day`` in this computer's time zone, as an aware datetime."""
    return datetime.combine(day, time.min).astimezone()


def cmd_history(args: argparse.Namespace) -> int:
    from partnerdesk.domain.history import HistoryFilter
    from partnerdesk.services.history import History

    if getattr(args, "restore", False):
        from partnerdesk.cli.history_restore_command import cmd_restore

        return cmd_restore(args)
    since = _local_start(parse_day(args.since)) if args.since else None
    until = _local_start(parse_day(args.until) + timedelta(days=1)) if args.until else None
    if since is not None and until is not None and since >= until:
        raise UserError(_("The period is empty: {since} is after {until}.").format(since=args.since, until=args.until))
    if args.limit < 1:
        raise UserError(_("“{value}” is not a number of entries (1, 2, 3, …).").format(value=args.limit))
    with open_for_command(args, check_pages=False) as db:  # only reads
        history = History(db)
        record = history.resolve(args.record, args.register) if args.record else None
        entries = history.search(
            HistoryFilter(user=args.user or None, since=since, until=until,
                          kinds=(args.register,) if args.register else (), record=record),
            limit=args.limit,
        )
        names = history.names({str(v) for e in entries for c in e.changes for v in _ids(c.field, c.old, c.new)})
    if args.format == "json":
        json.dump([_jsonable(e) for e in entries], sys.stdout, ensure_ascii=False, indent=1)
        out()
        return 0
    if args.format == "csv":
        from partnerdesk.cli import listing

        header = ["id", "at", "user", "register", "record_id", "record", "operation", "batch_id", "field", "old", "new"]
        sys.stdout.write(listing.csv_line(header) + "\n")
        for entry in entries:
            for field, old, new in _field_lines(entry) or [("", None, None)]:
                cells = [str(entry.id), entry.at.isoformat(), entry.actor, entry.kind, entry.record_id, entry.label,
                         entry.operation, entry.batch_id, field, _stored(old), _stored(new)]
                sys.stdout.write(listing.csv_line(cells) + "\n")
        return 0
    _print_table(entries, names)
    return 0


def _ids(field: str, *values: Any) -> list[str]:
    from partnerdesk.travel.labels import ID_FIELDS

    found: list[str] = []
    for value in values:
        if field in ID_FIELDS:
            found += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v]
        elif field == "participants" and isinstance(value, list):
            found += [p["organisation_id"] for p in value if isinstance(p, dict) and isinstance(p.get("organisation_id"), str)]
    return found


def _field_lines(entry: HistoryEntry) -> list[tuple[str, Any, Any]]:
    """The changed fields of a "changed" entry; other entries are one line without fields."""
    if entry.operation != "changed":
        return []
    return [(c.field, c.old, c.new) for c in entry.changes]


def _stored(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _jsonable(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "id": entry.id, "at": entry.at.isoformat(), "user": entry.actor, "batch_id": entry.batch_id,
        "register": entry.kind, "record_id": entry.record_id, "record": entry.label, "operation": entry.operation,
        "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in entry.changes],
    }


def _print_table(entries: list[HistoryEntry], names: dict[str, str]) -> None:
    from partnerdesk.services import history_text
    from partnerdesk.travel.labels import describe, field_label

    header = [_("When"), _("User"), _("Action"), _("Register"), _("Record"), _("Field"), _("Before"), _("After")]
    table: list[list[str]] = []

    def name_of(ident: str) -> str:
        return names.get(ident, ident)

    for entry in entries:
        start = [history_text.moment(entry.at), entry.actor, history_text.operation_label(entry.operation),
                 history_text.kind_label(entry.kind), entry.label]
        lines = _field_lines(entry)
        if not lines:
            table.append([*start, "", "", ""])
        for field, old, new in lines:
            table.append([*start, field_label(field), describe(entry.kind, field, old, name_of),
                          describe(entry.kind, field, new, name_of)])
    if not table:
        out(_("No changes recorded that match."))
        return
    table = [[visible(cell).replace("\n", " ⏎ ") for cell in row] for row in table]
    for line in table_lines(header, table, 40):
        out(line)
