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
    DELEGATION_TRIP = "delegation_trip"
    WORKSHOP = "workshop"
    DONATION = "donation"
    CALL = "call"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "meeting": N_("Meeting"),
            "delegation_trip": N_("Delegation trip"),
            "workshop": N_("Workshop"),
            "donation": N_("Donation or handover"),
            "call": N_("Call"),
            "other": N_("Other"),
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
