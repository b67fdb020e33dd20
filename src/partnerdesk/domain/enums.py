"""Enumerations of the registers. Stored values are stable English codes; labels translate."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from enum import StrEnum

from partnerdesk import i18n
from partnerdesk.i18n import N_

#: Each enum's labels in the catalogue they were translated with (kept, so compared by identity).
_TRANSLATED: dict[type, tuple[gettext.NullTranslations, dict[str, str]]] = {}


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a translatable label."""

    @property
    def label(self) -> str:
        """The label in the program's language; made once per enum and language (``grants check``
        names a rule in each of thousands of warnings)."""
        catalogue = i18n.catalogue()
        cached = _TRANSLATED.get(type(self))
        if cached is None or cached[0] is not catalogue:
            cached = (catalogue, {value: catalogue.gettext(text) for value, text in self._labels().items()})
            _TRANSLATED[type(self)] = cached
        return cached[1][self.value]

    def label_in(self, translate: Callable[[str], str]) -> str:
        """The label through another catalogue (a document's language, not the program's)."""
        return translate(self._labels()[self.value])

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class OrganisationKind(LabelledEnum):
    MUNICIPALITY = "municipality"
    CITY_UNIT = "city_unit"
    MUNICIPAL_COMPANY = "municipal_company"
    NGO = "ngo"
    UNIVERSITY = "university"
    COMPANY = "company"
    HOSPITAL = "hospital"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "municipality": N_("Partner municipality or region"),
            "city_unit": N_("City unit or department"),
            "municipal_company": N_("Municipal company"),
            "ngo": N_("NGO or association"),
            "university": N_("University or research institute"),
            "company": N_("Company"),
            "hospital": N_("Hospital"),
            "other": N_("Other"),
        }


class PartnershipType(LabelledEnum):
    """The types of the German section of CEMR's partnership database (RGRE), so the office's
    counts match the national statistics. A climate partnership is a project partnership whose
    programme (SKEW "Kommunale Klimapartnerschaften") stands on its stage in the timeline."""

    TWINNING = "twinning"
    FRIENDSHIP = "friendship"
    CONTACT = "contact"
    PROJECT_PARTNERSHIP = "project_partnership"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "twinning": N_("Partnership (town twinning)"),
            "friendship": N_("Friendship"),
            "contact": N_("Contact"),
            "project_partnership": N_("Project partnership"),
        }

    @classmethod
    def _missing_(cls, value: object) -> PartnershipType | None:
        # Codes of earlier versions (before revision 0011) in old archives, travel copies and
        # the history's stored versions read as what they became.
        return OLD_PARTNERSHIP_TYPES.get(str(value))


#: Type codes of earlier versions and what they became (revision 0011); a table import notes
#: the mapping in its preview.
OLD_PARTNERSHIP_TYPES = {
    "climate_partnership": PartnershipType.PROJECT_PARTNERSHIP,
    "project_cooperation": PartnershipType.PROJECT_PARTNERSHIP,
}


class KeyFactKind(LabelledEnum):
    """The key facts of a (partner) municipality, each with its source and date (``domain.key_facts``)."""

    INHABITANTS = "inhabitants"
    AREA = "area"
    MAYOR = "mayor"
    WEBSITE = "website"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "inhabitants": N_("Inhabitants"),
            "area": N_("Area (km²)"),
            "mayor": N_("Mayor since"),
            "website": N_("Website"),
        }


class StageKind(LabelledEnum):
    """The stages of a partnership's timeline, in the order they usually come."""

    FIRST_CONTACT = "first_contact"
    LETTER_OF_INTENT = "letter_of_intent"
    MOU_SIGNED = "mou_signed"
    PROJECT_PARTNERSHIP = "project_partnership"
    COUNCIL_DECISION = "council_decision"
    CERTIFICATE = "certificate"
    DORMANT = "dormant"
    SUSPENDED = "suspended"
    ENDED = "ended"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "first_contact": N_("First contact"),
            "letter_of_intent": N_("Letter of intent"),
            "mou_signed": N_("MoU signed"),
            "project_partnership": N_("Project or climate partnership"),
            "council_decision": N_("Council decision"),
            "certificate": N_("Certificate or ceremony"),
            "dormant": N_("Dormant"),
            "suspended": N_("Suspended"),
            "ended": N_("Ended"),
        }


class PartnershipStatus(LabelledEnum):
    EXPLORING = "exploring"
    ACTIVE = "active"
    DORMANT = "dormant"
    ENDED = "ended"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "exploring": N_("Exploring"),
            "active": N_("Active"),
            "dormant": N_("Dormant"),
            "ended": N_("Ended"),
        }


class MouStatus(LabelledEnum):
    NONE = "none"
    IN_PREPARATION = "in_preparation"
    SIGNED = "signed"
    EXPIRED = "expired"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "none": N_("No MoU"),
            "in_preparation": N_("MoU in preparation"),
            "signed": N_("MoU signed"),
            "expired": N_("MoU expired"),
        }


class ProjectStatus(LabelledEnum):
    IDEA = "idea"
    PLANNED = "planned"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "idea": N_("Idea"),
            "planned": N_("Planned"),
            "running": N_("Running"),
            "completed": N_("Completed"),
            "cancelled": N_("Cancelled"),
        }


class ParticipantRole(LabelledEnum):
    LEAD = "lead"
    PARTNER = "partner"
    IMPLEMENTER = "implementer"
    FUNDER = "funder"
    ADVISOR = "advisor"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "lead": N_("Lead"),
            "partner": N_("Partner"),
            "implementer": N_("Implementer"),
            "funder": N_("Funder"),
            "advisor": N_("Advisor"),
        }


class ActivityKind(LabelledEnum):
    MEETING = "meeting"
    INCOMING_DELEGATION = "incoming_delegation"
    OUTGOING_DELEGATION = "outgoing_delegation"
    EXPERT_EXCHANGE = "expert_exchange"
    SCHOOL_EXCHANGE = "school_exchange"
    CONFERENCE = "conference"
    COUNCIL_MEETING = "council_meeting"
    ONLINE_MEETING = "online_meeting"
    #: A delegation trip recorded before direction and the two delegation kinds existed
    #: (revision 0015 leaves it: whether it came or went is not known).
    DELEGATION_TRIP = "delegation_trip"
    WORKSHOP = "workshop"
    DONATION = "donation"
    CALL = "call"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "meeting": N_("Meeting"),
            "incoming_delegation": N_("Incoming delegation"),
            "outgoing_delegation": N_("Outgoing delegation"),
            "expert_exchange": N_("Expert exchange"),
            "school_exchange": N_("School exchange"),
            "conference": N_("Conference"),
            "council_meeting": N_("Council or committee meeting"),
            "online_meeting": N_("Online meeting"),
            "delegation_trip": N_("Delegation trip"),
            "workshop": N_("Workshop"),
            "donation": N_("Donation or handover"),
            "call": N_("Call"),
            "other": N_("Other"),
        }


class Salutation(LabelledEnum):
    """How a letter addresses a contact ("Sehr geehrte Frau …", "Sehr geehrter Herr …"); "none" for
    people who use neither (divers, or not known): letters then greet with the full name."""

    NONE = "none"
    MS = "ms"
    MR = "mr"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "none": N_("No salutation (diverse or not known)"),
            "ms": N_("Ms"),
            "mr": N_("Mr"),
        }


class LegalBasis(LabelledEnum):
    """The legal basis for holding a contact's data (GDPR Art. 6(1))."""

    CONSENT = "consent"
    CONTRACT = "contract"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTEREST = "legitimate_interest"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "consent": N_("Consent (Art. 6(1)(a) GDPR)"),
            "contract": N_("Contract (Art. 6(1)(b) GDPR)"),
            "public_task": N_("Public task (Art. 6(1)(e) GDPR)"),
            "legitimate_interest": N_("Legitimate interest (Art. 6(1)(f) GDPR)"),
        }


class ActivityDirection(LabelledEnum):
    """Who travelled: "" when not recorded (older activities)."""

    UNKNOWN = ""
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    AT_HOME = "at_home"
    ONLINE = "online"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "": N_("not recorded"),
            "incoming": N_("Incoming (guests visit us)"),
            "outgoing": N_("Outgoing (we travel)"),
            "at_home": N_("Here with us (no travel)"),
            "online": N_("Online"),
        }


class DecisionBody(LabelledEnum):
    """Who decides: the city council itself or one of its committees (named in the record)."""

    COUNCIL = "council"
    COMMITTEE = "committee"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "council": N_("City council"),
            "committee": N_("Committee"),
        }


class DecisionResult(LabelledEnum):
    """What became of a council decision; "scheduled" while it has not been taken yet."""

    SCHEDULED = "scheduled"
    APPROVED = "approved"
    REJECTED = "rejected"
    DEFERRED = "deferred"
    NOTED = "noted"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "scheduled": N_("Scheduled"),
            "approved": N_("Approved"),
            "rejected": N_("Rejected"),
            "deferred": N_("Deferred"),
            "noted": N_("Taken note of"),
        }


class GrantStatus(LabelledEnum):
    """Where a grant the city receives stands, from the first idea to the closed proof of use."""

    IDEA = "idea"
    OUTLINE = "outline"
    APPLICATION = "application"
    APPROVED = "approved"
    RUNNING = "running"
    PROOF_SUBMITTED = "proof_submitted"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "idea": N_("Idea"),
            "outline": N_("Outline submitted"),
            "application": N_("Application submitted"),
            "approved": N_("Granted"),
            "running": N_("Running"),
            "proof_submitted": N_("Proof of use submitted"),
            "closed": N_("Closed"),
            "rejected": N_("Rejected"),
            "withdrawn": N_("Withdrawn"),
        }

    @property
    def is_granted(self) -> bool:
        """A decision exists and the grant's duties apply (approved, running, proof submitted, closed)."""
        return self in (GrantStatus.APPROVED, GrantStatus.RUNNING, GrantStatus.PROOF_SUBMITTED, GrantStatus.CLOSED)


class FinancingKind(LabelledEnum):
    """How the funder pays: a share of the eligible costs, the shortfall, or a fixed sum."""

    SHARE = "share"
    DEFICIT = "deficit"
    FIXED = "fixed"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "share": N_("Share financing (Anteilfinanzierung)"),
            "deficit": N_("Deficit financing (Fehlbedarfsfinanzierung)"),
            "fixed": N_("Fixed-sum financing (Festbetragsfinanzierung)"),
        }


class GrantConditions(LabelledEnum):
    """The general ancillary provisions the grant decision names (the Bescheid decides)."""

    ANBEST_GK = "anbest_gk"
    ANBEST_P = "anbest_p"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "anbest_gk": N_("ANBest-Gk (local authorities)"),
            "anbest_p": N_("ANBest-P (project funding)"),
            "other": N_("Other (see special conditions)"),
        }
