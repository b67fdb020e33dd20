"""``partnerdesk travel checkout|diff|merge``: travel copies on the command line.

The passphrase never comes from an argument (it would show in the process list and
the shell history): ``--passphrase-file FILE``, the ``PARTNERDESK_PASSPHRASE``
environment variable, or a prompt on the terminal, in this order.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _, ngettext, quoted

if TYPE_CHECKING:  # the travel code (SQLAlchemy, SQLCipher) is imported by the commands that run
    from partnerdesk.persistence.database import Database
    from partnerdesk.travel.plan import Conflict

PASSPHRASE_ENV = "PARTNERDESK_PASSPHRASE"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # No abbreviations: "--passphrase SECRET" must be refused, not taken for --passphrase-file.
    travel = sub.add_parser(
        "travel", help=_("travel copies for trips: check out, compare, merge back"), allow_abbrev=False
    )
    tsub = travel.add_subparsers(dest="travel_command", metavar=_("COMMAND"), required=True)

    p = tsub.add_parser("checkout", allow_abbrev=False, help=_("write an encrypted travel copy of the database"))
    add_db_option(p)
    p.add_argument("--out", type=Path, required=True, metavar="TRIP.pdtravel", help=_("the travel file to write"))
    p.add_argument("--no-encryption", action="store_true", help=_("write the travel copy unencrypted (not recommended)"))
    p.add_argument("--passphrase-file", type=Path, metavar=_("FILE"), help=_("read the passphrase from this file"))
    p.set_defaults(handler=cmd_checkout)

    p = tsub.add_parser("diff", allow_abbrev=False, help=_("show what merging a travel copy would do, without changing anything"))
    add_db_option(p)
    p.add_argument("travel_file", type=Path, metavar="TRIP.pdtravel", help=_("the travel copy brought back from the trip"))
    p.add_argument("--passphrase-file", type=Path, metavar=_("FILE"), help=_("read the passphrase from this file"))
    p.set_defaults(handler=cmd_diff)

    p = tsub.add_parser("merge", allow_abbrev=False, help=_("merge a travel copy into the database"))
    add_db_option(p)
    p.add_argument("travel_file", type=Path, metavar="TRIP.pdtravel", help=_("the travel copy brought back from the trip"))
    p.add_argument(
        "--prefer", choices=["office", "travel"], help=_("decide every conflict for the office or the travel copy")
    )
    p.add_argument("--passphrase-file", type=Path, metavar=_("FILE"), help=_("read the passphrase from this file"))
    p.set_defaults(handler=cmd_merge)


# Passphrases -------------------------------------------------------------------------------


def read_passphrase(passphrase_file: Path | None, *, confirm: bool = False) -> str:
    if passphrase_file is not None:
        try:
            text = passphrase_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(
                _("The passphrase file {name} cannot be read: {reason}").format(name=passphrase_file, reason=exc.strerror)
            ) from exc
        passphrase = text.rstrip("\r\n")
        if not passphrase:
            raise UserError(_("The passphrase file {name} is empty.").format(name=passphrase_file))
        return passphrase
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(
            _("A passphrase is needed: use --passphrase-file FILE or the environment variable {env}.").format(
                env=PASSPHRASE_ENV
            )
        )
    passphrase = getpass.getpass(_("Passphrase: "))
    if confirm:
        from partnerdesk.travel import travelfile

        travelfile.check_passphrase(passphrase)
        if getpass.getpass(_("Repeat the passphrase: ")) != passphrase:
            raise UserError(_("The two passphrases differ."))
    return passphrase


def open_travel_file(path: Path, passphrase_file: Path | None = None) -> Database:
    from partnerdesk.travel import travelfile

    if not path.exists():
        raise UserError(_("The travel copy {name} does not exist.").format(name=path))
    passphrase = read_passphrase(passphrase_file) if travelfile.needs_passphrase(path) else None
    return travelfile.open_travel(path, passphrase)


# Commands ----------------------------------------------------------------------------------


def cmd_checkout(args: argparse.Namespace) -> int:
    from partnerdesk.travel import travelfile

    passphrase = None if args.no_encryption else read_passphrase(args.passphrase_file, confirm=True)
    with open_for_command(args) as db:  # copies the whole file anyway: the page check costs little beside it
        info = travelfile.checkout(db, args.out, passphrase)
    out(_("Travel copy written: {name}").format(name=args.out))
    if info.encrypted:
        out(_("It is encrypted; keep the passphrase separate from the laptop."))
    else:
        out(_("Warning: it is NOT encrypted. Anyone who gets the file can read all contacts."))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from partnerdesk.travel import apply

    with open_for_command(args, check_pages=False) as office, open_travel_file(args.travel_file, args.passphrase_file) as travel:
        info, plan = apply.diff(office, travel)
        earlier = apply.merged_before(office, info)
    if earlier:
        out(_("This travel copy was merged on {when} already; merging it again changes nothing.").format(
            when=earlier.get("merged_at", "?")))
        return 0
    out(_("Records changed since the check-out: {office} in the office, {travel} on the travel copy.").format(
        office=plan.office_changes, travel=plan.travel_changes))
    labels_ = {"create": _("would be created"), "update": _("would be changed"), "delete": _("would be deleted")}
    from partnerdesk.travel import labels

    for rp in plan.records:
        if rp.action in labels_:
            fields = ", ".join(labels.field_label(f) for f in rp.from_travel) if rp.action == "update" else ""
            out(f"  {labels.kind_label(rp.kind)} {quoted(rp.name)} {labels_[rp.action]}" + (f" ({fields})" if fields else ""))
    _print_conflicts(plan.conflicts)
    for dup in plan.duplicates:
        out(_("Possible duplicate: {kind} “{name}” was created on both sides.").format(
            kind=labels.kind_label(dup.kind), name=dup.name))
    return 0


def _print_conflicts(conflicts: list[Conflict], stream: TextIO | None = None) -> None:
    from partnerdesk.travel.report import conflict_lines

    write = (lambda s: stream.write(s + "\n")) if stream else out
    write(_("Conflicts: {count}").format(count=len(conflicts)))
    for c in conflicts:
        for line in conflict_lines(c):
            write("  " + line)


def cmd_merge(args: argparse.Namespace) -> int:
    from partnerdesk.travel import apply

    with open_for_command(args) as office, open_travel_file(args.travel_file, args.passphrase_file) as travel:
        decisions: dict[str, str] = {}
        if args.prefer is None:
            info, plan = apply.diff(office, travel)
            if plan.conflicts and not apply.merged_before(office, info):
                if not sys.stdin or not sys.stdin.isatty():
                    _print_conflicts(plan.conflicts, sys.stderr)
                    raise UserError(
                        ngettext(
                            "The merge has {count} conflict and nothing was changed. Decide it with "
                            "--prefer office or --prefer travel, or merge in the window "
                            "(Reisekopie zusammenführen…).",
                            "The merge has {count} conflicts and nothing was changed. Decide them with "
                            "--prefer office or --prefer travel, or merge in the window "
                            "(Reisekopie zusammenführen…).",
                            len(plan.conflicts),
                        ).format(count=len(plan.conflicts))
                    )
                decisions = ask_decisions(plan.conflicts)
        report = apply.merge(office, travel, decisions=decisions, prefer=args.prefer)
    out(report.text())
    if report.report_file:
        out(_("Report kept in {path}").format(path=report.report_file))
    return 0


def ask_decisions(conflicts: list[Conflict]) -> dict[str, str]:
    """Ask on the terminal, one conflict after the other."""
    from partnerdesk.travel.report import conflict_lines

    decisions: dict[str, str] = {}
    everything: str | None = None
    for n, c in enumerate(conflicts, 1):
        if everything:
            decisions[c.key] = everything
            continue
        out(f"[{n}/{len(conflicts)}]")
        for line in conflict_lines(c):
            out("  " + line)
        while True:
            answer = input(
                _("1 = keep office, 2 = take travel copy, 3 = office for all, 4 = travel copy for all, 0 = cancel: ")
            ).strip()
            if answer in ("1", "2", "3", "4"):
                break
            if answer == "0":
                raise KeyboardInterrupt
        side = "office" if answer in ("1", "3") else "travel"
        decisions[c.key] = side
        if answer in ("3", "4"):
            everything = side
    return decisions
