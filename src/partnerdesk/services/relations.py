"""What a record is connected to, for the window's relationship panel (Qt-free).

From a partnership: its partner, coordinators, projects, activities and contacts (of the
partner organisation and of its activities); from a project: its partnership,
participating organisations (with roles), activities and contacts; from an organisation:
its partnerships, projects and contacts; and so on. Each group holds at most ``limit``
items (newest or alphabetical first) and says how many there are in all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, desc, func, select, union
from sqlalchemy.orm import Session

from partnerdesk.domain.enums import DecisionResult, ParticipantRole
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.portable_sql import code_points
from partnerdesk.persistence.tables import (
    ActivityContactRow,
    ActivityOrganisationRow,
    ActivityRow,
    ContactRow,
    DecisionPartnershipRow,
    DecisionProjectRow,
    DecisionRow,
    OrganisationRow,
    PartnershipCoordinatorRow,
    PartnershipRow,
    ProjectContactRow,
    ProjectParticipantRow,
    ProjectRow,
)
from partnerdesk.persistence.tables_grants import GrantProjectRow, GrantRow, ProgrammeRow
from partnerdesk.persistence.whole_rows import all_at_once
from partnerdesk.services.grant_texts import grant_detail

LIMIT = 200

_ORG = OrganisationRow.__table__
_PS = PartnershipRow.__table__
_PJ = ProjectRow.__table__
_CT = ContactRow.__table__
_AC = ActivityRow.__table__
_DC = DecisionRow.__table__
_PG = ProgrammeRow.__table__
_GR = GrantRow.__table__
#: Registers listed newest first, with their date (and for decisions number and result) beside the name.
_DATED = ("activities", "decisions")


@dataclass(frozen=True)
class RelatedItem:
    kind: str
    id: str
    name: str
    detail: str = ""


@dataclass
class RelatedGroup:
    kind: str
    title: str
    items: list[RelatedItem] = field(default_factory=list)
    total: int = 0


def _names(kind: str) -> tuple[Any, Any]:
    table = {"organisations": _ORG, "partnerships": _PS, "projects": _PJ, "contacts": _CT, "activities": _AC,
             "decisions": _DC, "programmes": _PG, "grants": _GR}[kind]
    return table, table.c.name if "name" in table.c else table.c.title


@dataclass
class _Pending:
    """A group's query, read together with the other groups' (``fill``: a query whose rows a
    group's ``detail`` needs, handed over before the groups are made)."""

    kind: str
    title: str
    statement: Any  # a Select (of any columns)
    detail: Callable[[Any], str] | None = None
    fill: Callable[[list[tuple[Any, ...]]], None] | None = None


def _group(session: Session, kind: str, title: str, ids: Select[Any], limit: int, detail: Callable[[Any], str] | None = None) -> _Pending:
    """Items of ``kind`` whose id is in the subquery ``ids`` (the query; ``related`` reads it)."""
    table, name = _names(kind)
    sub = ids.subquery()
    id_col = sub.c[0]
    wanted = table.c.id.in_(select(id_col))
    # German order by the folded key (as the registers), the id for equal keys: the same on every database.
    order = [table.c[f"{name.key}_key"], code_points(table.c.id)]
    if kind in _DATED:
        order.insert(0, desc(table.c.date))
    extra = [table.c.date] if kind in _DATED else []
    if kind == "decisions":
        extra += [table.c.number, table.c.result]
    if kind == "grants":  # newest period first, with the period, the amount and the status
        order.insert(0, desc(table.c.period_from))
        extra = [table.c.period_from, table.c.period_until, table.c.approved_amount, table.c.currency, table.c.status]
    # How many there are in all comes with the first ``limit`` of them (counted before LIMIT).
    everything = func.count().over().label("everything")
    return _Pending(kind, title, select(table.c.id, name, *extra, everything).where(wanted).order_by(*order).limit(limit), detail)


def _made(pending: _Pending, rows: list[tuple[Any, ...]]) -> RelatedGroup:
    kind, detail = pending.kind, pending.detail
    total = rows[0][-1] if rows else 0
    items = []
    for row in rows:
        text = detail(row) if detail else (row[2].strftime("%d.%m.%Y") if kind in _DATED and row[2] else "")
        if kind == "decisions" and not detail:
            text = " · ".join(part for part in (text, row[3], _result_label(row[4])) if part)
        if kind == "grants" and not detail:
            text = grant_detail(row[2], row[3], row[4], row[5], row[6])
        items.append(RelatedItem(kind, row[0], row[1] or "", text))
    return RelatedGroup(kind, pending.title, items, total)


def _result_label(value: str) -> str:
    try:
        return DecisionResult(value).label
    except ValueError:
        return ""


def related(db: Database, kind: str, record_id: str, *, limit: int = LIMIT) -> list[RelatedGroup]:
    """The groups of records connected to one record (empty groups left out).

    Every group's query goes in one text (``whole_rows.all_at_once``): on a server one round trip,
    and as a single request it needs no transaction of its own (the server runs it in one).
    """
    with db.read_one_statement() as session:
        pending = _BUILDERS[kind](session, record_id, limit)
        results = all_at_once(session, [p.statement for p in pending])
    for p, rows in zip(pending, results, strict=True):
        if p.fill is not None:
            p.fill(rows)
    groups = [_made(p, rows) for p, rows in zip(pending, results, strict=True) if p.fill is None]
    return [g for g in groups if g.total]


def _partnership(session: Session, rid: str, limit: int) -> list[_Pending]:
    partner = select(_PS.c.partner_id).where(_PS.c.id == rid)
    coordinators = select(PartnershipCoordinatorRow.organisation_id).where(PartnershipCoordinatorRow.partnership_id == rid)
    activities = select(_AC.c.id).where(_AC.c.partnership_id == rid)
    contacts = union(
        select(_CT.c.id).where(_CT.c.organisation_id.in_(partner)),
        select(ActivityContactRow.contact_id).where(ActivityContactRow.activity_id.in_(activities)),
    )
    return [
        _group(session, "organisations", _("Partner"), partner, limit),
        _group(session, "organisations", _("Coordinated by"), coordinators, limit),
        _group(session, "projects", _("Projects"), select(_PJ.c.id).where(_PJ.c.partnership_id == rid), limit),
        _group(session, "activities", _("Activities"), activities, limit),
        _group(session, "contacts", _("Contacts"), select(contacts.subquery().c[0]), limit),
        _group(session, "decisions", _("Council decisions"), select(DecisionPartnershipRow.decision_id).where(
            DecisionPartnershipRow.partnership_id == rid), limit),
    ]


def _project(session: Session, rid: str, limit: int) -> list[_Pending]:
    roles: dict[str, str] = {}
    participants = select(ProjectParticipantRow.organisation_id, ProjectParticipantRow.role).where(
        ProjectParticipantRow.project_id == rid
    )

    def role_of(row: Any) -> str:
        try:
            return ParticipantRole(roles.get(row[0], "")).label
        except ValueError:
            return ""

    return [
        _Pending("", "", participants, fill=lambda rows: roles.update((str(o), str(r)) for o, r in rows)),
        _group(session, "partnerships", _("Partnership"), select(_PJ.c.partnership_id).where(_PJ.c.id == rid), limit),
        _group(
            session,
            "organisations",
            _("Participating organisations"),
            select(ProjectParticipantRow.organisation_id).where(ProjectParticipantRow.project_id == rid),
            limit,
            role_of,
        ),
        _group(session, "activities", _("Activities"), select(_AC.c.id).where(_AC.c.project_id == rid), limit),
        _group(session, "contacts", _("Contacts"), select(ProjectContactRow.contact_id).where(ProjectContactRow.project_id == rid), limit),
        _group(session, "decisions", _("Council decisions"), select(DecisionProjectRow.decision_id).where(
            DecisionProjectRow.project_id == rid), limit),
        # What funds the project (issue 23).
        _group(session, "grants", _("Funded by grants"), select(GrantProjectRow.grant_id).where(
            GrantProjectRow.project_id == rid), limit),
    ]


def _organisation(session: Session, rid: str, limit: int) -> list[_Pending]:
    partnerships = union(
        select(_PS.c.id).where(_PS.c.partner_id == rid),
        select(PartnershipCoordinatorRow.partnership_id).where(PartnershipCoordinatorRow.organisation_id == rid),
    )
    return [
        _group(session, "partnerships", _("Partnerships"), select(partnerships.subquery().c[0]), limit),
        _group(
            session,
            "projects",
            _("Projects"),
            select(ProjectParticipantRow.project_id).where(ProjectParticipantRow.organisation_id == rid),
            limit,
        ),
        _group(session, "contacts", _("Contacts"), select(_CT.c.id).where(_CT.c.organisation_id == rid), limit),
        _group(
            session,
            "activities",
            _("Activities"),
            select(ActivityOrganisationRow.activity_id).where(ActivityOrganisationRow.organisation_id == rid),
            limit,
        ),
    ]


def _contact(session: Session, rid: str, limit: int) -> list[_Pending]:
    return [
        _group(session, "organisations", _("Organisation"), select(_CT.c.organisation_id).where(_CT.c.id == rid), limit),
        _group(session, "projects", _("Projects"), select(ProjectContactRow.project_id).where(ProjectContactRow.contact_id == rid), limit),
        _group(
            session,
            "activities",
            _("Activities"),
            select(ActivityContactRow.activity_id).where(ActivityContactRow.contact_id == rid),
            limit,
        ),
    ]


def _activity(session: Session, rid: str, limit: int) -> list[_Pending]:
    return [
        _group(session, "partnerships", _("Partnership"), select(_AC.c.partnership_id).where(_AC.c.id == rid), limit),
        _group(session, "projects", _("Project"), select(_AC.c.project_id).where(_AC.c.id == rid), limit),
        _group(
            session,
            "organisations",
            _("Organisations"),
            select(ActivityOrganisationRow.organisation_id).where(ActivityOrganisationRow.activity_id == rid),
            limit,
        ),
        _group(session, "contacts", _("Contacts"), select(ActivityContactRow.contact_id).where(ActivityContactRow.activity_id == rid), limit),
    ]


def _decision(session: Session, rid: str, limit: int) -> list[_Pending]:
    return [
        _group(session, "partnerships", _("Partnerships"), select(DecisionPartnershipRow.partnership_id).where(
            DecisionPartnershipRow.decision_id == rid), limit),
        _group(session, "projects", _("Projects"), select(DecisionProjectRow.project_id).where(
            DecisionProjectRow.decision_id == rid), limit),
    ]


def _programme(session: Session, rid: str, limit: int) -> list[_Pending]:
    return [_group(session, "grants", _("Grants"), select(_GR.c.id).where(_GR.c.programme_id == rid), limit)]


def _grant(session: Session, rid: str, limit: int) -> list[_Pending]:
    return [
        _group(session, "programmes", _("Funding programme"), select(_GR.c.programme_id).where(_GR.c.id == rid), limit),
        _group(session, "projects", _("Funded projects"), select(GrantProjectRow.project_id).where(
            GrantProjectRow.grant_id == rid), limit),
    ]


_BUILDERS: dict[str, Callable[[Session, str, int], list[_Pending]]] = {
    "partnerships": _partnership,
    "projects": _project,
    "organisations": _organisation,
    "contacts": _contact,
    "activities": _activity,
    "decisions": _decision,
    "programmes": _programme,
    "grants": _grant,
}

__all__ = ["RelatedGroup", "RelatedItem", "related"]
