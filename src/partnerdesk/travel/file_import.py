"""Moving personal database files into the office database (``partnerdesk server import-file``).

All files go in one write transaction: all or nothing. Records are matched by id. A record
the office database lacks is created as it is in the file (id, version and dates kept); one
it has is merged field by field with the travel merge's rules (``plan.plan_record`` and
``three_way``; a blank record stands in for the missing common base: a field set differently
on both sides is a conflict, a field still empty on one side takes the other's value). Files are merged one after the other, so
what two files both changed differently is a conflict too. Conflicts are decided for the
office ("office") or the file ("travel"), per conflict or all at once, exactly as in a travel
merge; with any conflict undecided nothing is written, and every conflict of every file is
named (an undecided one counts as kept for the office while the later files are compared). Nothing is deleted: a record missing from a file
is simply not in it.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import UTC, datetime

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER, RECORD_TYPES
from partnerdesk.domain.serialization import record_to_dict
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.travel.apply import SIDES, UnresolvedConflictsError, _apply
from partnerdesk.travel.plan import Conflict, MergePlan, load_records, plan_record
from partnerdesk.travel.report import MergeReport


@dataclass
class FileImport:
    """What one file brought."""

    name: str
    report: MergeReport
    conflicts: list[Conflict] = field(default_factory=list)


def _plan(office_session: object, file_session: object) -> MergePlan:
    from sqlalchemy import select

    plan = MergePlan()
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        row = ROW_TYPES[kind]
        ids = sorted(file_session.scalars(select(row.id)))  # type: ignore[attr-defined]
        if not ids:
            continue
        office_now = load_records(office_session, kind, ids)  # type: ignore[arg-type]
        file_now = load_records(file_session, kind, ids)  # type: ignore[arg-type]
        blank = record_to_dict(RECORD_TYPES[kind]())
        for record_id in ids:
            office_record = office_now.get(record_id)
            # No common base: a blank record stands in, so a field still empty on one side takes
            # the other's value, and only values set differently on both sides are conflicts.
            base = {**blank, "id": record_id} if office_record is not None else None
            rp = plan_record(kind, record_id, base, office_record, file_now[record_id])
            plan.travel_changes += 1
            if rp.action != "keep" or rp.conflicts:
                plan.records.append(rp)
    return plan


def import_files(
    office: Database,
    files: list[tuple[str, Database]],
    *,
    decisions: dict[str, str] | None = None,
    prefer: str | None = None,
) -> list[FileImport]:
    """Import ``files`` (name, open database) into ``office`` in one transaction; see the module."""
    if prefer is not None and prefer not in SIDES:
        raise UserError(_("Choose “office” or “travel”."))
    decisions = dict(decisions or {})
    results: list[FileImport] = []
    undecided: list[Conflict] = []
    with office.write() as session:
        for name, source in files:
            report = MergeReport(
                checkout_id="", checked_out_by="", checked_out_at="",
                office_file=str(getattr(office, "name", None) or office.path), travel_file=name,
                merged_by=_user_name(), merged_at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
            with source.read() as file_session:
                plan = _plan(session, file_session)
                open_conflicts = [c for c in plan.conflicts if decisions.get(c.key, prefer) not in SIDES]
                undecided += open_conflicts
                results.append(FileImport(name, report, plan.conflicts))
                report.fill_plan(plan)
                for conflict in plan.conflicts:
                    # An undecided conflict keeps the office's value for now, so that the next file
                    # is compared with what this one brought; the transaction is rolled back below.
                    choice = decisions.get(conflict.key, prefer)
                    report.decide(conflict, choice if choice in SIDES else "office")
                _apply(office, session, file_session, plan, {c.key: report.decision_of(c) for c in plan.conflicts},
                       report)
                session.flush()
                report.finish()
        if undecided:
            raise UnresolvedConflictsError.naming(undecided)
    return results


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
