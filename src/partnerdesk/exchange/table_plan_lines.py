"""A grant's funding plan as one table cell: "Personalausgaben: 60.000,00; Reisekosten: 25.000,00".

Lines keep their ids by name (so the expenses booked on a line stay on it when a table is read
back); a name without an amount ends with a colon if it holds one itself, like funding sources.
"""

from __future__ import annotations

from partnerdesk.domain.grant_records import PlanLine
from partnerdesk.domain.text import fold
from partnerdesk.exchange import table_values as tv


def plan_lines_text(lines: list[PlanLine], number: object) -> str:
    """``number``: how amounts are written (``table_cells.german_number``)."""
    parts = []
    for line in lines:
        if line.planned is not None:
            parts.append(f"{line.name}: {number(line.planned)}")  # type: ignore[operator]
        else:
            parts.append(line.name + ":" if ":" in line.name else line.name)
    return tv.join_list(parts)  # a ";" inside a name is escaped, as in every list cell


def parse_plan_lines(text: str, current: list[PlanLine]) -> list[PlanLine]:
    by_name = {fold(line.name): line for line in current}
    result = []
    for part in tv.split_list(text):
        name, sep, rest = part.rpartition(":")
        planned = None
        if not sep or not rest.strip():
            name = part[:-1] if part.endswith(":") else part
        else:
            planned = tv.parse_amount(rest.replace("€", "").replace("EUR", "").strip(), decimal_comma=True)
        known = by_name.get(fold(name.strip()))
        result.append(PlanLine(id=known.id if known else PlanLine().id, name=name.strip(), planned=planned))
    return result
