"""Merging the same travel copy again: what the copy and the office remember of earlier merges.

After a merge the copy's base moves on: every record the copy had changed since its base gets
the state it had when it was merged (a deleted one leaves the base), in the copy's own write
transaction, held around the office's and committed right after it. The next merge of the same
copy therefore compares with what was merged last time, so it brings only what was changed on
the trip since; conflicts decided then are not asked again (the copy's value is the base now,
the office's value a change of the office). With nothing changed on the copy since, a merge
writes nothing at all.

Both sides count the merges (the copy in ``travel_meta``, the office in its merge record). If
they disagree -- an older copy of the travel file, or an office database restored from a backup
-- a merge would compare with the wrong base, so it is refused with nothing changed. A copy
merged by a PartnerDesk that did not move the base yet (no count in the office's record) is
"merged already", as it always was.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _
from partnerdesk.persistence import change_log
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel.plan import MergePlan, load_records
from partnerdesk.travel.travelfile import TravelInfo

CHUNK = 500


def office_count(earlier: dict[str, Any] | None) -> int | None:
    """How often the office merged this copy (``None``: merged by a PartnerDesk that did not count)."""
    if earlier is None:
        return 0
    count = earlier.get("merges")
    return int(count) if isinstance(count, int) else None


def check_counts(info: TravelInfo, earlier: dict[str, Any] | None) -> bool:
    """True if an earlier merge was done the old way (then: "merged already", nothing to do).

    Raises if the copy and the office disagree about how often it was merged."""
    counted = office_count(earlier)
    if counted is None:
        return True
    if counted != info.merges:
        raise UserError(
            _(
                "This travel copy and the office database disagree about its merges (the copy counts "
                "{travel}, the office database {office}): one of them is an older copy (a restored backup?). "
                "Nothing was changed."
            ).format(travel=info.merges, office=counted)
        )
    return False


def nothing_new(plan: MergePlan) -> bool:
    """Whether the copy changed nothing since its base (since the check-out or its last merge)."""
    return plan.travel_changes == 0 and not plan.records


def move_base(travel: Session, plan: MergePlan, merges: int) -> None:
    """In the copy's write transaction: its base becomes the state just merged (see the module)."""
    conn = travel.connection()
    for kind, ids in plan.travel_ids.items():
        table = ROW_TYPES[kind].__tablename__
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            marks = ", ".join(f":i{n}" for n in range(len(chunk)))
            params: dict[str, Any] = {f"i{n}": v for n, v in enumerate(chunk)}
            stamps = {
                i: (v, u)
                for i, v, u in travel.execute(
                    text(f"SELECT id, version, updated_at FROM {table} WHERE id IN ({marks})"), params
                )
            }
            now = load_records(travel, kind, chunk)
            travel.execute(text(f"DELETE FROM travel_base WHERE kind = :k AND id IN ({marks})"), {**params, "k": kind})
            rows = [
                {"k": kind, "i": i, "v": stamps[i][0], "u": stamps[i][1], "d": json.dumps(data, ensure_ascii=False)}
                for i, data in now.items()
            ]
            if rows:
                travel.execute(
                    text("INSERT INTO travel_base (kind, id, version, updated_at, data) VALUES (:k, :i, :v, :u, :d)"),
                    rows,
                )
            travel.expunge_all()
    meta = {"merges": str(merges)}
    if change_log.is_complete(conn):
        meta["travel_seq"] = str(change_log.last_seq(conn))
    for key, value in meta.items():
        travel.execute(text("DELETE FROM travel_meta WHERE key = :k"), {"k": key})
        travel.execute(text("INSERT INTO travel_meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value})
