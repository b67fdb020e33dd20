"""Writing a register (its filtered records, its chosen columns) to .xlsx or CSV.

.xlsx: typed cells (dates as dates with a German date format, amounts as numbers with the
currency in the number format, whole numbers as numbers), header row frozen and bold,
an autofilter, column widths from the content. Every text cell is written with the
string data type, so text that starts with "=" stays text and is never a formula.
Characters XML cannot hold (control characters such as Word's manual line break U+000B,
carriage returns) are written as OOXML's ``_xHHHH_`` escapes, which Excel and PartnerDesk
read back as the character. Text longer than Excel's 32,767 characters per cell is refused
naming the record and field (CSV has no such limit), never cut.

CSV: UTF-8 with BOM, semicolon, decimal comma and dd.mm.yyyy dates, which is what German
Excel opens correctly with a double click (a comma file would land in one column there,
and without the BOM Excel reads UTF-8 as Windows-1252). Text that a spreadsheet would take
for a formula (starting with = + - @, tab or carriage return) gets a leading apostrophe
(OWASP's advice against CSV injection); PartnerDesk's import removes it again. Text that
already starts with an apostrophe before such a character gets one more, so it reads back.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Record
from partnerdesk.domain.validation import record_label
from partnerdesk.exchange.table_cells import export_value, german_date, german_number, reference_names
from partnerdesk.exchange.table_encoding import ooxml_escape
from partnerdesk.exchange.table_fields import FIELDS, Field
from partnerdesk.exchange.table_read import MAX_CELL
from partnerdesk.exchange.table_values import needs_formula_guard
from partnerdesk.i18n import N_, _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services.restriction import for_export, restricted_contact_ids

Progress = Callable[[int, int], None]


#: Columns of the register views (services/registers.py) that are not one field of the table.
VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "budget": ("budget_amount", "budget_currency"),
    "language": ("languages",),
    # A key fact's column: the shown value with its source and date (exchange.table_facts).
    "population": ("population", "population_source", "population_year"),
    "area": ("area", "area_source", "area_as_of"),
    "mayor": ("mayor", "mayor_since", "mayor_source", "mayor_as_of"),
    "website": ("website", "website_source", "website_as_of"),
}
#: View columns shown from a linked record: written, but not read back by an import.
DERIVED: dict[tuple[str, str], Field] = {
    ("partnerships", "country"): Field("partner_country", N_("Country of the partner"), "ref_country", ref="organisations", attr="partner_id"),
    ("contacts", "country"): Field("organisation_country", N_("Country of the organisation"), "ref_country", ref="organisations", attr="organisation_id"),
}


def export_columns(kind: str, keys: Sequence[str] | None = None) -> list[Field]:
    """The fields to write: all of the register, or those named by ``keys`` (view column keys).

    The ID column always comes first, so that a re-import updates instead of duplicating.
    """
    all_fields = FIELDS[kind]
    if not keys:
        return list(all_fields)
    by_key = {f.key: f for f in all_fields}
    by_attr = {f.attribute: f for f in all_fields}
    chosen: list[Field | None] = [by_key["id"]]
    for key in keys:
        if (kind, key) in DERIVED:
            chosen.append(DERIVED[(kind, key)])
            continue
        for name in VIEW_COLUMNS.get(key, (key,)):
            chosen.append(by_key.get(name) or by_attr.get(name))
    return [f for f in dict.fromkeys(chosen) if f is not None]


def table_cells(db: Database, kind: str, records: Sequence[Record], columns: Sequence[Field]) -> list[list[object]]:
    kinds = {f.ref for f in columns if f.ref}
    names = reference_names(db, kinds, without_restricted=True) if kinds else {}
    return [[export_value(r, f, names) for f in columns] for r in records]


def export_table(
    db: Database,
    kind: str,
    records: Sequence[Record],
    out: Path,
    *,
    columns: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> int:
    """Write ``records`` of ``kind`` to ``out`` (.xlsx or .csv by its suffix); returns the row count.
    Contacts whose processing is restricted (Art. 18) are left out (``services.restriction``)."""
    records = for_export(kind, records, restricted_contact_ids(db))
    fields = export_columns(kind, columns)
    cells = table_cells(db, kind, records, fields)
    currencies = [getattr(r, "budget_currency", "EUR") for r in records]
    if out.suffix.lower() == ".xlsx":
        _check_cell_lengths(records, fields, cells)
    write_cells(out, fields, cells, currencies, progress)
    return len(records)


def write_cells(
    out: Path, fields: Sequence[Field], cells: list[list[object]], currencies: list[str], progress: Progress | None = None,
) -> None:
    """Write a table (a header per field, a row per list of cells) to ``out``, .xlsx or .csv by its
    suffix, through a temporary file: the file is whole or not there. Text never becomes a formula."""
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        writer = _write_xlsx
    elif suffix == ".csv":
        writer = _write_csv
    else:
        raise UserError(_("Please name a file ending in .xlsx or .csv (not “{name}”).").format(name=out.name))
    temporary = out.with_name(f".{out.name}.partial")
    try:
        writer(temporary, [f.title for f in fields], fields, cells, currencies, progress)
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("{name} could not be written: {reason}").format(name=out, reason=exc.strerror)) from exc


# .xlsx -------------------------------------------------------------------------------------


def _check_cell_lengths(records: Sequence[Record], fields: Sequence[Field], cells: list[list[object]]) -> None:
    for record, values in zip(records, cells, strict=True):
        for f, value in zip(fields, values, strict=True):
            # Measured as stored: a control character takes seven (_x000B_). openpyxl would cut silently.
            if isinstance(value, str) and len(value) > MAX_CELL // 7 and len(stored := ooxml_escape(value)) > MAX_CELL:
                raise UserError(
                    ngettext(
                        "{record}: the field “{field}” holds {length} character, more than an Excel cell can hold "
                        "({limit}; a control character counts as 7). Nothing was written; export as CSV, which "
                        "keeps the whole text.",
                        "{record}: the field “{field}” holds {length} characters, more than an Excel cell can hold "
                        "({limit}; a control character counts as 7). Nothing was written; export as CSV, which "
                        "keeps the whole text.",
                        len(stored),
                    ).format(
                        record=record_label(record), field=f.title, length=f"{len(stored):,}".replace(",", "."),
                        limit=f"{MAX_CELL:,}".replace(",", "."),
                    )
                )


def _write_xlsx(
    path: Path,
    headers: list[str],
    fields: Sequence[Field],
    cells: list[list[object]],
    currencies: list[str],
    progress: Progress | None,
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Export")[:31]
    bold = Font(bold=True)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.value = header
        cell.data_type = "s"
        cell.font = bold
    widths = [len(h) for h in headers]
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, values in enumerate(cells):
        row = index + 2
        for column, (f, value) in enumerate(zip(fields, values, strict=True), start=1):
            cell = sheet.cell(row=row, column=column)
            if value is None or value == "":
                continue
            if isinstance(value, date | datetime):
                cell.value = value
                cell.number_format = "DD.MM.YYYY"
                width = 10
            elif isinstance(value, Decimal):
                cell.value = value
                cell.number_format = f'#,##0.00 "{currencies[index]}"' if f.type == "amount" else "0.########"
                width = len(german_number(value)) + 4
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = value
                cell.number_format = "0" if isinstance(value, int) else "0.0#####"
                width = len(str(value))
            else:
                text = str(value)
                cell.value = ooxml_escape(text)  # control characters as _x000B_, never dropped
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if "\n" in text:
                    cell.alignment = wrap
                width = max(len(line) for line in text.splitlines() or [""])
            widths[column - 1] = max(widths[column - 1], width)
        if progress is not None and index % 500 == 0:
            progress(index, len(cells))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(cells) + 1, 1)}"
    workbook.save(path)
    if progress is not None:
        progress(len(cells), len(cells))


# CSV ---------------------------------------------------------------------------------------


def csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return german_date(value.date())
    if isinstance(value, date):
        return german_date(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if needs_formula_guard(text):
        return "'" + text
    return text


def _write_csv(
    path: Path,
    headers: list[str],
    fields: Sequence[Field],
    cells: list[list[object]],
    currencies: list[str],
    progress: Progress | None,
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_text(h) for h in headers])
    for index, values in enumerate(cells):
        writer.writerow([csv_text(v) for v in values])
        if progress is not None and index % 1000 == 0:
            progress(index, len(cells))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(buffer.getvalue())
        fh.flush()
        os.fsync(fh.fileno())
    if progress is not None:
        progress(len(cells), len(cells))


def register_records(db: Database, kind: str, search: str | None = None) -> list[Record]:
    """The records of a register in the window's default order; with ``search`` only those the
    window's search would show (same query layer: text, labels, partner names)."""
    from partnerdesk.services import service_for
    from partnerdesk.services.registers import RegisterService

    registers = RegisterService(db, kind)
    query = registers.default_query()
    query.search = (search or "").strip()
    ids = registers.ids(query)
    service = service_for(db, kind)
    records: list[Record] = []
    for start in range(0, len(ids), 500):
        records += service.get_many(ids[start : start + 500])
    return records
