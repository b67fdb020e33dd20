"""``partnerdesk grants check`` and ``partnerdesk grants pack``: the grants' warnings and the
proof-of-use pack on the command line (issue 23).

Both read the grants through ``services.grants`` (``load_grants`` via ``services.grant_pack``, the register's mapping to
``domain.grants.Grant``); ``check`` runs every rule of ``domain.grants.check`` on every grant.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.cli.history_commands import parse_day
from partnerdesk.i18n import _, ngettext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    grants = sub.add_parser("grants", help=_("grants received: check their conditions, write the proof-of-use pack"))
    actions = grants.add_subparsers(dest="grants_command", metavar=_("COMMAND"), required=True)

    check = actions.add_parser("check", help=_("warn of every grant condition at risk (six weeks, own share, proofs, ...)"))
    add_db_option(check)
    check.add_argument("--today", default=None, metavar=_("DATE"),
                       help=_("check as on this day (31.12.2026 or 2026-12-31; default: today)"))
    check.add_argument("--json", action="store_true", help=_("JSON for other programs instead of lines for reading"))
    check.set_defaults(handler=cmd_check)

    pack = actions.add_parser("pack", help=_("write the proof-of-use pack of a grant for a period"))
    add_db_option(pack)
    pack.add_argument("grant", metavar=_("GRANT"), help=_("the grant: its file reference, title or id"))
    pack.add_argument("--from", dest="start", required=True, metavar=_("DATE"),
                      help=_("first day of the reporting period (31.12.2026 or 2026-12-31)"))
    pack.add_argument("--until", dest="end", required=True, metavar=_("DATE"),
                      help=_("last day of the reporting period"))
    pack.add_argument("--out", required=True, type=Path, metavar=_("FOLDER"),
                      help=_("the folder the pack is written to (created if missing)"))
    pack.set_defaults(handler=cmd_pack)


def cmd_check(args: argparse.Namespace) -> int:
    from partnerdesk.domain.grants import check
    from partnerdesk.services.grant_pack import load_grants
    from partnerdesk.startup import collection_paused

    today = parse_day(args.today) if args.today else date.today()
    with open_for_command(args, check_pages=False) as db, collection_paused():
        grants = load_grants(db)
        warnings = [w for g in grants for w in check(g, today)]  # thousands of acyclic records
    if args.json:
        json.dump([_jsonable(w) for w in warnings], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif not warnings:
        out(ngettext("No warnings for {count} grant.", "No warnings for {count} grants.", len(grants)).format(
            count=len(grants)))
    else:
        out("\n".join(f"{warning.rule.label}: {warning.message}" for warning in warnings))  # one write
        out(ngettext("{count} warning.", "{count} warnings.", len(warnings)).format(count=len(warnings)))
    return 0


def _jsonable(warning: Any) -> dict[str, Any]:
    return {
        "grant_id": warning.grant_id,
        "grant": warning.grant_label,
        "rule": warning.rule.value,
        "message": warning.message,
        "subject_id": warning.subject_id,
        "figures": {name: value if isinstance(value, int | str) else str(value) for name, value in warning.figures},
    }


def cmd_pack(args: argparse.Namespace) -> int:
    from partnerdesk.services.grant_pack import find_grant, load_grants, write_grant_pack

    start, end = parse_day(args.start), parse_day(args.end)
    with open_for_command(args, check_pages=False) as db:
        grant = find_grant(load_grants(db), args.grant)
        written = write_grant_pack(db, grant, start, end, args.out)
    for path in written:
        out(_("Written: {path}").format(path=path))
    return 0
