"""Everything held about one person, for a request under Art. 15 GDPR (the "Auskunft").

``collect(db, people)`` gathers, per contact: the contact record (with the personal data the
user may read), every record that names them through a link (found from the schema: every
column that refers to a contact, so a table added later is found too), free-text mentions of
their name or e-mail (guesses, for checking: ``services.privacy_mentions``), their history
entries and other records' entries that name them, the files attached to their record, and
where copies are (``services.privacy_copies``). Reads only. The PDF and JSON are written by
``documents.privacy_report`` and ``exchange.privacy_json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from partnerdesk.domain.history import HistoryEntry
from partnerdesk.domain.records import Contact
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import Base, ContactRow, OrganisationRow
from partnerdesk.persistence.tables_beside import AttachmentRow, RecordHistoryPersonalRow, RecordHistoryRow
from partnerdesk.services import privacy_mentions
from partnerdesk.services.history import History, entry_of
from partnerdesk.services.history_writer import system_user
from partnerdesk.services.privacy_copies import CopyPlace, copies_of
from partnerdesk.services.progress import ProgressCallback, no_progress
from partnerdesk.services.records import ROW_TYPES

#: The most history entries of other records listed per person (the newest).
OTHER_HISTORY_LIMIT = 500
_TABLE_KIND = {str(row.__tablename__): kind for kind, row in ROW_TYPES.items()}
#: Tables that are the contact itself (read as the contact record, not as a mention).
_OWN_TABLES = frozenset({"contacts", "contact_private"})


def _how() -> dict[tuple[str, str], str]:
    return {
        ("partnerships", "responsible_id"): _("Responsible"),
        ("projects", "responsible_id"): _("Responsible"),
        ("project_contacts", "contact_id"): _("Contact of the project"),
        ("activity_contacts", "contact_id"): _("Contact of the activity"),
        ("activity_attendees", "contact_id"): _("On the participant list"),
        ("follow_ups", "responsible_id"): _("Responsible for a follow-up"),
    }


@dataclass(frozen=True)
class NamedIn:
    """A record that names the person through a link: ``how`` says in which role, ``details``
    the data stored with the link (a participant's role and needs, a follow-up's text)."""

    kind: str
    id: str
    label: str
    how: str
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Attachment:
    name: str
    description: str
    size: int
    added_at: datetime
    added_by: str


@dataclass
class PersonReport:
    """What is held about one contact (see the module)."""

    contact: Contact
    organisation: str
    made_at: datetime
    made_by: str
    named_in: list[NamedIn] = field(default_factory=list)
    mentions: list[privacy_mentions.Mention] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    history_elsewhere: list[HistoryEntry] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    copies: list[CopyPlace] = field(default_factory=list)
    #: What the copies listed cannot show (travel copies still out, a server's backups).
    copy_notes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def collect(db: Database, people: Sequence[Contact], *, progress: ProgressCallback = no_progress) -> list[PersonReport]:
    """The report of each of ``people`` (from ``privacy_people.find_people``). Steps are
    reported through ``progress`` (five per person)."""
    reports = []
    steps = 5 * len(people)
    made_at = datetime.now(UTC)
    made_by = str(getattr(db, "user", "") or "") if db.remote else system_user()
    for n, person in enumerate(people):
        base = 5 * n
        progress(base, steps)
        with db.read() as session:
            organisation = _organisation(session, person)
            named = named_in(session, person.id)
            attachments = _attachments(session, person.id)
        report = PersonReport(person, organisation, made_at, made_by, named_in=named, attachments=attachments)
        progress(base + 1, steps)
        report.mentions = privacy_mentions.mentions_of(db, person)
        progress(base + 2, steps)
        report.history = History(db).for_record("contacts", person.id)
        report.history_elsewhere = history_elsewhere(db, person)
        progress(base + 3, steps)
        report.copies, report.copy_notes = copies_of(db, person)
        if person.personal_hidden:
            report.notes.append(_(
                "The server hides contacts' e-mail, phone, address and notes from you: they are missing here. "
                "A member of the personal-data role must make the Auskunft."
            ))
        reports.append(report)
        progress(base + 5, steps)
    return reports


def _organisation(session: Session, person: Contact) -> str:
    if not person.organisation_id:
        return ""
    return session.scalar(select(OrganisationRow.name).where(OrganisationRow.id == person.organisation_id)) or ""


def _contact_columns() -> list[tuple[Table, str]]:
    """Every column of the schema that refers to a contact, but the contact's own tables."""
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name in _OWN_TABLES:
            continue
        for column in table.columns:
            if any(key.column.table.name == ContactRow.__tablename__ for key in column.foreign_keys):
                found.append((table, column.name))
    return found


def _owner(table: Table) -> tuple[str, str] | None:
    """``(column, register)`` of the record a row of ``table`` belongs to (its own id for a register)."""
    if table.name in _TABLE_KIND:
        return "id", _TABLE_KIND[table.name]
    for column in table.columns:
        for key in column.foreign_keys:
            target = key.column.table.name
            if target in _TABLE_KIND and target != ContactRow.__tablename__:
                return column.name, _TABLE_KIND[target]
    return None


def _detail_value(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, date | datetime):
        return value.strftime("%d.%m.%Y")
    return str(value) if isinstance(value, str | int) else None


def named_in(session: Session, contact_id: str) -> list[NamedIn]:
    """Every record that names ``contact_id`` through a link (see the module)."""
    how = _how()
    found: list[NamedIn] = []
    for table, column in _contact_columns():
        owner = _owner(table)
        if owner is None:
            continue
        owner_column, kind = owner
        rows = session.execute(select(table).where(table.c[column] == contact_id)).mappings().all()
        if not rows:
            continue
        labels = _labels(session, kind, {row[owner_column] for row in rows})
        health = _health_notes(session, table, [str(row["id"]) for row in rows if "id" in row])
        for row in rows:
            details: tuple[tuple[str, str], ...] = ()
            if owner_column != "id":  # a row beside the record (a participant, a follow-up): its own data
                details = tuple(
                    (name, text) for name, value in {**row, **health.get(str(row.get("id")), {})}.items()
                    if name not in (column, owner_column, "id", "position") and not name.endswith("_id")
                    and (text := _detail_value(value)) is not None
                )
            found.append(NamedIn(kind, row[owner_column], labels.get(row[owner_column], ""),
                                 how.get((table.name, column), f"{table.name}.{column}"), details))
    found.sort(key=lambda n: (n.kind, n.label.casefold(), n.how))
    return found


def _health_notes(session: Session, table: Table, ids: list[str]) -> dict[str, dict[str, str]]:
    """A participant line's dietary and accessibility notes, kept in a table of their own (health
    data, revision 0018; none where the server hides them from this user)."""
    from partnerdesk.persistence.tables import ActivityAttendeePrivateRow as P

    if table.name != "activity_attendees" or not ids:
        return {}
    rows = session.execute(select(P.attendee_id, P.dietary, P.accessibility).where(P.attendee_id.in_(ids))).all()
    return {r.attendee_id: {"dietary": r.dietary, "accessibility": r.accessibility} for r in rows}


def _labels(session: Session, kind: str, ids: set[str]) -> dict[str, str]:
    row_type = ROW_TYPES[kind]
    name = getattr(row_type, "title", None) or row_type.name
    return dict(session.execute(select(row_type.id, name).where(row_type.id.in_(sorted(ids)))).all())


def _attachments(session: Session, contact_id: str) -> list[Attachment]:
    a = AttachmentRow
    rows = session.execute(
        select(a.name, a.description, a.size, a.added_at, a.added_by)
        .where(a.record_kind == "contacts", a.record_id == contact_id, a.record_deleted_at.is_(None))
        .order_by(a.added_at)
    ).all()
    return [Attachment(*row) for row in rows]


def history_elsewhere(db: Database, person: Contact) -> list[HistoryEntry]:
    """Entries of other records that name the person: by id (a link set or removed), or by
    e-mail or name in what was changed (the newest ``OTHER_HISTORY_LIMIT``)."""
    h, p = RecordHistoryRow, RecordHistoryPersonalRow
    words = [person.id, *([person.email] if person.email else []), *privacy_mentions.name_needles(person)]
    conditions = [h.changes.contains(w, autoescape=True) for w in words]
    conditions += [h.label.contains(w, autoescape=True) for w in words[1:]]
    if person.email:
        conditions.append(p.changes.contains(person.email, autoescape=True))
    query = (
        select(h.id, h.at, h.actor, h.batch_id, h.kind, h.record_id, h.operation, h.label, h.changes, p.changes.label("personal"))
        .outerjoin(p, p.entry_id == h.id)
        .where(or_(*conditions), ~((h.kind == "contacts") & (h.record_id == person.id)))
        .order_by(h.id.desc())
        .limit(OTHER_HISTORY_LIMIT)
    )
    hide = not db.personal_data_visible
    with db.read() as session:
        return [entry_of(row, row.personal, hide_personal=hide) for row in session.execute(query).all()]


def as_plain(report: PersonReport) -> dict[str, Any]:
    """The report as plain JSON values (what ``exchange.privacy_json`` writes)."""
    from partnerdesk.domain.serialization import record_to_dict

    def entry(e: HistoryEntry) -> dict[str, Any]:
        return {"at": e.at.isoformat(), "by": e.actor, "register": e.kind, "record_id": e.record_id, "operation": e.operation,
                "label": e.label, "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in e.changes]}

    contact = record_to_dict(report.contact)
    return {
        "contact": contact,
        "organisation": report.organisation,
        "named_in": [{"register": n.kind, "id": n.id, "label": n.label, "how": n.how, "details": dict(n.details)}
                     for n in report.named_in],
        "mentions_to_check": [{"register": m.kind, "id": m.id, "label": m.label, "field": m.field, "excerpt": m.excerpt,
                               "matched": m.matched, "certainty": m.certainty} for m in report.mentions],
        "history": [entry(e) for e in report.history],
        "history_of_other_records": [entry(e) for e in report.history_elsewhere],
        "attachments": [{"name": a.name, "description": a.description, "size": a.size, "added_at": a.added_at.isoformat(),
                         "added_by": a.added_by} for a in report.attachments],
        "copies": [{"kind": c.kind, "where": c.where, "made_at": c.made_at.isoformat() if c.made_at else None,
                    "holds_the_person": c.holds, "note": c.note} for c in report.copies],
        "copy_notes": report.copy_notes,
        "notes": report.notes,
    }


def plain_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
