"""Enumerations of the registers. Stored values are stable English codes; labels translate."""

from __future__ import annotations

from enum import StrEnum

from partnerdesk.i18n import N_, _


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a translatable label."""

    @property
    def label(self) -> str:
        return _(self._labels()[self.value])

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
    TWINNING = "twinning"
    PROJECT_PARTNERSHIP = "project_partnership"
    CLIMATE_PARTNERSHIP = "climate_partnership"
    FRIENDSHIP = "friendship"
    PROJECT_COOPERATION = "project_cooperation"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "twinning": N_("Town twinning"),
            "project_partnership": N_("Project partnership"),
            "climate_partnership": N_("Climate partnership"),
            "friendship": N_("Friendship"),
            "project_cooperation": N_("Project-based cooperation"),
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
    #: (revision 0009 leaves it: whether it came or went is not known).
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
