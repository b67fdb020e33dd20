"""Plain records of the registers: what services return, views show and documents print.

They hold no database session and can be copied, compared and pickled freely.
Link lists (SDG goals, participants, ...) travel with their record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar, TypeAlias

from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
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


#: ``date`` under a second name, for annotations after a field called ``date``.
Day: TypeAlias = date


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
    #: The city council's decision approving the partnership or its MoU (date, Drucksache number).
    council_decision_on: date | None = None
    council_decision_number: str = ""
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
class Attendee:
    """One person on an activity's participant list: a contact (``contact_id``) or a free name.

    ``name`` and ``organisation`` are what the list prints: for a picked contact the contact's
    name at the time it was picked (so the list still reads right if the contact is deleted
    later); ``organisation_id`` links an organisation of the register, ``organisation`` is free
    text for one that is not in it (or the picked one's name, likewise).
    """

    id: str = field(default_factory=new_id)
    contact_id: str | None = None
    name: str = ""
    organisation_id: str | None = None
    organisation: str = ""
    role: str = ""
    dietary: str = ""
    accessibility: str = ""


@dataclass(kw_only=True)
class Activity(Record):
    title: str = ""
    kind: ActivityKind = ActivityKind.MEETING
    #: The (first) day; ``end_date`` the last day of a visit of several days (None: one day).
    date: date | None = None
    end_date: Day | None = None
    direction: ActivityDirection = ActivityDirection.UNKNOWN
    place: str = ""
    partnership_id: str | None = None
    project_id: str | None = None
    contact_ids: list[str] = field(default_factory=list)
    organisation_ids: list[str] = field(default_factory=list)
    notes: str = ""
    follow_ups: list[FollowUp] = field(default_factory=list)
    #: Who took part (the visit's list). ``contact_ids``/``organisation_ids`` stay the links of
    #: the register (whom the activity concerns: it shows on those contacts and organisations).
    attendees: list[Attendee] = field(default_factory=list)
    KIND: ClassVar[str] = "activities"

    @property
    def display_name(self) -> str:
        return self.title

    @property
    def last_day(self) -> Day | None:
        """The last day: ``end_date`` for a visit of several days, else the day itself."""
        return self.end_date or self.date


RECORD_TYPES: dict[str, type[Record]] = {
    "organisations": Organisation,
    "partnerships": Partnership,
    "projects": Project,
    "contacts": Contact,
    "activities": Activity,
}
#: Order in which records can be inserted without breaking references.
KINDS_IN_DEPENDENCY_ORDER = ("organisations", "partnerships", "contacts", "projects", "activities")

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
        ("attendees", "contacts", False),
        ("attendees", "organisations", False),
    ],
}
#: List fields whose entries are objects: the key that refers to each register
#: (everything else in a list is an id).
ITEM_KEYS: dict[tuple[str, str], str] = {
    ("participants", "organisations"): "organisation_id",
    ("attendees", "contacts"): "contact_id",
    ("attendees", "organisations"): "organisation_id",
}


def reference_in(name: str, target: str, item: object) -> str | None:
    """The id that one entry of list field ``name`` (an object, a dict from JSON, or an id)
    refers to in register ``target``, or None."""
    key = ITEM_KEYS.get((name, target))
    if key is None:
        return item if isinstance(item, str) else None
    found = item.get(key) if isinstance(item, dict) else getattr(item, key, None)
    return found if isinstance(found, str) and found else None


def references(record: Record) -> list[tuple[str, str, str]]:
    """``(field, register, id)`` for every record that ``record`` refers to."""
    found = []
    for name, target, _required in REFERENCES.get(record.KIND, []):
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            ident = reference_in(name, target, item)
            if ident:
                found.append((name, target, ident))
    return found
