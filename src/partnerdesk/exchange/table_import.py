"""Importing a table into a register: preview every row with its problems, then apply.

``build_preview`` reads nothing but the database: each row becomes a record (new, or an
existing one updated: matched by ID, or by name within the register — for organisations
by name and country), with every problem of every cell. ``apply_import`` writes all rows in
one transaction or nothing, and returns what it did so that ``undo_import`` can take it back.

Empty cells never overwrite: a row that updates a record changes only the cells it fills.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy import select

from partnerdesk.domain import validation
from partnerdesk.domain.errors import StaleRecordError, UserError
from partnerdesk.domain.records import RECORD_TYPES, Record
from partnerdesk.domain.text import fold
from partnerdesk.exchange import table_mapping
from partnerdesk.exchange import table_values as tv
from partnerdesk.exchange.table_cells import References, parse_value
from partnerdesk.exchange.table_fields import FIELDS, NAME_FIELD, Field
from partnerdesk.exchange.table_read import Formula, Table, read_table
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.types import utcnow
from partnerdesk.services import mapping as row_mapping
from partnerdesk.services.records import ROW_TYPES, restore_records, service_for, upsert_record
from partnerdesk.services.row_batches import delete_rows, same_content

Progress = Callable[[int, int], None]
#: Registers whose records have no link tables: new ones are written in one bulk statement.
_BULK_KINDS = {"organisations", "contacts"}


@dataclass
class Problem:
    column: int | None  # index into the headers; None: the row as a whole
    message: str
    severity: str = "error"  # "error" (row cannot be imported) or "note"


@dataclass
class PreviewRow:
    number: int  # row number in the spreadsheet (the header is row 1)
    values: list[object]
    record: Record | None
    action: str  # "create", "update", "unchanged" or "error"
    existing: Record | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class ImportPreview:
    kind: str
    headers: list[str]
    mapping: table_mapping.Mapping
    rows: list[PreviewRow]
    source: str = ""

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    def column_name(self, index: int | None) -> str:
        if index is None:
            return ""
        header = self.headers[index] or "?"
        return f"{get_column_letter(index + 1)} ({header})"

    def problem_lines(self, *, notes: bool = False) -> list[str]:
        lines = []
        for row in self.rows:
            for p in row.problems:
                if p.severity == "error" or notes:
                    where = _("Row {row}").format(row=row.number)
                    if p.column is not None:
                        where += ", " + _("column {column}").format(column=self.column_name(p.column))
                    lines.append(f"{where}: {p.message}")
        return lines

    def summary(self) -> str:
        return ngettext(
            "{rows} row: {created} new, {updated} updated, {unchanged} unchanged, {errors} with errors",
            "{rows} rows: {created} new, {updated} updated, {unchanged} unchanged, {errors} with errors",
            len(self.rows),
        ).format(
            rows=len(self.rows),
            created=self.count("create"),
            updated=self.count("update"),
            unchanged=self.count("unchanged"),
            errors=self.count("error"),
        )


@dataclass
class ImportResult:
    kind: str
    created_ids: list[str]
    #: The updated records as they were before the import (for undo).
    previous: list[Record]
    #: Row version of every written record right after the import.
    versions: dict[str, int]

    def summary(self) -> str:
        created, updated = len(self.created_ids), len(self.previous)
        return ngettext(
            "{count} record imported ({created} new, {updated} updated).",
            "{count} records imported ({created} new, {updated} updated).",
            created + updated,
        ).format(count=created + updated, created=created, updated=updated)


# Preview -----------------------------------------------------------------------------------


def preview_file(
    db: Database,
    path: Path,
    kind: str,
    *,
    mapping_file: Path | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    table = read_table(path, sheet)
    if not table.headers:
        raise UserError(_("{name} holds no table (the first sheet is empty).").format(name=path.name))
    if mapping_file is not None:
        mapping = table_mapping.load_mapping_file(mapping_file, kind, table.headers)
    else:
        mapping = table_mapping.choose_mapping(kind, table.headers)
    preview = build_preview(db, kind, table, mapping, progress=progress)
    preview.source = str(path)
    return preview


def build_preview(
    db: Database, kind: str, table: Table, mapping: table_mapping.Mapping, *, progress: Progress | None = None
) -> ImportPreview:
    specs: list[Field | None] = []
    by_key = {f.key: f for f in FIELDS[kind]}
    for key in mapping:
        specs.append(by_key[key] if key else None)
    name_key = NAME_FIELD[kind]
    if name_key not in mapping and "id" not in mapping:
        raise UserError(
            _("No column is mapped to “{field}” or “ID”; PartnerDesk cannot tell the records apart.").format(
                field=by_key[name_key].title
            )
        )
    refs = References(db, {f.ref for f in specs if f is not None and f.ref} | {kind})
    matches = _Matcher(db, kind)
    currency_from_header = None
    if kind == "projects" and "budget_currency" not in mapping and "budget_amount" in mapping:
        currency_from_header = table_mapping.header_currency(table.headers[mapping.index("budget_amount")])

    # First pass: which existing record each row updates.
    planned: list[tuple[int, list[object], str | None, list[Problem]]] = []
    seen: dict[str, int] = {}
    for number, values in table.rows:
        problems: list[Problem] = []
        match_id, row_name_key = matches.match(mapping, values, problems)
        key = match_id or row_name_key
        if key:
            if key in seen:
                problems.append(Problem(None, _("the same record as row {row}").format(row=seen[key])))
            else:
                seen[key] = number
        planned.append((number, values, match_id, problems))
    existing = {r.id: r for r in _get_many(db, kind, [m for _n, _v, m, _p in planned if m])}

    rows: list[PreviewRow] = []
    total = len(planned)
    attributes = {spec.attribute: i for i, spec in enumerate(specs) if spec is not None}
    active = [(i, spec) for i, spec in enumerate(specs) if spec is not None and spec.key != "id"]
    for index, (number, values, match_id, problems) in enumerate(planned):
        current = existing.get(match_id) if match_id else None
        record = copy.deepcopy(current) if current is not None else RECORD_TYPES[kind]()
        if current is None and match_id:
            record.id = match_id  # a new record keeps the ID the table gives
        if currency_from_header:
            record.budget_currency = currency_from_header  # type: ignore[attr-defined]
        for column, spec in active:
            value = values[column]
            if value is None or (value.__class__ is str and not value.strip()):
                continue
            if value.__class__ is Formula:
                problems.append(Problem(column, _(
                    "the cell holds the formula “{formula}”; PartnerDesk does not calculate formulas. "
                    "Replace it by its value (copy, paste values) or write it as text."
                ).format(formula=value.text)))
                continue
            try:
                setattr(record, spec.attribute, parse_value(
                    spec, value, refs, decimal_comma=table.decimal_comma, current=getattr(record, spec.attribute)
                ))
            except tv.CellProblem as problem:
                problems.append(Problem(column, problem.message))
        if kind == "partnerships" and "start_year" not in mapping and record.start_date is not None:  # type: ignore[attr-defined]
            record.start_year = record.start_date.year  # type: ignore[attr-defined]
        if not any(p.severity == "error" for p in problems):
            for error in validation.problems(record):
                problems.append(Problem(attributes.get(error.field), error.message))
        if any(p.severity == "error" for p in problems):
            action = "error"
        elif current is None:
            action = "create"
        elif same_content(current, record):
            action = "unchanged"
        else:
            action = "update"
            problems.append(Problem(None, _("updates the existing record “{name}”").format(name=current.display_name), "note"))
        rows.append(PreviewRow(number, values, record, action, current, problems))
        if progress is not None and index % 500 == 0:
            progress(index, total)
    if progress is not None:
        progress(total, total)
    return ImportPreview(kind=kind, headers=table.headers, mapping=list(mapping), rows=rows)


def _get_many(db: Database, kind: str, ids: list[str]) -> list[Record]:
    service = service_for(db, kind)
    result: list[Record] = []
    for start in range(0, len(ids), 500):
        result += service.get_many(ids[start : start + 500])
    return result


class _Matcher:
    """Finds the existing record a row means: by ID, else by folded name (and country)."""

    def __init__(self, db: Database, kind: str) -> None:
        self.kind = kind
        row_type = ROW_TYPES[kind]
        name_col = getattr(row_type, NAME_FIELD[kind])
        columns = [row_type.id, name_col] + ([row_type.country] if kind == "organisations" else [])
        with db.read() as session:
            found = session.execute(select(*columns)).all()
        self.ids = {r[0] for r in found}
        self._indices: dict[int, dict[str, int | None]] = {}
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        for r in found:
            self.by_name.setdefault(fold(r[1].strip()), []).append((r[0], r[2] if len(r) > 2 else ""))

    def _cell(self, mapping: table_mapping.Mapping, values: list[object], key: str) -> str:
        index = self._index(mapping, key)
        if index is None:
            return ""
        value = values[index]
        if value is None or value.__class__ is Formula:
            return ""
        return tv.unescape_formula_guard(value.strip() if value.__class__ is str else tv.text_of(value))

    def _index(self, mapping: table_mapping.Mapping, key: str) -> int | None:
        cache = self._indices.setdefault(id(mapping), {})
        if key not in cache:
            cache[key] = mapping.index(key) if key in mapping else None
        return cache[key]

    def _country(self, mapping: table_mapping.Mapping, values: list[object]) -> str:
        if self.kind != "organisations":
            return ""
        text = self._cell(mapping, values, "country")
        try:
            return tv.parse_country(text) if text else ""
        except tv.CellProblem:
            return ""

    def match(
        self, mapping: table_mapping.Mapping, values: list[object], problems: list[Problem]
    ) -> tuple[str | None, str | None]:
        """(id of the record the row means or gives, key of the row's name for duplicates)."""
        name = fold(self._cell(mapping, values, NAME_FIELD[self.kind]))
        country = self._country(mapping, values)
        name_key = f"{name}\x1f{country}" if name else None
        given = self._cell(mapping, values, "id")
        if given:
            if given in self.ids:
                return given, name_key
            try:
                uuid.UUID(given)
            except ValueError:
                problems.append(Problem(mapping.index("id"), _("“{value}” is not a PartnerDesk ID").format(value=given)))
                return None, name_key
            return given, name_key  # a new record with this ID
        candidates = self.by_name.get(name, [])
        if country:
            candidates = [c for c in candidates if not c[1] or c[1] == country]
        if len(candidates) == 1:
            return candidates[0][0], name_key
        if len(candidates) > 1:
            problems.append(Problem(mapping.index(NAME_FIELD[self.kind]), _(
                "several existing records have this name; add the ID column to say which one is meant"
            )))
        return None, name_key


# Apply and undo ----------------------------------------------------------------------------


def apply_import(
    db: Database, preview: ImportPreview, *, skip_invalid: bool = False, progress: Progress | None = None, remember: bool = True
) -> ImportResult:
    """Write the preview's rows in one transaction; with errors and not ``skip_invalid``: nothing."""
    if preview.has_errors and not skip_invalid:
        raise UserError(
            ngettext(
                "{count} row has errors; nothing was imported. Correct the table or leave that row out.",
                "{count} rows have errors; nothing was imported. Correct the table or leave those rows out.",
                preview.count("error"),
            ).format(count=preview.count("error"))
        )
    rows = [r for r in preview.rows if r.action in ("create", "update") and r.record is not None]
    kind = preview.kind
    row_type = ROW_TYPES[kind]
    total = len(rows)
    result = ImportResult(kind, [], [], {})
    with db.write() as session:
        bulk: list[dict[str, Any]] = []
        for done, row in enumerate(rows, start=1):
            record = row.record
            assert record is not None
            if row.action == "update":
                stored = session.get(row_type, record.id)
                assert row.existing is not None
                if stored is None or stored.version != row.existing.version:
                    raise StaleRecordError(_(
                        "{label} was changed or deleted by somebody else since the preview; nothing was imported. "
                        "Start the import again."
                    ).format(label=validation.record_label(row.existing)))
                result.previous.append(row_mapping.FROM_ROW[kind](stored))
                upsert_record(session, record)
                result.versions[record.id] = stored.version
            elif kind in _BULK_KINDS:
                bulk.append(_row_values(record))
                result.created_ids.append(record.id)
                result.versions[record.id] = 1
            else:
                upsert_record(session, record)
                result.created_ids.append(record.id)
                result.versions[record.id] = 1
            if progress is not None and (done % 200 == 0 or done == total):
                progress(done, total)
        if bulk:
            _bulk_insert(session, row_type.__table__, bulk)
        session.flush()
    if remember:
        table_mapping.remember_mapping(kind, preview.headers, preview.mapping)
    return result


def _bulk_insert(session: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """One ``executemany`` of plain rows, with the columns' own type conversions.

    Thousands of new rows without link tables need no ORM unit of work; converting the
    values with each column's bind processor up front saves SQLAlchemy's per-row work.
    """
    connection = session.connection()
    dialect = connection.dialect
    columns = list(rows[0])
    # The dialect's own implementation of each type: the generic JSON type has no bind processor
    # for psycopg (its PostgreSQL JSON type wraps the value), and a bare list would become an array.
    processors = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"  # the driver's own placeholder
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(mark for _ in columns)})"
    )
    params = [
        tuple(row[c] if p is None else p(row[c]) for c, p in zip(columns, processors, strict=True)) for row in rows
    ]
    connection.exec_driver_sql(sql, params)


class _Values:
    """Collects what a ``*_to_row`` mapping function sets, for a bulk insert."""


def _row_values(record: Record) -> dict[str, Any]:
    target = _Values()
    row_mapping.TO_ROW[record.KIND](record, target)
    now = utcnow()
    values = dict(vars(target))
    values.update(id=record.id, created_at=now, updated_at=now, version=1, is_example=record.is_example)
    return values


def undo_import(db: Database, result: ImportResult) -> None:
    """Remove what the import created and put updated records back, unless changed since."""
    from sqlalchemy.exc import IntegrityError

    try:
        _undo(db, result)
    except IntegrityError as exc:
        raise UserError(
            _("Other records now refer to records of this import; the import cannot be undone.")
        ) from exc


def _undo(db: Database, result: ImportResult) -> None:
    row_type = ROW_TYPES[result.kind]
    with db.write() as session:
        ids = list(result.versions)
        current: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            current.update(dict(session.execute(select(row_type.id, row_type.version).where(row_type.id.in_(chunk))).all()))
        changed = [i for i, v in result.versions.items() if current.get(i) != v]
        if changed:
            raise StaleRecordError(
                ngettext(
                    "{count} imported record was changed or deleted since; the import cannot be undone.",
                    "{count} imported records were changed or deleted since; the import cannot be undone.",
                    len(changed),
                ).format(count=len(changed))
            )
        for start in range(0, len(result.created_ids), 500):
            delete_rows(session, result.kind, result.created_ids[start : start + 500])
        restore_records(session, result.previous)
