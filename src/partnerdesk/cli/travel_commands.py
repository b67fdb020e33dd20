"""``partnerdesk travel checkout|diff|merge``: travel copies on the command line.

The passphrase never comes from an argument (it would show in the process list and
the shell history): ``--passphrase-file FILE``, the ``PARTNERDESK_PASSPHRASE``
environment variable, or a prompt on the terminal, in this order.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.cli.passphrases import read_passphrase
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _, ngettext, quoted

if TYPE_CHECKING:  # the travel code (SQLAlchemy, SQLCipher) is imported by the commands that run
    from partnerdesk.services.workspace import Database
    from partnerdesk.travel.plan import Conflict



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
    p.add_argument(
        "--partnership",
        action="append",
        metavar=_("NAME"),
        help=_("only this partnership with its projects, activities, organisations and contacts (repeatable)"),
    )
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

    from partnerdesk.cli import travel_copy_commands  # the register of travel copies (issue 22)

    travel_copy_commands.register(tsub)


def open_travel_file(path: Path, passphrase_file: Path | None = None) -> Database:
    from partnerdesk.services.workspace import Questions, Source, open_source

    def passphrase(_path: Path, problem: str) -> str:
        if problem:
            raise UserError(problem)
        return read_passphrase(passphrase_file)

    return open_source(Source("travel", str(path)), Questions(passphrase=passphrase))


# Commands ----------------------------------------------------------------------------------


def cmd_checkout(args: argparse.Namespace) -> int:
    from partnerdesk.travel import travelfile

    passphrase = None if args.no_encryption else read_passphrase(args.passphrase_file, confirm=True)
    with open_for_command(args) as db:  # copies the whole file anyway: the page check costs little beside it
        info = travelfile.checkout(db, args.out, passphrase, partnerships=args.partnership)
    out(_("Travel copy written: {name}").format(name=args.out))
    if info.subset:
        out(_("It holds only: {names}").format(names=", ".join(quoted(n) for n in info.subset)))
    if not info.personal_data:
        out(_("It holds no personal data of contacts (e-mail, phone, notes): your login may not see them."))
    if not info.writable:
        out(_("You may only read the office database: this copy can be read on the trip, but not changed "
              "or merged back."))
    if info.encrypted:
        out(_("It is encrypted; keep the passphrase separate from the laptop."))
    else:
        out(_("Warning: it is NOT encrypted. Anyone who gets the file can read all contacts."))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from partnerdesk.travel import apply, labels, rebase

    with open_for_command(args, check_pages=False) as office, open_travel_file(args.travel_file, args.passphrase_file) as travel:
        info, plan = apply.diff(office, travel)
        earlier = apply.merged_before(office, info)
        old_way = apply.merged_the_old_way(office, info)
    if old_way:
        out(_("This travel copy was merged on {when} already; merging it again changes nothing.").format(
            when=labels.local_time(old_way.get("merged_at", "?"))))
        return 0
    if earlier and rebase.nothing_new(plan):
        out(_("Nothing is new on this travel copy since its merge on {when}; merging it again changes "
              "nothing.").format(when=labels.local_time(earlier.get("merged_at", "?"))))
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
    from partnerdesk.travel import apply, travelfile

    with open_for_command(args) as office, open_travel_file(args.travel_file, args.passphrase_file) as travel:
        apply.check_may_merge(office, travelfile.read_info(travel))  # before any question: one line, exit 1
        decisions: dict[str, str] = {}
        if args.prefer is None:
            info, plan = apply.diff(office, travel)
            if plan.conflicts and not apply.merged_the_old_way(office, info):
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
