"""A travel copy of part of the office database: some partnerships and what belongs to them.

``choose`` takes the partnerships the user named (by title, or by id) and adds their projects,
the activities of those partnerships and projects, the organisations and contacts these refer
to (partner, coordinators, participants, linked contacts and organisations) and the contacts of
those organisations; then everything those records refer to, until nothing is missing, so the
copy is a database without a broken reference (an activity of a named partnership whose project
belongs to another brings that project along, as a reference).

Records outside the part are named in the copy (``travel_outside``, ids only), so that a
merge does not take them for records created in the office since the check-out; a merge
never deletes a record because the copy lacks it (deletions are found against the copy's
base, see ``plan``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER, NESTED_REFERENCES, REFERENCES, reference_in
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _, ngettext, quoted
from partnerdesk.persistence.tables import (
    ActivityContactRow,
    ActivityOrganisationRow,
    ActivityRow,
    ContactRow,
    DecisionPartnershipRow,
    DecisionProjectRow,
    PartnershipCoordinatorRow,
    PartnershipRow,
    ProjectContactRow,
    ProjectParticipantRow,
    ProjectRow,
)
from partnerdesk.persistence.tables_grants import GrantProjectRow
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel.plan import load_records

CHUNK = 500


@dataclass
class Subset:
    """The chosen partnerships' titles and the ids of every record in the part, per register."""

    names: list[str]
    ids: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS_IN_DEPENDENCY_ORDER})

    def size(self) -> int:
        return sum(len(v) for v in self.ids.values())


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _ids(session: Session, column: Any, where: Any, values: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(values):
        found.update(v for v in session.scalars(select(column).where(where.in_(chunk))) if v)
    return found


def find_partnerships(session: Session, wanted: list[str]) -> dict[str, str]:
    """id -> title of the partnerships named in ``wanted`` (title, any case and accents, or id).

    An unknown name is refused with every unknown one named: nothing is written then."""
    rows = session.execute(select(PartnershipRow.id, PartnershipRow.title)).all()
    by_title: dict[str, list[tuple[str, str]]] = {}
    for record_id, title in rows:
        by_title.setdefault(fold(title).strip(), []).append((record_id, title))
    by_id = {record_id: title for record_id, title in rows}
    chosen: dict[str, str] = {}
    unknown: list[str] = []
    for name in wanted:
        key = name.strip()
        if key in by_id:
            chosen[key] = by_id[key]
        elif fold(key) in by_title:
            chosen.update(by_title[fold(key)])
        else:
            unknown.append(name)
    if unknown:
        raise UserError(
            ngettext(
                "There is no partnership {names} in the office database; no travel copy was written.",
                "There are no partnerships {names} in the office database; no travel copy was written.",
                len(unknown),
            ).format(names=", ".join(quoted(n) for n in unknown))
        )
    if not chosen:
        raise UserError(_("Name at least one partnership for a partial travel copy; no travel copy was written."))
    return chosen


def choose(session: Session, wanted: list[str]) -> Subset:
    """The part of the office database that belongs to the partnerships ``wanted`` (see the module)."""
    chosen = find_partnerships(session, wanted)
    subset = Subset(sorted(set(chosen.values()), key=fold))
    ids = subset.ids
    partnerships = set(chosen)
    ids["partnerships"] |= partnerships
    projects = _ids(session, ProjectRow.id, ProjectRow.partnership_id, partnerships)
    ids["projects"] |= projects
    activities: set[str] = set()
    for chunk in _chunks(partnerships | projects):
        activities.update(session.scalars(select(ActivityRow.id).where(
            or_(ActivityRow.partnership_id.in_(chunk), ActivityRow.project_id.in_(chunk)))))
    ids["activities"] |= activities
    organisations = _ids(session, PartnershipRow.partner_id, PartnershipRow.id, partnerships)
    organisations |= _ids(session, PartnershipCoordinatorRow.organisation_id, PartnershipCoordinatorRow.partnership_id,
                          partnerships)
    organisations |= _ids(session, ProjectParticipantRow.organisation_id, ProjectParticipantRow.project_id, projects)
    organisations |= _ids(session, ActivityOrganisationRow.organisation_id, ActivityOrganisationRow.activity_id,
                          activities)
    ids["organisations"] |= organisations
    contacts = _ids(session, ProjectContactRow.contact_id, ProjectContactRow.project_id, projects)
    contacts |= _ids(session, ActivityContactRow.contact_id, ActivityContactRow.activity_id, activities)
    contacts |= _ids(session, ContactRow.id, ContactRow.organisation_id, organisations)
    ids["contacts"] |= contacts
    ids["decisions"] |= _ids(session, DecisionPartnershipRow.decision_id, DecisionPartnershipRow.partnership_id,
                             partnerships)
    ids["decisions"] |= _ids(session, DecisionProjectRow.decision_id, DecisionProjectRow.project_id, projects)
    # The grants that fund the part's projects (their programmes follow as references).
    ids["grants"] |= _ids(session, GrantProjectRow.grant_id, GrantProjectRow.project_id, projects)
    _close_references(session, ids)
    return subset


def _close_references(session: Session, ids: dict[str, set[str]]) -> None:
    """Add every record that a record of the part refers to, until nothing is missing."""
    new = {kind: set(values) for kind, values in ids.items()}
    while any(new.values()):
        found: dict[str, set[str]] = {k: set() for k in KINDS_IN_DEPENDENCY_ORDER}
        for kind, values in new.items():
            if not values or kind not in REFERENCES:
                continue
            for data in load_records(session, kind, sorted(values)).values():
                for name, target, _required in REFERENCES[kind]:
                    value = data.get(name)
                    for item in value if isinstance(value, list) else [value]:
                        ident = reference_in(name, target, item)
                        if ident and ident not in ids[target]:
                            found[target].add(ident)
                for name, part_field, target in NESTED_REFERENCES.get(kind, []):
                    for part in data.get(name) or []:
                        ident = part.get(part_field)
                        if ident and ident not in ids[target]:
                            found[target].add(ident)
        for kind, values in found.items():
            ids[kind] |= values
        new = found
        session.expunge_all()


def outside(session: Session, subset: Subset) -> dict[str, list[str]]:
    """Per register, the ids of the office's records that are not in the part."""
    result: dict[str, list[str]] = {}
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        row = ROW_TYPES[kind]
        inside = subset.ids[kind]
        result[kind] = [i for i in session.scalars(select(row.id)) if i not in inside]
    return result
