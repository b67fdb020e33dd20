"""A partnership's action programme as one .xlsx sheet for the partners, and back.

One row per item, in the programme's order. The hierarchy columns (field of action, goal,
measure, indicator, each in German and the partner's language) hold the item's own title in its
level's column and the titles above it in theirs, so the sheet reads like the printed programme
and filters by field of action. The id column ties a row to its item; a row without id is a new
item, placed under the nearest row above it whose title stands in its parent's column.

Written as the table export writes (text always text, never a formula; control characters in
OOXML's escapes); read through ``table_read`` (size limits, formulas found and refused, .xls
refused). An import is all or nothing: the first wrong cell is named by row and column in
German and nothing is written; otherwise the programme is saved with its partnership in one
transaction (history, travel copies, search as any save).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from partnerdesk.domain import programme, translations
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.identifiers import is_uuid
from partnerdesk.domain.programme import ItemKind, MeasuredValue, MeasureStatus, ProgrammeItem
from partnerdesk.domain.programme_edit import EntryError, parse_day, parse_number, parse_year, with_translation
from partnerdesk.exchange.table_encoding import ooxml_escape
from partnerdesk.exchange.table_read import Formula, read_table
from partnerdesk.i18n import N_, _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services import programme as service

LEVELS = (ItemKind.FIELD, ItemKind.GOAL, ItemKind.MEASURE, ItemKind.INDICATOR)
#: (key, English header; "{language}" columns carry the partner's language).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", N_("Id")), ("kind", N_("Level")),
    ("field", N_("Field of action")), ("field@", N_("Field of action ({language})")),
    ("goal", N_("Goal")), ("goal@", N_("Goal ({language})")),
    ("measure", N_("Measure")), ("measure@", N_("Measure ({language})")),
    ("indicator", N_("Indicator")), ("indicator@", N_("Indicator ({language})")),
    ("description", N_("Description")), ("description@", N_("Description ({language})")),
    ("unit", N_("Unit")), ("baseline_value", N_("Baseline value")), ("baseline_year", N_("Baseline year")),
    ("target_value", N_("Target value")), ("target_year", N_("Target year")),
    ("measured", N_("Measured values (year | date | value | source)")),
    ("responsible_city", N_("Responsible in our city")), ("responsible_partner", N_("Responsible in the partner city")),
    ("period_from", N_("Period from (year)")), ("period_until", N_("Period until (year)")),
    ("status", N_("Status")), ("projects", N_("Linked projects")), ("grants", N_("Funded by grants")),
)
NUMBERS = {"baseline_value", "target_value"}
YEARS = {"baseline_year", "target_year", "period_from", "period_until"}


class ProgrammeTableError(UserError):
    """A programme sheet that cannot be imported; the message names the file, row and column."""


def headers(language: str, translate: Callable[[str], str] = _) -> list[str]:
    return [translate(label).format(language=language) for _key, label in COLUMNS]


def _measured_text(values: list[MeasuredValue]) -> str:
    def num(value: Decimal | None) -> str:
        plain = programme.plain(value)
        return "" if plain is None else f"{plain:f}".replace(".", ",")

    return "\n".join(" | ".join((str(v.year or ""), v.on.strftime("%d.%m.%Y") if v.on else "", num(v.value), v.source))
                     for v in values)


def rows_of(view: service.ProgrammeView) -> list[dict[str, Any]]:
    """The sheet's rows as values by column key."""
    items, language = view.items, view.language
    rows = []
    for _depth, item in programme.walk(items):
        row: dict[str, Any] = {"id": item.id, "kind": ItemKind(item.kind).label}
        for kind, above in {**programme.ancestors(items, item), item.kind: item}.items():
            row[str(kind)] = above.title
            row[f"{kind}@"] = translations.parse(above.title_translations).get(language, "") if _parses(above) else ""
        row["description"] = item.description
        row["description@"] = translations.in_language("", item.description_translations, language)
        if item.kind == ItemKind.INDICATOR:
            row.update(unit=item.unit, baseline_value=programme.plain(item.baseline_value), baseline_year=item.baseline_year,
                       target_value=programme.plain(item.target_value), target_year=item.target_year,
                       measured=_measured_text(item.measured))
        if item.kind == ItemKind.MEASURE:
            row.update(responsible_city=item.responsible_city, responsible_partner=item.responsible_partner,
                       period_from=item.period_from, period_until=item.period_until,
                       status=item.status.label if item.status else "",
                       # a project deleted since is left out (its id would name nothing on import)
                       projects="\n".join(view.projects[pid] for pid in item.project_ids if pid in view.projects),
                       grants="\n".join(view.grants[gid] for gid in item.grant_ids if gid in view.grants))
        rows.append(row)
    return rows


def _parses(item: ProgrammeItem) -> bool:
    try:
        translations.parse(item.title_translations)
    except ValueError:
        return False
    return True


def export_programme(db: Database, partnership: str, out: Path) -> int:
    """Write the programme of ``partnership`` (id or title) to ``out``; the number of rows."""
    return write_sheet(service.load(db, partnership), out)


def write_sheet(view: service.ProgrammeView, out: Path) -> int:
    """Write ``view``'s programme (as the command or the window holds it) to ``out``; the number of rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    rows = rows_of(view)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Action programme")[:31]
    titles = headers(view.language)
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.data_type, cell.font = "s", Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=2):
        for column, (key, _label) in enumerate(COLUMNS, start=1):
            value = row.get(key)
            if value is None or value == "":
                continue
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, Decimal | int):
                cell.value = value
                cell.number_format = "0" if key in YEARS else "0.####"
            else:
                cell.value = ooxml_escape(str(value))
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = wrap
    for column, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(len(title) + 2, 12), 40)
    sheet.freeze_panes = "C2"
    try:
        workbook.save(out)
    except OSError as exc:
        raise ProgrammeTableError(_("The file {name} cannot be written: {reason}").format(
            name=out, reason=exc.strerror or exc)) from exc
    return len(rows)


# Import ------------------------------------------------------------------------------------


@dataclass
class ProgrammeImport:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    written: bool = False

    def lines(self) -> list[str]:
        """One line per item added, changed or removed ("hinzugefügt: Indikator „…“")."""
        return ([_("added: {item}").format(item=label) for label in self.created]
                + [_("changed: {item}").format(item=label) for label in self.changed]
                + [_("removed: {item}").format(item=label) for label in self.removed])

    def summary(self) -> str:
        return _("{created}, {changed}, {removed}, {unchanged}.").format(
            created=ngettext("{count} item added", "{count} items added", len(self.created)).format(count=len(self.created)),
            changed=ngettext("{count} item changed", "{count} items changed", len(self.changed)).format(count=len(self.changed)),
            removed=ngettext("{count} item removed", "{count} items removed", len(self.removed)).format(count=len(self.removed)),
            unchanged=ngettext("{count} unchanged", "{count} unchanged", self.unchanged).format(count=self.unchanged))


class _Row:
    """One sheet row's cells by key, with German messages naming row and column."""

    def __init__(self, path: Path, number: int, cells: dict[str, object], header_of: dict[str, str]) -> None:
        self.path, self.line, self.cells, self.header_of = path, number, cells, header_of

    def problem(self, key: str, message: str) -> ProgrammeTableError:
        return ProgrammeTableError(_("{file}, row {row}, column “{column}”: {problem}").format(
            file=self.path.name, row=self.line, column=self.header_of.get(key, key), problem=message))

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        if isinstance(value, Formula):
            raise self.problem(key, _("a formula ({formula}) cannot be imported; type the value").format(formula=value.text))
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def number(self, key: str) -> Decimal | None:
        value = self.cells.get(key)
        if isinstance(value, bool):
            raise self.problem(key, _("“{value}” is not a number").format(value=value))
        if isinstance(value, int | float):
            return programme.plain(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
        try:
            return parse_number(self.text(key))
        except EntryError as exc:
            raise self.problem(key, str(exc)) from None

    def year(self, key: str) -> int | None:
        try:
            return parse_year(self.text(key))
        except EntryError as exc:
            raise self.problem(key, str(exc)) from None


def _measured(row: _Row, current: list[MeasuredValue]) -> list[MeasuredValue]:
    values = []
    for line_number, line in enumerate(row.text("measured").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            raise row.problem("measured", _("line {line}: write year | date | value | source").format(line=line_number))
        year_text, day_text, value_text, source = parts[0], parts[1], parts[2], " | ".join(parts[3:])
        try:
            year, day, value = parse_year(year_text), parse_day(day_text), parse_number(value_text)
        except EntryError as exc:
            raise row.problem("measured", _("line {line}: {problem}").format(line=line_number, problem=exc)) from None
        same = next((v for v in current if (v.year, v.on) == (year, day)), None)
        values.append(MeasuredValue(id=same.id if same else MeasuredValue().id, year=year, on=day, value=value, source=source))
    return values


def _status(row: _Row) -> MeasureStatus | None:
    text = row.text("status")
    if not text:
        return None
    for status in MeasureStatus:
        if text.casefold() in (status.value, status.label.casefold(), _(status._labels()[status.value]).casefold()):
            return status
    raise row.problem("status", _("unknown status “{value}”; known: {known}").format(
        value=text, known=", ".join(s.label for s in MeasureStatus)))


def _kind(row: _Row) -> ItemKind:
    text = row.text("kind")
    for kind in ItemKind:
        if text and text.casefold() in (kind.value, kind.label.casefold()):
            return kind
    filled = [kind for kind in LEVELS if row.text(str(kind))]
    if text or not filled:
        raise row.problem("kind", _("the level is unknown: write one of {known}, or fill a title column").format(
            known=", ".join(k.label for k in LEVELS)))
    return filled[-1]


def _linked(row: _Row, key: str, titles: dict[str, str], unknown: str) -> list[str]:
    """The ids of the records named in the cell, one title per line."""
    by_title = {title: ident for ident, title in titles.items()}
    found = []
    for title in (t.strip() for t in row.text(key).splitlines()):
        if title and title not in by_title:
            raise row.problem(key, unknown.format(title=title))
        if title:
            found.append(by_title[title])
    return found


def _item(row: _Row, view: service.ProgrammeView, current: ProgrammeItem | None, kind: ItemKind,
          parent_id: str | None) -> ProgrammeItem:
    base = current or ProgrammeItem(kind=kind, parent_id=parent_id)
    language = view.language
    try:
        title_translations = with_translation(base.title_translations, language, row.text(f"{kind}@"))
        description_translations = with_translation(base.description_translations, language, row.text("description@"))
    except ValueError as exc:
        raise row.problem(f"{kind}@", str(exc)) from None
    changes: dict[str, Any] = {"title": row.text(str(kind)), "title_translations": title_translations,
                               "description": row.text("description"), "description_translations": description_translations}
    if kind == ItemKind.INDICATOR:
        changes.update(unit=row.text("unit"), baseline_value=row.number("baseline_value"), baseline_year=row.year("baseline_year"),
                       target_value=row.number("target_value"), target_year=row.year("target_year"),
                       measured=_measured(row, base.measured))
    if kind == ItemKind.MEASURE:
        projects = _linked(row, "projects", view.projects, _("no project is called “{title}”"))
        grants = _linked(row, "grants", view.grants, _("no grant is called “{title}”"))
        changes.update(responsible_city=row.text("responsible_city"), responsible_partner=row.text("responsible_partner"),
                       period_from=row.year("period_from"), period_until=row.year("period_until"),
                       status=_status(row) or base.status or MeasureStatus.PLANNED, project_ids=projects,
                       grant_ids=grants)
    return dataclasses.replace(base, **changes)


def _columns(path: Path, found: list[object], language: str) -> dict[int, str]:
    """The column number of each key, matched on the header in German or English."""
    wanted: dict[str, str] = {}
    for (key, _label), german, english in zip(COLUMNS, headers(language), headers(language, lambda t: t), strict=True):
        wanted[german.casefold()] = key
        wanted[english.casefold()] = key
    positions: dict[int, str] = {}
    for number, header in enumerate(found):
        matched = wanted.get(str(header or "").strip().casefold())
        if matched is not None:
            positions[number] = matched
    missing = [h for (key, _l), h in zip(COLUMNS, headers(language), strict=True) if key not in positions.values()]
    if missing:
        raise ProgrammeTableError(_("{file}: the sheet lacks the columns {columns} (export the programme for the right headers)").format(
            file=path.name, columns=", ".join(f"„{m}“" for m in missing)))
    return positions


def read_programme(path: Path, view: service.ProgrammeView, *, remove_missing: bool = False) -> tuple[list[ProgrammeItem], ProgrammeImport]:
    """The programme as the sheet at ``path`` has it (applied to ``view``'s), and what changes."""
    table = read_table(path)
    positions = _columns(path, list(table.headers), view.language)
    header_of = {key: str(table.headers[number]) for number, key in positions.items()}
    current = {item.id: item for item in view.items}
    result: list[ProgrammeItem] = []
    report = ProgrammeImport()
    latest: dict[ItemKind, tuple[str, str]] = {}  # kind -> (title, id) of the nearest row above
    seen: set[str] = set()
    id_column = next(i for i, key in positions.items() if key == "id")
    ids_in_file = {str(values[id_column]).strip() for _n, values in table.rows
                   if id_column < len(values) and values[id_column] is not None}
    for number, values in table.rows:
        row = _Row(path, number, {key: values[i] if i < len(values) else None for i, key in positions.items()}, header_of)
        ident = row.text("id")
        kind = _kind(row)
        if ident:
            if not is_uuid(ident) or ident not in current:
                raise row.problem("id", _("“{value}” is the id of no item of this programme; leave it empty for a new item").format(
                    value=ident))
            if ident in seen:
                raise row.problem("id", _("the id {id} stands in two rows").format(id=ident))
            if current[ident].kind != kind:
                raise row.problem("kind", _("the item is a “{kind}”; its level cannot be changed in the sheet").format(
                    kind=ItemKind(current[ident].kind).label))
            item = _item(row, view, current[ident], kind, current[ident].parent_id)
            if item != current[ident]:
                report.changed.append(programme.label(item))
        else:
            parent_id = None
            for parent_kind in reversed(programme.PARENTS[kind]):
                if parent_kind is None:
                    break
                title = row.text(str(parent_kind))
                if title and parent_kind in latest and latest[parent_kind][0] == title:
                    parent_id = latest[parent_kind][1]
                    break
            else:
                raise row.problem(str(kind), _("a new {kind} needs the title of the item above it in its column, as in a row above").format(
                    kind=kind.label))
            title = row.text(str(kind)).casefold()
            same = next((i for i in view.items if i.id not in ids_in_file and i.id not in seen and i.kind == kind
                         and i.parent_id == parent_id and i.title.casefold() == title), None)
            item = _item(row, view, same, kind, parent_id)  # the same sheet read twice adds nothing twice
            if same is None:
                report.created.append(programme.label(item))
            elif item != same:
                report.changed.append(programme.label(item))
        known = {**current, **{i.id: i for i in result}}
        for name, message in programme.item_problems(item, known.get(item.parent_id or "")):
            raise row.problem(name if name in header_of else str(kind), message)
        seen.add(item.id)
        latest[kind] = (item.title, item.id)
        for deeper in LEVELS[LEVELS.index(kind) + 1:]:
            latest.pop(deeper, None)
        result.append(item)
    report.unchanged = sum(1 for i in result if i.id in current and current[i.id] == i)
    missing = [item for item in view.items if item.id not in seen]
    if remove_missing:
        report.removed = [programme.label(item) for item in missing]
    else:  # kept as they are (a partner's sheet may leave rows out)
        result.extend(missing)
    return programme.ordered(result), report


def import_programme(db: Database, partnership: str, path: Path, *, dry_run: bool = False,
                     remove_missing: bool = False) -> ProgrammeImport:
    """Read ``path`` into the programme of ``partnership``; nothing written on a mistake or ``dry_run``."""
    view = service.load(db, partnership)
    items, report = read_programme(path, view, remove_missing=remove_missing)
    if not dry_run and (report.created or report.changed or report.removed):
        service.save(db, view.partnership, items)
        report.written = True
    return report
