"""Restriction of processing (Art. 18 GDPR): which contacts are restricted, and records as an
export may show them.

A restricted contact is kept in the register (and in backups and the JSON archive, which are
backups), but goes into no table export, document, mail merge, participant list or travel
copy. The rule on one contact is ``domain.consent.restricted``; this module answers it for a
whole database in one query, for the exports that write many records at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence

from sqlalchemy import select

from partnerdesk.domain.errors import NotFoundError
from partnerdesk.domain.records import Activity, Contact, Record
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ContactRow
from partnerdesk.persistence.types import utcnow
from partnerdesk.services import history_writer, mapping


def restricted_contact_ids(db: Database) -> frozenset[str]:
    """The ids of every contact whose processing is restricted (one query)."""
    with db.read() as session:
        return frozenset(session.scalars(select(ContactRow.id).where(ContactRow.processing_restricted.is_(True))))


def for_export(kind: str, records: Sequence[Record], restricted: Collection[str]) -> list[Record]:
    """``records`` of register ``kind`` as an export writes them: restricted contacts left out,
    and their lines on activities' participant lists (their names and needs) too. Links to them
    elsewhere stay as ids (no name is written, and a re-import keeps the link)."""
    if not restricted:
        return list(records)
    if kind == "contacts":
        return [r for r in records if r.id not in restricted]
    if kind == "activities":
        return [
            dataclasses.replace(r, attendees=[a for a in r.attendees if a.contact_id not in restricted])
            if isinstance(r, Activity) and any(a.contact_id in restricted for a in r.attendees) else r
            for r in records
        ]
    return list(records)


def set_restricted(db: Database, contact_ids: Sequence[str], restricted: bool) -> list[Contact]:
    """Restrict (or lift the restriction of) every contact of ``contact_ids`` in one transaction,
    each change in the history; returns the contacts as saved. A contact that is gone refuses the
    whole change (``NotFoundError``), so nothing is half done."""
    changed = []
    with db.write() as session:
        for contact_id in contact_ids:
            row = session.get(ContactRow, contact_id)
            if row is None:
                raise NotFoundError(_("The contact {id} no longer exists; nothing was changed.").format(id=contact_id))
            if bool(row.processing_restricted) == restricted:
                changed.append(mapping.contact_from_row(row))
                continue
            before = mapping.contact_from_row(row)
            row.processing_restricted = restricted
            row.version += 1
            row.updated_at = utcnow()
            session.flush()
            after = mapping.contact_from_row(row)
            history_writer.record(session, "contacts", before, after)
            changed.append(after)
    return changed
