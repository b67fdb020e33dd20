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

import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from partnerdesk.domain.person_names import joined_name
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER, RECORD_TYPES
from partnerdesk.domain.serialization import record_to_dict
from partnerdesk.domain.text import fold
from partnerdesk.persistence import change_log, personal_data
from partnerdesk.services import mapping
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel import three_way

#: Which record's name field to show.
NAME_FIELD = {"organisations": "name", "contacts": "name", "programmes": "name"}


def display_name(kind: str, data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    if kind == "contacts" and "last_name" in data:
        return joined_name(str(data.get("title") or ""), str(data.get("first_name") or ""), str(data.get("last_name") or ""))
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
    #: Per register: the records the travel copy changed since the check-out (the office keeps
    #: their state as merged, see ``rebase``).
    travel_ids: dict[str, set[str]] = field(default_factory=dict)
    #: Contacts whose personal data the copy changed, left out for a user without that role.
    withheld: list[str] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for r in self.records for c in r.conflicts]

    @property
    def changes_for_office(self) -> list[RecordPlan]:
        return [r for r in self.records if r.action != "keep" or r.conflicts]


# Finding candidates ------------------------------------------------------------------------


def _table(kind: str) -> str:
    return str(ROW_TYPES[kind].__tablename__)


def travel_candidates(travel: Session, kind: str, since: int | None = None) -> set[str]:
    """Records created, changed or deleted in the travel copy since its base was set (at check-out,
    or at its last merge): by its journal from position ``since`` if it has a complete one,
    else by one join of its rows' stamps with the base."""
    if since is not None and change_log.is_complete(travel.connection()):
        return change_log.changed_since(travel.connection(), kind, since)
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


#: ``travel_meta`` key: the office's newest history entry when the copy was made (server copies).
OFFICE_HISTORY_KEY = "office_history_seq"


def office_history_position(travel: Session) -> int | None:
    """The office history's position the copy was made at (``None``: not noted, an older copy)."""
    raw = travel.execute(text("SELECT value FROM travel_meta WHERE key = :k"), {"k": OFFICE_HISTORY_KEY}).scalar()
    return int(raw) if raw is not None and str(raw).isdigit() else None


def base_stamps(travel: Session, kind: str) -> dict[str, tuple[Any, Any]]:
    """id -> (version, updated_at as an aware UTC datetime) of the base, comparable with any office's."""
    rows = travel.execute(text("SELECT id, version, updated_at FROM travel_base WHERE kind = :k"), {"k": kind})
    return {i: (v, _moment(u)) for i, v, u in rows}


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def outside_ids(travel: Session) -> dict[str, set[str]]:
    """The office's records that a partial copy left out, per register (empty for a whole copy)."""
    if not inspect(travel.connection()).has_table("travel_outside"):
        return {}
    found: dict[str, set[str]] = {}
    for kind, record_id in travel.execute(text("SELECT kind, id FROM travel_outside")):
        found.setdefault(kind, set()).add(record_id)
    return found


def office_changes_since_checkout(
    office: Session, travel: Session, kind: str, since: int | None, outside: set[str] | frozenset[str] = frozenset()
) -> set[str]:
    """Records of ``kind`` created, changed or deleted in the office since the check-out.

    The one place that asks the office what changed: the merge (``plan_merge``) and ``diff`` go
    through here. Being named only makes a record a candidate (its content decides), so a
    superset is correct, a missing record is not. Today: the office file's change journal from
    position ``since`` if it has a complete one; otherwise (an office database on a server,
    whose journal triggers are SQLite's) every record's version and time stamp compared with the
    copy's base: one query per register, whatever the number of changes -- unless the office on
    a server has a complete record history (its audit triggers, revision 0006) and the copy
    noted its position at check-out: then its entries since then name the records, by index.
    Records a partial copy left out (``outside``) are not its business and are never named.
    """
    if since is not None and change_log.is_complete(office.connection()):
        return change_log.changed_since(office.connection(), kind, since) - outside
    position = office_history_position(travel)
    if position is not None and change_log.history_is_complete(office.connection()):
        return change_log.history_changed_since(office.connection(), kind, position) - outside
    base = base_stamps(travel, kind)
    row_type = ROW_TYPES[kind]
    seen: set[str] = set()
    changed: set[str] = set()
    for record_id, version, updated in office.execute(select(row_type.id, row_type.version, row_type.updated_at)):
        seen.add(record_id)
        if record_id not in outside and base.get(record_id) != (version, _moment(updated)):
            changed.add(record_id)
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


def plan_merge(
    office: Session,
    travel: Session,
    since: int | None = None,
    *,
    travel_since: int | None = None,
    merged: dict[str, dict[str, tuple[Any, dict[str, Any] | None]]] | None = None,
    merge_key: str = "",
) -> MergePlan:
    """The merge of the travel copy (session on it) into the office (session on it).

    ``since`` is the office's change-journal position at check-out, ``travel_since`` the
    copy's own: with them (and a complete journal on that side) the changed records are
    found by indexed queries; without, by comparing row stamps with the base snapshot
    (``office_changes_since_checkout``, ``travel_candidates``). ``merged``: the copy's
    records as the office merged them last time (``rebase``), the base for those records;
    their personal data is kept there only as fingerprints under the copy's ``merge_key``.
    """
    plan = MergePlan()
    outside = outside_ids(travel)
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        in_travel = travel_candidates(travel, kind, travel_since)
        in_office = office_changes_since_checkout(office, travel, kind, since, outside.get(kind, set()))
        plan.travel_ids[kind] = in_travel
        ids = sorted(in_travel | in_office)
        if not ids:
            continue
        base = load_base(travel, kind, ids)
        office_now = load_records(office, kind, ids)
        travel_now = load_records(travel, kind, ids)
        for record_id, (_version, data) in (merged or {}).get(kind, {}).items():
            if record_id in in_travel:  # merged before: compared with what was merged then
                if data is None:
                    base.pop(record_id, None)
                    continue
                data = dict(data)
                if kind == "contacts":
                    _resolve_fingerprints(data, base.get(record_id), office_now.get(record_id),
                                          travel_now.get(record_id), merge_key)
                base[record_id] = data
        if kind == "contacts" and personal_data.hidden_in(office):
            plan.withheld += _withhold_personal_data(base, travel_now)
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


#: A contact's fields that a server shows only to the personal-data role (``persistence.personal_data``).
PERSONAL_FIELDS = ("email", "phone", "notes", "address")
#: Stands for a personal value of the last merge that neither side still has (it is not kept).
NOT_KEPT = "⟨…⟩"


def fingerprint(key: str, value: Any) -> str:
    """What the office keeps of a personal value it merged: an HMAC under the copy's own key
    (kept only in the encrypted copy), so that the office's table holds no personal data and
    the value cannot be guessed back without the copy."""
    return hmac.new(key.encode(), json.dumps(value, ensure_ascii=False).encode(), "sha256").hexdigest()


def _resolve_fingerprints(
    data: dict[str, Any],
    checkout_base: dict[str, Any] | None,
    office: dict[str, Any] | None,
    travel: dict[str, Any] | None,
    key: str,
) -> None:
    """The personal values of a merged record's base, from their fingerprints: the side whose
    value matches had that value at the last merge; neither: the value is not kept (both sides
    changed it since, or one side did and the other differs: the merge asks). Without a key
    (a copy from before fingerprints) the check-out's values stand in."""
    for name in PERSONAL_FIELDS:
        stored = data.get(name)
        if not isinstance(stored, dict) or "fingerprint" not in stored:
            if name not in data or not key:
                data[name] = (checkout_base or {}).get(name, "")
            continue
        data[name] = NOT_KEPT
        for side in (travel, office):
            if side is not None and key and fingerprint(key, side.get(name, "")) == stored["fingerprint"]:
                data[name] = side.get(name, "")
                break


def _withhold_personal_data(base: dict[str, dict[str, Any]], travel: dict[str, dict[str, Any]]) -> list[str]:
    """For a merging user without the personal-data role: the copy's personal data is left out
    (the user cannot see the office's, so cannot merge them); returns the contacts whose
    personal data the copy had changed (named in the report)."""
    changed: list[str] = []
    for record_id, now in travel.items():
        before = base.get(record_id) or {}
        if any(now.get(f, "") != before.get(f, "") for f in PERSONAL_FIELDS):
            changed.append(display_name("contacts", now))
        for data in (now, base.get(record_id)):
            if data is not None:
                data.update({f: "" for f in PERSONAL_FIELDS})
    return changed


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
