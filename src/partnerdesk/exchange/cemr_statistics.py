"""The partnerships in the categories of the German section of CEMR's partnership database
(RGRE: "Partnerschaft", "Freundschaft", "Kontakt", "Projektpartnerschaft"), with the partner's
country and the year since when, as .xlsx or .csv: what the office types into the national
database, so it is copied instead of retyped.

One row per partnership (under the overview's filter in the window; all of them from the
command line): partner municipality, country (German name and ISO code), type, since, status,
the partnership's title. Sorted by country, then partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from partnerdesk.domain.countries import country_name
from partnerdesk.domain.enums import PartnershipStatus, PartnershipType
from partnerdesk.domain.text import sort_key
from partnerdesk.exchange.table_export import write_cells
from partnerdesk.exchange.table_fields import Field
from partnerdesk.i18n import N_
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import OrganisationRow, PartnershipRow
from partnerdesk.services.scope import OverviewFilter, partnership_where

COLUMNS = (
    Field("partner", N_("Partner municipality"), "text"),
    Field("country", N_("Country"), "text"),
    Field("country_code", N_("Country code (ISO)"), "text"),
    Field("type", N_("Type (CEMR category)"), "text"),
    Field("since", N_("Since"), "int"),
    Field("status", N_("Status"), "text"),
    Field("title", N_("Partnership"), "text"),
)


@dataclass(frozen=True)
class CemrRow:
    partner: str
    country: str
    country_code: str
    type: PartnershipType
    since: int | None
    status: PartnershipStatus
    title: str

    def cells(self) -> list[object]:
        return [self.partner, self.country, self.country_code, self.type.label, self.since, self.status.label, self.title]


def cemr_rows(db: Database, f: OverviewFilter | None = None) -> list[CemrRow]:
    since = func.coalesce(PartnershipRow.start_year, func.extract("year", PartnershipRow.start_date))
    query = (
        select(OrganisationRow.name, OrganisationRow.country, PartnershipRow.type, since, PartnershipRow.status, PartnershipRow.title)
        .join(OrganisationRow, OrganisationRow.id == PartnershipRow.partner_id)
    )
    if f is not None:
        query = query.where(partnership_where(f))
    with db.read() as session:
        found = session.execute(query).all()
    rows = [
        CemrRow(name, country_name(code) if code else "", code or "", PartnershipType(type_),
                int(year) if year is not None else None, PartnershipStatus(status), title)
        for name, code, type_, year, status, title in found
    ]
    return sorted(rows, key=lambda r: (sort_key(r.country), sort_key(r.partner), sort_key(r.title)))


def export_cemr(db: Database, out: Path, f: OverviewFilter | None = None) -> int:
    """Write the rows to ``out`` (.xlsx or .csv by its suffix, whole or not at all); returns their count."""
    rows = cemr_rows(db, f)
    write_cells(out, COLUMNS, [r.cells() for r in rows], ["EUR"] * len(rows))
    return len(rows)
