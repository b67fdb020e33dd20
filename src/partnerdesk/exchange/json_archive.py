"""The full-fidelity JSON archive of all records (``partnerdesk export`` / ``import``).

Import inserts new records and updates existing ones matched by id, all or
nothing: one invalid record and nothing is written. ``dry_run`` reports what
would change.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from partnerdesk import __version__
from partnerdesk.domain import identifiers, validation
from partnerdesk.domain.errors import UserError, ValidationError
from partnerdesk.domain.records import (
    KINDS_IN_DEPENDENCY_ORDER,
    RETIRED_FIELDS,
    Contact,
    Record,
    carried_decision_id,
    references,
)
from partnerdesk.domain.serialization import SerializationError, record_from_dict, record_to_dict
from partnerdesk.exchange.archive_ids import check_foreign_ids
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.portable_sql import code_points
from partnerdesk.services import mapping, theme_glossary
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.services.upserts import upsert_record

FORMAT = "partnerdesk-archive"
FORMAT_VERSION = 1
#: The archive's key for the theme glossary (added without a new format version: older
#: programs ignore it, and an archive without it imports as before).
GLOSSARY = "theme_translations"


class ArchiveError(UserError):
    pass


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def count(self, outcome: str, kind: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        parts = []
        for kind in KINDS_IN_DEPENDENCY_ORDER:
            c, u = self.created.get(kind, 0), self.updated.get(kind, 0)
            if c or u:
                parts.append(_("{kind}: {created} new, {updated} updated").format(kind=kind, created=c, updated=u))
        text = "; ".join(parts) or _("nothing to change")
        return (_("Dry run, nothing written: ") if self.dry_run else "") + text


def all_records(db: Database) -> dict[str, list[Record]]:
    result: dict[str, list[Record]] = {}
    with db.read() as session:
        for kind in KINDS_IN_DEPENDENCY_ORDER:
            row_type = ROW_TYPES[kind]
            # By id compared by code points: the same file from SQLite and from a server.
            rows = session.scalars(select(row_type).order_by(code_points(row_type.id))).all()
            result[kind] = [mapping.FROM_ROW[kind](r) for r in rows]
    return result


#: Top-level key of an archive written by a user from whom the server hid contacts' personal
#: data: its contacts' empty e-mail, phone and notes mean "not shown", never "none".
PERSONAL_DATA = "personal_data"
WITHHELD = "withheld"


#: Top-level key: how many attached files the archive does not carry (they stay in the database,
#: its backups and travel copies; ``services.attachments``).
ATTACHMENTS_LEFT_OUT = "attachments_not_included"


def attachment_count(db: Database) -> int:
    from sqlalchemy import func

    from partnerdesk.persistence.tables_beside import AttachmentRow

    with db.read() as session:
        return int(session.execute(
            select(func.count()).select_from(AttachmentRow).where(AttachmentRow.record_deleted_at.is_(None))
        ).scalar() or 0)


def build_archive(db: Database) -> dict[str, Any]:
    archive = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "partnerdesk_version": __version__,
        "database_id": db.identity,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "records": {kind: [record_to_dict(r) for r in records] for kind, records in all_records(db).items()},
        #: The office's theme glossary: theme → its translations ("fr: Gestion des déchets" per line).
        GLOSSARY: dict(sorted(theme_glossary.load(db).items())),
    }
    # Attached files stay out of the archive (README "Anhänge"): it says how many it left out.
    archive[ATTACHMENTS_LEFT_OUT] = attachment_count(db)
    if not db.personal_data_visible:
        archive[PERSONAL_DATA] = WITHHELD  # so that importing it never empties what it left out
    return archive


def export_archive(db: Database, out: Path) -> dict[str, int]:
    archive = build_archive(db)
    temporary = out.with_name(f".{out.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8") as fh:
            json.dump(archive, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ArchiveError(_("{name} could not be written: {reason}").format(name=out, reason=exc.strerror)) from exc
    return {kind: len(items) for kind, items in archive["records"].items()}


def _parse(path: Path) -> Any:
    """The file's JSON; every way a file can fail to be JSON is an ``ArchiveError`` naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArchiveError(_("The file {name} does not exist.").format(name=path)) from None
    except UnicodeDecodeError as exc:
        raise ArchiveError(_("{name} is not a PartnerDesk JSON export: byte {offset} is not UTF-8.").format(
            name=path, offset=exc.start
        )) from None
    except OSError as exc:
        raise ArchiveError(_("{name} cannot be read: {reason}").format(name=path, reason=exc.strerror or exc)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveError(_("{name} is not a PartnerDesk JSON export: line {line}, column {column}: {reason}").format(
            name=path, line=exc.lineno, column=exc.colno, reason=exc.msg
        )) from None
    except RecursionError:  # "[[[[…" nested deeper than Python's stack: no export looks like that
        raise ArchiveError(_("{name} is not a PartnerDesk JSON export: it is nested too deeply.").format(name=path)) from None
    except ValueError as exc:  # a number of more than 4,300 digits
        raise ArchiveError(_("{name} is not a PartnerDesk JSON export: {reason}").format(name=path, reason=exc)) from None


def read_archive(path: Path) -> dict[str, list[Record]]:
    return _records_of(_parse(path), path)


def read_archive_and_glossary(path: Path) -> tuple[dict[str, list[Record]], dict[str, str]]:
    """The archive's records and its theme glossary (empty in an archive written before it had one)."""
    raw = _parse(path)
    records = _records_of(raw, path)
    glossary = raw.get(GLOSSARY, {})
    if not isinstance(glossary, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in glossary.items()):
        raise ArchiveError(_("{name}: the theme glossary is damaged.").format(name=path))
    try:
        return records, theme_glossary.tidy(glossary)
    except theme_glossary.GlossaryError as exc:
        raise ArchiveError(f"{path}: {exc.message}") from exc


def _records_of(raw: Any, path: Path) -> dict[str, list[Record]]:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ArchiveError(_("{name} is not a PartnerDesk JSON export.").format(name=path))
    if not isinstance(raw.get("format_version"), int) or raw["format_version"] > FORMAT_VERSION:
        raise ArchiveError(_("{name} was written by a newer PartnerDesk; please update.").format(name=path))
    records = raw.get("records")
    if not isinstance(records, dict) or set(records) - set(KINDS_IN_DEPENDENCY_ORDER):
        raise ArchiveError(_("{name}: the list of records is damaged.").format(name=path))
    records = _carry_council_decisions(records)
    result: dict[str, list[Record]] = {}
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        items = records.get(kind, [])
        if not isinstance(items, list):
            raise ArchiveError(_("{name}: the list of records is damaged.").format(name=path))
        try:
            result[kind] = [record_from_dict(kind, item, f"{kind}[{i}]") for i, item in enumerate(items)]
        except SerializationError as exc:
            raise ArchiveError(_("{name}: invalid record {detail}").format(name=path, detail=exc)) from exc
        except RecursionError:
            raise ArchiveError(_("{name}: the records of {kind} are nested too deeply.").format(name=path, kind=kind)) from None
    if raw.get(PERSONAL_DATA) == WITHHELD:  # written without the personal-data role: keep what is stored
        result["contacts"] = [
            dataclasses.replace(c, personal_hidden=True) if isinstance(c, Contact) else c for c in result["contacts"]
        ]
    return result


def _carry_council_decisions(records: dict[str, Any]) -> dict[str, Any]:
    """An archive of an older version holds the council decision in its partnerships
    (``council_decision_on``/``_number``): each becomes an approved council decision linked to
    its partnership, with the id the database migration gives it (revision 0016)."""
    partnerships = records.get("partnerships")
    if not isinstance(partnerships, list):
        return records
    carried = []
    kept = []
    for item in partnerships:
        if not isinstance(item, dict) or not any(name in item for name in RETIRED_FIELDS["partnerships"]):
            kept.append(item)
            continue
        item = dict(item)
        on, number = item.pop("council_decision_on", None), item.pop("council_decision_number", "")
        kept.append(item)
        if on or (isinstance(number, str) and number.strip()):
            carried.append({
                "id": carried_decision_id(str(item.get("id", ""))), "title": item.get("title", ""), "body": "council",
                "date": on, "number": number.strip() if isinstance(number, str) else number, "result": "approved",
                "partnership_ids": [item.get("id")], "is_example": item.get("is_example", False),
            })
    decisions = records.get("decisions", [])
    if not carried or not isinstance(decisions, list):
        return {**records, "partnerships": kept}
    known = {d.get("id") for d in decisions if isinstance(d, dict)}
    return {**records, "partnerships": kept, "decisions": [*decisions, *(d for d in carried if d["id"] not in known)]}


def import_records(
    db: Database, records: dict[str, list[Record]], *, dry_run: bool = False, glossary: Mapping[str, str] | None = None,
) -> ImportReport:
    """Insert or update all ``records`` in one transaction (rolled back for a dry run), with the
    archive's theme glossary entries (checked by ``theme_glossary.tidy``; other themes keep theirs)."""
    for items in records.values():
        for record in items:
            validation.validate(record)
            errors = identifiers.id_problems(record)
            if errors:
                raise ValidationError(validation.record_label(record), errors, kind=record.KIND, record_id=record.id)
    seen: set[str] = set()
    for items in records.values():
        for record in items:
            for ident in [record.id, *(ident for _name, ident in identifiers.nested_ids(record))]:
                if ident in seen:
                    raise ArchiveError(_("The id {id} appears twice.").format(id=ident))
                seen.add(ident)
    check_foreign_ids(db, records)
    report = ImportReport(dry_run=dry_run)

    class _DryRun(Exception):
        pass

    try:
        with db.write() as session:
            for kind in KINDS_IN_DEPENDENCY_ORDER:
                for record in records.get(kind, []):
                    report.count(upsert_record(session, record, keep_meta=False), kind)
                session.flush()
            if glossary:
                theme_glossary.apply(session, {theme: text for theme, text in glossary.items() if text})
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ValidationError:
        raise
    except Exception as exc:
        from sqlalchemy.exc import IntegrityError

        if isinstance(exc, IntegrityError):
            detail = _dangling(db, records) or str(exc.orig).strip().splitlines()[0]
            raise ArchiveError(_("The import refers to records that do not exist: {detail}").format(detail=detail)) from exc
        raise
    return report


def _dangling(db: Database, records: dict[str, list[Record]], limit: int = 3) -> str:
    """The first references that point neither into the archive nor into the database, named
    by record and field (the database's own message differs between SQLite and a server and
    names neither)."""
    known = {record.id for items in records.values() for record in items}
    wanted: dict[str, set[str]] = {}
    for items in records.values():
        for record in items:
            for _field, target, ident in references(record):
                if ident not in known:
                    wanted.setdefault(target, set()).add(ident)
    present: set[str] = set()
    with db.read() as session:
        for target, ids in wanted.items():
            row_type = ROW_TYPES[target]
            listed = sorted(ids)
            for start in range(0, len(listed), 500):
                chunk = listed[start:start + 500]
                present.update(session.scalars(select(row_type.id).where(row_type.id.in_(chunk))))
    found = [
        f"{validation.record_label(record)} → {ident}"
        for items in records.values()
        for record in items
        for _field, _target, ident in references(record)
        if ident not in known and ident not in present
    ]
    return "; ".join(found[:limit])


def import_archive(db: Database, path: Path, *, dry_run: bool = False) -> ImportReport:
    records, glossary = read_archive_and_glossary(path)
    return import_records(db, records, dry_run=dry_run, glossary=glossary)
