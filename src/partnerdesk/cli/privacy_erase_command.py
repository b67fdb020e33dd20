"""``partnerdesk privacy erase``: erasing a person with proof (issue 22).

``privacy erase PERSON``: erasure with proof (GDPR Art. 17). Without ``--yes`` it only shows
what would happen (the links removed, the partnerships left without a contact, the free-text
mentions with their keys, the history entries, the backups and merge reports that still hold
the person) and changes nothing. With ``--yes`` and ``--reason`` it erases, in one transaction;
``--blank-mentions`` blanks the listed mentions (their keys, or ``all``); ``--purge-backups``
then rewrites (``--backups rewrite``, the default) or deletes (``--backups delete``) every backup
and merge report that still holds the person. SQLAlchemy and the services are imported only
when the command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from partnerdesk.cli.common import add_db_option, open_for_command, out
from partnerdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from partnerdesk.services.privacy_backups import HeldCopy
    from partnerdesk.services.privacy_erase import ErasurePlan


def _privacy_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse._SubParsersAction[Any]:
    """The sub-commands of ``partnerdesk privacy``: made here, or found where the Auskunft's
    module (registered before this one) made them."""
    existing = sub.choices.get("privacy")
    if existing is not None:
        for action in existing._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
    p = sub.add_parser("privacy", help=_("data protection: erase a person with proof"), allow_abbrev=False)
    return p.add_subparsers(dest="privacy_command", metavar=_("COMMAND"), required=True)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    privacy = _privacy_commands(sub)
    e = privacy.add_parser("erase", allow_abbrev=False,
                           help=_("erase a person everywhere, with a deletion log entry (GDPR Art. 17)"))
    add_db_option(e)
    e.add_argument("person", metavar=_("PERSON"), help=_("the contact: its id, e-mail or an unambiguous part of its name"))
    e.add_argument("--reason", default="", metavar=_("TEXT"),
                   help=_("the legal reason, for the deletion log (for example “Art. 17 Abs. 1 lit. a DSGVO”)"))
    e.add_argument("--blank-mentions", default="", metavar=_("KEYS"),
                   help=_("blank these free-text mentions (their keys from the preview, separated by commas, or “all”)"))
    e.add_argument("--purge-backups", action="store_true",
                   help=_("afterwards rewrite or delete every backup and merge report that still holds the person"))
    e.add_argument("--backups", choices=["rewrite", "delete"], default="rewrite",
                   help=_("with --purge-backups: rewrite the copies without the person (default) or delete them"))
    e.add_argument("--even-if-only-contact", action="store_true",
                   help=_("erase also when the person is the only contact of a partnership"))
    e.add_argument("--yes", action="store_true", help=_("erase; without it only the preview is shown"))
    e.set_defaults(handler=cmd_erase)


def cmd_erase(args: argparse.Namespace) -> int:
    from partnerdesk.services import privacy_backups
    from partnerdesk.services import privacy_erase as pe
    from partnerdesk.services.history_writer import system_user

    db = open_for_command(args)
    try:
        contact_id = pe.find_person(db, args.person)
        plan = pe.plan_erasure(db, contact_id)
        person = pe.person_of(db, contact_id)
        copies = privacy_backups.copies_holding(db, person)
        keys = [k.strip() for k in args.blank_mentions.split(",") if k.strip()]
        blank = [m.key for m in plan.mentions] if keys == ["all"] else keys
        out(_("Erasure with proof: {name} ({id})").format(name=plan.label, id=contact_id))
        _preview(plan, copies)
        if not args.yes:
            out()
            out(_("Nothing was erased. To erase: --yes with --reason (and --blank-mentions, --purge-backups as wanted)."))
            return 0
        result = pe.erase_person(db, contact_id, reason=args.reason, blank=blank,
                                 proceed_if_only_contact=args.even_if_only_contact, backups_holding=len(copies))
        out()
        out(_("Erased. Deletion log entry no. {number}.").format(number=result.log_id))
        if copies and args.purge_backups:
            done = privacy_backups.purge(copies, person, args.backups, pe.value_erasure_text(system_user()))
            out(ngettext("{count} backup or merge report purged.", "{count} backups and merge reports purged.",
                         len(done)).format(count=len(done)))
        elif copies:
            out(ngettext("{count} backup or merge report still holds the person (--purge-backups).",
                         "{count} backups and merge reports still hold the person (--purge-backups).",
                         len(copies)).format(count=len(copies)))
        return 0
    finally:
        db.close()


def _preview(plan: ErasurePlan, copies: list[HeldCopy]) -> None:
    from partnerdesk.services.privacy_texts import mention_text, unlink_text

    out(ngettext("{count} link will be removed:", "{count} links will be removed:", len(plan.unlinks)).format(
        count=len(plan.unlinks)))
    for u in plan.unlinks:
        out(f"  {unlink_text(u)}")
    if plan.only_contact_of:
        out(ngettext("The person is the only contact of this partnership:",
                     "The person is the only contact of these partnerships:", len(plan.only_contact_of)))
        for title in plan.only_contact_of:
            out(f"  {title}")
    out(ngettext("{count} free-text mention (a guess; blanked only if listed in --blank-mentions):",
                 "{count} free-text mentions (guesses; blanked only if listed in --blank-mentions):",
                 len(plan.mentions)).format(count=len(plan.mentions)))
    for m in plan.mentions:
        out(f"  [{m.key}] {mention_text(m)}")
    out(ngettext("{count} history entry of the person will read “Record erased on … by …”.",
                 "{count} history entries of the person will read “Record erased on … by …”.",
                 plan.history_entries).format(count=plan.history_entries))
    out(ngettext("{count} backup or merge report still holds the person:",
                 "{count} backups and merge reports still hold the person:", len(copies)).format(count=len(copies)))
    for c in copies:
        state = "" if c.readable else " " + _("(encrypted: can only be deleted)")
        out(f"  {c.written:%d.%m.%Y %H:%M}  {c.path}{state} ({c.expiry_text()})")
