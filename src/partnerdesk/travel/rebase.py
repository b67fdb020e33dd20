"""Merging the same travel copy again: the office remembers what it merged last time.

With each merge, in the same transaction, the office database keeps the state every record
had on the copy when it was merged (the records the copy had changed since its check-out; a
deleted one as "none"), under the copy's check-out id. The next merge of the same copy takes
that as the base for those records instead of the check-out's: it brings only what was changed
on the trip since, and a conflict decided then is not asked again (the copy's value is the
base now, the office's a change of the office). With nothing changed on the copy since, a
merge writes nothing at all. The travel copy itself is never written by a merge.

A record's version on the copy only grows, so an older copy of the travel file (one saved
before the last merge) shows itself by a record whose version is lower than the one merged,
or the same with another time stamp (changed since in that older file): merging it would
undo what was merged, so it is refused with nothing changed. A copy merged
by a PartnerDesk that did not keep this (no count in the office's merge record) is "merged
already", as it always was.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _, quoted
from partnerdesk.persistence.tables import DatabaseInfo
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel import labels
from partnerdesk.travel.plan import PERSONAL_FIELDS, MergePlan, display_name, fingerprint, load_records

#: The office's memory of what it merged from a copy:
#: {kind: {id: [version on the copy, its time stamp there, record or null]}}.
BASE_KEY = "travel_merged_base:{checkout_id}"
CHUNK = 500

#: {kind: {id: ((version, time stamp) on the copy, record dict or None)}}
MergedBase = dict[str, dict[str, tuple[tuple[Any, Any], dict[str, Any] | None]]]


def office_count(earlier: dict[str, Any] | None) -> int | None:
    """How often the office merged this copy (``None``: merged by a PartnerDesk that did not count)."""
    if earlier is None:
        return 0
    count = earlier.get("merges")
    return int(count) if isinstance(count, int) else None


def merged_base(session: Session, checkout_id: str) -> MergedBase:
    """What the office merged from the copy ``checkout_id`` last time (empty before its first merge)."""
    raw = session.scalar(select(DatabaseInfo.value).where(DatabaseInfo.key == BASE_KEY.format(checkout_id=checkout_id)))
    if not raw:
        return {}
    stored = json.loads(raw)
    return {kind: {i: ((v, u), d) for i, (v, u, d) in records.items()} for kind, records in stored.items()}


def check_not_older(travel: Session, base: MergedBase, merged_at: str) -> None:
    """Refuse an older copy of the travel file than the one merged last (see the module)."""
    for kind, records in base.items():
        ids = sorted(i for i, ((v, _u), _d) in records.items() if v is not None)
        table = ROW_TYPES[kind].__tablename__
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(f":i{n}" for n in range(len(chunk)))
            params = {f"i{n}": v for n, v in enumerate(chunk)}
            for record_id, version, stamp in travel.execute(
                text(f"SELECT id, version, updated_at FROM {table} WHERE id IN ({marks})"), params
            ):
                (merged_version, merged_stamp), data = records[record_id]
                if version is None or merged_version is None:
                    continue
                # Lower: saved before the merge; the same version with another time stamp: a copy of
                # the file from before the merge, changed since (a version is one state in one file).
                if version < merged_version or (version == merged_version and str(stamp) != str(merged_stamp)):
                    raise UserError(
                        _(
                            "This travel copy is older than the one merged on {when} ({kind} {name} was "
                            "further on then): merging it would undo what was merged. Merge the newest copy "
                            "of the file. Nothing was changed."
                        ).format(when=labels.local_time(merged_at), kind=labels.kind_label(kind),
                                 name=quoted(display_name(kind, data)))
                    )


def nothing_new(plan: MergePlan) -> bool:
    """Whether the copy changed nothing since its base (since the check-out or its last merge)."""
    return plan.travel_changes == 0 and not plan.records


def remember(
    session: Session, travel: Session, checkout_id: str, plan: MergePlan, before: MergedBase, merge_key: str = ""
) -> None:
    """In the merge's transaction: keep the copy's state of every record it changed (see the module).

    Contacts' personal data is kept only as fingerprints under the copy's ``merge_key``
    (``plan.fingerprint``): the office's ``database_info`` is readable without the personal-data
    role on a server. A copy without a key (made before) keeps none; its check-out values stand in."""
    kept: dict[str, dict[str, list[Any]]] = {
        k: {i: [v, u, d] for i, ((v, u), d) in r.items()} for k, r in before.items()
    }
    for kind, ids in plan.travel_ids.items():
        if not ids:
            continue
        table = ROW_TYPES[kind].__tablename__
        ordered = sorted(ids)
        records = kept.setdefault(kind, {})
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            marks = ", ".join(f":i{n}" for n in range(len(chunk)))
            params = {f"i{n}": v for n, v in enumerate(chunk)}
            stamps = {
                i: (v, u)
                for i, v, u in travel.execute(
                    text(f"SELECT id, version, updated_at FROM {table} WHERE id IN ({marks})"), params
                )
            }
            now = load_records(travel, kind, chunk)
            for record_id in chunk:
                version, stamp = stamps.get(record_id, (None, None))
                data = now.get(record_id)
                if data is not None and kind == "contacts":  # no personal data in the office's own table
                    data.update({f: {"fingerprint": fingerprint(merge_key, data.get(f, ""))} if merge_key else None
                                 for f in PERSONAL_FIELDS})
                    if not merge_key:
                        for f in PERSONAL_FIELDS:
                            del data[f]
                records[record_id] = [version, stamp, data]
    session.merge(DatabaseInfo(key=BASE_KEY.format(checkout_id=checkout_id),
                               value=json.dumps(kept, ensure_ascii=False, default=str)))
