"""``partnerdesk history RECORD --restore``: put a deleted record back from the history.

RECORD is the number of a deletion in the history (the ``id`` of ``--format csv/json``) or the
id or an unambiguous part of the name of a deleted record (its latest deletion). The record
comes back as undo brings it back, with its links; refused with one German line naming what
is missing if it refers to records deleted since, or if it exists again.
"""

from __future__ import annotations

import argparse

from partnerdesk.cli.common import open_for_command, out
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _


def cmd_restore(args: argparse.Namespace) -> int:
    from partnerdesk.services import history_text
    from partnerdesk.services.history_restore import deletion_entry, restore_deleted

    if not args.record:
        raise UserError(_("Name the deleted record to restore: its name, its id or the number of its deletion in the history."))
    with open_for_command(args) as db:
        entry = deletion_entry(db, args.record, args.register)
        restored = restore_deleted(db, entry)
    out(_("Restored: {kind} “{name}” (deleted on {when} by {who}).").format(
        kind=history_text.kind_label(entry.kind), name=restored.record.display_name,
        when=history_text.moment(entry.at), who=entry.actor,
    ))
    return 0
