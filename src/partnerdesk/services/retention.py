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
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, exists, false, func, or_, select, true

from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.errors import NotFoundError, UserError
from partnerdesk.domain.person_names import joined_name
from partnerdesk.domain.retention import (
    ContactFacts,
    RetentionRule,
    default_rules,
    latest_start,
    review_due_on,
    rule_text,
)
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


def _latest_activity(link: Any) -> Any:
    """The newest activity naming the contact through ``link`` (linked contacts or participants).

    ``date >= date.min`` changes no result; with it SQLite reads the date from ``ix_activities_id_date``
    (revision 0024) instead of the activity's row (by id alone it takes the id's own index)."""
    return (select(func.max(ActivityRow.date)).select_from(link).join(ActivityRow, ActivityRow.id == link.activity_id)
            .where(link.contact_id == ContactRow.id, ActivityRow.date >= date.min).scalar_subquery())


def _no_activity_after(day: date) -> Any:
    """No activity after ``day`` names the contact (stops at the first one found)."""
    return and_(*(~select(1).select_from(link).join(ActivityRow, ActivityRow.id == link.activity_id)
                  .where(link.contact_id == ContactRow.id, ActivityRow.date > day).exists()
                  for link in (ActivityContactRow, ActivityAttendeeRow)))


def _not_kept_after(day: date) -> Any:
    """No decision "behalten" after ``day`` (``ix_contact_reviews_contact_decided``)."""
    return ~exists().where(ContactReviewRow.contact_id == ContactRow.id, ContactReviewRow.decided_on > day)


def _entered_by(day: date) -> Any:
    """Entered on or before ``day`` (the local calendar day, as ``reviews_due`` reads it; a contact
    without the time counts as entered today)."""
    bound = datetime.combine(day + timedelta(days=1), time()).astimezone()
    return or_(ContactRow.created_at < bound, and_(ContactRow.created_at.is_(None), true() if _today() <= day else false()))


def _today() -> date:
    return datetime.now(UTC).astimezone().date()


def _without_basis() -> Any:
    return ContactRow.legal_basis.not_in([b.value for b in LegalBasis])


def due_condition(until: date, rule_of: dict[LegalBasis | None, RetentionRule], *, without_basis: bool = True) -> Any:
    """The contacts ``review_due_on`` makes due by ``until``, as SQL: each rule's period compared
    with its ``latest_start`` bound (no date arithmetic in the database, the same on SQLite and
    PostgreSQL). ``without_basis``: the contacts without a legal basis too."""
    def years(basis: LegalBasis | None) -> int:
        return (rule_of.get(basis) or default_rules()[basis]).years

    def kept_bound(basis: LegalBasis | None) -> Any:  # "behalten" restarts the period, one year at least
        return _not_kept_after(latest_start(until, max(1, years(basis))))

    consent = latest_start(until, years(LegalBasis.CONSENT))
    parts = [and_(ContactRow.legal_basis == LegalBasis.CONSENT.value, ContactRow.consent_withdrawn_on.is_not(None),
                  ContactRow.consent_withdrawn_on <= consent, kept_bound(LegalBasis.CONSENT))]
    for basis in (b for b in LegalBasis if b is not LegalBasis.CONSENT):
        start = latest_start(until, years(basis))
        parts.append(and_(ContactRow.legal_basis == basis.value, _entered_by(start), _no_activity_after(start),
                          kept_bound(basis)))
    if without_basis:
        parts.append(without_basis_condition(until, rule_of))
    return or_(*parts)


def without_basis_condition(until: date, rule_of: dict[LegalBasis | None, RetentionRule]) -> Any:
    """Contacts without a legal basis due by ``until``: due the day they were entered (or a period
    after their last "behalten")."""
    years = (rule_of.get(None) or default_rules()[None]).years
    return and_(_without_basis(), _entered_by(until), _not_kept_after(latest_start(until, max(1, years))))


def reviews_statement(condition: Any) -> Select[*tuple[Any, ...]]:
    """The contacts meeting ``condition`` (``due_condition``: the rules applied in SQL, so only the
    due ones are read) with what the review list shows of them."""
    def latest(column: Any) -> Any:  # the newest decision's ``column`` (one statement in all: "Anstehend" on a server)
        return (select(column).where(ContactReviewRow.contact_id == ContactRow.id)
                .order_by(ContactReviewRow.decided_on.desc(), ContactReviewRow.id.desc()).limit(1).scalar_subquery())

    kept = select(func.max(ContactReviewRow.decided_on)).where(ContactReviewRow.contact_id == ContactRow.id).scalar_subquery()
    return select(
        ContactRow.id, ContactRow.title, ContactRow.first_name, ContactRow.last_name, ContactRow.legal_basis,
        ContactRow.consent_withdrawn_on, ContactRow.created_at, _latest_activity(ActivityContactRow).label("linked"),
        _latest_activity(ActivityAttendeeRow).label("attended"), kept.label("kept"),
        latest(ContactReviewRow.decided_by).label("kept_by"), latest(ContactReviewRow.reason).label("reason"),
    ).where(condition)


def reviews_due(db: Database, today: date, within_days: int = 0,
                rule_of: dict[LegalBasis | None, RetentionRule] | None = None, *,
                without_basis: bool = True) -> list[ReviewDue]:
    """Contacts due for review by ``today + within_days`` (the overdue ones however old), by date;
    ``without_basis=False``: only those with a legal basis (the "Anstehend" list sums the others up)."""
    rule_of = rule_of or rules()
    until = today + timedelta(days=within_days)
    return _reviews(db, reviews_statement(due_condition(until, rule_of, without_basis=without_basis)), until, rule_of)


def _reviews(db: Database, statement: Select[*tuple[Any, ...]], until: date,
             rule_of: dict[LegalBasis | None, RetentionRule]) -> list[ReviewDue]:
    with db.read() as session:
        rows = session.execute(statement).all()
    found = []
    rule_texts = {basis: rule_text(rule) for basis, rule in rule_of.items()}  # translated once, not per row
    for r in rows:
        basis = _basis(r.legal_basis)
        entered = (r.created_at or datetime.now(UTC)).astimezone().date()
        days = [d for d in (_as_date(r.linked), _as_date(r.attended)) if d is not None]
        facts = ContactFacts(basis=basis, entered_on=entered, last_activity=max(days) if days else None,
                             consent_withdrawn_on=r.consent_withdrawn_on, last_kept_on=_as_date(r.kept))
        due = review_due_on(facts, rule_of)  # the day itself by the rule's own arithmetic, for the due rows only
        if due is None or due > until:
            continue
        found.append(ReviewDue(
            contact_id=r.id, name=joined_name(r.title, r.first_name, r.last_name), basis=basis, due_on=due,
            rule=rule_texts.get(basis) or rule_text(rule_of[basis]), last_activity=facts.last_activity, last_kept_on=facts.last_kept_on,
            last_kept_by=r.kept_by or "", last_reason=r.reason or "",
        ))
    found.sort(key=lambda f: (f.due_on, f.name.casefold(), f.contact_id))
    return found


def without_basis_due(db: Database, today: date, within_days: int = 0,
                      rule_of: dict[LegalBasis | None, RetentionRule] | None = None) -> tuple[int, date | None]:
    """How many contacts without a legal basis are due for review by ``today + within_days``, and
    the earliest day one of them became due: counted in the database, not read one by one."""
    rule_of = rule_of or rules()
    until = today + timedelta(days=within_days)
    with db.read() as session:
        count, never_kept, first = session.execute(without_basis_statement(until, rule_of)).one()
    if not count:
        return 0, None
    days = [_local_day(first)] if never_kept else []  # due the day they were entered
    if count > never_kept:  # due a period after their last "behalten" (rare: read one by one)
        kept = and_(without_basis_condition(until, rule_of), exists().where(ContactReviewRow.contact_id == ContactRow.id))
        days += [r.due_on for r in _reviews(db, reviews_statement(kept), until, rule_of)]
    return count, min(days)


def without_basis_statement(until: date, rule_of: dict[LegalBasis | None, RetentionRule]) -> Select[*tuple[Any, ...]]:
    """Of the contacts without a legal basis due by ``until``: how many, how many never kept, and
    the earliest entry among those (a contact without the time as entered now)."""
    never_kept = ~exists().where(ContactReviewRow.contact_id == ContactRow.id)
    now = bindparam("now", datetime.now(UTC), type_=ContactRow.created_at.type)
    return select(func.count(), func.count(case((never_kept, 1))),
                  func.min(case((never_kept, func.coalesce(ContactRow.created_at, now))))).where(
        without_basis_condition(until, rule_of))


def _local_day(value: object) -> date:
    if isinstance(value, str):  # a database that gives the aggregate untyped
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone().date()
    return _today()


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


#: The register-less kind of the "Anstehend" line summing up the contacts without a legal basis:
#: the window opens *Datenschutz → Fällige Prüfungen* for it (``ui.privacy.keep_actions``).
REVIEWS_KIND = "contact_reviews"


def contact_reviews_due(db: Database, today: date, within_days: int) -> list[DueItem]:
    """The contacts due by the period of their legal basis, one line each (each is a decision of its
    own), and ONE line for those without a legal basis ("3.400 Kontakte ohne Rechtsgrundlage",
    due since the first of them): older data has thousands, listed one by one in *Fällige Prüfungen*."""
    rule_of = rules()
    items = [
        DueItem(due_on=r.due_on, source=DueSource.CONTACT_REVIEW, text=r.why(), record_kind="contacts",
                record_id=r.contact_id, record_title=r.name)
        for r in reviews_due(db, today, within_days, rule_of, without_basis=False)
    ]
    count, first = without_basis_due(db, today, within_days, rule_of)
    if count and first is not None:
        items.append(DueItem(
            due_on=first, source=DueSource.CONTACT_REVIEW, record_kind=REVIEWS_KIND, record_id="",
            text=ngettext("{n} contact without a legal basis", "{n} contacts without a legal basis", count).format(n=count),
            record_title=_("Data protection → Reviews due"),
        ))
    return items


def travel_copies_out(db: Database, today: date, within_days: int) -> list[DueItem]:
    from partnerdesk.travel import register

    return register.copies_out_too_long(db, today, within_days)
