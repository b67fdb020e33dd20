"""Reading .xlsx and CSV files into plain rows of cell values, safely.

- .xlsx is read with openpyxl in read-only mode *without* cached formula results, so a
  formula is seen as a formula (``Cell.data_type == "f"``) and is never evaluated or
  trusted: the import reports it. Text cells that merely start with ``=`` are text.
  Text cells are read with OOXML's escapes (``_x000B_`` is the character U+000B), which is
  how Excel, LibreOffice and PartnerDesk's export store characters XML cannot hold.
- CSV: the encoding is decided per file on evidence (``table_encoding``): a byte order mark,
  else UTF-8 if every byte is valid UTF-8, else Windows-1252 if no byte sequence is UTF-8;
  a file that is neither cleanly is refused naming the line and byte. Separator semicolon,
  comma, tab or pipe, found by ``csv.Sniffer`` and then checked (the separator must give the
  same number of columns on most lines). Control characters in cells are text.
- Limits (``MAX_BYTES``, ``MAX_ROWS``, ``MAX_COLUMNS``) keep a huge or hostile file from
  eating the computer; the message names the limit.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partnerdesk.exchange.table_encoding import TableFileError, decode, ooxml_unescape

__all__ = ["Formula", "Table", "TableFileError", "read_table", "sheet_names"]
from partnerdesk.i18n import _

MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's own limit for the text of a cell
#: A CSV cell may be longer than Excel's (PartnerDesk's own CSV holds whole notes), up to this.
MAX_CSV_CELL = 1_000_000

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Formula:
    """A formula found in an .xlsx cell (kept as its text, never evaluated)."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Table:
    headers: list[str]
    #: (spreadsheet row number, cell values) for every non-empty row below the header.
    rows: list[tuple[int, list[object]]]
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    #: For CSV: numbers use a decimal comma (semicolon files, German Excel).
    decimal_comma: bool = True
    encoding: str = ""
    delimiter: str = ""
    #: CSV: text cells may carry the apostrophe PartnerDesk's export puts before formula-like text.
    formula_guard: bool = False


def read_table(path: Path, sheet: str | None = None, *, encoding: str | None = None) -> Table:
    """Read the first (or the named) sheet of ``path``; raise ``TableFileError`` in German.

    ``encoding`` (CSV only) overrides the decision on evidence: "utf-8", "cp1252" or "utf-16".
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise TableFileError(_("The file {name} does not exist.").format(name=path)) from None
    except OSError as exc:
        raise TableFileError(_("The file {name} cannot be read: {reason}").format(name=path, reason=exc.strerror)) from exc
    if size > MAX_BYTES:
        raise TableFileError(
            _("{name} is too large ({size} MB; at most {limit} MB can be imported). Split the table.").format(
                name=path.name, size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024)
            )
        )
    if size == 0:
        raise TableFileError(_("{name} is empty.").format(name=path.name))
    if head.startswith(_OLE2):
        raise TableFileError(
            _("{name} is in the old Excel format (.xls). Save it in Excel as .xlsx or CSV and import that.").format(
                name=path.name
            )
        )
    if head.startswith(_ZIP):
        return _read_xlsx(path, sheet)
    return _read_csv(path, encoding)


def sheet_names(path: Path) -> list[str]:
    """Names of the sheets of an .xlsx file; ``[]`` for CSV."""
    with path.open("rb") as fh:
        if not fh.read(4).startswith(_ZIP):
            return []
    names: list[str] = _open_workbook(path).sheetnames
    return names


# .xlsx -------------------------------------------------------------------------------------


def _not_a_spreadsheet(path: Path) -> TableFileError:
    return TableFileError(
        _("{name} is not an Excel workbook (.xlsx) or is damaged. Open it in Excel and save it again as .xlsx or CSV.").format(
            name=path.name
        )
    )


def _open_workbook(path: Path) -> Any:  # an openpyxl Workbook (openpyxl has no types)
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            # Declared sizes: a "zip bomb" is refused before anything is unpacked.
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_a_spreadsheet(path) from None
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet(path)
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableFileError(_("{name} is too large to import (more than {limit} MB unpacked).").format(
            name=path.name, limit=MAX_UNPACKED_BYTES // (1024 * 1024)
        ))
    try:
        # data_only=False: formulas stay formulas (we report them), cached results are ignored.
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for broken parts
        raise _not_a_spreadsheet(path) from exc


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    workbook = _open_workbook(path)
    try:
        names = workbook.sheetnames
        if sheet is not None and sheet not in names:
            raise TableFileError(
                _("{name} has no sheet “{sheet}”; it has: {sheets}").format(name=path.name, sheet=sheet, sheets=", ".join(names))
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        raw: list[tuple[int, list[object]]] = []
        try:
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                values: list[object] = []
                for cell in cells:
                    value = cell.value
                    if getattr(cell, "data_type", None) == "f" and isinstance(value, str):
                        value = Formula(value)
                    elif isinstance(value, str) and "_x" in value:
                        value = ooxml_unescape(value)
                    values.append(value)
                _check_row(path, number, values)
                if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
                    raw.append((number, values))
                if len(raw) > MAX_ROWS + 1:
                    raise _too_many_rows(path)
        except TableFileError:
            raise
        except Exception as exc:
            raise _not_a_spreadsheet(path) from exc
        return _table(raw, sheet=worksheet.title, sheets=names, decimal_comma=True)
    finally:
        workbook.close()


# CSV ---------------------------------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """Semicolon, comma, tab or pipe: Sniffer's guess if the columns line up, else the best that does."""
    # Only CR and LF end a line of a CSV file (str.splitlines would also split at U+000B, U+001E, U+2028, …).
    # A very long cell is cut for the guess (the reader checks the real lengths).
    sample_lines = [line.rstrip("\r")[:20_000] for line in text.split("\n", 50)[:50] if line.strip()]
    sample = "\n".join(sample_lines)
    candidates = [";", ",", "\t", "|"]

    def score(delimiter: str) -> tuple[float, int]:
        try:
            counts = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        except csv.Error:
            return 0.0, 0
        if not counts:
            return 0.0, 0
        common, hits = Counter(counts).most_common(1)[0]
        return (hits / len(counts) if common > 1 else 0.0), common

    try:
        guess = csv.Sniffer().sniff(sample, delimiters="".join(candidates)).delimiter
    except csv.Error:
        guess = None
    if guess is not None and score(guess)[0] >= 0.8:
        return guess
    best = max(candidates, key=lambda d: (score(d), d == ";"))
    return best if score(best)[0] > 0 else ";"


def _read_csv(path: Path, encoding: str | None = None) -> Table:
    data = path.read_bytes()
    # A NUL here and there in valid UTF-8 is text (PartnerDesk's own CSV keeps it); many of them,
    # or any in bytes that are not UTF-8, are a binary file or UTF-16 without its byte order mark.
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding != "utf-16" and (
        _mostly_nul(data.count(b"\x00"), len(data)) or not _is_utf8(data)
    ):
        raise TableFileError(
            _("{name} is not a table (neither an Excel workbook nor a CSV text file).").format(name=path.name)
        )
    text, encoding = decode(data, path.name, encoding)
    if _mostly_nul(text.count("\x00"), len(text)):  # UTF-16 of a binary file
        raise TableFileError(
            _("{name} is not a table (neither an Excel workbook nor a CSV text file).").format(name=path.name)
        )
    if csv.field_size_limit() < MAX_CSV_CELL + 1:
        csv.field_size_limit(MAX_CSV_CELL + 1)  # the module's default (131,072) would end in a bare csv.Error
    delimiter = sniff_delimiter(text)
    raw: list[tuple[int, list[object]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            number = reader.line_num
            _check_row(path, number, values, MAX_CSV_CELL)
            if any(v.strip() for v in values):
                raw.append((number, list(values)))
            if len(raw) > MAX_ROWS + 1:
                raise _too_many_rows(path)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TableFileError(
                _("{name}, row {row}: a cell holds more than {limit} characters.").format(
                    name=path.name, row=reader.line_num, limit=f"{MAX_CSV_CELL:,}".replace(",", ".")
                )
            ) from None
        raise TableFileError(_("{name} is not a readable CSV file: {reason}").format(name=path.name, reason=exc)) from exc
    # Semicolon files come from German Excel, which writes a decimal comma.
    return _table(raw, decimal_comma=delimiter != ",", encoding=encoding, delimiter=delimiter, formula_guard=True)


# Shared ------------------------------------------------------------------------------------


def _mostly_nul(count: int, length: int) -> bool:
    return count > 8 + length // 100


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True



def _too_many_rows(path: Path) -> TableFileError:
    return TableFileError(
        _("{name} has more than {limit} rows; import it in parts.").format(name=path.name, limit=f"{MAX_ROWS:,}".replace(",", "."))
    )


def _check_row(path: Path, number: int, values: Sequence[object], limit: int = MAX_CELL) -> None:
    if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
        raise TableFileError(
            _("{name}, row {row}: more than {limit} columns; this does not look like a register table.").format(
                name=path.name, row=number, limit=MAX_COLUMNS
            )
        )
    for value in values:
        if isinstance(value, str) and len(value) > limit:
            raise TableFileError(
                _("{name}, row {row}: a cell holds more than {limit} characters.").format(
                    name=path.name, row=number, limit=f"{limit:,}".replace(",", ".")
                )
            )


def _table(raw: list[tuple[int, list[object]]], **kw: object) -> Table:
    if not raw:
        return Table(headers=[], rows=[], **kw)  # type: ignore[arg-type]
    _number, header_cells = raw[0]
    width = max(len(values) for _n, values in raw)
    headers = [("" if v is None else str(v)).strip() for v in header_cells] + [""] * (width - len(header_cells))
    # Drop trailing columns that have neither header nor any value.
    while headers and not headers[-1] and all(len(v) < len(headers) or v[len(headers) - 1] in (None, "") for _n, v in raw):
        headers.pop()
    width = len(headers)
    rows = [(n, v if len(v) == width else (list(v) + [None] * width)[:width]) for n, v in raw[1:]]
    return Table(headers=headers, rows=rows, **kw)  # type: ignore[arg-type]
