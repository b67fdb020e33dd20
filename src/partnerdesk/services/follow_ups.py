"""Follow-ups ("Wiedervorlagen") as a list of their own, and ticking one done.

A follow-up belongs to its activity: ticking it done saves the activity (one transaction,
its version counted up, the history noting the change), so the window's undo is the undo of
an activity's save.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from partnerdesk.domain.enums import LabelledEnum
from partnerdesk.domain.errors import NotFoundError
from partnerdesk.domain.records import Activity
from partnerdesk.i18n import N_, _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ActivityRow, FollowUpRow, PartnershipRow, ProjectRow
from partnerdesk.services.records import ActivityService


class FollowUpState(LabelledEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"open": N_("open"), "overdue": N_("overdue"), "done": N_("done")}


@dataclass(frozen=True, slots=True)
class FollowUpLine:
    """One follow-up with its activity, as the "Wiedervorlagen" view lists it."""

    id: str
    text: str
    due_date: date | None
    done: bool
    responsible_id: str | None
    activity_id: str
    activity_title: str
    activity_date: date | None
    #: Without a person of its own, the follow-up is the project's responsible person's, else the
    #: partnership's (as in "Anstehend").
    inherited_responsible_id: str | None = None

    @property
    def responsible(self) -> str | None:
        """Who is responsible: the follow-up's own person, else the one it inherits."""
        return self.responsible_id or self.inherited_responsible_id

    def state(self, today: date) -> FollowUpState:
        if self.done:
            return FollowUpState.DONE
        if self.due_date is not None and self.due_date < today:
            return FollowUpState.OVERDUE
        return FollowUpState.OPEN


def follow_up_lines(
    db: Database, today: date, state: FollowUpState | None = None, *, responsible_id: str | None = None,
) -> list[FollowUpLine]:
    """Every follow-up (or those in ``state``: open = not done, overdue, done), by due date
    (undated last), then activity; ``responsible_id``: only that person's ("nur meine": their own,
    or inherited from the project or partnership, as ``FollowUpLine.responsible``)."""
    project, partnership = aliased(ProjectRow), aliased(PartnershipRow)
    query = (
        select(
            FollowUpRow.id, FollowUpRow.text, FollowUpRow.due_date, FollowUpRow.done, FollowUpRow.responsible_id,
            ActivityRow.id.label("activity_id"), ActivityRow.title, ActivityRow.date,
            func.coalesce(project.responsible_id, partnership.responsible_id).label("inherited"),
        )
        .join(ActivityRow, ActivityRow.id == FollowUpRow.activity_id)
        .outerjoin(project, project.id == ActivityRow.project_id)
        .outerjoin(partnership, partnership.id == ActivityRow.partnership_id)
    )
    if state is FollowUpState.DONE:
        query = query.where(FollowUpRow.done.is_(True))
    elif state is not None:
        query = query.where(FollowUpRow.done.is_(False))
        if state is FollowUpState.OVERDUE:
            query = query.where(FollowUpRow.due_date < today)
    if responsible_id is not None:
        inherited = func.coalesce(FollowUpRow.responsible_id, project.responsible_id, partnership.responsible_id)
        query = query.where(inherited == responsible_id)
    with db.read() as session:
        rows = session.execute(query).all()
    lines = [FollowUpLine(r.id, r.text, r.due_date, bool(r.done), r.responsible_id, r.activity_id, r.title, r.date,
                          r.inherited) for r in rows]
    lines.sort(key=lambda f: (f.due_date is None, f.due_date or date.min, f.activity_title, f.text, f.id))
    return lines


def set_done(db: Database, activity_id: str, follow_up_id: str, done: bool = True) -> tuple[Activity, Activity]:
    """Tick a follow-up done (or open again): the activity as it was and as saved."""
    service = ActivityService(db)
    before = service.get(activity_id)
    if not any(f.id == follow_up_id for f in before.follow_ups):
        raise NotFoundError(
            _("The follow-up no longer exists in activity “{title}”; somebody changed it.").format(title=before.title)
        )
    changed = dataclasses.replace(
        before, follow_ups=[dataclasses.replace(f, done=done) if f.id == follow_up_id else f for f in before.follow_ups]
    )
    return before, service.update(changed)
