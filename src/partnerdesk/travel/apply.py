"""Merging a travel copy into the office database: backup, one transaction, a kept report.

The plan is made again inside the write transaction (which holds the write lock), so
a colleague's save between "diff" and "merge" cannot be overwritten. Every conflict
needs a decision (per conflict, or ``prefer`` for all); otherwise nothing is written.
The check-out id is recorded in the office database in the same transaction, with the
copy's records as merged (``rebase``): merging the same file again brings only what was
changed on it since, and with nothing new changes nothing. The copy is only read.

The office is a database file (backed up beside itself first) or an office database on a
server (backed up by IT; reports are kept in the user's data folder). A login that may only
read, or a copy made by one, is refused before anything is written.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk import paths
from partnerdesk.domain import validation
from partnerdesk.domain.errors import (
    DatabaseFileError,
    UserError,
    ValidationError,
    WriteNotPermittedError,
)
from partnerdesk.domain.records import ITEM_KEYS, KINDS_IN_DEPENDENCY_ORDER, NESTED_REFERENCES, REFERENCES, reference_in
from partnerdesk.domain.serialization import record_from_dict
from partnerdesk.i18n import _, ngettext
from partnerdesk.paths import backups_dir
from partnerdesk.persistence import rotation
from partnerdesk.persistence.backup import backup_database, timestamped_name
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.portable_sql import broken_references
from partnerdesk.persistence.tables import DatabaseInfo
from partnerdesk.services.erasure_mentions import Person, blank_text
from partnerdesk.services.history_trail import DeletionTrail
from partnerdesk.services.records import ROW_TYPES, service_for
from partnerdesk.services.row_batches import bump_versions, delete_rows
from partnerdesk.services.upserts import upsert_record
from partnerdesk.travel import attachments_merge, labels, rebase, register
from partnerdesk.travel.history_carry import carry_history
from partnerdesk.travel.plan import Conflict, MergePlan, RecordPlan, display_name, load_records, plan_merge
from partnerdesk.travel.report import (
    MergeReport,
    ReportEntry,
    report_stem,
    report_texts,
    save_report,
    save_report_files,
)
from partnerdesk.travel.travelfile import TravelInfo, office_label, read_info

MERGED_KEY = "travel_merged:{checkout_id}"
#: The merge report, stored in the merge's transaction (its files are written after the commit).
REPORT_KEY = "travel_merge_report:{checkout_id}"
SIDES = ("office", "travel")


class UnresolvedConflictsError(UserError):
    """Conflicts without a decision: nothing was written."""

    def __init__(self, message: str, conflicts: list[Conflict]) -> None:
        super().__init__(message)
        self.conflicts = conflicts

    @classmethod
    def naming(cls, undecided: list[Conflict]) -> UnresolvedConflictsError:
        """The error for ``undecided`` conflicts, with its count in the message."""
        return cls(
            ngettext(
                "{count} conflict needs a decision; nothing was changed.",
                "{count} conflicts need a decision; nothing was changed.",
                len(undecided),
            ).format(count=len(undecided)),
            undecided,
        )


def check_belongs(office: Database, info: TravelInfo) -> None:
    if office.cipher is not None:
        raise UserError(_("Merge travel copies into the office database, not into another travel copy."))
    if info.office_id != office.identity:
        raise DatabaseFileError(
            _(
                "This travel copy was made from another database ({name}), not from {office}. "
                "Nothing was changed."
            ).format(name=info.office_name or info.office_id, office=office_label(office))
        )


def check_may_merge(office: Database, info: TravelInfo) -> None:
    """Refuse (nothing changed) a merge by a login that may only read, or of a reader's copy."""
    office.refuse_if_read_only()
    if not info.writable:
        raise WriteNotPermittedError(
            _(
                "This travel copy was made by {who} with read permission only; it cannot be merged back. "
                "Nothing was changed."
            ).format(who=info.checked_out_by or "?")
        )


def merged_before(office: Database, info: TravelInfo) -> dict[str, Any] | None:
    raw = office.info(MERGED_KEY.format(checkout_id=info.checkout_id))
    return json.loads(raw) if raw else None


def merged_the_old_way(office: Database, info: TravelInfo) -> dict[str, Any] | None:
    """The record of an earlier merge by a PartnerDesk that did not yet merge copies again (then a
    merge changes nothing), else ``None``."""
    earlier = merged_before(office, info)
    return earlier if earlier is not None and rebase.office_count(earlier) is None else None


def diff(office: Database, travel: Database) -> tuple[TravelInfo, MergePlan]:
    """What a merge would do, without writing anything (after an earlier merge: what is new since)."""
    info = read_info(travel)
    check_belongs(office, info)
    with office.read() as osession, travel.read() as tsession:
        merged = rebase.merged_base(osession, info.checkout_id)
        return info, plan_merge(osession, tsession, info.change_seq, travel_since=info.travel_seq, merged=merged,
                                merge_key=info.merge_key)


def report_folder(office: Database) -> Path:
    """Where merge reports are kept: beside the office file (``backups``), or for an office
    database on a server in the user's data folder (the server keeps no files of ours)."""
    if office.remote:
        return paths.data_dir() / "travel-reports"
    return backups_dir(office.path)


def merge(
    office: Database,
    travel: Database,
    *,
    decisions: dict[str, str] | None = None,
    prefer: str | None = None,
    keep_report: bool = True,
) -> MergeReport:
    """Merge ``travel`` into ``office``; ``decisions`` maps ``Conflict.key`` to "office"/"travel".

    Merging the same copy again brings what was changed on it since the last merge
    (``rebase``); with nothing new, nothing is written anywhere.
    """
    if prefer is not None and prefer not in SIDES:
        raise UserError(_("Choose “office” or “travel”."))
    decisions = dict(decisions or {})
    info = read_info(travel)
    check_belongs(office, info)
    check_may_merge(office, info)
    report = MergeReport.start(info, office_label(office), travel.path, _merger(office))
    # A first look, to spare a backup when nothing is to be done (asked again under the write lock).
    earlier = merged_before(office, info)
    if earlier is not None and rebase.office_count(earlier) is None:
        return _merged_already(office, info, report, earlier, keep_report)
    if earlier is not None:
        _info, plan = diff(office, travel)
        if rebase.nothing_new(plan) and not _attachments_to_merge(office, travel, info):
            return _merged_already(office, info, report, earlier, keep_report, legacy=False)
    backup = None
    if not office.remote:  # a server is backed up by IT with its own tools (pg_dump, see README)
        backup = backups_dir(office.path) / timestamped_name(office.path, f"before-travel-merge-{info.checkout_id[:8]}")
        if backup.exists():  # names have seconds: another merge of this copy in the same second keeps its own
            backup = backup.with_name(f"{backup.stem}-{os.getpid()}{backup.suffix}")
        report.backup = str(backup_database(office.path, backup))
    stem = report_stem(report)
    nothing: tuple[dict[str, Any], bool] | None = None  # (earlier merge, merged the old way): nothing to do
    plan = MergePlan()
    before: rebase.MergedBase = {}
    with office.write() as session, travel.read() as tsession:
        # Asked again under the write lock: another process may have merged this copy while this
        # one waited for the lock (the checks above ran before); then nothing (new) is written.
        earlier = _merged_in(session, info)
        if earlier is not None and rebase.office_count(earlier) is None:
            nothing = (earlier, True)
        else:
            before = rebase.merged_base(session, info.checkout_id)
            if earlier is not None:
                rebase.check_not_older(tsession, before, str(earlier.get("merged_at", "?")))
            plan = plan_merge(session, tsession, info.change_seq, travel_since=info.travel_seq, merged=before,
                              merge_key=info.merge_key)
            if earlier is not None and rebase.nothing_new(plan) and \
                    attachments_merge.plan(session, tsession, info.checkout_id).empty():
                nothing = (earlier, False)
        erased: set[tuple[str, str]] = set()
        people: list[Person] = []
        if nothing is None:
            erased, people = _erased_here(session, tsession, plan, report)
            undecided = [c for c in plan.conflicts if decisions.get(c.key, prefer) not in SIDES]
            if undecided:
                raise UnresolvedConflictsError.naming(undecided)
            report.fill_plan(plan)
            for conflict in plan.conflicts:
                report.decide(conflict, decisions.get(conflict.key) or prefer or "office")
            _apply(office, session, tsession, plan, {c.key: report.decision_of(c) for c in plan.conflicts}, report,
                   (erased, people))
            attachments_merge.apply(session, tsession, info.checkout_id, report.notes)
            carry_history(session, tsession, info.checkout_id, info.checked_out_at, {i for _k, i in erased}, people)
            report.names = {i: n for i, n in labels.name_lookup(session, tsession, report.referenced_ids()).items()
                            if ("contacts", i) not in erased}
            report.finish()
            rebase.remember(session, tsession, info.checkout_id, plan, before, info.merge_key)
            merges = (rebase.office_count(earlier) or 0) + 1
            # On a server the stored report could show a contact's personal data (a conflict's
            # values) to every login: there the report is kept in the user's files only.
            kept_stem = stem if keep_report and not office.remote else None
            record_merge(office, session, info, report, kept_stem, merges=merges)
            if people:  # the copy's records as merged (``rebase``) may still name them: blanked too
                from partnerdesk.services.privacy_erase import scrub_info

                for person in people:
                    scrub_info(session, person, blank_text())
    if nothing is not None:  # merged by another process meanwhile: its report, if its files are missing
        _drop_backup(backup)
        return _merged_already(office, info, report, nothing[0], keep_report, legacy=nothing[1])
    if keep_report:
        try:
            report.report_file = str(save_report(report, report_folder(office), stem))
        except OSError as exc:  # the merge itself is done and recorded (with its report)
            report.notes.append(_("The report could not be saved: {reason}").format(reason=exc.strerror))
    rotation.rotate(report_folder(office))  # older reports and backups by their rules (README "Datenschutz")
    return report


def _attachments_to_merge(office: Database, travel: Database, info: TravelInfo) -> bool:
    with office.read() as session, travel.read() as tsession:
        return not attachments_merge.plan(session, tsession, info.checkout_id).empty()


def _merged_already(
    office: Database, info: TravelInfo, report: MergeReport, earlier: dict[str, Any], keep_report: bool,
    *, legacy: bool = True,
) -> MergeReport:
    """Nothing to merge (``legacy``: merged by a PartnerDesk that did not yet remember merges, else
    nothing new since the last merge). The last merge's report files are written again if a merge
    killed after its commit never wrote them."""
    if keep_report:
        kept = keep_missing_report(office, info)
        report.report_file = str(kept) if kept else None
    return _nothing_new(report, earlier, legacy=legacy)


def _nothing_new(report: MergeReport, earlier: dict[str, Any], *, legacy: bool = False) -> MergeReport:
    report.backup = None
    report.already_merged = True
    when = labels.local_time(earlier.get("merged_at", "?"))
    report.notes.append(
        _("This travel copy was merged on {when} already; nothing was changed.").format(when=when)
        if legacy
        else _("Nothing is new on this travel copy since its merge on {when}; nothing was changed.").format(
            when=when)
    )
    return report


def _merged_in(session: Session, info: TravelInfo) -> dict[str, Any] | None:
    raw = session.scalar(select(DatabaseInfo.value).where(DatabaseInfo.key == MERGED_KEY.format(checkout_id=info.checkout_id)))
    return json.loads(raw) if raw else None


def _drop_backup(backup: Path | None) -> None:
    if backup is None:
        return
    try:
        backup.unlink(missing_ok=True)
    except OSError:
        pass  # a spare backup is harmless


def keep_missing_report(office: Database, info: TravelInfo) -> Path | None:
    """Write the kept report of an earlier merge of ``info`` again if its files are missing.

    The report is stored in the office database in the merge's own transaction, so a
    merge killed after its commit (before the files were written) keeps its report.
    """
    raw = office.info(REPORT_KEY.format(checkout_id=info.checkout_id))
    if not raw:
        return None
    stored = json.loads(raw)
    folder = report_folder(office)
    stem = str(stored["stem"])
    kept = rotation.classify(folder / f"{stem}.txt")
    if kept is not None and rotation.expired(kept.written, kept.kind):
        return None  # rotated away by its rule: not written again (README "Datenschutz")
    texts: dict[str, str] = dict(stored["files"])
    if all((folder / f"{stem}{suffix}").exists() for suffix in texts):
        return folder / f"{stem}.txt"
    try:
        return save_report_files(folder, stem, texts)
    except OSError:
        return None


def record_merge(
    office: Database, session: Session, info: TravelInfo, report: MergeReport, stem: str | None = None,
    *, merges: int = 1,
) -> None:
    """The last step of the transaction: remember that this check-out is merged (and its report)."""
    summary = {
        "merged_at": report.merged_at,
        "merged_by": report.merged_by,
        "travel_file": report.travel_file,
        "checked_out_by": info.checked_out_by,
        "checked_out_at": info.checked_out_at,
        "counts": report.counts(),
        "conflicts": len(report.conflicts),
        "merges": merges,
    }
    office.set_info(MERGED_KEY.format(checkout_id=info.checkout_id), json.dumps(summary, ensure_ascii=False), session)
    register.record_merged(
        session, checkout_id=info.checkout_id, merged_at=datetime.fromisoformat(report.merged_at), merged_by=report.merged_by,
        file_name=report.travel_file, checked_out_by=info.checked_out_by,
        checked_out_at=datetime.fromisoformat(info.checked_out_at), encrypted=info.encrypted,
        personal_data=info.personal_data, partnerships=list(info.subset),
    )
    if stem is not None:
        kept = {"stem": stem, "files": report_texts(report)}
        office.set_info(REPORT_KEY.format(checkout_id=info.checkout_id), json.dumps(kept, ensure_ascii=False), session)


def _merger(office: Database) -> str:
    """Who merges: the login on a server, else the operating-system user."""
    user = str(getattr(office, "user", "") or "") if office.remote else ""
    return user or _user_name()


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment (services, containers)
        return "?"


# Working out and writing the result --------------------------------------------------------


@dataclass
class _Outcome:
    plan: RecordPlan
    result: dict[str, Any] | None
    action: str  # "create", "update", "delete", "restore", "keep"
    fields: list[str] = field(default_factory=list)


def outcome(rp: RecordPlan, decide: Callable[[Conflict], str]) -> _Outcome:
    """What the office gets for one record, given the decisions."""
    whole = [c for c in rp.conflicts if c.field is None]
    if whole:
        chosen = decide(whole[0])
        if whole[0].situation == "deleted_in_travel":
            return _Outcome(rp, rp.office, "keep") if chosen == "office" else _Outcome(rp, None, "delete")
        if chosen == "office":
            return _Outcome(rp, None, "keep")
        return _Outcome(rp, rp.travel, "restore", sorted(k for k in (rp.travel or {}) if k != "id"))
    if rp.merged is None:
        return _Outcome(rp, None, rp.action)
    result = dict(rp.merged)
    fields = list(rp.from_travel)
    for conflict in rp.conflicts:
        if decide(conflict) == "travel" and conflict.field is not None:
            result[conflict.field] = (rp.travel or {}).get(conflict.field)
            fields.append(conflict.field)
    action = rp.action
    if action == "keep" and fields:
        action = "update"
    return _Outcome(rp, result, action, fields)


class _Existence:
    def __init__(self, session: Session, created: set[tuple[str, str]]) -> None:
        self.session = session
        self.created = created
        self.cache: dict[tuple[str, str], bool] = {}

    def __call__(self, kind: str, record_id: str) -> bool:
        key = (kind, record_id)
        if key in self.created:
            return True
        if key not in self.cache:
            row_type = ROW_TYPES[kind]
            self.cache[key] = self.session.scalar(select(row_type.id).where(row_type.id == record_id)) is not None
        return self.cache[key]


def _apply(
    office: Database, session: Session, tsession: Session, plan: MergePlan, decisions: dict[str, str], report: MergeReport,
    erasures: tuple[set[tuple[str, str]], list[Person]] = (set(), []),
) -> None:
    erased, people = erasures
    outcomes = [outcome(rp, lambda c: decisions[c.key]) for rp in plan.records]
    writes = [o for o in outcomes if o.action in ("create", "update", "restore") and o.result is not None]
    deletions = [o for o in outcomes if o.action == "delete"]
    created = {(o.plan.kind, o.plan.record_id) for o in writes if o.action in ("create", "restore")}
    exists = _Existence(session, created)
    restored: list[_Outcome] = []
    for o in writes:
        _drop_erased(o, erased, people)
        _fix_references(o, exists, tsession, restored, report)
        _fix_nested_references(o, exists, report)
    writes = restored + writes
    order = {k: i for i, k in enumerate(KINDS_IN_DEPENDENCY_ORDER)}
    for o in sorted(writes, key=lambda o: order[o.plan.kind]):
        record = record_from_dict(o.plan.kind, o.result)  # type: ignore[arg-type]
        try:
            validation.validate(record)
        except ValidationError as exc:
            report.notes.append(
                _("{label}: the merged values do not fit together ({problem}); the office version was kept. "
                  "Values on the travel copy: {values}").format(
                    label=validation.record_label(record),
                    problem="; ".join(e.message for e in exc.errors),
                    values=labels.describe_fields(o.plan.kind, o.plan.travel or {}, o.fields),
                )
            )
            continue
        state = upsert_record(session, record, keep_meta=o.action in ("create", "restore"), restoring=o.action == "restore")
        session.flush()
        if state != "unchanged":
            report.entries.append(ReportEntry(o.plan.kind, o.plan.record_id, o.plan.name, o.action, o.fields))
    for o in sorted(deletions, key=lambda o: -order[o.plan.kind]):
        _delete(office, session, o, report)
    session.flush()
    broken = broken_references(session.connection())
    if broken:  # never commit a broken reference
        raise DatabaseFileError(_("The merge would break references ({detail}); nothing was changed.").format(
            detail=broken[:3]))


def _erased_here(
    session: Session, tsession: Session, plan: MergePlan, report: MergeReport
) -> tuple[set[tuple[str, str]], list[Person]]:
    """The contacts erased in the office (the deletion log, ``services.privacy_erase``) that the copy
    still holds, and how they are written (read from the copy): a copy taken before the erasure must
    not bring them back - not as a record, not as a participant line, not by name in a text."""
    from partnerdesk.persistence.tables import ContactRow
    from partnerdesk.services.privacy_erase import erased_ids

    held = set(tsession.scalars(select(ContactRow.id)).all())
    erased = erased_ids(session, "contacts", sorted(held))
    people = [Person.of(row) for row in tsession.scalars(select(ContactRow).where(ContactRow.id.in_(sorted(erased))))]
    left_out = sum(1 for rp in plan.records if rp.kind == "contacts" and rp.record_id in erased)
    plan.records = [rp for rp in plan.records if not (rp.kind == "contacts" and rp.record_id in erased)]
    plan.travel_ids["contacts"] = plan.travel_ids.get("contacts", set()) - erased
    if left_out:
        report.notes.append(ngettext(
            "{count} contact of the travel copy was erased in the office (deletion log) and was not brought back.",
            "{count} contacts of the travel copy were erased in the office (deletion log) and were not brought back.",
            left_out).format(count=left_out))
    return {("contacts", i) for i in erased}, people


def _drop_erased(o: _Outcome, erased: set[tuple[str, str]], people: list[Person]) -> None:
    """Participant lines of erased people go whole (a deleted contact's line keeps its name; an
    erased person's must not), and their names and e-mails in the texts are blanked."""
    data = o.result
    if not erased or data is None:
        return
    if isinstance(data.get("attendees"), list):
        data["attendees"] = [
            a for a in data["attendees"] if not (isinstance(a, dict) and ("contacts", a.get("contact_id")) in erased)
        ]
    for key, value in list(data.items()):
        data[key] = _blanked(value, people)


def _blanked(value: Any, people: list[Person]) -> Any:
    if isinstance(value, str):
        for person in people:
            value = person.blanked_exact(value)
        return value
    if isinstance(value, list):
        return [_blanked(v, people) for v in value]
    if isinstance(value, dict):
        return {k: _blanked(v, people) for k, v in value.items()}
    return value


def _fix_references(
    o: _Outcome, exists: _Existence, tsession: Session, restored: list[_Outcome], report: MergeReport
) -> None:
    data = o.result
    assert data is not None
    kind = o.plan.kind
    for name, target, required in REFERENCES.get(kind, []):
        value = data.get(name)
        if isinstance(value, list):
            if (name, target) in ITEM_KEYS and name == "attendees":
                # A participant stays on the list with its name; only its link goes.
                key = ITEM_KEYS[(name, target)]
                gone = [v for v in value if (i := reference_in(name, target, v)) and not exists(target, i)]
                for v in gone:
                    v[key] = None
                keep = value if not gone else [*value, None]  # "changed" below
            else:
                keep = [v for v in value if (i := reference_in(name, target, v)) is None or exists(target, i)]
            if len(keep) != len(value):
                keep = [v for v in keep if v is not None]
                data[name] = keep
                report.notes.append(
                    _("{name}: links to records deleted in the office were left out ({field}).").format(
                        name=o.plan.name, field=labels.field_label(name)
                    )
                )
        elif value and not exists(target, value):
            if required:
                found = load_records(tsession, target, [value])
                if value in found:
                    restored.append(_Outcome(_plan_for(target, value, found[value]), found[value], "restore"))
                    exists.created.add((target, value))
                    report.notes.append(
                        _("{name} was deleted in the office but restored, because {other} from the travel copy "
                          "refers to it.").format(name=display_name(target, found[value]), other=o.plan.name)
                    )
                    continue
            data[name] = None
            report.notes.append(
                _("{name}: the link to a record deleted in the office was removed ({field}).").format(
                    name=o.plan.name, field=labels.field_label(name)
                )
            )


def _fix_nested_references(o: _Outcome, exists: _Existence, report: MergeReport) -> None:
    """A follow-up's responsible person deleted in the office: the follow-up stays, unassigned."""
    data = o.result
    assert data is not None
    for name, part_field, target in NESTED_REFERENCES.get(o.plan.kind, []):
        for part in data.get(name) or []:
            ident = part.get(part_field)
            if ident and not exists(target, ident):
                part[part_field] = None
                report.notes.append(
                    _("{name}: the link to a record deleted in the office was removed ({field}).").format(
                        name=o.plan.name, field=labels.field_label(name)
                    )
                )


def _plan_for(kind: str, record_id: str, data: dict[str, Any]) -> RecordPlan:
    return RecordPlan(kind, record_id, display_name(kind, data), None, None, data, data, "create")


def _delete(office: Database, session: Session, o: _Outcome, report: MergeReport) -> None:
    kind, record_id = o.plan.kind, o.plan.record_id
    service = service_for(office, kind)
    deps = service._dependents(session, record_id)  # the same rules as deleting in the window
    blocking = [d for d in deps if d.effect == "blocks"]
    if blocking:
        report.notes.append(
            _("{name} was deleted on the travel copy but kept, because in the office these depend on it: "
              "{names}").format(name=o.plan.name, names="; ".join(d.name for d in blocking))
        )
        return
    trail = DeletionTrail(session, {kind: [record_id]})
    for dep in deps:
        bump_versions(session, dep.kind, [dep.id])
    if deps:
        report.notes.append(
            _("Deleting {name} also unlinked: {names}").format(name=o.plan.name, names="; ".join(d.name for d in deps))
        )
    delete_rows(session, kind, [record_id])
    trail.write(session)  # expires the session: the foreign keys changed rows behind its back
    report.entries.append(ReportEntry(kind, record_id, o.plan.name, "delete", []))
