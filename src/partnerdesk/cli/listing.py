"""Columns that ``partnerdesk list`` prints for each register.

Each column has a field name (the header of ``--format csv``, stable for scripts) and a title
in the user's language (the header of the table for reading; the window's column titles).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from partnerdesk.domain import stages
from partnerdesk.domain.records import Record
from partnerdesk.exchange.table_values import FORMULA_START
from partnerdesk.i18n import N_, _


def _opt(value: object) -> str:
    return "" if value is None else str(value)


def _stage(partnership: Any) -> str:
    """"MoU unterzeichnet (12.05.2024)": the latest dated stage, "" without one."""
    stage = stages.current_stage(partnership.stages)
    return f"{stage.kind.label} ({stage.date:%d.%m.%Y})" if stage is not None and stage.date else ""


Column = tuple[str, str, Callable[[Any, dict[str, str]], object]]

COLUMNS: dict[str, list[Column]] = {
    "organisations": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("name", N_("Name"), lambda r, n: r.name),
        ("kind", N_("Type"), lambda r, n: r.kind.label),
        ("country", N_("Country"), lambda r, n: r.country),
        ("city", N_("City"), lambda r, n: r.city),
        ("population", N_("Population"), lambda r, n: _opt(r.population)),
    ],
    "partnerships": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("title", N_("Title"), lambda r, n: r.title),
        ("partner", N_("Partner"), lambda r, n: n.get(r.partner_id, "")),
        ("type", N_("Type"), lambda r, n: r.type.label),
        ("status", N_("Status"), lambda r, n: r.status.label),
        ("start", N_("Start"), lambda r, n: _opt(r.start_date or r.start_year)),
        ("mou", N_("MoU"), lambda r, n: r.mou_status.label),
        ("stage", N_("Current stage"), lambda r, n: _stage(r)),
        ("sdg", N_("SDGs"), lambda r, n: ",".join(str(g) for g in r.sdg_goals)),
    ],
    "projects": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("title", N_("Title"), lambda r, n: r.title),
        ("partnership", N_("Partnership"), lambda r, n: n.get(r.partnership_id or "", "")),
        ("status", N_("Status"), lambda r, n: r.status.label),
        ("start", N_("Start"), lambda r, n: _opt(r.start_date or r.start_year)),
        ("end", N_("End"), lambda r, n: _opt(r.end_date)),
        ("sdg", N_("SDGs"), lambda r, n: ",".join(str(g) for g in r.sdg_goals)),
        ("budget", N_("Budget"), lambda r, n: f"{r.budget_amount} {r.budget_currency}" if r.budget_amount is not None else ""),
    ],
    "contacts": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("name", N_("Name"), lambda r, n: r.name),
        ("organisation", N_("Organisation"), lambda r, n: n.get(r.organisation_id or "", "")),
        ("function", N_("Function"), lambda r, n: r.function),
        ("email", N_("E-mail"), lambda r, n: r.email),
        ("phone", N_("Phone"), lambda r, n: r.phone_line),
    ],
    "activities": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("date", N_("Date"), lambda r, n: _opt(r.date)),
        ("kind", N_("Type"), lambda r, n: r.kind.label),
        ("title", N_("Title"), lambda r, n: r.title),
        ("place", N_("Place"), lambda r, n: r.place),
        ("partnership", N_("Partnership"), lambda r, n: n.get(r.partnership_id or "", "")),
        ("open_follow_ups", N_("Open follow-ups"), lambda r, n: sum(1 for f in r.follow_ups if not f.done)),
    ],
    "decisions": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("date", N_("Date"), lambda r, n: _opt(r.date)),
        ("number", N_("Drucksache"), lambda r, n: r.number),
        ("title", N_("Title"), lambda r, n: r.title),
        ("body", N_("Body"), lambda r, n: r.committee or r.body.label),
        ("result", N_("Result"), lambda r, n: r.result.label),
        ("partnerships", N_("Partnerships"), lambda r, n: ", ".join(n.get(i, "") for i in r.partnership_ids)),
    ],
    "programmes": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("name", N_("Name"), lambda r, n: r.name),
        ("funder", N_("Funder"), lambda r, n: r.funder),
    ],
    "grants": [
        ("id", N_("ID"), lambda r, n: r.id),
        ("period_from", N_("Approved from"), lambda r, n: _opt(r.period_from)),
        ("period_until", N_("Approved until"), lambda r, n: _opt(r.period_until)),
        ("title", N_("Title"), lambda r, n: r.title),
        ("file_reference", N_("File reference"), lambda r, n: r.file_reference),
        ("status", N_("Status"), lambda r, n: r.status.label),
        ("approved_amount", N_("Approved amount"), lambda r, n: "" if r.approved_amount is None
         else f"{r.approved_amount} {r.currency}"),
        ("programme", N_("Funding programme"), lambda r, n: n.get(r.programme_id or "", "")),
    ],
}


def rows(kind: str, records: list[Record], names: dict[str, str], *, titles: bool = False) -> tuple[list[str], list[list[str]]]:
    """The header (field names, or with ``titles`` the translated column titles) and the cells."""
    columns = COLUMNS[kind]
    header = [_(title) if titles else key for key, title, _fn in columns]
    return header, [[str(fn(r, names)) for _key, _title, fn in columns] for r in records]



def csv_line(cells: list[str]) -> str:
    """A row of ``list --format csv``. Text a spreadsheet would take for a formula gets the
    CSV export's leading apostrophe; a field with a comma, a quote or a line break, a lone CR
    included (Python's csv module quotes only the characters of its line terminator), is quoted."""
    fields = []
    for cell in cells:
        if cell.startswith(FORMULA_START):
            cell = "'" + cell
        if any(ch in cell for ch in ',"\r\n'):
            cell = '"' + cell.replace('"', '""') + '"'
        fields.append(cell)
    return ",".join(fields)
