"""What the proof-of-use pack and ``grants check`` need from the database, beyond the grant.

The grant itself comes from ``services.grants`` (``load_grant``/``load_grants``, the register
lane's mapping of its rows to ``domain.grants.Grant``). Here: finding a grant by what a user
types, and the Sachbericht's inputs (the funded projects' aims and results, their activities)
read from the registers, then the pack written (``documents.grant_pack``).

Activities' notes are left out of the draft: they are the office's internal notes (and may name
people); the draft names each activity by day, kind, title and place, for the office to expand.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from partnerdesk.documents.grant_report import ReportActivity, ReportInput, ReportProject
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.grants import Grant
from partnerdesk.i18n import _, quoted


class GrantNotFound(UserError):
    """No grant, or more than one, answers to what was typed."""


def find_grant(grants: Sequence[Grant], text: str) -> Grant:
    """The grant whose id, file reference or title is ``text`` (case and spaces aside); a unique
    part of a title or file reference also answers. Several: the candidates are named."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        raise GrantNotFound(_("Please name a grant (its file reference, title or id)."))
    for grant in grants:
        if grant.id == text.strip():
            return grant
    exact = [g for g in grants if wanted in (g.file_reference.strip().casefold(), " ".join(g.title.split()).casefold())]
    found = exact or [g for g in grants if wanted in g.file_reference.casefold() or wanted in g.title.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise GrantNotFound(_("No grant is called {text}.").format(text=quoted(text.strip()[:80])))
    names = "; ".join(g.label for g in found[:10])
    raise GrantNotFound(
        _("Several grants answer to {text}: {names}. Please give the file reference or the id.").format(
            text=quoted(text.strip()[:80]), names=names
        )
    )


def load_grants(db: Any) -> list[Grant]:
    """Every grant of the database, as ``services.grants.load_grants`` (the register's mapping)
    gives them. Imported by name when called, so this module and the command line stand on their
    own until the register's service is there."""
    module = importlib.import_module("partnerdesk.services.grants")
    grants: list[Grant] = module.load_grants(db)
    return grants


def report_input(db: Any, grant: Grant, start: date, end: date) -> ReportInput:
    """The Sachbericht's inputs for ``grant`` and the period, from the projects it funds."""
    from partnerdesk.services.records import ActivityService, ProjectService

    projects = ProjectService(db).get_many(list(grant.project_ids)) if grant.project_ids else []
    activities = ActivityService(db)
    done: list[ReportActivity] = []
    for project in projects:
        for activity in activities.for_project(project.id):
            done.append(
                ReportActivity(
                    activity.title,
                    activity.date,
                    activity.last_day,
                    place=activity.place,
                    kind=activity.kind.label,
                )
            )
    return ReportInput(
        grant,
        start,
        end,
        projects=tuple(ReportProject(p.title, p.summary, p.results) for p in projects),
        activities=tuple(done),
    )


def write_grant_pack(db: Any, grant: Grant, start: date, end: date, folder: Path) -> list[Path]:
    """Write the proof-of-use pack of ``grant`` for ``start``–``end`` into ``folder``."""
    from partnerdesk.documents.grant_pack import write_pack

    return write_pack(report_input(db, grant, start, end), folder)
