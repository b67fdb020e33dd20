r"""One cell <-> one field of a record, in both directions.

Export turns a field into a typed cell value (date, Decimal, text); import parses a cell
back. Lists are written as text that reads back: references by name separated by "; ",
participants as "Name (Rolle)", funding sources as "Name: 12.500,00 EUR", follow-ups one
per line as "✓ 31.12.2026: Text" (✓ when done). An item holding a semicolon or a line break
gets a backslash before it (``table_values.escape_item``). In a follow-up's text a backslash
also marks what would otherwise be misread: a first ✓ or [, the colon after a leading date,
a first or last space (``\✓ is a word`` is the text "✓ is a word", not a done task).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from partnerdesk.domain import countries
from partnerdesk.domain.enums import ParticipantRole
from partnerdesk.domain.records import FollowUp, FundingSource, Participant, Record
from partnerdesk.domain.text import fold
from partnerdesk.exchange import table_facts, table_stages
from partnerdesk.exchange import table_values as tv
from partnerdesk.exchange.attendee_cells import format_attendees, parse_attendees
from partnerdesk.exchange.table_fields import NAME_FIELD, Field
from partnerdesk.exchange.table_plan_lines import parse_plan_lines, plan_lines_text
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.services.records import ROW_TYPES

DONE_MARK = "✓"
_MARKS = (DONE_MARK, "[x]", "[X]")
#: Characters a backslash makes plain text in a follow-up (besides itself and any space).
_FOLLOW_UP_ESCAPES = "\n\r✓[:"


def german_number(amount: Decimal) -> str:
    """12500 -> "12.500,00" (two decimals at least, more when the amount has them)."""
    if amount.as_tuple().exponent > -2:  # type: ignore[operator]
        amount = amount.quantize(Decimal("0.01"))
    return f"{amount:,f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def german_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


# Export ------------------------------------------------------------------------------------


def export_value(record: Record, f: Field, names: dict[str, str]) -> object:
    """The typed value of field ``f`` of ``record`` for a spreadsheet cell (None = empty)."""
    value = getattr(record, f.attribute)
    t = f.type
    if t in ("text", "id"):
        return value or ""
    if t in ("int", "float", "date", "amount"):
        return value
    if t == "bool":
        return _("yes") if value else _("no")
    if t == "currency":
        return value or ""
    if t == "country":
        return countries.country_name(value) if value else ""
    if t == "language":
        return value or ""
    if t == "languages":
        return "; ".join(value)  # ISO codes
    if t == "enum":
        return value.label
    if t == "legal_basis":
        return value.label if value is not None else ""
    if t == "goals":
        return ", ".join(str(g) for g in value)
    if t == "targets":
        return ", ".join(value)
    if t == "list":
        return tv.join_list(value)
    if t == "ref":
        return names.get(value, value) if value else ""
    if t == "ref_country":
        code = names.get(f"country:{value}", "") if value else ""
        return countries.country_name(code) if code else ""
    if t == "refs":
        return tv.join_list([names.get(i, i) for i in value])
    if t == "participants":
        return tv.join_list([f"{names.get(p.organisation_id, p.organisation_id)} ({p.role.label})" for p in value])
    if t == "funding":
        return tv.join_list([_funding_item(s) for s in value])
    if t == "stages":
        return table_stages.stages_cell(value)
    if t == "fact":
        return table_facts.export_cell(record, f.key)
    if t == "key_facts":
        return table_facts.facts_cell(value)
    if t == "attendees":
        return format_attendees(value)
    if t == "plan_lines":
        return plan_lines_text(value, german_number)
    if t == "follow_ups":
        lines = []
        for item in value:
            due = f"{german_date(item.due_date)}: " if item.due_date else ""
            lines.append(f"{DONE_MARK + ' ' if item.done else ''}{due}{_follow_up_text(item.text)}")
        return "\n".join(lines)
    raise ValueError(t)


def _funding_item(source: FundingSource) -> str:
    if source.amount is not None:
        return f"{source.name}: {german_number(source.amount)} {source.currency}"
    # "Stiftung: Teil 2" without an amount would read as the amount "Teil 2": a final colon ends the name.
    return source.name + ":" if ":" in source.name else source.name


def _follow_up_escapable(ch: str) -> bool:
    return ch == "\\" or ch in _FOLLOW_UP_ESCAPES or ch.isspace()


def _follow_up_text(text: str) -> str:
    """The text of a follow-up as its line writes it: line breaks, and what would be misread
    (a first ✓ or [, the colon after a leading date, the first and last space) get a backslash."""
    due = _DUE.match(text)
    colon = text.index(":", due.end(1)) if due else -1
    last = len(text) - 1
    out = []
    for i, ch in enumerate(text):
        if ch == "\\":
            following = text[i + 1] if i < last else ""
            out.append("\\\\" if following == "" or _follow_up_escapable(following) else "\\")
        elif ch in "\n\r" or i == colon or (i == 0 and (ch.isspace() or ch in "✓[")) or (i == last and ch.isspace()):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _unescape_follow_up(raw: str) -> str:
    out = []
    i = 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw) and _follow_up_escapable(raw[i + 1]):
            out.append(raw[i + 1])
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def _strip_escaped(raw: str) -> str:
    """``raw.strip()``, except a final space written with a backslash before it stays."""
    text = raw.strip()
    if len(text) < len(raw.lstrip()) and _odd_backslashes_at_end(text):
        text += raw.lstrip()[len(text)]
    return text


def reference_names(db: Database, kinds: set[str], *, without_restricted: bool = False) -> dict[str, str]:
    """id -> display name of every record of ``kinds`` (for writing references).
    ``without_restricted``: not the names of contacts whose processing is restricted (an export
    then writes their id, which names nobody and which a re-import links again)."""
    names: dict[str, str] = {}
    with db.read() as session:
        for kind in kinds:
            row_type = ROW_TYPES[kind]
            column = getattr(row_type, NAME_FIELD[kind])
            query = select(row_type.id, column)
            if without_restricted and kind == "contacts":
                query = query.where(row_type.processing_restricted.is_(False))
            names.update(dict(session.execute(query).all()))
            if kind == "organisations":
                countries_of = session.execute(select(row_type.id, row_type.country)).all()
                names.update({f"country:{i}": c for i, c in countries_of if c})
    return names


# Import ------------------------------------------------------------------------------------


class References:
    """Finds referenced records by id or by name (case- and accent-insensitive)."""

    def __init__(self, db: Database, kinds: set[str]) -> None:
        self.ids: dict[str, set[str]] = {}
        self.by_name: dict[str, dict[str, list[str]]] = {}
        self.by_exact: dict[str, dict[str, list[str]]] = {}
        with db.read() as session:
            for kind in kinds:
                row_type = ROW_TYPES[kind]
                column = getattr(row_type, NAME_FIELD[kind])
                pairs = session.execute(select(row_type.id, column)).all()
                self.ids[kind] = {i for i, _n in pairs}
                index: dict[str, list[str]] = defaultdict(list)
                exact: dict[str, list[str]] = defaultdict(list)
                for i, n in pairs:
                    index[fold(n.strip())].append(i)
                    exact[n.strip()].append(i)
                self.by_name[kind] = index
                self.by_exact[kind] = exact

    def resolve(self, kind: str, text: str) -> str:
        text = text.strip()
        if text in self.ids[kind]:
            return text
        # The exact name first: "Munster" means Munster even when "Münster" exists too.
        found = self.by_exact[kind].get(text, []) or self.by_name[kind].get(fold(text), [])
        if len(found) == 1:
            return found[0]
        label = _KIND_LABEL[kind]()
        if not found:
            raise tv.CellProblem(_("unknown {kind} “{name}”").format(kind=label, name=text))
        raise tv.CellProblem(_("several {kind} are named “{name}”; write the ID instead").format(kind=_KIND_PLURAL[kind](), name=text))


_KIND_LABEL: dict[str, Callable[[], str]] = {
    "organisations": lambda: _("organisation"),
    "partnerships": lambda: _("partnership"),
    "projects": lambda: _("project"),
    "contacts": lambda: _("contact"),
    "activities": lambda: _("activity"),
    "decisions": lambda: _("council decision"),
    "programmes": lambda: _("funding programme"),
    "grants": lambda: _("grant"),
}
_KIND_PLURAL: dict[str, Callable[[], str]] = {
    "organisations": lambda: _("organisations"),
    "partnerships": lambda: _("partnerships"),
    "projects": lambda: _("projects"),
    "contacts": lambda: _("contacts"),
    "activities": lambda: _("activities"),
    "decisions": lambda: _("council decisions"),
    "programmes": lambda: _("funding programmes"),
    "grants": lambda: _("grants"),
}

_ROLE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$", re.S)
_DUE = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\s*:\s*(.*)$", re.S)


def parse_value(
    f: Field, value: object, refs: References, *, decimal_comma: bool, current: Any = None, formula_guard: bool = True
) -> Any:
    """The field value for cell ``value`` (not empty); raises ``CellProblem``.

    ``formula_guard``: the cell may carry the apostrophe of PartnerDesk's CSV export (CSV only).
    Free text is taken as it is (the services trim names and titles when they are stored)."""
    t = f.type
    if value.__class__ is str:
        if formula_guard:
            value = tv.unescape_formula_guard(value)
        if t == "text":
            return value
    if t in ("text", "id"):
        return tv.text_of(value)
    if t == "int":
        return tv.parse_int(value, decimal_comma=decimal_comma)
    if t == "float":
        return tv.parse_float(value, decimal_comma=decimal_comma)
    if t == "date":
        return tv.parse_date(value)
    if t == "bool":
        return tv.parse_bool(value)
    if t == "amount":
        return tv.parse_amount(value, decimal_comma=decimal_comma)
    if t == "currency":
        return tv.parse_currency(value)
    if t == "country":
        return tv.parse_country(value)
    if t == "language":
        return tv.parse_language(value)
    if t == "languages":
        return tv.parse_languages(value)
    if t == "enum":
        return tv.parse_enum(value, f.enum)
    if t == "legal_basis":
        return tv.parse_legal_basis(value)
    if t == "goals":
        return tv.parse_goals(value)
    if t == "targets":
        return tv.parse_targets(value)
    if t == "list":
        return tv.split_list(tv.text_of(value))
    if t == "key_facts":
        return table_facts.parse_facts(value if isinstance(value, str) else tv.text_of(value), current or [])
    if t == "stages":
        return table_stages.parse_stages(value if isinstance(value, str) else tv.text_of(value), current or [])
    if t == "attendees":
        return parse_attendees(value if isinstance(value, str) else tv.text_of(value), current or [], refs.by_exact)
    assert f.ref is not None or t in ("funding", "follow_ups", "plan_lines")
    if t == "ref":
        return refs.resolve(f.ref, tv.text_of(value))  # type: ignore[arg-type]
    if t == "refs":
        return list(dict.fromkeys(refs.resolve(f.ref, part) for part in tv.split_list(tv.text_of(value))))  # type: ignore[arg-type]
    if t == "participants":
        return _participants(tv.text_of(value), refs)
    if t == "funding":
        return _funding(tv.text_of(value), current or [], decimal_comma)
    if t == "follow_ups":
        return _follow_ups(value if isinstance(value, str) else tv.text_of(value), current or [])
    if t == "plan_lines":
        return parse_plan_lines(tv.text_of(value), current or [])
    raise ValueError(t)


def _participants(text: str, refs: References) -> list[Participant]:
    result: list[Participant] = []
    for part in tv.split_list(text):
        name, role = part, ParticipantRole.PARTNER
        if m := _ROLE.match(part):
            try:
                role = tv.parse_enum(m.group(2), ParticipantRole)  # type: ignore[assignment]
                name = m.group(1)
            except tv.CellProblem:
                name = part  # "(...)" belongs to the name
        oid = refs.resolve("organisations", name)
        if all(p.organisation_id != oid for p in result):
            result.append(Participant(organisation_id=oid, role=role))
    return result


def _funding(text: str, current: list[FundingSource], decimal_comma: bool) -> list[FundingSource]:
    by_name = {fold(s.name): s for s in current}
    result = []
    for part in tv.split_list(text):
        name, sep, rest = part.rpartition(":")
        amount, currency = None, "EUR"
        if not sep or not rest.strip():
            name = part[:-1] if part.endswith(":") else part  # one final colon ends a name without amount
        else:
            tokens = rest.split()
            if tokens and re.fullmatch(r"[A-Za-z]{3}|€", tokens[-1]):
                currency = tv.parse_currency(tokens.pop())
            amount = tv.parse_amount(" ".join(tokens), decimal_comma=True)
        known = by_name.get(fold(name.strip()))
        result.append(
            FundingSource(id=known.id if known else FundingSource().id, name=name.strip(), amount=amount, currency=currency)
        )
    return result


def _follow_ups(text: str, current: list[FollowUp]) -> list[FollowUp]:
    by_text = {fold(f.text): f for f in current}
    result = []
    for line in (_strip_escaped(ln) for ln in tv.split_lines(text)):
        if not line:
            continue
        done = False
        for mark in _MARKS:
            if line.startswith(mark):
                done, line = True, _strip_escaped(line[len(mark):])
        due = None
        if m := _DUE.match(line):
            due, line = tv.parse_date(m.group(1)), _strip_escaped(m.group(2))
        line = _unescape_follow_up(line)
        known = by_text.get(fold(line))
        result.append(FollowUp(id=known.id if known else FollowUp().id, text=line, due_date=due, done=done,
                               responsible_id=known.responsible_id if known else None))
    return result


def _odd_backslashes_at_end(text: str) -> bool:
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1
