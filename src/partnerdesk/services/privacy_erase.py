"""Erasing a person with proof (GDPR Art. 17): *Löschen mit Nachweis*, ``partnerdesk privacy erase``.

``plan_erasure`` shows first what will happen (like a deletion's preview): the records that
lose a link to the person (participants of projects and activities, responsible person,
follow-ups, participant-list lines), the partnerships left without any contact, the free-text
mentions (guesses, ``services.erasure_mentions``) and how many history entries hold the person.

``erase_person`` then does it all in ONE transaction - a failure anywhere leaves the database as
it was: every linking record is unlinked (a "changed" history entry each, version counted up),
the chosen mentions are blanked, the contact (with its personal row, participant lines and
attached files) is deleted, its history entries are erased (``history_erasure``: "Datensatz
gelöscht am … von …"), the person's name and e-mail are replaced by "gelöscht am … von …" in
every other history entry (on an office server through its function ``partnerdesk_history_scrub``,
revision 0023: the history is append-only there) and in the stored merge reports, and one ``deletion_log`` entry says
who erased which record id when and why - no name, no value. secure deletion (every
connection, ``persistence.engine``) zeroes what was deleted; afterwards the write-ahead log is
emptied into the file (``persistence.erasure_files``) so no old page lingers beside it.

Backups and merge reports on disk are listed and purged by ``services.privacy_backups``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import NotFoundError, UserError, WriteNotPermittedError
from partnerdesk.domain.records import Record
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import (
    ActivityAttendeeRow,
    ActivityContactRow,
    ContactRow,
    DatabaseInfo,
    FollowUpRow,
    PartnershipCoordinatorRow,
    PartnershipRow,
    ProjectContactRow,
    ProjectRow,
)
from partnerdesk.persistence.tables_beside import RecordHistoryPersonalRow, RecordHistoryRow
from partnerdesk.persistence.tables_erasure import DeletionLogRow
from partnerdesk.persistence.types import utcnow
from partnerdesk.services import history_writer, mapping
from partnerdesk.services.erasure_mentions import Mention, Person, blank_mentions, find_mentions, mentions_in
from partnerdesk.services.history_erasure import erase_from_history
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.services.row_batches import delete_rows, rows_of

KIND = "contacts"
#: Where the server puts its login role into the text (revision 0023, as ``history_erasure``).
_SERVER_USER = "{user}"


class OnlyContactError(UserError):
    """The person is the only contact of partnerships: erasing needs ``proceed_if_only_contact``."""

    def __init__(self, message: str, partnerships: list[str]) -> None:
        super().__init__(message)
        self.partnerships = partnerships


@dataclass(frozen=True)
class Unlink:
    """A record that loses its link to the person, and which link."""

    kind: str
    id: str
    name: str
    what: str  # "participant", "responsible", "follow_up", "attendee"


@dataclass
class ErasurePlan:
    contact_id: str
    #: The person's name as the register shows it (for the preview; never logged).
    label: str
    unlinks: list[Unlink] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    #: Titles of the partnerships the person is the only contact of.
    only_contact_of: list[str] = field(default_factory=list)
    history_entries: int = 0
    #: Attached files that go with the contact.
    attachments: int = 0


@dataclass
class ErasureResult:
    log_id: int
    contact_id: str
    records_changed: int
    mentions_blanked: int
    history_entries: int
    other_history_entries: int


def value_erasure_text(actor: str, when: date | None = None) -> str:
    """What replaces the person's name and e-mail in other records' history: "gelöscht am … von …"."""
    day = (when or date.today()).strftime("%d.%m.%Y")
    return _("erased on {date} by {user}").format(date=day, user=actor)


# Finding the person -------------------------------------------------------------------------


def find_person(db: Database, text: str) -> str:
    """The id of the one contact ``text`` names (its id, e-mail or an unambiguous part of its name),
    looked up as the Auskunft looks up (``privacy_people.find_person``): unknown, or several
    (an ambiguous name, or an e-mail two contacts share), is a German ``UserError`` listing the
    candidates with what tells them apart; nothing is erased then."""
    from partnerdesk.services import privacy_people

    return privacy_people.find_person(db, text).id


def person_of(db: Database, contact_id: str) -> Person:
    """What identifies the contact in text, files and backups (read before erasing it)."""
    with db.read() as session:
        return Person.of(_contact(session, contact_id))


# The preview --------------------------------------------------------------------------------


def plan_erasure(db: Database, contact_id: str) -> ErasurePlan:
    """What erasing the contact ``contact_id`` would do (nothing is written)."""
    with db.read() as session:
        row = _contact(session, contact_id)
        return _plan(session, row)


def _contact(session: Session, contact_id: str) -> ContactRow:
    row = session.get(ContactRow, contact_id)
    if row is None:
        raise NotFoundError(_("No contact with the id {id}.").format(id=contact_id))
    return row


def _plan(session: Session, row: ContactRow) -> ErasurePlan:
    cid = row.id
    plan = ErasurePlan(cid, row.name)
    titles = _titles(session)
    for kind, link, owner in (
        ("projects", ProjectContactRow.contact_id, ProjectContactRow.project_id),
        ("activities", ActivityContactRow.contact_id, ActivityContactRow.activity_id),
        ("activities", ActivityAttendeeRow.contact_id, ActivityAttendeeRow.activity_id),
        ("activities", FollowUpRow.responsible_id, FollowUpRow.activity_id),
    ):
        what = {"project_contacts": "participant", "activity_contacts": "participant",
                "activity_attendees": "attendee", "follow_ups": "follow_up"}[link.table.name]
        for owner_id in sorted(set(session.scalars(select(owner).where(link == cid)).all())):
            plan.unlinks.append(Unlink(kind, owner_id, titles(kind, owner_id), what))
    for kind, row_type in (("partnerships", PartnershipRow), ("projects", ProjectRow)):
        for owner_id in session.scalars(select(row_type.id).where(row_type.responsible_id == cid)).all():
            plan.unlinks.append(Unlink(kind, owner_id, titles(kind, owner_id), "responsible"))
    plan.only_contact_of = _only_contact_of(session, row)
    plan.mentions = find_mentions(session, Person.of(row))
    plan.history_entries = int(session.scalar(
        select(func.count()).select_from(RecordHistoryRow).where(
            RecordHistoryRow.kind == KIND, RecordHistoryRow.record_id == cid, RecordHistoryRow.operation != "started")
    ) or 0)
    from partnerdesk.persistence.tables_beside import AttachmentRow

    plan.attachments = int(session.scalar(
        select(func.count()).select_from(AttachmentRow).where(
            AttachmentRow.record_kind == KIND, AttachmentRow.record_id == cid)
    ) or 0)
    return plan


def _titles(session: Session) -> _Titles:
    return _Titles(session)


class _Titles:
    def __init__(self, session: Session) -> None:
        self.session = session

    def __call__(self, kind: str, record_id: str) -> str:
        row_type = ROW_TYPES[kind]
        column = row_type.name if kind in ("organisations", "contacts") else row_type.title
        return str(self.session.scalar(select(column).where(row_type.id == record_id)) or record_id)


def _only_contact_of(session: Session, row: ContactRow) -> list[str]:
    """Partnerships whose contacts (the responsible person, the contacts of the partner and the
    coordinating organisations) are this person alone."""
    cid, org = row.id, row.organisation_id
    conditions = [PartnershipRow.responsible_id == cid]
    if org:
        coordinated = select(PartnershipCoordinatorRow.partnership_id).where(PartnershipCoordinatorRow.organisation_id == org)
        conditions += [PartnershipRow.partner_id == org, PartnershipRow.id.in_(coordinated)]
    alone: list[str] = []
    for partnership in session.scalars(select(PartnershipRow).where(or_(*conditions))).all():
        orgs = {partnership.partner_id} | {c.organisation_id for c in partnership.coordinators}
        others = session.scalar(
            select(func.count()).select_from(ContactRow).where(ContactRow.organisation_id.in_(orgs), ContactRow.id != cid)
        ) or 0
        if partnership.responsible_id not in (None, cid):
            others += 1
        if not others:
            alone.append(partnership.title)
    return sorted(alone)


# The erasure --------------------------------------------------------------------------------


def erase_person(
    db: Database,
    contact_id: str,
    *,
    reason: str,
    blank: Iterable[str] = (),
    proceed_if_only_contact: bool = False,
    actor: str | None = None,
    backups_holding: int = 0,
) -> ErasureResult:
    """Erase the contact ``contact_id`` everywhere, in one transaction (see the module's text).

    ``reason``: the legal ground (required); ``blank``: keys of the mentions (``Mention.key``)
    to blank; ``proceed_if_only_contact``: go on although partnerships lose their only contact
    (otherwise ``OnlyContactError`` names them and nothing is changed)."""
    reason = " ".join(reason.split())
    if not reason:
        raise UserError(_("Please give the legal reason for the erasure (for example “Art. 17 Abs. 1 lit. a DSGVO”). "
                          "Nothing was erased."))
    if not db.personal_data_visible:
        raise WriteNotPermittedError(
            _("Only members of the personal-data role may erase a person. Nothing was erased."))
    db.refuse_if_read_only()
    blank = set(blank)
    who = actor if actor is not None else history_writer.system_user()
    with db.write() as session:
        row = _contact(session, contact_id)
        plan = _plan(session, row)
        if plan.only_contact_of and not proceed_if_only_contact:
            raise OnlyContactError(
                ngettext(
                    "The person is the only contact of the partnership {names}. Erase anyway? Nothing was erased.",
                    "The person is the only contact of {count} partnerships: {names}. Erase anyway? Nothing was erased.",
                    len(plan.only_contact_of),
                ).format(count=len(plan.only_contact_of), names="; ".join(plan.only_contact_of)),
                plan.only_contact_of,
            )
        known = {m.key for m in plan.mentions}
        unknown = sorted(blank - known)
        if unknown:
            raise UserError(_("No such mention of the person: {keys}. Nothing was erased.").format(keys=", ".join(unknown)))
        person = Person.of(row)
        unlinked = _unlink(session, person, plan, [m for m in plan.mentions if m.key in blank])
        before = mapping.FROM_ROW[KIND](row)
        history_writer.record(session, KIND, before, None)
        session.execute(update(ActivityAttendeeRow).where(ActivityAttendeeRow.contact_id == contact_id)
                        .values(contact_id=None))  # lines were removed above; none is left to keep a name
        delete_rows(session, KIND, [contact_id])
        session.expire_all()
        if _on_server(session):  # the server's function reads the own entries, so before they are erased
            other = _scrub_history_on_server(session, person, value_erasure_text(_SERVER_USER))
            own = erase_from_history(session, KIND, contact_id, who)
        else:
            own = erase_from_history(session, KIND, contact_id, who)
            other = _scrub_history(session, person, value_erasure_text(who))
        scrub_info(session, person, value_erasure_text(who))
        summary = {"records_changed": unlinked, "mentions_blanked": len(blank), "history_entries": own,
                   "other_history_entries": other, "backups_holding": backups_holding}
        entry = DeletionLogRow(erased_at=utcnow(), erased_by=who, kind=KIND, record_id=contact_id,
                               legal_reason=reason, summary=json.dumps(summary, sort_keys=True))
        session.add(entry)
        session.flush()
        log_id = int(entry.id)
    from partnerdesk.persistence import erasure_files

    erasure_files.settle(db)
    return ErasureResult(log_id, contact_id, unlinked, len(blank), own, other)


def _unlink(session: Session, person: Person, plan: ErasurePlan, blanked: Sequence[Mention]) -> int:
    """Take the person out of every record that names them (one "changed" history entry each)."""
    cid = person.contact_id
    touched: dict[str, set[str]] = {}
    for u in plan.unlinks:
        touched.setdefault(u.kind, set()).add(u.id)
    fields: dict[tuple[str, str], list[str]] = {}
    for m in blanked:
        touched.setdefault(m.kind, set()).add(m.record_id)
        fields.setdefault((m.kind, m.record_id), []).append(m.field)
    count = 0
    for kind, ids in touched.items():
        for row in rows_of(session, kind, sorted(ids)):
            before = mapping.FROM_ROW[kind](row)
            after = mapping.FROM_ROW[kind](row)
            _without(after, cid)
            blank_mentions(after, fields.get((kind, row.id), []), person)
            mapping.TO_ROW[kind](after, row)
            row.version += 1
            row.updated_at = utcnow()
            session.flush()
            history_writer.record(session, kind, before, mapping.FROM_ROW[kind](row))
            count += 1
    return count


def _without(record: Record, cid: str) -> None:
    """``record`` without any link to the contact ``cid`` (in place)."""
    if getattr(record, "responsible_id", None) == cid:
        record.responsible_id = None  # type: ignore[attr-defined]
    if cid in (getattr(record, "contact_ids", None) or []):
        record.contact_ids = [c for c in record.contact_ids if c != cid]  # type: ignore[attr-defined]
    for item in getattr(record, "follow_ups", None) or []:
        if item.responsible_id == cid:
            item.responsible_id = None
    if getattr(record, "attendees", None):
        record.attendees = [a for a in record.attendees if a.contact_id != cid]  # type: ignore[attr-defined]


def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _scrub_history_on_server(session: Session, person: Person, mark: str) -> int:
    """On a server the history is append-only for every login: its function
    ``partnerdesk_history_scrub`` (revision 0023) replaces the person's exact spellings in other
    records' entries by ``mark`` (whose ``{user}`` becomes the login role), and only spellings
    the erased contact's own entries hold. Runs in the caller's transaction."""
    history_writer.write_pending(session)
    changed = session.execute(
        sql_text("SELECT partnerdesk_history_scrub(:record_id, :spellings, :mark)"),
        {"record_id": person.contact_id, "spellings": list(person.exact), "mark": mark},
    ).scalar()
    return int(changed or 0)


def _scrub_history(session: Session, person: Person, mark: str) -> int:
    """Replace the person's name and e-mail in every history entry (of any record) by ``mark``."""
    history_writer.write_pending(session)
    changed: set[int] = set()
    for spelling in person.exact:
        quoted = json.dumps(spelling, ensure_ascii=False)[1:-1]  # as it stands inside the JSON text
        hit = or_(RecordHistoryRow.changes.contains(quoted, autoescape=True),
                  RecordHistoryRow.label.contains(spelling, autoescape=True))
        ids = [int(i) for i in session.scalars(select(RecordHistoryRow.id).where(hit)).all()]
        if ids:
            changed.update(ids)
            session.execute(update(RecordHistoryRow).where(RecordHistoryRow.id.in_(ids)).values(
                changes=func.replace(RecordHistoryRow.changes, quoted, mark),
                label=func.replace(RecordHistoryRow.label, spelling, mark),
            ).execution_options(synchronize_session=False))
        personal = [int(i) for i in session.scalars(select(RecordHistoryPersonalRow.entry_id).where(
            RecordHistoryPersonalRow.changes.contains(quoted, autoescape=True))).all()]
        if personal:
            changed.update(personal)
            session.execute(update(RecordHistoryPersonalRow).where(RecordHistoryPersonalRow.entry_id.in_(personal)).values(
                changes=func.replace(RecordHistoryPersonalRow.changes, quoted, mark),
            ).execution_options(synchronize_session=False))
    return len(changed)


def scrub_info(session: Session, person: Person, mark: str) -> None:
    """Stored merge reports (``database_info``) may name the person in a conflict: replaced too."""
    for spelling in person.exact:
        quoted = json.dumps(spelling, ensure_ascii=False)[1:-1]
        session.execute(
            update(DatabaseInfo).where(DatabaseInfo.value.contains(quoted, autoescape=True))
            .values(value=func.replace(DatabaseInfo.value, quoted, mark)).execution_options(synchronize_session=False)
        )


def mentions_of(record: Record, person: Person, fields: Sequence[str]) -> list[Mention]:
    """The mentions of ``person`` in ``record`` (for tests and the dialog's re-check)."""
    return mentions_in(record, fields, person)


# The deletion log ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    id: int
    erased_at: str
    erased_by: str
    kind: str
    record_id: str
    legal_reason: str
    summary: dict[str, int]


def deletion_log(db: Database) -> list[LogEntry]:
    """The deletion log, newest first."""
    with db.read() as session:
        rows = session.scalars(select(DeletionLogRow).order_by(DeletionLogRow.id.desc())).all()
        return [LogEntry(int(r.id), r.erased_at.isoformat(timespec="seconds"), r.erased_by, r.kind, r.record_id,
                         r.legal_reason, json.loads(r.summary or "{}")) for r in rows]


def erased_ids(session: Session, kind: str, ids: Iterable[str] | None = None) -> set[str]:
    """The ids of ``kind`` that the deletion log says were erased (of ``ids``, or all)."""
    query = select(DeletionLogRow.record_id).where(DeletionLogRow.kind == kind)
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return set()
        query = query.where(DeletionLogRow.record_id.in_(wanted))
    return set(session.scalars(query).all())
