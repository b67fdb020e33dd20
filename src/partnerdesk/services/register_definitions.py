"""What each register shows: its columns, filters, query and row types, and the tables behind them.

``registers.RegisterService`` turns these definitions into SQL; the definitions themselves hold
no query logic, so a new column or filter is added here alone.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import false, func, select
from sqlalchemy.sql import FromClause

from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    GrantStatus,
    KeyFactKind,
    LabelledEnum,
    LegalBasis,
    MouStatus,
    OrganisationKind,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    Salutation,
    StageKind,
)
from partnerdesk.i18n import N_, _, current_language
from partnerdesk.persistence.tables import (
    ActivityAttendeeRow,
    ActivityRow,
    ContactPrivateRow,
    ContactRow,
    DecisionRow,
    FollowUpRow,
    OrganisationRow,
    PartnershipGoalRow,
    PartnershipRow,
    ProjectGoalRow,
    ProjectParticipantRow,
    ProjectRow,
)
from partnerdesk.persistence.tables_grants import GrantRow, ProgrammeRow

KINDS = ("partnerships", "projects", "organisations", "contacts", "activities", "decisions", "programmes", "grants")
#: Filter keys a register may offer (``filter_options`` says which one does).
FILTER_KEYS = ("status", "country", "type", "sdg_goal", "stage", "responsible", "follow_ups", "check", "programme",
               "project", "year")
#: Choices of the contacts' "to check" filter: what each one selects is in ``registers``.
CHECK_OPTIONS = (
    ("name_to_check", N_("Name to check")),
    ("consent_to_check", N_("Legal basis to check")),
    ("no_legal_basis", N_("No legal basis recorded")),
    ("consent_withdrawn", N_("Consent withdrawn")),
    ("do_not_contact", N_("Do not contact")),
    ("processing_restricted", N_("Processing restricted")),
)

_ORG = OrganisationRow.__table__
_PS = PartnershipRow.__table__
_PJ = ProjectRow.__table__
_CT = ContactRow.__table__
#: Contacts' personal data (e-mail, phone, notes): on a server only the personal-data role reads it.
_CT_PRIVATE = ContactPrivateRow.__table__
_AC = ActivityRow.__table__
_DC = DecisionRow.__table__
_PG = ProgrammeRow.__table__
_GR = GrantRow.__table__
_PS_GOALS = PartnershipGoalRow.__table__
_PJ_GOALS = ProjectGoalRow.__table__
_PARTICIPANTS = ProjectParticipantRow.__table__
_FU = FollowUpRow.__table__
_ATTENDEES = ActivityAttendeeRow.__table__

#: How many ids go into one ``IN (...)`` list.
_CHUNK = 500
#: A search matching at least this share of rows tests the text of the rows it walks in
#: sort order instead of asking the text index for every match (a page is found within
#: a few thousand rows; collecting a quarter million matches first would cost more).
_DENSE = 0.2


class Money(NamedTuple):
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a register as a view shows it."""

    key: str
    label: str
    #: "text", "enum", "country", "language", "date", "int", "money", "goals", "list"
    type: str = "text"
    visible: bool = True  # shown until the user hides it
    sortable: bool = True

    @property
    def align_right(self) -> bool:
        return self.type in ("int", "money") or self.key in ("population", "partner_population", "area", "partner_area")


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    colour: str | None = None  # "#RRGGBB" for SDG goals


@dataclass
class RegisterQuery:
    """What a register shows: search text, filters (key -> value) and the sort column."""

    kind: str
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort_column: str | None = None
    descending: bool = False
    #: Columns whose labels the search looks at (``None``: all); text always goes via search_text.
    search_columns: tuple[str, ...] | None = None

    def active_filters(self) -> dict[str, Any]:
        return {k: v for k, v in self.filters.items() if v not in (None, "")}


#: The key fact each "fact" column shows (``KeyFactCell``).
FACT_COLUMNS: dict[str, KeyFactKind] = {
    "population": KeyFactKind.INHABITANTS, "area": KeyFactKind.AREA, "mayor": KeyFactKind.MAYOR,
    "website": KeyFactKind.WEBSITE, "partner_population": KeyFactKind.INHABITANTS, "partner_area": KeyFactKind.AREA,
}


@dataclass(frozen=True)
class KeyFactCell:
    """A key fact in a register: the shown value's text, and every value with source and date."""

    text: str
    hover: str
    number: int | None = None

    def __str__(self) -> str:
        return self.text


@dataclass
class RegisterRow:
    """Plain display values of one record, keyed by column key (dates, numbers stay typed)."""

    id: str
    values: dict[str, Any]
    is_example: bool = False

    def text(self, key: str, lang: str | None = None) -> str:
        """A simple textual form (for exports, tests, tooltips); views format dates themselves."""
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, date):
            return value.strftime("%d.%m.%Y") if (lang or current_language()) == "de" else value.isoformat()
        if isinstance(value, Money):
            return f"{value.amount} {value.currency}"
        if isinstance(value, tuple | list):
            return ", ".join(str(v) for v in value)
        return str(value)


# Column definitions --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Col:
    key: str
    label: str  # English, translated when columns() is asked
    type: str
    expr: Callable[[_Tables], Any] | None  # SQL expression (None: computed from links)
    visible: bool = True
    enum: builtins.type[LabelledEnum] | None = None  # builtins: the field ``type`` shadows it here
    extra: Callable[[_Tables], Any] | None = None  # second expression (money currency)
    sortable: bool = True
    #: What sorting by this column orders by, if not ``expr``: an indexed folded key (German order).
    sort: Callable[[_Tables], Any] | None = None
    #: A contact's personal data: "vertraulich" for a user from whom the server hides it.
    personal: bool = False


@dataclass
class _Tables:
    """The main table of a register and the aliases its columns join."""

    main: Any
    partner: FromClause | None = None  # organisation: partner of a partnership, employer of a contact
    partnership: FromClause | None = None
    project: FromClause | None = None
    private: FromClause | None = None  # a contact's personal data (no row: none stored, or hidden)
    responsible: FromClause | None = None  # the contact responsible (partnerships, projects)
    programme: FromClause | None = None  # the funding programme of a grant


@dataclass(frozen=True)
class _Register:
    kind: str
    table: Any
    columns: tuple[_Col, ...]
    default_sort: str
    default_descending: bool
    filters: tuple[str, ...]
    goals: Any | None = None  # link table of SDG goals
    goal_owner: str = ""


def _joined(alias: FromClause | None) -> FromClause:
    """A joined table a column reads; the register that lists the column always joins it."""
    assert alias is not None
    return alias


def _c(name: str) -> Callable[[_Tables], Any]:
    return lambda t: t.main.c[name]


def _next_follow_up(t: _Tables) -> Any:
    """The due date of an activity's earliest open follow-up (Wiedervorlage), from its index."""
    return (
        select(func.min(_FU.c.due_date))
        .where(_FU.c.activity_id == t.main.c.id, _FU.c.done == false())
        .scalar_subquery()
    )


def _responsible_col() -> _Col:
    return _Col("responsible", N_("Responsible"), "text", lambda t: _joined(t.responsible).c.name,
                sort=lambda t: _joined(t.responsible).c.name_key)


def _attendee_count(t: _Tables) -> Any:
    """How many people are on an activity's participant list (by the indexed activity_id)."""
    return (
        select(func.count()).select_from(_ATTENDEES).where(_ATTENDEES.c.activity_id == t.main.c.id)
        .correlate(t.main).scalar_subquery()
    )


_REGISTERS: dict[str, _Register] = {
    "partnerships": _Register(
        "partnerships",
        _PS,
        (
            _Col("title", N_("Title"), "text", _c("title"), sort=_c("title_key")),
            _Col("partner", N_("Partner"), "text", lambda t: _joined(t.partner).c.name, sort=lambda t: _joined(t.partner).c.name_key),
            _Col("country", N_("Country"), "country", lambda t: _joined(t.partner).c.country),
            _Col("type", N_("Type"), "enum", _c("type"), enum=PartnershipType),
            _Col("status", N_("Status"), "enum", _c("status"), enum=PartnershipStatus),
            _Col("start_year", N_("Since"), "int", _c("start_year")),
            _Col("mou_status", N_("MoU"), "enum", _c("mou_status"), enum=MouStatus),
            _Col("current_stage", N_("Current stage"), "enum", _c("current_stage"), enum=StageKind),
            _Col("current_stage_on", N_("Stage since"), "date", _c("current_stage_on"), visible=False),
            _Col("sdg_goals", N_("SDGs"), "goals", None, sortable=False),
            _Col("themes", N_("Themes"), "list", _c("themes"), visible=False, sortable=False),
            _responsible_col(),
            _Col("partner_population", N_("Partner's inhabitants"), "fact", lambda t: _joined(t.partner).c.population,
                 extra=lambda t: _joined(t.partner).c.key_facts_summary, visible=False),
            _Col("partner_area", N_("Partner's area (km²)"), "fact", lambda t: _joined(t.partner).c.key_facts_summary,
                 visible=False, sortable=False),
        ),
        "title",
        False,
        ("status", "country", "type", "sdg_goal", "stage"),
        goals=_PS_GOALS,
        goal_owner="partnership_id",
    ),
    "projects": _Register(
        "projects",
        _PJ,
        (
            _Col("title", N_("Title"), "text", _c("title"), sort=_c("title_key")),
            _Col("partnership", N_("Partnership"), "text", lambda t: _joined(t.partnership).c.title, sort=lambda t: _joined(t.partnership).c.title_key),
            _Col("status", N_("Status"), "enum", _c("status"), enum=ProjectStatus),
            _Col("start_date", N_("Start"), "date", _c("start_date")),
            _Col("start_year", N_("Since"), "int", _c("start_year"), visible=False),
            _Col("end_date", N_("End"), "date", _c("end_date")),
            _Col("budget", N_("Budget"), "money", _c("budget_amount"), extra=_c("budget_currency")),
            _Col("sdg_goals", N_("SDGs"), "goals", None, sortable=False),
            _responsible_col(),
        ),
        "title",
        False,
        ("status", "country", "sdg_goal", "responsible"),
        goals=_PJ_GOALS,
        goal_owner="project_id",
    ),
    "organisations": _Register(
        "organisations",
        _ORG,
        (
            _Col("name", N_("Name"), "text", _c("name"), sort=_c("name_key")),
            _Col("short_name", N_("Short name"), "text", _c("short_name")),
            _Col("kind", N_("Type"), "enum", _c("kind"), enum=OrganisationKind),
            _Col("country", N_("Country"), "country", _c("country")),
            _Col("city", N_("City"), "text", _c("city")),
            # Key facts: the shown value, every value with its source and date on hover (KeyFactCell).
            _Col("population", N_("Inhabitants"), "fact", _c("population"), extra=_c("key_facts_summary")),
            _Col("area", N_("Area (km²)"), "fact", _c("key_facts_summary"), visible=False, sortable=False),
            _Col("mayor", N_("Mayor since"), "fact", _c("key_facts_summary"), visible=False, sortable=False),
            _Col("website", N_("Website"), "fact", _c("website"), extra=_c("key_facts_summary"), visible=False),
        ),
        "name",
        False,
        ("country", "type"),
    ),
    "contacts": _Register(
        "contacts",
        _CT,
        (
            _Col("name", N_("Name"), "text", _c("name"), sort=_c("name_key")),
            _Col("organisation", N_("Organisation"), "text", lambda t: _joined(t.partner).c.name, sort=lambda t: _joined(t.partner).c.name_key),
            _Col("function", N_("Function"), "text", _c("function")),
            _Col("email", N_("E-mail"), "text", lambda t: _joined(t.private).c.email, personal=True),
            _Col("phone", N_("Phone"), "text", lambda t: _joined(t.private).c.phone, personal=True),
            _Col("last_name", N_("Last name"), "text", _c("last_name"), visible=False, sort=_c("name_key")),
            _Col("first_name", N_("First name"), "text", _c("first_name"), visible=False),
            _Col("salutation", N_("Salutation"), "enum", _c("salutation"), enum=Salutation, visible=False),
            _Col("languages", N_("Languages"), "list", _c("languages"), visible=False, sortable=False),
            _Col("legal_basis", N_("Legal basis"), "enum", _c("legal_basis"), enum=LegalBasis, visible=False),
            _Col("country", N_("Country"), "country", lambda t: _joined(t.partner).c.country, visible=False),
        ),
        "name",
        False,
        ("country", "check"),
    ),
    "activities": _Register(
        "activities",
        _AC,
        (
            _Col("date", N_("Date"), "date", _c("date")),
            _Col("end_date", N_("Until"), "date", _c("end_date")),
            _Col("title", N_("Title"), "text", _c("title"), sort=_c("title_key")),
            _Col("kind", N_("Type"), "enum", _c("kind"), enum=ActivityKind),
            _Col("direction", N_("Direction"), "enum", _c("direction"), enum=ActivityDirection, visible=False),
            _Col("place", N_("Place"), "text", _c("place")),
            _Col("participants", N_("Number of participants"), "int", _attendee_count),
            _Col("partnership", N_("Partnership"), "text", lambda t: _joined(t.partnership).c.title, sort=lambda t: _joined(t.partnership).c.title_key),
            _Col("project", N_("Project"), "text", lambda t: _joined(t.project).c.title, sort=lambda t: _joined(t.project).c.title_key),
            _Col("next_follow_up", N_("Next follow-up"), "date", _next_follow_up),
        ),
        "date",
        True,
        ("type", "follow_ups"),
    ),
    "decisions": _Register(
        "decisions",
        _DC,
        (
            _Col("date", N_("Date"), "date", _c("date")),
            _Col("number", N_("Drucksache"), "text", _c("number")),
            _Col("title", N_("Title"), "text", _c("title"), sort=_c("title_key")),
            _Col("body", N_("Body"), "enum", _c("body"), enum=DecisionBody),
            _Col("committee", N_("Committee"), "text", _c("committee")),
            _Col("result", N_("Result"), "enum", _c("result"), enum=DecisionResult),
        ),
        "date",
        True,
        ("status", "type"),
    ),
    "programmes": _Register(
        "programmes",
        _PG,
        (
            _Col("name", N_("Programme"), "text", _c("name"), sort=_c("name_key")),
            _Col("funder", N_("Funder"), "text", _c("funder")),
            _Col("typical_rate", N_("Typical rate"), "percent", _c("typical_rate")),
            _Col("min_amount", N_("From"), "money", _c("min_amount"), extra=_c("currency")),
            _Col("max_amount", N_("Up to"), "money", _c("max_amount"), extra=_c("currency")),
            _Col("link", N_("Link"), "text", _c("link"), visible=False),
        ),
        "name",
        False,
        (),
    ),
    "grants": _Register(
        "grants",
        _GR,
        (
            _Col("period_from", N_("Approved from"), "date", _c("period_from")),
            _Col("period_until", N_("Until"), "date", _c("period_until")),
            _Col("title", N_("Title"), "text", _c("title"), sort=_c("title_key")),
            _Col("programme", N_("Programme"), "text", lambda t: _joined(t.programme).c.name,
                 sort=lambda t: _joined(t.programme).c.name_key),
            _Col("file_reference", N_("File reference"), "text", _c("file_reference")),
            _Col("status", N_("Status"), "enum", _c("status"), enum=GrantStatus),
            _Col("approved_amount", N_("Approved"), "money", _c("approved_amount"), extra=_c("currency")),
            _Col("funding_rate", N_("Rate"), "percent", _c("funding_rate"), visible=False),
            _Col("decision_date", N_("Decision date"), "date", _c("decision_date"), visible=False),
        ),
        "period_from",
        True,
        ("status", "programme", "project", "year"),
    ),
}

#: Which column a "type" filter means in each register.
_TYPE_COLUMN = {"partnerships": "type", "organisations": "kind", "activities": "kind", "decisions": "body"}
#: Which column a "status" filter means where it is not ``status``.
_STATUS_COLUMN = {"decisions": "result"}


def register_label(kind: str, *, in_sentence: bool = False) -> str:
    """The register's name as a tab shows it; ``in_sentence``: where it does not begin the
    sentence, so that English reads "Searches partnerships in …" (German nouns keep their capital)."""
    label = {
        "partnerships": _("Partnerships"),
        "projects": _("Projects"),
        "organisations": _("Organisations"),
        "contacts": _("Contacts"),
        "activities": _("Activities"),
        "decisions": _("Council decisions"),
        "programmes": _("Funding programmes"),
        "grants": _("Grants"),
    }[kind]
    return label.lower() if in_sentence and current_language() == "en" else label
