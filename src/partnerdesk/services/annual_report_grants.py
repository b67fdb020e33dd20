"""The grants (Zuwendungen, rev. 0019) in the annual report: approved grants whose period
touches the year, and any grant with money received in it (its draw-downs' ``received_on``),
with the amount approved and the amount received in the year. A filtered report keeps the
grants that fund one of its projects."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from partnerdesk.domain.enums import GrantStatus
from partnerdesk.persistence.tables import ProjectRow
from partnerdesk.persistence.tables_grants import GrantDrawdownRow, GrantProjectRow, GrantRow, ProgrammeRow
from partnerdesk.services.annual_report_data import AnnualReportData, GrantLine, Money, sums

#: Statuses of a grant that was approved (money may flow).
APPROVED = (GrantStatus.APPROVED, GrantStatus.RUNNING, GrantStatus.PROOF_SUBMITTED, GrantStatus.CLOSED)


def collect_grants(session: Session, data: AnnualReportData, first: date, last: date) -> None:
    received = dict(session.execute(
        select(GrantDrawdownRow.grant_id, func.sum(GrantDrawdownRow.amount))
        .where(GrantDrawdownRow.received_on.between(first, last)).group_by(GrantDrawdownRow.grant_id)
    ).all())
    running = and_(
        GrantRow.status.in_([s.value for s in APPROVED]),
        or_(GrantRow.period_from.is_(None), GrantRow.period_from <= last),
        or_(GrantRow.period_until.is_(None), GrantRow.period_until >= first),
    )
    rows = session.execute(
        select(GrantRow.id, GrantRow.title, GrantRow.file_reference, GrantRow.approved_amount, GrantRow.currency,
               ProgrammeRow.name, ProgrammeRow.funder)
        .outerjoin(ProgrammeRow, ProgrammeRow.id == GrantRow.programme_id)
        .where(or_(running, GrantRow.id.in_(list(received))))
        .order_by(GrantRow.title_key, GrantRow.id)
    ).all()
    projects: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for grant_id, project_id, title in session.execute(
        select(GrantProjectRow.grant_id, GrantProjectRow.project_id, ProjectRow.title)
        .join(ProjectRow, ProjectRow.id == GrantProjectRow.project_id)
        .where(GrantProjectRow.grant_id.in_([r.id for r in rows]))
        .order_by(GrantProjectRow.grant_id, GrantProjectRow.position)
    ).all():
        projects[grant_id].append((project_id, title))
    in_report = {p.id for p in data.projects}
    for row in rows:
        funded = projects.get(row.id, [])
        if not data.filter.empty and not any(pid in in_report for pid, _t in funded):
            continue
        currency = row.currency or "EUR"
        data.grants.append(GrantLine(
            title=row.title, reference=row.file_reference,
            funder=" – ".join(x for x in (row.funder, row.name) if x),
            approved=Money(row.approved_amount, currency) if row.approved_amount is not None else None,
            received=Money(amount, currency) if (amount := received.get(row.id)) is not None else None,
            projects=tuple(t for _pid, t in funded),
        ))
    data.grants_received = sums((g.received.amount, g.received.currency) for g in data.grants if g.received)
    data.grants_approved = sums((g.approved.amount, g.approved.currency) for g in data.grants if g.approved)
