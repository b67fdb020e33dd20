"""The register of travel copies (*Reise → Reisekopien*, ``partnerdesk travel copies``).

Every check-out is entered in the office database (who, when, which file, of which
partnerships, encrypted or not, with or without personal data, and which records the copy
held); a merge marks it merged back; the user declares a copy destroyed or lost ("als verloren
melden"), which lists what the copy held for the data-protection officer. A copy out longer than
the settings' number of days (default 60) is shown as overdue, also in "Anstehend".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.errors import NotFoundError, UserError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.i18n import _, ngettext
from partnerdesk.option_values import read_options, whole_number
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables_retention import TravelCopyRecordRow, TravelCopyRow
from partnerdesk.services.records import ROW_TYPES, service_for

#: ``settings.ini``: after how many days a copy still out is overdue.
WARN_DAYS_KEY = "travel_copy_warn_days"
DEFAULT_WARN_DAYS = 60
DESTROYED = "destroyed"
LOST = "lost"


def warn_days() -> int:
    return whole_number(read_options(), WARN_DAYS_KEY, DEFAULT_WARN_DAYS, 1, 3650)


@dataclass(frozen=True)
class TravelCopy:
    checkout_id: str
    file_name: str
    checked_out_by: str
    checked_out_at: datetime
    encrypted: bool | None
    personal_data: bool
    partnerships: tuple[str, ...]
    merged_at: datetime | None
    merged_by: str
    ended_how: str
    ended_at: datetime | None
    ended_by: str
    ended_note: str
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def out(self) -> bool:
        """Still out in the field: neither merged back nor declared destroyed or lost."""
        return self.merged_at is None and not self.ended_how

    def overdue_since(self, days: int) -> date:
        return (self.checked_out_at.astimezone(UTC) + timedelta(days=days)).date()

    def is_overdue(self, today: date, days: int) -> bool:
        return self.out and self.overdue_since(days) <= today

    def status_text(self) -> str:
        if self.ended_how == LOST:
            return _("reported lost on {date}").format(date=_day(self.ended_at))
        if self.ended_how == DESTROYED:
            return _("destroyed on {date}").format(date=_day(self.ended_at))
        if self.merged_at is not None:
            return _("merged back on {date}").format(date=_day(self.merged_at))
        return _("out")

    def scope_text(self) -> str:
        return "; ".join(self.partnerships) if self.partnerships else _("whole database")

    def encryption_text(self) -> str:
        return {True: _("encrypted"), False: _("not encrypted"), None: _("unknown")}[self.encrypted]


def _day(stamp: datetime | None) -> str:
    return stamp.astimezone().strftime("%d.%m.%Y") if stamp is not None else "?"


def _from_row(row: TravelCopyRow, counts: Mapping[str, int]) -> TravelCopy:
    return TravelCopy(
        checkout_id=row.checkout_id, file_name=row.file_name, checked_out_by=row.checked_out_by,
        checked_out_at=row.checked_out_at, encrypted=row.encrypted, personal_data=row.personal_data,
        partnerships=tuple(p for p in row.partnerships.split("\n") if p), merged_at=row.merged_at,
        merged_by=row.merged_by, ended_how=row.ended_how, ended_at=row.ended_at, ended_by=row.ended_by,
        ended_note=row.ended_note, counts=counts,
    )


# Writing ---------------------------------------------------------------------------------------


def record_checkout(
    office: Database, *, checkout_id: str, file_name: str, checked_out_by: str, checked_out_at: datetime,
    encrypted: bool, personal_data: bool, partnerships: Sequence[str], held: Mapping[str, Sequence[str]],
) -> None:
    """Enter a new copy with the records it holds (one transaction)."""
    with office.write() as session:
        session.add(TravelCopyRow(
            checkout_id=checkout_id, file_name=file_name, checked_out_by=checked_out_by[:200],
            checked_out_at=checked_out_at, encrypted=encrypted, personal_data=personal_data,
            partnerships="\n".join(partnerships), merged_by="", ended_how="", ended_by="", ended_note="",
        ))
        session.flush()
        rows = [{"checkout_id": checkout_id, "kind": kind, "record_id": i}
                for kind, ids in held.items() for i in sorted(set(ids))]
        if rows:
            session.execute(insert(TravelCopyRecordRow), rows)


def record_merged(
    session: Session, *, checkout_id: str, merged_at: datetime, merged_by: str, file_name: str,
    checked_out_by: str, checked_out_at: datetime, encrypted: bool, personal_data: bool, partnerships: Sequence[str],
) -> None:
    """Inside the merge's transaction: the copy is merged back (entered now if it was checked out
    before the register existed)."""
    row = session.get(TravelCopyRow, checkout_id)
    if row is None:
        row = TravelCopyRow(
            checkout_id=checkout_id, file_name=file_name, checked_out_by=checked_out_by[:200],
            checked_out_at=checked_out_at, encrypted=encrypted, personal_data=personal_data,
            partnerships="\n".join(partnerships), ended_how="", ended_by="", ended_note="",
        )
        session.add(row)
    row.merged_at = merged_at
    row.merged_by = merged_by[:200]


def declare(db: Database, checkout_id: str, how: str, by: str, note: str = "", now: datetime | None = None) -> TravelCopy:
    """Declare a copy destroyed or lost; returns it as now recorded."""
    if how not in (DESTROYED, LOST):
        raise UserError(_("Unknown state of a travel copy: {value}").format(value=how))
    with db.write() as session:
        row = _find(session, checkout_id)
        if row.ended_how:
            name = row.file_name or row.checkout_id
            raise UserError(_("The travel copy {name} was already reported lost.").format(name=name) if row.ended_how == LOST
                            else _("The travel copy {name} was already declared destroyed.").format(name=name))
        row.ended_how, row.ended_at, row.ended_by, row.ended_note = how, now or datetime.now(UTC), by[:200], note
        session.flush()
        return _from_row(row, _counts(session, row.checkout_id))


# Reading ---------------------------------------------------------------------------------------


def _find(session: Session, text: str) -> TravelCopyRow:
    """A copy by its check-out id (or the first characters of it) or its file name."""
    text = text.strip()
    if not text:
        raise NotFoundError(_("Please name a travel copy (its id or file name)."))
    rows = session.scalars(select(TravelCopyRow).order_by(TravelCopyRow.checked_out_at)).all()
    found = [r for r in rows if r.checkout_id == text] or [
        r for r in rows if r.checkout_id.startswith(text) or r.file_name == text or r.file_name.endswith(("/" + text, "\\" + text))
    ]
    if not found:
        raise NotFoundError(_("No travel copy matches “{text}”.").format(text=text))
    if len(found) > 1:
        raise UserError(_("“{text}” matches several travel copies: {ids}").format(
            text=text, ids="; ".join(r.checkout_id[:8] for r in found)))
    return found[0]


def _counts(session: Session, checkout_id: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in session.scalars(select(TravelCopyRecordRow.kind).where(TravelCopyRecordRow.checkout_id == checkout_id)):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def copies(db: Database) -> list[TravelCopy]:
    """Every registered copy, the newest first."""
    with db.read() as session:
        rows = session.scalars(select(TravelCopyRow).order_by(TravelCopyRow.checked_out_at.desc())).all()
        all_counts: dict[str, dict[str, int]] = {}
        for cid, kind in session.execute(select(TravelCopyRecordRow.checkout_id, TravelCopyRecordRow.kind)):
            per = all_counts.setdefault(cid, {})
            per[kind] = per.get(kind, 0) + 1
        return [_from_row(r, all_counts.get(r.checkout_id, {})) for r in rows]


def get(db: Database, checkout_id: str) -> TravelCopy:
    with db.read() as session:
        row = _find(session, checkout_id)
        return _from_row(row, _counts(session, row.checkout_id))


@dataclass(frozen=True)
class HeldRecord:
    kind: str
    record_id: str
    #: The record's name now ("" when it was deleted since).
    name: str


def contents(db: Database, checkout_id: str) -> list[HeldRecord]:
    """What a copy held, register by register (contacts' names as they are now; records deleted
    since are listed by id). For the data-protection officer when a copy is lost."""
    with db.read() as session:
        row = _find(session, checkout_id)
        held: dict[str, list[str]] = {}
        for kind, rid in session.execute(
            select(TravelCopyRecordRow.kind, TravelCopyRecordRow.record_id).where(TravelCopyRecordRow.checkout_id == row.checkout_id)
        ):
            held.setdefault(kind, []).append(rid)
    found: list[HeldRecord] = []
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        ids = held.get(kind, [])
        if not ids or kind not in ROW_TYPES:
            continue
        names = {r.id: r.display_name for r in service_for(db, kind).get_many(ids)}
        found += sorted((HeldRecord(kind, i, names.get(i, "")) for i in ids), key=lambda h: (h.name == "", h.name.casefold(), h.record_id))
    return found


def lost_report(copy: TravelCopy, held: Sequence[HeldRecord]) -> list[str]:
    """What a lost copy held, as lines for the data-protection officer (the window and the command line)."""
    from partnerdesk.travel import labels

    lines = [
        _("Checked out on {date} by {user}; {encrypted}; {personal}.").format(
            date=copy.checked_out_at.astimezone().strftime("%d.%m.%Y %H:%M"), user=copy.checked_out_by,
            encrypted=copy.encryption_text(),
            personal=_("with contacts' e-mail, phones, address and notes") if copy.personal_data
            else _("without contacts' e-mail, phones, address and notes")),
        _("Holds: {scope}").format(scope=copy.scope_text()),
    ]
    persons = [h for h in held if h.kind == "contacts"]
    lines.append(ngettext("Persons in the copy ({n}):", "Persons in the copy ({n}):", len(persons)).format(n=len(persons)))
    lines += ["  " + (h.name or _("(deleted since; id {id})").format(id=h.record_id)) for h in persons]
    others: dict[str, int] = {}
    for h in held:
        if h.kind != "contacts":
            others[h.kind] = others.get(h.kind, 0) + 1
    lines.append(_("Other records: {counts}").format(
        counts=", ".join(f"{labels.kind_label(k, plural=True)}: {n}" for k, n in others.items()) or "–"))
    return lines


# "Anstehend" -----------------------------------------------------------------------------------


def copies_out_too_long(db: Database, today: date, within_days: int) -> list[DueItem]:
    """Copies still out, due on the day they pass the settings' number of days (one statement)."""
    days = warn_days()
    until = today + timedelta(days=within_days)
    with db.read() as session:
        rows = session.scalars(select(TravelCopyRow).where(TravelCopyRow.merged_at.is_(None), TravelCopyRow.ended_how == "")).all()
        out = [_from_row(r, {}) for r in rows]
    items = []
    for copy in out:
        if copy.overdue_since(days) > until:
            continue
        items.append(DueItem(
            due_on=copy.overdue_since(days), source=DueSource.TRAVEL_COPY_OUT,
            text=ngettext("Travel copy out for more than {n} day: merge it back or declare it destroyed",
                          "Travel copy out for more than {n} days: merge it back or declare it destroyed", days).format(n=days),
            record_kind="travel_copies", record_id=copy.checkout_id,
            record_title=_("{file} (checked out by {who})").format(file=copy.file_name, who=copy.checked_out_by),
        ))
    return items
