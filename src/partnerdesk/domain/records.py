"""Plain records of the registers: what services return, views show and documents print.

They hold no database session and can be copied, compared and pickled freely.
Link lists (SDG goals, participants, ...) travel with their record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias

from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    KeyFactKind,
    LegalBasis,
    MouStatus,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    Salutation,
    StageKind,
)
from partnerdesk.domain.grant_records import FundingProgramme, Grant
from partnerdesk.domain.person_names import joined_name, sorted_name, split_name
from partnerdesk.domain.programme import ProgrammeItem
from partnerdesk.domain.record_base import Record as Record
from partnerdesk.domain.record_base import new_id as new_id

#: Field metadata key: the field describes how this program sees the record, not its content
#: (left out of archives, travel copies and content comparisons).
TRANSIENT = "transient"


#: ``date`` under a second name, for annotations after a field called ``date``.
Day: TypeAlias = date


@dataclass(kw_only=True)
class KeyFact:
    """One value of a key fact (inhabitants, area, mayor since, website) with its source and date.

    Several values of one kind may stand side by side (two censuses, a figure from a visit);
    the chosen one, else the newest, is shown (``domain.key_facts``). ``value`` holds the
    plain form: "42000", "1234.5" (km²), the mayor's first day as "2021" or "2021-06-01", a
    web address with its scheme. ``as_of`` ("Stand") is a year ("2014") or a day
    ("2014-06-30"), "" when unknown.
    """

    id: str = field(default_factory=new_id)
    kind: KeyFactKind = KeyFactKind.INHABITANTS
    value: str = ""
    #: The mayor's name, where the office records it (mayor only).
    name: str = ""
    source: str = ""
    as_of: str = ""
    #: Shown instead of the newest value of its kind.
    chosen: bool = False


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
    #: The everyday name in other document languages, one "en: Environmental Agency" per line
    #: (``domain.translations``): what an MoU prints for a city unit in its other column.
    name_translations: str = ""
    #: The legal name in other document languages where it differs, one "en: City of Dortmund"
    #: per line (``domain.translations``).
    legal_name_translations: str = ""
    representative: str = ""
    representative_function: str = ""
    #: The function in other document languages, one "en: Lord Mayor" per line.
    representative_function_translations: str = ""
    #: Key facts with source and date (``domain.key_facts``); ``population``, ``population_year``
    #: and ``website`` above are the shown ones', derived from them when saved.
    key_facts: list[KeyFact] = field(default_factory=list)
    KIND: ClassVar[str] = "organisations"

    @property
    def display_name(self) -> str:
        return self.name


@dataclass(kw_only=True)
class PartnershipStage:
    """One dated step in a partnership's timeline (``domain.stages``).

    The MoU's term (``term_from``/``term_until``/``automatic_renewal``) belongs to a
    "MoU signed" stage, the programme and phase (SKEW "Kommunale Klimapartnerschaften",
    "Phase 2") to a project or climate partnership; other kinds leave them empty.
    """

    id: str = field(default_factory=new_id)
    kind: StageKind = StageKind.FIRST_CONTACT
    term_from: date | None = None
    term_until: date | None = None
    #: (Declared after the term's dates: this field's name would hide the type ``date``.)
    date: date | None = None
    note: str = ""
    #: Where the document lies: a file name, a Drucksache number, a registry reference.
    document: str = ""
    automatic_renewal: bool = False
    programme: str = ""
    phase: str = ""


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
    #: The staff member responsible: a contact of one of the city's own units (``OrganisationKind.CITY_UNIT``).
    responsible_id: str | None = None
    #: The dated stages, oldest first; the latest is the partnership's current stage.
    stages: list[PartnershipStage] = field(default_factory=list)
    #: The joint action programme (``domain.programme``): fields of action, goals, measures and
    #: indicators as one list, each item naming its parent, depth first.
    programme: list[ProgrammeItem] = field(default_factory=list)
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
    #: Title and summary in other document languages, one "en: …" per line (``domain.translations``).
    title_translations: str = ""
    summary_translations: str = ""
    status: ProjectStatus = ProjectStatus.IDEA
    start_date: date | None = None
    #: A start known only as a year ("seit 2008"); the year of ``start_date`` when that is known.
    start_year: int | None = None
    end_date: date | None = None
    sdg_goals: list[int] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)  # "6.1", "11.a"
    budget_amount: Decimal | None = None
    budget_currency: str = "EUR"
    funding_sources: list[FundingSource] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    contact_ids: list[str] = field(default_factory=list)
    notes: str = ""
    #: The staff member responsible: a contact of one of the city's own units.
    responsible_id: str | None = None
    #: Results and indicators (free text until the grants issue brings structured ones).
    results: str = ""
    #: The funding programme (free text until programme records exist, issue 23).
    funding_programme: str = ""
    #: The office's file reference ("Aktenzeichen") of the project.
    file_reference: str = ""
    KIND: ClassVar[str] = "projects"

    @property
    def display_name(self) -> str:
        return self.title


@dataclass(kw_only=True)
class Phone:
    """One line of ``Contact.phone``: "Mobil: +49 171 000000" (the label is optional)."""

    label: str = ""
    number: str = ""


@dataclass(kw_only=True)
class Contact(Record):
    salutation: Salutation = Salutation.NONE
    #: Academic title as written before the name: "Dr.", "Prof. Dr.".
    title: str = ""
    first_name: str = ""
    #: The family name; a name that could not be split safely stands here whole (``name_to_check``).
    last_name: str = ""
    #: Set when a name from older data or an import could not be split into first and last name.
    name_to_check: bool = False
    organisation_id: str | None = None
    function: str = ""
    email: str = ""
    #: Phone numbers, one per line, each with an optional label: "Büro: +49 231 50-0".
    phone: str = ""
    #: Postal address (several lines). Personal data, kept with e-mail and phones.
    address: str = ""
    languages: list[str] = field(default_factory=list)  # ISO 639-1, the preferred one first
    notes: str = ""
    #: The person asked not to be contacted (no letters, mail merges or invitations).
    do_not_contact: bool = False
    #: Restriction of processing (Art. 18 GDPR): the record is kept, but left out of exports,
    #: documents, mail merges, participant lists and travel copies (``domain.consent.restricted``).
    processing_restricted: bool = False
    #: Consent as a record (GDPR Art. 6(1)): the legal basis, and for consent when and how it
    #: was given and when it was withdrawn.
    legal_basis: LegalBasis | None = None
    consent_given_on: date | None = None
    consent_source: str = ""
    consent_withdrawn_on: date | None = None
    #: Set when an older free-text legal basis could not be mapped (it was kept in the notes).
    consent_to_check: bool = False
    #: True when the database hides e-mail, phones, address and notes from this user (a server's
    #: personal-data role): those fields are then empty here and shown as "vertraulich",
    #: and saving the record leaves the stored ones alone. Not part of the record's content
    #: (archives, travel copies and comparisons leave it out).
    personal_hidden: bool = field(default=False, compare=False, metadata={TRANSIENT: True})
    KIND: ClassVar[str] = "contacts"

    @property
    def display_name(self) -> str:
        """The name with its academic title: "Dr. Ama Mensah"."""
        return joined_name(self.title, self.first_name, self.last_name)

    @property
    def sort_name(self) -> str:
        """The name as the register lists and sorts it: "Mensah, Ama"."""
        return sorted_name(self.first_name, self.last_name)

    @property
    def name(self) -> str:
        """The whole name as one string ("Dr. Ama Mensah"); setting it splits it into its parts
        (``domain.person_names.split_name``). Kept for code written before the parts existed."""
        return self.display_name

    @name.setter
    def name(self, value: str) -> None:
        parts = split_name(value)
        self.title, self.first_name, self.last_name = parts.title, parts.first_name, parts.last_name
        self.name_to_check = parts.to_check
        if parts.salutation is not None:
            self.salutation = parts.salutation

    @property
    def phone_line(self) -> str:
        """The phone numbers on one line, as documents and lists print them: "Büro: +49 231 1; Mobil: …"."""
        return "; ".join(line.strip() for line in self.phone.splitlines() if line.strip())

    @property
    def phones(self) -> list[Phone]:
        """``phone`` line by line, with its label where one is written before a colon."""
        found = []
        for line in self.phone.splitlines():
            label, colon, number = line.rpartition(":")
            if not line.strip():
                continue
            found.append(Phone(label=label.strip(), number=number.strip()) if colon else Phone(number=line.strip()))
        return found


_CONTACT_FIELDS_INIT = Contact.__init__


def _contact_init(self: Contact, *args: Any, name: str | None = None, **kwargs: Any) -> None:
    """``Contact(name="Dr. Ama Mensah")`` still works: the name is split into its parts."""
    _CONTACT_FIELDS_INIT(self, *args, **kwargs)
    if name is not None and not (self.first_name or self.last_name or self.title):
        self.name = name


Contact.__init__ = _contact_init  # type: ignore[method-assign]


@dataclass(kw_only=True)
class FollowUp:
    id: str = field(default_factory=new_id)
    text: str = ""
    due_date: date | None = None
    done: bool = False
    #: Who sees to it: a contact of one of the city's own units (``None``: the activity's people).
    responsible_id: str | None = None


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
#: archives and history entries take them out (revision 0016 made the partnership's council
#: decision a record of its own).
RETIRED_FIELDS: dict[str, tuple[str, ...]] = {"partnerships": ("council_decision_on", "council_decision_number")}
#: Names the council decision carried over from a partnership (revision 0016 writes the same ids).
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
    "programmes": FundingProgramme,
    "grants": Grant,
}
#: Order in which records can be inserted without breaking references (contacts before
#: partnerships: a partnership names a responsible contact).
KINDS_IN_DEPENDENCY_ORDER = ("organisations", "contacts", "partnerships", "projects", "activities", "decisions",
                             "programmes", "grants")

#: Reference fields: (field, register, required). List fields hold ids (or participants).
REFERENCES: dict[str, list[tuple[str, str, bool]]] = {
    "partnerships": [
        ("partner_id", "organisations", True),
        ("coordinator_ids", "organisations", False),
        ("responsible_id", "contacts", False),
    ],
    "contacts": [("organisation_id", "organisations", False)],
    "projects": [
        ("partnership_id", "partnerships", False),
        ("participants", "organisations", False),
        ("contact_ids", "contacts", False),
        ("responsible_id", "contacts", False),
    ],
    "activities": [
        ("partnership_id", "partnerships", False),
        ("project_id", "projects", False),
        ("contact_ids", "contacts", False),
        ("organisation_ids", "organisations", False),
        ("attendees", "contacts", False),
        ("attendees", "organisations", False),
    ],
    "decisions": [
        ("partnership_ids", "partnerships", False),
        ("project_ids", "projects", False),
    ],
    "programmes": [],
    "grants": [
        ("programme_id", "programmes", False),
        ("project_ids", "projects", False),
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


#: References inside the parts of a record: (list field, part's field, register).
NESTED_REFERENCES: dict[str, list[tuple[str, str, str]]] = {
    "activities": [("follow_ups", "responsible_id", "contacts")],
}


def references(record: Record) -> list[tuple[str, str, str]]:
    """``(field, register, id)`` for every record that ``record`` refers to."""
    found = []
    for name, target, _required in REFERENCES.get(record.KIND, []):
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            ident = reference_in(name, target, item)
            if ident:
                found.append((name, target, ident))
    for name, part_field, target in NESTED_REFERENCES.get(record.KIND, []):
        for part in getattr(record, name):
            ident = getattr(part, part_field)
            if ident:
                found.append((name, target, ident))
    return found
