"""What the annual report holds, as plain records (no Qt, no SQL): filled by
``services.annual_report.collect`` and written by ``documents.annual_report`` (PDF) and
``documents.annual_report_docx`` (Word)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from partnerdesk.domain.enums import PartnershipType

#: How many of a partnership's activities of the year the report lists by name (all are counted).
LISTED_ACTIVITIES = 8


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Which part of the office's work the report covers (empty: all of it)."""

    partnership_type: str = ""
    #: An organisation of the city (a unit): partnerships and projects whose responsible person belongs to it.
    responsible_unit_id: str = ""
    responsible_unit_name: str = ""

    @property
    def empty(self) -> bool:
        return not self.partnership_type and not self.responsible_unit_id

    @property
    def label(self) -> str:
        """What was chosen, as the reader sees it ("Städtepartnerschaft, Amt für Internationales"); "" if nothing."""
        try:
            kind = PartnershipType(self.partnership_type).label if self.partnership_type else ""
        except ValueError:
            kind = self.partnership_type
        return ", ".join(c for c in (kind, self.responsible_unit_name if self.responsible_unit_id else "") if c)


@dataclass(frozen=True, slots=True)
class ActivityLine:
    day: date
    title: str
    kind: str  # the label
    place: str = ""


@dataclass(frozen=True, slots=True)
class PartnershipLine:
    id: str
    title: str
    partner: str
    country: str  # the country's name
    type: str  # the label
    status: str  # the label
    since: str  # "2008" or ""
    #: The stage the timeline had reached at the end of the year (label and date), "" if none.
    stage: str
    stage_on: date | None
    activities: int
    #: Up to ``LISTED_ACTIVITIES`` of the year's activities, newest first.
    listed: tuple[ActivityLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency (budgets are kept in the currency they were given in)."""

    amount: Decimal
    currency: str


def sums(pairs: Iterable[tuple[Decimal | None, str]]) -> list[Money]:
    """Amounts summed per currency, euros first."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for amount, currency in pairs:
        if amount is not None:
            totals[currency or "EUR"] += amount
    return [Money(totals[c], c) for c in sorted(totals, key=lambda c: (c != "EUR", c))]


@dataclass(frozen=True, slots=True)
class GrantLine:
    """A grant of the year (``services.annual_report_grants``): approved, and received in the year."""

    title: str
    reference: str
    funder: str
    approved: Money | None
    received: Money | None
    projects: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProjectLine:
    id: str
    title: str
    partnership: str
    status: str  # the label
    budget: Money | None
    #: The funding sources recorded for the project (name, amount), and their sum per currency.
    sources: tuple[tuple[str, Money | None], ...]
    funding: tuple[Money, ...]
    goals: tuple[int, ...]
    #: Neither start nor end recorded: the project is counted in every year.
    undated: bool = False


@dataclass(frozen=True, slots=True)
class GoalLine:
    goal: int
    projects: int
    #: The budgets of those projects in euros (other currencies: ``other_budgets``).
    budget: Decimal
    partnerships: int


@dataclass(frozen=True, slots=True)
class DecisionLine:
    day: date | None
    body: str  # the label
    number: str
    title: str
    result: str  # the label
    linked: str  # partnerships and projects named, "; "-joined


@dataclass(frozen=True, slots=True)
class MapPoint:
    latitude: float
    longitude: float
    name: str
    type: str  # PartnershipType value (the colour)


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One indicator of a joint action programme against its target (filled once the programme
    lane's tables are on main: ``services.annual_report.INDICATOR_SOURCES``)."""

    programme: str
    indicator: str
    unit: str
    baseline: str
    target: str
    latest: str
    #: How far from baseline to target the latest value has come ("45 %"), "" if it cannot be said.
    progress: str = ""


@dataclass
class AnnualReportData:
    year: int
    #: The city's name (its own body: a city unit with a legal name), "" if none is recorded.
    city: str = ""
    filter: ReportFilter = field(default_factory=ReportFilter)
    partnerships: list[PartnershipLine] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    goals: list[GoalLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    map_points: list[MapPoint] = field(default_factory=list)
    #: Partners of the report's partnerships without usable coordinates (names).
    unplaced: list[str] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    #: Grants of the year and their sums per currency (approved; received in the year).
    grants: list[GrantLine] = field(default_factory=list)
    grants_approved: list[Money] = field(default_factory=list)
    grants_received: list[Money] = field(default_factory=list)
    #: The year's activities: how many, and how many of each kind (label → count).
    activity_count: int = 0
    activity_kinds: dict[str, int] = field(default_factory=dict)
    #: Organisations that took part in the year's activities and projects, per kind (label → count),
    #: and the countries of the partners (name → partnerships).
    actors: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    #: Sums over the projects of the year, per currency.
    budgets: list[Money] = field(default_factory=list)
    funding: list[Money] = field(default_factory=list)
    #: Budgets not in euros per goal are left out of the chart; their sums per currency.
    other_budgets: list[Money] = field(default_factory=list)
    #: What the office has not recorded (or the filter left out), each said once, in German.
    missing: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.partnerships or self.projects or self.decisions or self.activity_count)
