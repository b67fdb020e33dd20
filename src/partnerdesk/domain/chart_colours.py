"""The colours of partnership types and statuses, one set for every picture: the window's overview (map
and charts) and the annual report's world map (hex strings; no Qt, no ReportLab)."""

from __future__ import annotations

from partnerdesk.domain.enums import PartnershipStatus, PartnershipType

#: Partnership types (CEMR's categories); colour-blind safe (Okabe–Ito).
TYPE_COLOURS: dict[PartnershipType, str] = {
    PartnershipType.TWINNING: "#0072B2",
    PartnershipType.FRIENDSHIP: "#009E73",
    PartnershipType.CONTACT: "#E69F00",
    PartnershipType.PROJECT_PARTNERSHIP: "#CC79A7",
}
#: A project place (a municipality in projects without partnership).
PROJECT_PLACE_COLOUR = "#56B4E9"

STATUS_COLOURS: dict[PartnershipStatus, str] = {
    PartnershipStatus.EXPLORING: "#F0E442",
    PartnershipStatus.ACTIVE: "#009E73",
    PartnershipStatus.DORMANT: "#999999",
    PartnershipStatus.ENDED: "#D55E00",
}


def point_colour(type_: PartnershipType | None) -> str:
    return PROJECT_PLACE_COLOUR if type_ is None else TYPE_COLOURS[type_]
