"""The database tables (SQLAlchemy 2 typed ORM).

Every record has a UUID primary key, so offline travel copies create records
without clashes; created/updated timestamps in UTC; and a row version that every
save counts up (the services use it to refuse lost updates).
Link lists are tables of their own so SQL can filter by them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    KeyFactKind,
    MouStatus,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    StageKind,
)
from partnerdesk.domain.records import Day
from partnerdesk.persistence.table_base import UUID as UUID
from partnerdesk.persistence.table_base import Base as Base
from partnerdesk.persistence.table_base import RecordMixin as RecordMixin
from partnerdesk.persistence.table_base import _in as _in
from partnerdesk.persistence.tables_grants import GrantRow, ProgrammeRow
from partnerdesk.persistence.types import Amount


class DatabaseInfo(Base):
    """Key/value facts about this database file (its identity, what it is)."""

    __tablename__ = "database_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OrganisationRow(RecordMixin, Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(_in("kind", OrganisationKind.values()), name="kind"),
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude"),
        CheckConstraint("population IS NULL OR population >= 0", name="population"),
    )
    name: Mapped[str] = mapped_column(String(300), index=True)
    #: ``domain.text.sort_key`` of the name (case/accent-free, indexed): what the register sorts by.
    name_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    short_name: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[str] = mapped_column(String(32), index=True)
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    city: Mapped[str] = mapped_column(String(200), default="")
    population: Mapped[int | None] = mapped_column(Integer)
    population_year: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    website: Mapped[str] = mapped_column(String(500), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Who signs and the body's legal name (revision 0007).
    legal_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: The name in other document languages (revision 0009).
    name_translations: Mapped[str] = mapped_column(Text, default="", server_default="")
    legal_name_translations: Mapped[str] = mapped_column(Text, default="", server_default="")
    representative: Mapped[str] = mapped_column(String(300), default="", server_default="")
    representative_function: Mapped[str] = mapped_column(String(300), default="", server_default="")
    representative_function_translations: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Every key fact in short, newest first per kind (revision 0020; kept by the services beside
    #: ``key_facts``): what a register shows on hover without reading the facts themselves.
    key_facts_summary: Mapped[dict[str, list[list[object]]]] = mapped_column(JSON, default=dict, server_default="{}")

    key_facts: Mapped[list[OrganisationKeyFactRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OrganisationKeyFactRow.position"
    )


class OrganisationKeyFactRow(Base):
    """One value of a key fact with its source and date (revision 0020; ``domain.key_facts``)."""

    __tablename__ = "organisation_key_facts"
    __table_args__ = (CheckConstraint(_in("kind", KeyFactKind.values()), name="kind"),)
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(500), default="")
    name: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    #: "Stand": a year ("2014") or a day ("2014-06-30"), "" when unknown.
    as_of: Mapped[str] = mapped_column(String(10), default="")
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class PartnershipRow(RecordMixin, Base):
    __tablename__ = "partnerships"
    __table_args__ = (
        CheckConstraint(_in("type", PartnershipType.values()), name="type"),
        CheckConstraint(_in("status", PartnershipStatus.values()), name="status"),
        CheckConstraint(_in("mou_status", MouStatus.values()), name="mou_status"),
        #: The responsible person by the id without the row: an open follow-up's in "Anstehend" (revision 0026).
        Index("ix_partnerships_id_responsible", "id", "responsible_id", unique=True),
    )
    title: Mapped[str] = mapped_column(String(300), index=True)
    #: ``domain.text.sort_key`` of the title (case/accent-free, indexed): what the register sorts by.
    title_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    partner_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    start_year: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None] = mapped_column(Date)
    mou_status: Mapped[str] = mapped_column(String(32), default="none")
    mou_signed_on: Mapped[date | None] = mapped_column(Date)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The partner's decision (revision 0007; the city council's own are ``decisions``, revision 0016).
    partner_decision_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    partner_decision_on: Mapped[date | None] = mapped_column(Date)
    partner_decision_number: Mapped[str] = mapped_column(String(100), default="", server_default="")
    #: The staff member responsible, a contact of a city unit (revision 0010).
    responsible_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    #: The latest dated stage of the timeline (revision 0011), kept by the services beside the
    #: stages themselves so the register sorts and filters by it with an index. NULL: no stage.
    current_stage: Mapped[str | None] = mapped_column(String(32), index=True)
    current_stage_on: Mapped[date | None] = mapped_column(Date)

    sdg_goals: Mapped[list[PartnershipGoalRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    coordinators: Mapped[list[PartnershipCoordinatorRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PartnershipCoordinatorRow.position"
    )
    stages: Mapped[list[PartnershipStageRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PartnershipStageRow.position"
    )
    #: The joint action programme (revision 0022, ``tables_programme``).
    programme: Mapped[list[Any]] = relationship(
        "ProgrammeItemRow", cascade="all, delete-orphan", lazy="selectin", order_by="ProgrammeItemRow.position"
    )


class PartnershipGoalRow(Base):
    __tablename__ = "partnership_sdg_goals"
    __table_args__ = (CheckConstraint("goal BETWEEN 1 AND 17", name="goal"),)
    partnership_id: Mapped[str] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True
    )
    goal: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class PartnershipCoordinatorRow(Base):
    __tablename__ = "partnership_coordinators"
    partnership_id: Mapped[str] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class PartnershipStageRow(Base):
    """One dated stage of a partnership's timeline (revision 0011; ``domain.stages``)."""

    __tablename__ = "partnership_stages"
    __table_args__ = (
        CheckConstraint(_in("kind", StageKind.values()), name="kind"),
        CheckConstraint("term_until IS NULL OR term_from IS NULL OR term_until >= term_from", name="term"),
    )
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    partnership_id: Mapped[str] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    term_from: Mapped[date | None] = mapped_column(Date)
    term_until: Mapped[date | None] = mapped_column(Date, index=True)
    #: (Declared after the term: this column's name would hide the type ``date``.)
    date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[str] = mapped_column(String(300), default="")
    automatic_renewal: Mapped[bool] = mapped_column(Boolean, default=False)
    programme: Mapped[str] = mapped_column(String(300), default="")
    phase: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ContactRow(RecordMixin, Base):
    __tablename__ = "contacts"
    name: Mapped[str] = mapped_column(String(300), index=True)
    #: ``domain.text.sort_key`` of the name (case/accent-free, indexed): what the register sorts by.
    name_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    function: Mapped[str] = mapped_column(String(300), default="")
    #: The whole name as shown ("Dr. Ama Mensah"), kept from the parts below for lists, labels and
    #: the server's history triggers; ``name_key`` sorts by last name, then first name (rev. 0012).
    salutation: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    title: Mapped[str] = mapped_column(String(100), default="", server_default="")
    first_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    last_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    name_to_check: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    #: Restriction of processing (Art. 18 GDPR, rev. 0017): kept, but in no export, document,
    #: mail merge, participant list or travel copy.
    processing_restricted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    #: The consent record: a ``LegalBasis`` code ("" when none is recorded), when and how consent was
    #: given, when it was withdrawn. Not personal content: who may be written to must be known to
    #: every user, also to those whom a server hides e-mail and address.
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    consent_given_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_source: Mapped[str] = mapped_column(Text, default="", server_default="")
    consent_withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_to_check: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    #: E-mail, phone and notes: in a table of their own (``persistence.personal_data``).
    #: ``None`` when none is stored, or when a server hides it from this user (row-level security).
    #: Loaded in the contact's own query (an outer join): no extra round trip to a server.
    private: Mapped[ContactPrivateRow | None] = relationship(
        cascade="all, delete-orphan", lazy="joined", passive_deletes=True, uselist=False
    )


class ContactPrivateRow(Base):
    """A contact's personal data: readable on a server only by members of the personal-data role.

    Kept out of ``contacts`` so that one grant too many on the main table exposes nothing;
    row-level security on this table decides who sees a row (migration 0004).
    """

    __tablename__ = "contact_private"
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(300), default="")
    #: Phone numbers, one per line with an optional label (rev. 0012: longer than one number).
    phone: Mapped[str] = mapped_column(Text, default="")
    #: Postal address (rev. 0012).
    address: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Folded e-mail, phone and notes for the register search (never in ``contacts.search_text``).
    search_text: Mapped[str] = mapped_column(Text, default="")


class ProjectRow(RecordMixin, Base):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint(_in("status", ProjectStatus.values()), name="status"),
        CheckConstraint("budget_amount IS NULL OR budget_amount >= 0", name="budget_amount"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"),
        #: The responsible person by the id without the row: an open follow-up's in "Anstehend" (revision 0026).
        Index("ix_projects_id_responsible", "id", "responsible_id", unique=True),
    )
    title: Mapped[str] = mapped_column(String(300), index=True)
    #: ``domain.text.sort_key`` of the title (case/accent-free, indexed): what the register sorts by.
    title_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    partnership_id: Mapped[str | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL"), index=True
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Title and summary in other document languages (revision 0009).
    title_translations: Mapped[str] = mapped_column(Text, default="", server_default="")
    summary_translations: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(32), index=True)
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    #: A start known only as a year ("seit 2008"); beside ``start_date`` (migration 0013). Indexed
    #: (migration 0025): the Übersicht's year choices take its first and last from the index.
    start_year: Mapped[int | None] = mapped_column(Integer, index=True)
    budget_amount: Mapped[Decimal | None] = mapped_column(Amount())
    budget_currency: Mapped[str] = mapped_column(String(3), default="EUR")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The staff member responsible, a contact of a city unit (revision 0010).
    responsible_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)
    results: Mapped[str] = mapped_column(Text, default="", server_default="")
    funding_programme: Mapped[str] = mapped_column(String(300), default="", server_default="")
    file_reference: Mapped[str] = mapped_column(String(100), default="", server_default="")

    sdg_goals: Mapped[list[ProjectGoalRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    sdg_targets: Mapped[list[ProjectTargetRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    funding_sources: Mapped[list[FundingSourceRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FundingSourceRow.position"
    )
    participants: Mapped[list[ProjectParticipantRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProjectParticipantRow.position"
    )
    contacts: Mapped[list[ProjectContactRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProjectContactRow.position"
    )


class ProjectGoalRow(Base):
    __tablename__ = "project_sdg_goals"
    __table_args__ = (CheckConstraint("goal BETWEEN 1 AND 17", name="goal"),)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    goal: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class ProjectTargetRow(Base):
    __tablename__ = "project_sdg_targets"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    target: Mapped[str] = mapped_column(String(8), primary_key=True)


class FundingSourceRow(Base):
    __tablename__ = "funding_sources"
    __table_args__ = (CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),)
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Decimal | None] = mapped_column(Amount())
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProjectParticipantRow(Base):
    __tablename__ = "project_participants"
    __table_args__ = (CheckConstraint(_in("role", ParticipantRole.values()), name="role"),)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProjectContactRow(Base):
    __tablename__ = "project_contacts"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class ActivityRow(RecordMixin, Base):
    __tablename__ = "activities"
    title: Mapped[str] = mapped_column(String(300))
    #: ``domain.text.sort_key`` of the title (case/accent-free, indexed): what the register sorts by.
    title_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    #: The last day of a visit of several days; NULL for one day.
    end_date: Mapped[Day | None] = mapped_column(Date)
    direction: Mapped[str] = mapped_column(String(16), default="", server_default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    partnership_id: Mapped[str | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL"), index=True
    )
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint(_in("kind", ActivityKind.values()), name="kind"),
        CheckConstraint(_in("direction", ActivityDirection.values()), name="direction"),
        #: A partnership's latest activity (quiet partnerships in "Anstehend", revision 0010).
        Index("ix_activities_partnership_date", "partnership_id", "date"),
        #: An activity's date by its id without its row: the contacts due for review (revision 0024).
        Index("ix_activities_id_date", "id", "date", unique=True),
        #: What "Anstehend" shows of an open follow-up's activity, without its row (revision 0026).
        Index("ix_activities_id_follow_up", "id", "title", "project_id", "partnership_id", unique=True),
    )

    contacts: Mapped[list[ActivityContactRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityContactRow.position"
    )
    organisations: Mapped[list[ActivityOrganisationRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityOrganisationRow.position"
    )
    follow_ups: Mapped[list[FollowUpRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="FollowUpRow.position"
    )
    attendees: Mapped[list[ActivityAttendeeRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityAttendeeRow.position"
    )


class ActivityContactRow(Base):
    __tablename__ = "activity_contacts"
    activity_id: Mapped[str] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[str] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    #: A contact's activities from the index alone (the contacts due for review, revision 0024).
    __table_args__ = (Index("ix_activity_contacts_contact_activity", "contact_id", "activity_id"),)


class ActivityOrganisationRow(Base):
    __tablename__ = "activity_organisations"
    activity_id: Mapped[str] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class FollowUpRow(Base):
    __tablename__ = "follow_ups"
    __table_args__ = (
        #: The "Anstehend" list: the open follow-ups only (a partial index, small however many are
        #: done), in date order, with every column the list reads, so the table is not read (revision 0010;
        #: ``done`` too since 0026: SQLite reads a partial index alone only if it holds every column named).
        Index("ix_follow_ups_open_due", "due_date", "activity_id", "responsible_id", "id", "text", "done",
              sqlite_where=text("done = 0"), postgresql_where=text("done = false")),
    )
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    activity_id: Mapped[str] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Who sees to it, a contact of a city unit (revision 0010).
    responsible_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), index=True)


class ActivityAttendeeRow(Base):
    """One line of an activity's participant list (``domain.records.Attendee``). A deleted
    contact or organisation leaves the line with its name (the links become NULL)."""

    __tablename__ = "activity_attendees"
    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    activity_id: Mapped[str] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    organisation: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Dietary and accessibility notes: health data (GDPR Art. 9), in a table of their own under the
    #: same row-level security as ``contact_private`` (revision 0018); ``None`` when none are stored
    #: or a server hides them from this user.
    private: Mapped[ActivityAttendeePrivateRow | None] = relationship(
        cascade="all, delete-orphan", lazy="joined", passive_deletes=True, uselist=False
    )

    #: A contact's participations from the index alone (the contacts due for review, revision 0024).
    __table_args__ = (Index("ix_activity_attendees_contact_activity", "contact_id", "activity_id"),)


class ActivityAttendeePrivateRow(Base):
    """A participant's dietary and accessibility notes (revision 0018): readable on a server only
    by members of the personal-data role, like ``contact_private``."""

    __tablename__ = "activity_attendee_private"
    attendee_id: Mapped[str] = mapped_column(
        ForeignKey("activity_attendees.id", ondelete="CASCADE"), primary_key=True
    )
    dietary: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")


class DecisionRow(RecordMixin, Base):
    """A council or committee decision (revision 0016), linked to partnerships and projects."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(_in("body", DecisionBody.values()), name="body"),
        CheckConstraint(_in("result", DecisionResult.values()), name="result"),
    )
    title: Mapped[str] = mapped_column(String(300))
    #: ``domain.text.sort_key`` of the title (case/accent-free, indexed): what the register sorts by.
    title_key: Mapped[str] = mapped_column(Text, default="", server_default="", index=True)
    body: Mapped[str] = mapped_column(String(32), index=True)
    committee: Mapped[str] = mapped_column(String(300), default="")
    #: Required when saved; may be empty in decisions carried over from revision 0007.
    date: Mapped[date | None] = mapped_column(Date, index=True)
    number: Mapped[str] = mapped_column(String(100), default="", index=True)
    result: Mapped[str] = mapped_column(String(32), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    partnerships: Mapped[list[DecisionPartnershipRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DecisionPartnershipRow.position"
    )
    projects: Mapped[list[DecisionProjectRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DecisionProjectRow.position"
    )


class DecisionPartnershipRow(Base):
    __tablename__ = "decision_partnerships"
    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True)
    partnership_id: Mapped[str] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class DecisionProjectRow(Base):
    __tablename__ = "decision_projects"
    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


ROW_TYPES: dict[str, type[Any]] = {
    "organisations": OrganisationRow,
    "partnerships": PartnershipRow,
    "projects": ProjectRow,
    "contacts": ContactRow,
    "activities": ActivityRow,
    "decisions": DecisionRow,
    "programmes": ProgrammeRow,
    "grants": GrantRow,
}


def configure_mappings() -> None:
    """Finish the ORM mappings now; SQLAlchemy otherwise does it at the first query that needs
    them (~15-50 ms), which in the window would be the user's first click on a record."""
    from sqlalchemy.orm import configure_mappers

    configure_mappers()


# The tables beside the registers (journal, history, documents, glossary, attachments) belong to the
# same metadata: imported here, at the end, once Base exists.
from partnerdesk.persistence import tables_beside as _tables_beside  # noqa: E402,F401
from partnerdesk.persistence import tables_erasure as _tables_erasure  # noqa: E402,F401
from partnerdesk.persistence import tables_programme as _tables_programme  # noqa: E402,F401

# The tables of retention and the travel copy register (issue 22), likewise.
from partnerdesk.persistence import tables_retention as _tables_retention  # noqa: E402,F401
