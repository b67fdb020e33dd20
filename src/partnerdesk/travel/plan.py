"""What merging a travel copy would do: changed records, conflicts, likely duplicates.

Finding the changed records is cheap: both databases keep a journal of record
changes (``persistence.change_log``), and the travel copy knows the office journal's
position at check-out, so one indexed query per side and register names the records
changed since. (Without a journal -- a file from before it existed -- row id,
version and ``updated_at`` are compared with the base snapshot instead.) Only those
records are loaded and merged field by field (``three_way``); being named only makes
a record a *candidate*, its content decides.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER, RECORD_TYPES
from partnerdesk.domain.serialization import record_to_dict
from partnerdesk.domain.text import fold
from partnerdesk.persistence import change_log
from partnerdesk.services import mapping
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel import three_way

#: Which record's name field to show.
NAME_FIELD = {"organisations": "name", "contacts": "name"}


def display_name(kind: str, data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    return str(data.get(NAME_FIELD.get(kind, "title"), ""))


@dataclass
class Conflict:
    """One decision a person has to make.

    ``field`` is ``None`` when a whole record was edited on one side and deleted on
    the other (``situation`` says which); then ``office``/``travel`` hold the record
    (or ``None`` where it was deleted).
    """

    kind: str
    record_id: str
    name: str
    field: str | None
    situation: str  # "both_changed", "deleted_in_office", "deleted_in_travel"
    base: Any
    office: Any
    travel: Any

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.record_id}:{self.field or '*'}"


@dataclass
class RecordPlan:
    """The merge of one record that changed on at least one side."""

    kind: str
    record_id: str
    name: str
    base: dict[str, Any] | None
    office: dict[str, Any] | None
    travel: dict[str, Any] | None
    #: Without decisions: what the office gets (``None`` = deleted / not there).
    merged: dict[str, Any] | None
    #: "create", "update", "delete" (in the office) or "keep" (office stays as it is).
    action: str
    from_travel: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class Duplicate:
    kind: str
    name: str
    office_id: str
    travel_id: str


@dataclass
class MergePlan:
    records: list[RecordPlan] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    office_changes: int = 0
    travel_changes: int = 0

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for r in self.records for c in r.conflicts]

    @property
    def changes_for_office(self) -> list[RecordPlan]:
        return [r for r in self.records if r.action != "keep" or r.conflicts]


# Finding candidates ------------------------------------------------------------------------


def _table(kind: str) -> str:
    return str(ROW_TYPES[kind].__tablename__)


def travel_candidates(travel: Session, kind: str) -> set[str]:
    """Records created, changed or deleted in the travel copy since check-out (one join)."""
    table = _table(kind)
    rows = travel.execute(
        text(
            f"SELECT r.id FROM {table} r LEFT JOIN travel_base b ON b.kind = :k AND b.id = r.id "
            "WHERE b.id IS NULL OR b.version IS NOT r.version OR b.updated_at IS NOT r.updated_at "
            f"UNION ALL SELECT b.id FROM travel_base b WHERE b.kind = :k "
            f"AND NOT EXISTS (SELECT 1 FROM {table} r WHERE r.id = b.id)"
        ),
        {"k": kind},
    )
    return {r[0] for r in rows}


def base_stamps(travel: Session, kind: str) -> dict[str, tuple[Any, Any]]:
    rows = travel.execute(text("SELECT id, version, updated_at FROM travel_base WHERE kind = :k"), {"k": kind})
    return {i: (v, u) for i, v, u in rows}


def office_candidates(office: Session, kind: str, base: dict[str, tuple[Any, Any]]) -> set[str]:
    """Records created, changed or deleted in the office since check-out."""
    seen: set[str] = set()
    changed: set[str] = set()
    for i, v, u in office.execute(text(f"SELECT id, version, updated_at FROM {_table(kind)}")):
        seen.add(i)
        if base.get(i) != (v, u):
            changed.add(i)
    changed.update(i for i in base if i not in seen)
    return changed


def load_records(session: Session, kind: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    row_type = ROW_TYPES[kind]
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.scalars(select(row_type).where(row_type.id.in_(chunk))):
            found[row.id] = record_to_dict(mapping.FROM_ROW[kind](row))
    return found


def load_base(travel: Session, kind: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        params: dict[str, Any] = {f"i{n}": v for n, v in enumerate(chunk)}
        params["k"] = kind
        for i, data in travel.execute(
            text(f"SELECT id, data FROM travel_base WHERE kind = :k AND id IN ({marks})"), params
        ):
            found[i] = json.loads(data)
    return found


# Planning ----------------------------------------------------------------------------------


def plan_merge(office: Session, travel: Session, since: int | None = None) -> MergePlan:
    """The merge of the travel copy (session on it) into the office (session on it).

    ``since`` is the office's change-journal position at check-out: with it (and the
    journal complete on both sides) the changed records are found by two indexed
    queries; without it, by comparing row stamps with the base snapshot.
    """
    plan = MergePlan()
    journal = (
        since is not None
        and change_log.is_complete(office.connection())
        and change_log.is_complete(travel.connection())
    )
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        if journal:
            assert since is not None
            in_travel = change_log.changed_since(travel.connection(), kind, since)
            in_office = change_log.changed_since(office.connection(), kind, since)
        else:
            in_travel = travel_candidates(travel, kind)
            in_office = office_candidates(office, kind, base_stamps(travel, kind))
        ids = sorted(in_travel | in_office)
        if not ids:
            continue
        base = load_base(travel, kind, ids)
        office_now = load_records(office, kind, ids)
        travel_now = load_records(travel, kind, ids)
        created_office: list[str] = []
        created_travel: list[str] = []
        for record_id in ids:
            b, o, t = base.get(record_id), office_now.get(record_id), travel_now.get(record_id)
            if b is None and o is not None and t is None:
                created_office.append(record_id)
            if b is None and t is not None and o is None:
                created_travel.append(record_id)
            if _side_changed(b, o):
                plan.office_changes += 1
            if _side_changed(b, t):
                plan.travel_changes += 1
            rp = plan_record(kind, record_id, b, o, t)
            if rp.action != "keep" or rp.conflicts:
                plan.records.append(rp)
        plan.duplicates.extend(_duplicates(kind, created_office, created_travel, office_now, travel_now))
    return plan


def _side_changed(base: dict[str, Any] | None, now: dict[str, Any] | None) -> bool:
    if base is None or now is None:
        return base is not now
    return three_way.content(base) != three_way.content(now)


def plan_record(
    kind: str, record_id: str, base: dict[str, Any] | None, office: dict[str, Any] | None, travel: dict[str, Any] | None
) -> RecordPlan:
    name = display_name(kind, travel or office or base)

    def make(action: str, merged: dict[str, Any] | None, **extra: Any) -> RecordPlan:
        return RecordPlan(kind, record_id, name, base, office, travel, merged, action, **extra)

    travel_changed = _side_changed(base, travel)
    office_changed = _side_changed(base, office)
    if not travel_changed:
        return make("keep", office)  # only the office changed it: nothing to do
    if base is None and office is None:
        return make("create", travel, from_travel=sorted(three_way.content(travel or {})))
    if travel is None:  # deleted on the travel copy
        if office is None:
            return make("keep", None)
        if office_changed:
            conflict = Conflict(kind, record_id, name, None, "deleted_in_travel", base, office, None)
            return make("keep", office, conflicts=[conflict])
        return make("delete", None)
    if office is None:  # deleted at the office, changed on the travel copy
        conflict = Conflict(kind, record_id, name, None, "deleted_in_office", base, None, travel)
        return make("keep", None, conflicts=[conflict])
    merge = three_way.merge_fields(base or {}, office, travel)
    conflicts = [
        Conflict(kind, record_id, name, f, "both_changed", (base or {}).get(f), office.get(f), travel.get(f))
        for f in merge.conflicts
    ]
    action = "update" if merge.from_travel else "keep"
    return make(action, merge.merged, from_travel=merge.from_travel, conflicts=conflicts)


def _duplicates(
    kind: str,
    created_office: list[str],
    created_travel: list[str],
    office_now: dict[str, dict[str, Any]],
    travel_now: dict[str, dict[str, Any]],
) -> list[Duplicate]:
    by_name: dict[str, list[str]] = {}
    for i in created_office:
        by_name.setdefault(fold(display_name(kind, office_now[i])).strip(), []).append(i)
    found = []
    for i in created_travel:
        name = display_name(kind, travel_now[i])
        for other in by_name.get(fold(name).strip(), []):
            found.append(Duplicate(kind, name, other, i))
    return found


def record_type(kind: str) -> type:
    return RECORD_TYPES[kind]
