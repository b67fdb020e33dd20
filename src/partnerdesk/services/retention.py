"""Keeping contacts no longer than needed: the retention rules from the settings, the contacts
due for review (*Datenschutz → Fällige Prüfungen*, the "Anstehend" list, ``partnerdesk privacy
reviews``) and the decision "behalten (Begründung)".

A contact is due by the rule of its legal basis (``domain.retention``); its last activity is the
newest activity that names it (linked contact or participant). A kept contact is recorded with
the day, who and why (``contact_reviews``) and leaves the list until its next period. "löschen"
is the erasure (README "Datenschutz"; the window's delete with its preview where the erasure
is not installed).
"""

from __future__ import annotations

import getpass
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Subquery, func, select, union_all

from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.errors import NotFoundError, UserError
from partnerdesk.domain.person_names import joined_name
from partnerdesk.domain.retention import ContactFacts, RetentionRule, default_rules, review_due_on, rule_text
from partnerdesk.i18n import _, ngettext
from partnerdesk.option_values import read_options, whole_number
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ActivityAttendeeRow, ActivityContactRow, ActivityRow, ContactRow
from partnerdesk.persistence.tables_retention import ContactReviewRow

#: The longest reason for keeping a contact.
REASON_LENGTH = 2_000


def rule_key(basis: LegalBasis | None) -> str:
    """``settings.ini``: ``retention_years_<basis>`` (``..._none``: contacts without a basis)."""
    return f"retention_years_{basis.value if basis is not None else 'none'}"


def rules(options: dict[str, str] | None = None) -> dict[LegalBasis | None, RetentionRule]:
    """The retention rule of each legal basis: the settings, else the defaults."""
    options = read_options() if options is None else options
    return {basis: RetentionRule(basis, whole_number(options, rule_key(basis), rule.years, 0, 100))
            for basis, rule in default_rules().items()}


def _basis(code: str) -> LegalBasis | None:
    try:
        return LegalBasis(code) if code else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ReviewDue:
    """A contact whose retention period has run out (or who has no legal basis)."""

    contact_id: str
    name: str
    basis: LegalBasis | None
    due_on: date
    rule: str
    last_activity: date | None
    last_kept_on: date | None
    last_kept_by: str = ""
    last_reason: str = ""

    def why(self) -> str:
        basis = self.basis.label if self.basis is not None else _("no legal basis recorded")
        if self.basis is LegalBasis.CONSENT:
            return _("{basis}: consent withdrawn ({rule})").format(basis=basis, rule=self.rule)
        last = self.last_activity.strftime("%d.%m.%Y") if self.last_activity else _("none")
        if self.basis is None:
            return basis
        return _("{basis}: {rule}; last activity: {last}").format(basis=basis, rule=self.rule, last=last)


def _last_activities() -> Subquery:
    linked = select(ActivityContactRow.contact_id.label("cid"), ActivityRow.date.label("day")).join(
        ActivityRow, ActivityRow.id == ActivityContactRow.activity_id)
    attending = select(ActivityAttendeeRow.contact_id.label("cid"), ActivityRow.date.label("day")).join(
        ActivityRow, ActivityRow.id == ActivityAttendeeRow.activity_id).where(ActivityAttendeeRow.contact_id.is_not(None))
    both = union_all(linked, attending).subquery()
    return select(both.c.cid, func.max(both.c.day).label("last")).group_by(both.c.cid).subquery()


def reviews_due(db: Database, today: date, within_days: int = 0,
                rule_of: dict[LegalBasis | None, RetentionRule] | None = None) -> list[ReviewDue]:
    """Contacts due for review by ``today + within_days`` (the overdue ones however old), by date."""
    rule_of = rule_of or rules()
    until = today + timedelta(days=within_days)
    last = _last_activities()
    kept = select(ContactReviewRow.contact_id.label("cid"), func.max(ContactReviewRow.decided_on).label("kept")).group_by(
        ContactReviewRow.contact_id).subquery()

    def latest(column: Any) -> Any:  # the newest decision's ``column`` (one statement in all: "Anstehend" on a server)
        return (select(column).where(ContactReviewRow.contact_id == ContactRow.id)
                .order_by(ContactReviewRow.decided_on.desc(), ContactReviewRow.id.desc()).limit(1).scalar_subquery())

    with db.read() as session:
        rows = session.execute(
            select(ContactRow.id, ContactRow.title, ContactRow.first_name, ContactRow.last_name, ContactRow.legal_basis,
                   ContactRow.consent_withdrawn_on, ContactRow.created_at, last.c.last, kept.c.kept,
                   latest(ContactReviewRow.decided_by).label("kept_by"), latest(ContactReviewRow.reason).label("reason"))
            .outerjoin(last, last.c.cid == ContactRow.id)
            .outerjoin(kept, kept.c.cid == ContactRow.id)
        ).all()
    found = []
    for r in rows:
        basis = _basis(r.legal_basis)
        entered = (r.created_at or datetime.now(UTC)).astimezone().date()
        facts = ContactFacts(basis=basis, entered_on=entered, last_activity=_as_date(r.last),
                             consent_withdrawn_on=r.consent_withdrawn_on, last_kept_on=r.kept)
        due = review_due_on(facts, rule_of)
        if due is None or due > until:
            continue
        found.append(ReviewDue(
            contact_id=r.id, name=joined_name(r.title, r.first_name, r.last_name), basis=basis, due_on=due,
            rule=rule_text(rule_of[basis]), last_activity=facts.last_activity, last_kept_on=r.kept,
            last_kept_by=r.kept_by or "", last_reason=r.reason or "",
        ))
    found.sort(key=lambda f: (f.due_on, f.name.casefold(), f.contact_id))
    return found


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def user_name(db: Database) -> str:
    """Who decides: the login on a server, else the operating-system user."""
    login = str(getattr(db, "user", "") or "") if db.remote else ""
    if login:
        return login
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


@dataclass(frozen=True)
class Review:
    decided_on: date
    decided_by: str
    reason: str
    legal_basis: LegalBasis | None


def keep(db: Database, contact_id: str, reason: str, *, today: date | None = None, by: str | None = None) -> Review:
    """Record "behalten" with its reason: the contact leaves the list until its next period."""
    reason = reason.strip()
    if not reason:
        raise UserError(_("Please give a reason for keeping the contact (it is recorded with the date and your name)."))
    if len(reason) > REASON_LENGTH:
        raise UserError(ngettext("The reason is longer than {limit} character.", "The reason is longer than {limit} characters.",
                                 REASON_LENGTH).format(limit=REASON_LENGTH))
    if any(ch == "\x00" or "\ud800" <= ch <= "\udfff" for ch in reason):
        raise UserError(_("The reason contains a character that cannot be stored."))
    day = today or date.today()
    who = by or user_name(db)
    with db.write() as session:
        contact = session.get(ContactRow, contact_id)
        if contact is None:
            raise NotFoundError(_("The contact {id} no longer exists.").format(id=contact_id))
        session.add(ContactReviewRow(id=str(uuid.uuid4()), contact_id=contact_id, decided_on=day, decided_by=who[:200],
                                     decision="keep", reason=reason, legal_basis=contact.legal_basis or ""))
    return Review(day, who, reason, _basis(contact.legal_basis))


def reviews_of(db: Database, contact_id: str) -> list[Review]:
    """The decisions taken on one contact, the newest first."""
    with db.read() as session:
        rows = session.scalars(select(ContactReviewRow).where(ContactReviewRow.contact_id == contact_id)
                               .order_by(ContactReviewRow.decided_on.desc(), ContactReviewRow.id)).all()
        return [Review(r.decided_on, r.decided_by, r.reason, _basis(r.legal_basis)) for r in rows]


def contacts_without_basis(db: Database) -> list[tuple[str, str]]:
    """(id, name) of the contacts without a legal basis (entered before it was required)."""
    with db.read() as session:
        rows = session.execute(select(ContactRow.id, ContactRow.title, ContactRow.first_name, ContactRow.last_name)
                               .where(ContactRow.legal_basis == "").order_by(ContactRow.name_key, ContactRow.id)).all()
    return [(r.id, joined_name(r.title, r.first_name, r.last_name)) for r in rows]


# "Anstehend" -----------------------------------------------------------------------------------


def contact_reviews_due(db: Database, today: date, within_days: int) -> list[DueItem]:
    return [
        DueItem(due_on=r.due_on, source=DueSource.CONTACT_REVIEW, text=r.why(), record_kind="contacts",
                record_id=r.contact_id, record_title=r.name)
        for r in reviews_due(db, today, within_days)
    ]


def travel_copies_out(db: Database, today: date, within_days: int) -> list[DueItem]:
    from partnerdesk.travel import register

    return register.copies_out_too_long(db, today, within_days)
