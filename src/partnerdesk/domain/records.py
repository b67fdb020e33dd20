"""Plain records of the registers: what services return, views show and documents print.

They hold no database session and can be copied, compared and pickled freely.
Link lists (SDG goals, participants, ...) travel with their record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from partnerdesk.domain.enums import (
    ActivityKind,
    DecisionBody,
    DecisionResult,
    MouStatus,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
)

#: Field metadata key: the field describes how this program sees the record, not its content
#: (left out of archives, travel copies and content comparisons).
TRANSIENT = "transient"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(kw_only=True)
class Record:
    id: str = field(default_factory=new_id)
    #: Row version: 0 before the first save, then counted up by every save.
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    #: Part of the shipped example data (can be removed in one step).
    is_example: bool = False

    #: Register name, used in archives, the command line and messages.
    KIND: ClassVar[str] = ""

    @property
    def display_name(self) -> str:
        raise NotImplementedError


@dataclass(kw_only=True)
class Organisation(Record):
    name: str = ""
    short_name: str = ""
    kind: OrganisationKind = OrganisationKind.OTHER
    country: str = ""  # ISO 3166-1 alpha-2, "" when unknown
    city: str = ""
    population: int | None = None
    population_year: int | None = None
    languages: list[str] = field(default_factory=list)  # ISO 639-1
    website: str = ""
    latitude: float | None = None
    longitude: float | None = None
    notes: str = ""
    #: Who signs for this body, and the body's legal name, as the MoU prints them
    #: ("Kumasi Metropolitan Assembly", "Mayor of Kumasi Metropolitan Assembly").
    legal_name: str = ""
    #: The legal name in other document languages where it differs, one "en: City of Dortmund"
    #: per line (``domain.translations``).
    legal_name_translations: str = ""
    representative: str = ""
    representative_function: str = ""
    #: The function in other document languages, one "en: Lord Mayor" per line.
    representative_function_translations: str = ""
    KIND: ClassVar[str] = "organisations"

    @property
    def display_name(self) -> str:
        return self.name


@dataclass(kw_only=True)
class Partnership(Record):
    title: str = ""
    partner_id: str = ""
    type: PartnershipType = PartnershipType.TWINNING
    status: PartnershipStatus = PartnershipStatus.EXPLORING
    #: Start as a full date or just a year; when the date is known the year equals its year.
    start_year: int | None = None
    start_date: date | None = None
    mou_status: MouStatus = MouStatus.NONE
    mou_signed_on: date | None = None
    themes: list[str] = field(default_factory=list)
    sdg_goals: list[int] = field(default_factory=list)
    coordinator_ids: list[str] = field(default_factory=list)
    notes: str = ""
    #: The partner's own council decision, where its law needs one (Romania: a Hotărâre, HCL).
    partner_decision_required: bool = False
    partner_decision_on: date | None = None
    partner_decision_number: str = ""
    KIND: ClassVar[str] = "partnerships"

    @property
    def display_name(self) -> str:
        return self.title


@dataclass(kw_only=True)
class FundingSource:
    id: str = field(default_factory=new_id)
    name: str = ""
    amount: Decimal | None = None
    currency: str = "EUR"


@dataclass(kw_only=True)
class Participant:
    organisation_id: str
    role: ParticipantRole = ParticipantRole.PARTNER


@dataclass(kw_only=True)
class Project(Record):
    title: str = ""
    partnership_id: str | None = None
    summary: str = ""
    status: ProjectStatus = ProjectStatus.IDEA
    start_date: date | None = None
    end_date: date | None = None
    sdg_goals: list[int] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)  # "6.1", "11.a"
    budget_amount: Decimal | None = None
    budget_currency: str = "EUR"
    funding_sources: list[FundingSource] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    contact_ids: list[str] = field(default_factory=list)
    notes: str = ""
    KIND: ClassVar[str] = "projects"

    @property
    def display_name(self) -> str:
        return self.title


@dataclass(kw_only=True)
class Contact(Record):
    name: str = ""
    organisation_id: str | None = None
    function: str = ""
    email: str = ""
    phone: str = ""
    preferred_language: str = ""  # ISO 639-1
    notes: str = ""
    #: Legal basis or consent note for holding this person's data (GDPR Art. 6).
    legal_basis: str = ""
    #: True when the database hides e-mail, phone and notes from this user (a server's
    #: personal-data role): those fields are then empty here and shown as "vertraulich",
    #: and saving the record leaves the stored ones alone. Not part of the record's content
    #: (archives, travel copies and comparisons leave it out).
    personal_hidden: bool = field(default=False, compare=False, metadata={TRANSIENT: True})
    KIND: ClassVar[str] = "contacts"

    @property
    def display_name(self) -> str:
        return self.name


@dataclass(kw_only=True)
class FollowUp:
    id: str = field(default_factory=new_id)
    text: str = ""
    due_date: date | None = None
    done: bool = False


@dataclass(kw_only=True)
class Activity(Record):
    title: str = ""
    kind: ActivityKind = ActivityKind.MEETING
    date: date | None = None
    place: str = ""
    partnership_id: str | None = None
    project_id: str | None = None
    contact_ids: list[str] = field(default_factory=list)
    organisation_ids: list[str] = field(default_factory=list)
    notes: str = ""
    follow_ups: list[FollowUp] = field(default_factory=list)
    KIND: ClassVar[str] = "activities"

    @property
    def display_name(self) -> str:
        return self.title


@dataclass(kw_only=True)
class Decision(Record):
    """A decision of the city council or one of its committees (a "Ratsbeschluss"), with the
    partnerships and projects it concerns. The MoU names the latest approved decision of the
    council itself (``latest_council_approval``); a "scheduled" one is due on its date."""

    title: str = ""
    body: DecisionBody = DecisionBody.COUNCIL
    #: The committee's name ("Ausschuss für Bürgerdienste und Internationales") when ``body`` is
    #: a committee.
    committee: str = ""
    date: date | None = None
    #: The Drucksache number ("12345-26").
    number: str = ""
    result: DecisionResult = DecisionResult.SCHEDULED
    notes: str = ""
    partnership_ids: list[str] = field(default_factory=list)
    project_ids: list[str] = field(default_factory=list)
    KIND: ClassVar[str] = "decisions"

    @property
    def display_name(self) -> str:
        return self.title

    @property
    def approves_as_council(self) -> bool:
        """An approval by the city council itself (what the MoU's clause names)."""
        return self.body == DecisionBody.COUNCIL and self.result == DecisionResult.APPROVED and self.date is not None


#: Fields that older versions wrote and that live elsewhere now, per register: readers of older
#: archives and history entries take them out (revision 0009 made the partnership's council
#: decision a record of its own).
RETIRED_FIELDS: dict[str, tuple[str, ...]] = {"partnerships": ("council_decision_on", "council_decision_number")}
#: Names the council decision carried over from a partnership (revision 0009 writes the same ids).
CARRIED_DECISION_NAMESPACE = uuid.UUID("5b0f2c1e-7a43-4c59-9d6e-0c0b1d2e9a09")


def carried_decision_id(partnership_id: str) -> str:
    """The id of the decision made from a partnership's council decision of revision 0007: the
    same in every database and archive it is carried over in, so merges see one record."""
    return str(uuid.uuid5(CARRIED_DECISION_NAMESPACE, partnership_id))


def latest_council_approval(decisions: list[Decision]) -> Decision | None:
    """The newest approval of the council itself among ``decisions`` (by date; None if none)."""
    approvals = [d for d in decisions if d.approves_as_council]
    return max(approvals, key=lambda d: (d.date or date.min, d.number), default=None)


RECORD_TYPES: dict[str, type[Record]] = {
    "organisations": Organisation,
    "partnerships": Partnership,
    "projects": Project,
    "contacts": Contact,
    "activities": Activity,
    "decisions": Decision,
}
#: Order in which records can be inserted without breaking references.
KINDS_IN_DEPENDENCY_ORDER = ("organisations", "partnerships", "contacts", "projects", "activities", "decisions")

#: Reference fields: (field, register, required). List fields hold ids (or participants).
REFERENCES: dict[str, list[tuple[str, str, bool]]] = {
    "partnerships": [("partner_id", "organisations", True), ("coordinator_ids", "organisations", False)],
    "contacts": [("organisation_id", "organisations", False)],
    "projects": [
        ("partnership_id", "partnerships", False),
        ("participants", "organisations", False),
        ("contact_ids", "contacts", False),
    ],
    "activities": [
        ("partnership_id", "partnerships", False),
        ("project_id", "projects", False),
        ("contact_ids", "contacts", False),
        ("organisation_ids", "organisations", False),
    ],
    "decisions": [
        ("partnership_ids", "partnerships", False),
        ("project_ids", "projects", False),
    ],
}


def references(record: Record) -> list[tuple[str, str, str]]:
    """``(field, register, id)`` for every record that ``record`` refers to."""
    found = []
    for name, target, _required in REFERENCES.get(record.KIND, []):
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            ident = getattr(item, "organisation_id", item)
            if ident:
                found.append((name, target, ident))
    return found
