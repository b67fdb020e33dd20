"""``partnerdesk grants check``, ``partnerdesk grants pack`` and ``partnerdesk grants expenses
import``: the grants' warnings, the proof-of-use pack and the finance system's expenses on the
command line (issue 23).

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

    expenses = actions.add_parser("expenses", help=_("the expenses of a grant: import them from the finance system"))
    expense_actions = expenses.add_subparsers(dest="expenses_command", metavar=_("COMMAND"), required=True)
    imp = expense_actions.add_parser(
        "import", help=_("add a grant's expenses from the finance system's export (CSV or .xlsx; all or nothing)"))
    add_db_option(imp)
    imp.add_argument("grant", metavar=_("GRANT"), help=_("the grant: its file reference, title or id"))
    imp.add_argument("file", type=Path, metavar="IN.xlsx|IN.csv", help=_("the finance system's export"))
    imp.add_argument("--mapping", type=Path, metavar="MAP.json", help=_("JSON object: column header -> field (null ignores it)"))
    imp.add_argument("--sheet", metavar=_("NAME"), help=_("the sheet of the workbook (default: the first)"))
    imp.add_argument(
        "--ignore-column", action="append", default=[], metavar=_("NAME"),
        help=_("leave this column out (its header or its letter); may be given several times"),
    )
    imp.add_argument(
        "--encoding", choices=["utf-8", "cp1252", "utf-16"],
        help=_("the encoding of a CSV file (default: decided from the file, refused if it is not clean)"),
    )
    imp.add_argument("--dry-run", action="store_true", help=_("only show the preview and its problems"))
    imp.set_defaults(handler=cmd_import_expenses)


def cmd_check(args: argparse.Namespace) -> int:
    from partnerdesk.services.grants import load_grants
    from partnerdesk.startup import collection_paused

    today = parse_day(args.today) if args.today else date.today()
    # The grants and warnings (200,000 objects for 500 grants) hold no cycles: made, printed and
    # freed again with the collector paused, it has nothing left to walk when it resumes. Paused
    # after opening: the open resumes collecting for the command's work (``startup.settled``).
    with open_for_command(args, check_pages=False) as db, collection_paused():
        return _report(args, load_grants(db, summed=True), today)  # the receipts summed by the database


def _report(args: argparse.Namespace, grants: list[Any], today: date) -> int:
    from partnerdesk.domain.grants import GrantRule, check

    warnings = [w for g in grants for w in check(g, today)]
    if args.json:
        json.dump([_jsonable(w) for w in warnings], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif not warnings:
        out(ngettext("No warnings for {count} grant.", "No warnings for {count} grants.", len(grants)).format(
            count=len(grants)))
    else:
        labels = {rule: rule.label for rule in GrantRule}  # looked up once, not for each of thousands
        out("\n".join(f"{labels[warning.rule]}: {warning.message}" for warning in warnings))  # one write
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


def cmd_import_expenses(args: argparse.Namespace) -> int:
    """The window's "Ausgaben dieser Zuwendung" import on the command line: the same preview and
    checks (``exchange.expense_import``), every bad line named, nothing saved while one is bad."""
    from partnerdesk.exchange.expense_import import apply_expenses, preview_expenses_file
    from partnerdesk.services.grant_pack import find_grant, load_grants

    with open_for_command(args) as db:
        grant = find_grant(load_grants(db), args.grant)
        preview = preview_expenses_file(db, args.file, grant.id, mapping_file=args.mapping, sheet=args.sheet,
                                        ignore_columns=args.ignore_column, encoding=args.encoding)
        for line in [*preview.column_lines(), *preview.problem_lines(notes=args.dry_run)]:
            out(line)
        if preview.has_errors:
            out(preview.summary())
            out(_("Nothing was imported."))
            return 1
        if args.dry_run:
            out(_("Dry run, nothing written: ") + preview.summary())
            return 0
        result = apply_expenses(db, preview)
    out(result.summary())
    return 0
