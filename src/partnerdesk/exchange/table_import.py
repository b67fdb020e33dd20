"""Importing a table into a register: preview every row with its problems, then apply.

``build_preview`` reads nothing but the database: each row becomes a record (new, or an
existing one updated: matched by ID or by its exact name, see ``table_matching``), with every
problem of every cell and, for an update, every field it changes from what to what. A record
whose name equals the row's only after folding is a possible duplicate: the row creates a new
record unless the user merges it (``merge`` / ``merge_similar``). ``apply_import`` writes all
rows in one transaction or nothing, and returns what it did so that ``undo_import`` can take
it back.

Empty cells never overwrite: a row that updates a record changes only the cells it fills, and
never the stored spelling of the record's name for one that differs only in accents or case.
Columns: every column is assigned to a field or ignored explicitly; several columns assigned
to one text or list field are joined (``JOINERS``), to any other field refused.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy import select

from partnerdesk.domain import validation
from partnerdesk.domain.errors import StaleRecordError, UserError
from partnerdesk.domain.records import RECORD_TYPES, Contact, Record
from partnerdesk.domain.text import fold
from partnerdesk.exchange import contact_names, table_facts, table_mapping, table_stages
from partnerdesk.exchange import table_values as tv
from partnerdesk.exchange.table_cells import (
    References,
    parse_value,
)
from partnerdesk.exchange.table_changes import ChangeDescriber
from partnerdesk.exchange.table_fields import FIELDS, NAME_FIELD, Field
from partnerdesk.exchange.table_matching import Candidate, Matcher
from partnerdesk.exchange.table_read import Formula, Table, read_table
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.types import utcnow
from partnerdesk.services import history_writer
from partnerdesk.services import mapping as row_mapping
from partnerdesk.services.history_trail import DeletionTrail
from partnerdesk.services.records import ROW_TYPES, service_for
from partnerdesk.services.row_batches import delete_rows, same_content
from partnerdesk.services.upserts import restore_records, upsert_record

Progress = Callable[[int, int], None]
#: Registers whose records have no link tables: new ones are written in one bulk statement.
#: (Not contacts: their personal data goes into a table of its own, ``contact_private``.)
_BULK_KINDS = {"organisations"}
#: How the cells of several columns assigned to one field are joined, by the field's type.
JOINERS = {
    "text": " ", "list": "; ", "refs": "; ", "languages": "; ", "goals": ", ", "targets": ", ",
    "participants": "; ", "funding": "; ", "follow_ups": "\n", "stages": "\n", "attendees": "\n",
    "key_facts": "\n",
}
#: Free text fields whose joined columns go on separate lines.
_MULTILINE = {"notes", "summary", "phone", "address", "results"}
#: Free text kept exactly as the cell holds it, even all spaces (names, cities, … are trimmed, and a
#: cell of spaces there is empty): PartnerDesk's own export writes such notes and reads them back.
_VERBATIM = {"notes", "summary", "results"}
#: Contacts' name parts: with any of them in the table, its whole-name column is only read to find
#: the record (PartnerDesk's own export writes both).
_NAME_PARTS = ("title", "first_name", "last_name")


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
    #: Existing records whose name equals this row's only after folding (possible duplicates).
    candidates: list[Candidate] = field(default_factory=list)
    #: For an update: (column, field title, old text, new text) of every field it changes.
    changes: list[tuple[int | None, str, str, str]] = field(default_factory=list)

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
    #: Columns neither assigned to a field nor ignored explicitly: the import is refused.
    unmapped: list[int] = field(default_factory=list)
    #: Columns ignored explicitly (``--ignore-column``, null in the mapping, "— do not import —").
    ignored: list[int] = field(default_factory=list)
    #: Problems of the columns themselves (several columns on a field that takes one).
    column_errors: list[str] = field(default_factory=list)
    #: Row number -> the ID of the candidate the user chose to merge the row into.
    merge: dict[int, str] = field(default_factory=dict)
    merge_similar: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def has_errors(self) -> bool:
        return self.blocked or any(r.errors for r in self.rows)

    @property
    def blocked(self) -> bool:
        """Column problems: no row can be imported, whatever is skipped."""
        return bool(self.unmapped or self.column_errors)

    def column_name(self, index: int | None) -> str:
        if index is None:
            return ""
        header = self.headers[index] or "?"
        return f"{get_column_letter(index + 1)} ({header})"

    def column_lines(self) -> list[str]:
        """The columns that are not imported, and why (shown with and without ``--dry-run``)."""
        lines = list(self.column_errors)
        for index in self.unmapped:
            lines.append(_(
                "Column {column} is assigned to no field. Assign it (--mapping MAP.json) or leave it out "
                "explicitly (--ignore-column “{header}”); nothing was imported."
            ).format(column=self.column_name(index), header=self.headers[index] or get_column_letter(index + 1)))
        if self.ignored:
            lines.append(_("Not imported (ignored): {columns}").format(
                columns=", ".join(self.column_name(i) for i in self.ignored)
            ))
        return lines

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

    def duplicate_lines(self) -> list[str]:
        """Rows that found a record with a similar name (shown with and without ``--dry-run``)."""
        lines = []
        for row in self.rows:
            if not row.candidates:
                continue
            similar = ", ".join(c.label() for c in row.candidates)
            if row.action == "error":
                continue
            if row.existing is not None and row.existing.id in {c.id for c in row.candidates}:
                lines.append(_("Row {row}: merged with the similar record {similar}").format(row=row.number, similar=similar))
            else:
                lines.append(_(
                    "Row {row}: possible duplicate of {similar}; created as a new record "
                    "(--merge-similar merges it instead)"
                ).format(row=row.number, similar=similar))
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
    #: Rows left out for their errors: (row number, reasons).
    skipped: list[tuple[int, list[str]]] = field(default_factory=list)

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
    ignore_columns: Collection[str] = (),
    encoding: str | None = None,
    merge_similar: bool = False,
    progress: Progress | None = None,
) -> ImportPreview:
    table = read_table(path, sheet, encoding=encoding)
    if not table.headers:
        raise UserError(_("{name} holds no table (the first sheet is empty).").format(name=path.name))
    if mapping_file is not None:
        mapping, ignored = table_mapping.load_mapping_file(mapping_file, kind, table.headers)
    else:
        mapping, ignored = table_mapping.choose_mapping_explicit(kind, table.headers)
    ignored |= table_mapping.columns_named(table.headers, ignore_columns)
    ignored |= table_mapping.derived_columns(kind, table.headers)
    for index in ignored:
        mapping[index] = None
    preview = build_preview(db, kind, table, mapping, ignored=ignored, merge_similar=merge_similar, progress=progress)
    preview.source = str(path)
    return preview


def _column_groups(kind: str, table: Table, mapping: table_mapping.Mapping) -> tuple[dict[str, list[int]], list[str]]:
    by_key = {f.key: f for f in FIELDS[kind]}
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(mapping):
        if key:
            groups.setdefault(key, []).append(index)
    errors = []
    for key, columns in groups.items():
        if len(columns) > 1 and by_key[key].type not in JOINERS:
            names = ", ".join(f"{get_column_letter(i + 1)} ({table.headers[i] or '?'})" for i in columns)
            errors.append(_(
                "The columns {columns} are all assigned to “{field}”, which takes one value; assign only one of them."
            ).format(columns=names, field=by_key[key].title))
    return groups, errors


def _joined(spec: Field, values: list[object], columns: list[int]) -> object:
    if len(columns) == 1:
        return values[columns[0]]
    parts = [v for v in (values[i] for i in columns) if not tv.is_empty(v)]
    if not parts:
        return None
    formula = next((p for p in parts if p.__class__ is Formula), None)
    if formula is not None:
        return formula
    if spec.type not in JOINERS:
        return parts[0]  # refused as a column problem (``_column_groups``); the row is still shown
    joiner = "\n" if spec.key in _MULTILINE else JOINERS[spec.type]
    return joiner.join(p if isinstance(p, str) else tv.text_of(p) for p in parts)


def build_preview(
    db: Database,
    kind: str,
    table: Table,
    mapping: table_mapping.Mapping,
    *,
    ignored: Collection[int] | None = None,
    merge: Mapping[int, str] | None = None,
    merge_similar: bool = False,
    progress: Progress | None = None,
) -> ImportPreview:
    """``ignored``: the columns left out explicitly (None: every column without a field, as the
    assistant's "— do not import —"); ``merge``: row number -> ID of the similar record to update."""
    by_key = {f.key: f for f in FIELDS[kind]}
    groups, column_errors = _column_groups(kind, table, mapping)
    name_key = NAME_FIELD[kind]
    if name_key not in groups and "id" not in groups and not (kind == "contacts" and "last_name" in groups):
        raise UserError(
            _("No column is mapped to “{field}” or “ID”; PartnerDesk cannot tell the records apart.").format(
                field=by_key[name_key].title
            )
        )
    unused = [i for i, key in enumerate(mapping) if not key]
    explicit = set(unused if ignored is None else ignored)
    unmapped = [i for i in unused if i not in explicit]
    merge = dict(merge or {})
    first_column = {key: columns[0] for key, columns in groups.items()}
    # Participants link to a contact or organisation of exactly their name (attendee_cells).
    linked = {"contacts", "organisations"} if "attendees" in groups else set()
    refs = References(db, {ref for k in groups if (ref := by_key[k].ref)} | {kind} | linked)
    matcher = Matcher(db, kind, formula_guard=table.formula_guard)
    currency_from_header = None
    if kind == "projects" and "budget_currency" not in groups and "budget_amount" in groups:
        currency_from_header = table_mapping.header_currency(table.headers[first_column["budget_amount"]])

    # First pass: which existing record each row updates.
    planned: list[tuple[int, list[object], str | None, list[Problem], list[Candidate]]] = []
    seen: dict[str, int] = {}
    for number, values in table.rows:
        problems: list[Problem] = []
        match = matcher.match(first_column, values)
        if match.problem is not None:
            problems.append(Problem(first_column.get(match.problem_column or ""), match.problem))
        target = match.id
        if target is None and match.candidates:
            chosen = merge.get(number)
            if chosen is not None and chosen in {c.id for c in match.candidates}:
                target = chosen
            elif merge_similar and len(match.candidates) == 1:
                target = match.candidates[0].id
            elif merge_similar:
                problems.append(Problem(first_column.get(name_key), _(
                    "several existing records have a similar name ({similar}); add the ID column to say which one is meant"
                ).format(similar=", ".join(c.label() for c in match.candidates))))
        key = target or match.key
        if key:
            if key in seen:
                problems.append(Problem(None, _("the same record as row {row}").format(row=seen[key])))
            else:
                seen[key] = number
        planned.append((number, values, target, problems, match.candidates))
    existing = {r.id: r for r in _get_many(db, kind, [t for _n, _v, t, _p, _c in planned if t])}

    rows: list[PreviewRow] = []
    total = len(planned)
    attributes = {by_key[k].attribute: columns[0] for k, columns in groups.items()}
    parts_given = kind == "contacts" and any(k in groups for k in _NAME_PARTS)
    active = [(by_key[k], columns) for k, columns in groups.items() if k != "id" and not (parts_given and k == "name")]
    describe = ChangeDescriber(db, kind)
    today = date.today()
    for index, (number, values, target, problems, candidates) in enumerate(planned):
        current = existing.get(target) if target else None
        record = copy.deepcopy(current) if current is not None else RECORD_TYPES[kind]()
        if current is None and target:
            record.id = target  # a new record keeps the ID the table gives
        if currency_from_header:
            record.budget_currency = currency_from_header  # type: ignore[attr-defined]
        former_types: list[tuple[int, object]] = []
        fact_cells: dict[str, tuple[int, object]] = {}
        for spec, columns in active:
            value = _joined(spec, values, columns)
            column = columns[0]
            if value is None or value == "" or (spec.key not in _VERBATIM and tv.is_empty(value)):
                continue  # empty cells never overwrite
            if isinstance(value, Formula):
                problems.append(Problem(column, _(
                    "the cell holds the formula “{formula}”; PartnerDesk does not calculate formulas. "
                    "Replace it by its value (copy, paste values) or write it as text."
                ).format(formula=value.text)))
                continue
            if spec.type == "fact":  # a value, source or date of a key fact: read together below
                guarded = table.formula_guard and value.__class__ is str
                fact_cells[spec.key] = (column, tv.unescape_formula_guard(value) if guarded else value)  # type: ignore[arg-type]
                continue
            if kind == "partnerships" and spec.key == "type" and table_stages.former_type(value):
                former_types.append((column, value))
                continue
            try:
                parsed = parse_value(
                    spec, value, refs, decimal_comma=table.decimal_comma, current=getattr(record, spec.attribute),
                    formula_guard=table.formula_guard,
                )
            except tv.CellProblem as problem:
                problems.append(Problem(column, problem.message))
                continue
            if kind == "contacts" and spec.key == "name":
                note = contact_names.set_name(record, parsed)  # type: ignore[arg-type]
                if note:
                    problems.append(Problem(column, note, "note"))
            else:
                setattr(record, spec.attribute, parsed)
        if kind in ("partnerships", "projects") and "start_year" not in groups and record.start_date is not None:  # type: ignore[attr-defined]
            record.start_year = record.start_date.year  # type: ignore[attr-defined]
        problems += [Problem(column, note, "note") for column, note in table_facts.apply_cells(record, fact_cells, today)]
        for column, value in former_types:  # after the start: a climate partnership's stage is dated by it
            table_stages.with_former_type(record, value)  # type: ignore[arg-type]
            problems.append(Problem(column, table_stages.former_type_note(value), "note"))
        if current is not None:
            _keep_stored_spelling(kind, current, record, first_column.get(name_key), problems)
        if not any(p.severity == "error" for p in problems):
            for error in validation.problems(record):
                problems.append(Problem(attributes.get(error.field), error.message))
        changes: list[tuple[int | None, str, str, str]] = []
        if any(p.severity == "error" for p in problems):
            action = "error"
        elif current is None:
            action = "create"
            if candidates:
                problems.append(Problem(first_column.get(name_key), _(
                    "possible duplicate of {similar} (the names differ only in accents, case or punctuation); "
                    "a new record is created unless you merge the row with it"
                ).format(similar=", ".join(c.label() for c in candidates)), "note"))
        elif same_content(current, record):
            action = "unchanged"
        else:
            action = "update"
            problems.append(Problem(None, _("updates the existing record “{name}”").format(name=current.display_name), "note"))
            changes = describe.changes(current, record, groups)
            for changed_column, title, old, new in changes:
                problems.append(Problem(changed_column, _("{field}: “{old}” → “{new}”").format(field=title, old=old, new=new), "note"))
        rows.append(PreviewRow(number, values, record, action, current, problems, candidates, changes))
        if progress is not None and index % 500 == 0:
            progress(index, total)
    if progress is not None:
        progress(total, total)
    return ImportPreview(
        kind=kind, headers=table.headers, mapping=list(mapping), rows=rows, unmapped=unmapped,
        ignored=sorted(i for i in explicit if i < len(table.headers)), column_errors=column_errors,
        merge=merge, merge_similar=merge_similar,
    )


def _keep_stored_spelling(kind: str, current: Record, record: Record, column: int | None, problems: list[Problem]) -> None:
    """An update never replaces "Münster" by "Munster" or "MÜNSTER": the stored spelling stays."""
    if isinstance(current, Contact) and isinstance(record, Contact):
        note = contact_names.keep_stored_spelling(current, record)
        if note:
            problems.append(Problem(column, note, "note"))
        return
    attribute = NAME_FIELD[kind]
    stored, given = getattr(current, attribute), getattr(record, attribute)
    if given.strip() != stored.strip() and fold(given.strip()) == fold(stored.strip()):
        setattr(record, attribute, stored)
        problems.append(Problem(column, _(
            "keeps the stored spelling “{stored}” (the table writes “{given}”)"
        ).format(stored=stored, given=given.strip()), "note"))


def _get_many(db: Database, kind: str, ids: list[str]) -> list[Record]:
    service = service_for(db, kind)
    result: list[Record] = []
    for start in range(0, len(ids), 500):
        result += service.get_many(ids[start : start + 500])
    return result


# Apply and undo ----------------------------------------------------------------------------


def apply_import(
    db: Database, preview: ImportPreview, *, skip_invalid: bool = False, progress: Progress | None = None, remember: bool = True
) -> ImportResult:
    """Write the preview's rows in one transaction; with errors and not ``skip_invalid``: nothing.

    Column problems (a column assigned to no field, several columns on a one-value field) are
    never skipped: the rows would be read without the user's data."""
    if preview.blocked:
        raise UserError("\n".join(preview.column_lines()[: len(preview.column_errors) + len(preview.unmapped)]))
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
    result.skipped = [(r.number, [p.message for p in r.errors]) for r in preview.rows if r.action == "error"]
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
            elif kind in _BULK_KINDS and not getattr(record, "key_facts", None):  # key facts: rows of their own
                bulk.append(_row_values(record))
                history_writer.record(session, kind, None, record)
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
    """Collects what a ``*_to_row`` mapping function sets, for a bulk insert (records without key facts)."""

    key_facts: list[Any] = []  # read by organisation_to_row, never written to the table


def _row_values(record: Record) -> dict[str, Any]:
    target = _Values()
    row_mapping.TO_ROW[record.KIND](record, target)
    now = utcnow()
    values = dict(vars(target))
    values.pop("key_facts", None)
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
        trail = DeletionTrail(session, {result.kind: result.created_ids})
        for start in range(0, len(result.created_ids), 500):
            delete_rows(session, result.kind, result.created_ids[start : start + 500])
        trail.write(session)
        restore_records(session, result.previous)
