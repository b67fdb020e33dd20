"""Which existing record a table row means: its ID, or its exact name — never a look-alike.

A row updates a record only when it gives that record's ID, or its exact name (organisations:
name and country, when the row gives a country). Names that are equal only after folding
(accents, case, punctuation: ``domain.text.fold``) are different places as often as not —
"Münster" (NRW) and "Munster" (Lower Saxony), "Solferino" and "Solférino", "İzmir" in Turkey
and an "Izmir" without country — so such a record is only a *candidate*: the preview shows it
as a possible duplicate, and the user decides ("neu anlegen" / "zusammenführen mit …").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from partnerdesk.domain.person_names import joined_name
from partnerdesk.domain.text import fold
from partnerdesk.exchange import table_values as tv
from partnerdesk.exchange.table_fields import NAME_FIELD
from partnerdesk.exchange.table_read import Formula
from partnerdesk.i18n import _, quoted
from partnerdesk.persistence.database import Database
from partnerdesk.services.records import ROW_TYPES


@dataclass(frozen=True)
class Candidate:
    """An existing record whose name equals the row's only after folding."""

    id: str
    name: str
    country: str = ""

    def label(self) -> str:
        return f"{quoted(self.name)} ({self.country})" if self.country else quoted(self.name)


@dataclass
class Match:
    #: The record the row updates (or the ID a new record gets), None for a new record.
    id: str | None
    #: What makes two rows of the file the same record (ID, or exact name and country).
    key: str | None
    candidates: list[Candidate]
    problem: str | None = None
    problem_column: str | None = None  # the field key the problem is about


class Matcher:
    def __init__(self, db: Database, kind: str, *, formula_guard: bool = True) -> None:
        self.kind = kind
        self.formula_guard = formula_guard
        row_type = ROW_TYPES[kind]
        name_col = getattr(row_type, NAME_FIELD[kind])
        columns = [row_type.id, name_col] + ([row_type.country] if kind == "organisations" else [])
        with db.read() as session:
            found = session.execute(select(*columns)).all()
        self.ids = {r[0] for r in found}
        self.exact: dict[str, list[Candidate]] = {}
        self.folded: dict[str, list[Candidate]] = {}
        for r in found:
            candidate = Candidate(r[0], r[1], (r[2] or "") if len(r) > 2 else "")
            self.exact.setdefault(r[1].strip(), []).append(candidate)
            self.folded.setdefault(fold(r[1].strip()), []).append(candidate)

    def cell(self, columns: dict[str, int], values: list[object], key: str) -> str:
        index = columns.get(key)
        if index is None:
            return ""
        value = values[index]
        if value is None or value.__class__ is Formula:
            return ""
        text = value.strip() if value.__class__ is str else tv.text_of(value)
        return tv.unescape_formula_guard(text) if self.formula_guard else text

    def _country(self, columns: dict[str, int], values: list[object]) -> str:
        if self.kind != "organisations":
            return ""
        text = self.cell(columns, values, "country")
        try:
            return tv.parse_country(text) if text else ""
        except tv.CellProblem:
            return ""

    def _same_place(self, candidates: list[Candidate], country: str) -> list[Candidate]:
        return [c for c in candidates if not country or not c.country or c.country == country]

    def match(self, columns: dict[str, int], values: list[object]) -> Match:
        """``columns``: field key -> the (first) column it is read from."""
        name = self.cell(columns, values, NAME_FIELD[self.kind])
        if not name and self.kind == "contacts":  # a table of first and last names only
            name = joined_name(*(self.cell(columns, values, k) for k in ("title", "first_name", "last_name")))
        country = self._country(columns, values)
        key = f"{name}\x1f{country}" if name else None
        given = self.cell(columns, values, "id")
        if given:
            if given in self.ids:
                return Match(given, given, [])
            try:
                uuid.UUID(given)
            except ValueError:
                return Match(None, key, [], _("“{value}” is not a PartnerDesk ID").format(value=given), "id")
            return Match(given, given, [])  # a new record with this ID
        exact = self._same_place(self.exact.get(name, []), country)
        if len(exact) == 1:
            return Match(exact[0].id, key, [])
        if len(exact) > 1:
            return Match(None, key, [], _(
                "several existing records have this name; add the ID column to say which one is meant"
            ), NAME_FIELD[self.kind])
        if not name:
            return Match(None, key, [])
        similar = [c for c in self._same_place(self.folded.get(fold(name), []), country) if c.name.strip() != name]
        return Match(None, key, similar)
