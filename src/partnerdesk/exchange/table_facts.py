"""Key facts in tables: a value, its source and its date ("Stand") as columns of their own.

Export writes the shown value of each kind with its source and date ("Einwohner", "Einwohner
Quelle", "Einwohner Stand"; the mayor's name beside "Bürgermeister/in seit"). Import reads the
same columns: a value the record has already (same kind, same value) gets the row's source and
date where the row gives them; another value is added beside the others, and the newest or
chosen one is shown as always. A value without a source column gets the source
"Tabellenimport vom <Tag>" (the preview says so); a source or date column without a value
describes the shown value. These columns never remove a value.

The column "Eckdaten" holds every value, one per line, so a table carries them all (as the
stages' column does; a row that fills it replaces the record's values by its lines):

    Einwohner: 40.000 | Quelle: Angabe der Partnerkommune | Stand: 15.10.2019 | angezeigt
    Bürgermeister/in seit: 2021 | Name: Mamadou Exemple | Quelle: Schreiben
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from decimal import Decimal

from partnerdesk.domain import key_facts as kf
from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact, Organisation, Record
from partnerdesk.exchange import table_values as tv
from partnerdesk.i18n import N_, _

#: Table field key -> (kind, part); parts: value, name (the mayor's), source, as_of.
PARTS: dict[str, tuple[KeyFactKind, str]] = {
    "population": (KeyFactKind.INHABITANTS, "value"),
    "population_source": (KeyFactKind.INHABITANTS, "source"),
    "population_year": (KeyFactKind.INHABITANTS, "as_of"),
    "area": (KeyFactKind.AREA, "value"),
    "area_source": (KeyFactKind.AREA, "source"),
    "area_as_of": (KeyFactKind.AREA, "as_of"),
    "mayor": (KeyFactKind.MAYOR, "name"),
    "mayor_since": (KeyFactKind.MAYOR, "value"),
    "mayor_source": (KeyFactKind.MAYOR, "source"),
    "mayor_as_of": (KeyFactKind.MAYOR, "as_of"),
    "website": (KeyFactKind.WEBSITE, "value"),
    "website_source": (KeyFactKind.WEBSITE, "source"),
    "website_as_of": (KeyFactKind.WEBSITE, "as_of"),
}
#: Column labels (English; German in the catalogue) and the names other tables use.
LABELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "population": (N_("Inhabitants"), ("Einwohner", "Einwohnerzahl", "Inhabitants", "Population", "Bevölkerung")),
    "population_source": (N_("Inhabitants source"), ("Einwohner Quelle", "Quelle Einwohner", "Einwohnerzahl Quelle")),
    "population_year": (N_("Inhabitants as of"), ("Einwohner Stand", "Einwohner Jahr", "Stand Einwohner", "Population year",
                                                  "Einwohnerzahl Stand")),
    "area": (N_("Area (km²)"), ("Fläche (km²)", "Fläche", "Fläche km²", "Fläche in km²", "Area")),
    "area_source": (N_("Area source"), ("Fläche Quelle", "Quelle Fläche")),
    "area_as_of": (N_("Area as of"), ("Fläche Stand", "Stand Fläche")),
    "mayor": (N_("Mayor"), ("Bürgermeister/in", "Bürgermeister", "Bürgermeisterin", "Mayor", "Maire", "Primar")),
    "mayor_since": (N_("Mayor since"), ("Bürgermeister/in seit", "Bürgermeister seit", "im Amt seit", "Amtsantritt")),
    "mayor_source": (N_("Mayor source"), ("Bürgermeister/in Quelle", "Bürgermeister Quelle")),
    "mayor_as_of": (N_("Mayor as of"), ("Bürgermeister/in Stand", "Bürgermeister Stand")),
    "website": (N_("Website"), ("Webseite", "Homepage", "Internet", "URL", "Web", "Website")),
    "website_source": (N_("Website source"), ("Website Quelle", "Webseite Quelle")),
    "website_as_of": (N_("Website as of"), ("Website Stand", "Webseite Stand")),
}


def import_source(today: date) -> str:
    return _("Table import of {date}").format(date=today.strftime("%d.%m.%Y"))


# Export --------------------------------------------------------------------------------------


def export_cell(record: Record, key: str) -> object:
    """The cell of field ``key``: the shown value's part, typed where a spreadsheet sorts it."""
    if not isinstance(record, Organisation):
        return ""
    kind, part = PARTS[key]
    fact = kf.shown(record.key_facts, kind)
    if fact is None:
        return None if part == "value" and kind in kf.NUMBER_KINDS else ""
    if part == "value" and kind in kf.NUMBER_KINDS:
        number = kf.as_number(fact)
        if number is None:
            return fact.value
        return int(number) if kind == KeyFactKind.INHABITANTS and number == number.to_integral_value() else number
    if part in ("as_of",) or (part == "value" and kind == KeyFactKind.MAYOR):
        return kf.date_text(getattr(fact, part))
    return str(getattr(fact, part))


# Import --------------------------------------------------------------------------------------


def _text(kind: KeyFactKind, part: str, value: object) -> str:
    """A cell as the fact's plain text: numbers (typed or "42.000"), dates (typed, "2014", "30.06.2014")."""
    if part == "value" and kind in kf.NUMBER_KINDS:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            number = Decimal(str(value))
            return str(int(number)) if number == number.to_integral_value() else str(number.normalize())
        return kf.plain_value(kind, tv.text_of(value))
    if part == "as_of" or (part == "value" and kind == KeyFactKind.MAYOR):
        if isinstance(value, datetime):
            return value.date().isoformat()
        return kf.date_of(value) if not isinstance(value, str) else kf.plain_date(value)
    return tv.text_of(value).strip()


def apply_cells(record: Record, cells: dict[str, tuple[int, object]], today: date) -> list[tuple[int, str]]:
    """Put the fact cells of one row (field key -> (column, cell)) into ``record``'s key facts.

    Returns notes (column, message) for the preview; invalid values are left to validation,
    which names them at the first fact column."""
    if not isinstance(record, Organisation) or not cells:
        return []
    notes: list[tuple[int, str]] = []
    facts = list(record.key_facts)
    for kind in KeyFactKind:
        given = {part: (column, _text(kind, part, cell)) for key, (column, cell) in cells.items()
                 for k, part in [PARTS[key]] if k == kind}
        if not given:
            continue
        value = given.get("value", (0, ""))[1]
        source = given.get("source", (0, ""))[1]
        as_of = given.get("as_of", (0, ""))[1]
        name = given.get("name", (0, ""))[1]
        if kind == KeyFactKind.WEBSITE and value:
            value = value.strip()
        same = [f for f in facts if f.kind == kind and (f.value == value if value else f.name == name and bool(name))]
        if not value and not name:  # a source or date describes the shown value
            target = kf.shown(facts, kind)
            if target is None:
                column = next(iter(given.values()))[0]
                notes.append((column, _("{kind}: a source or date without a value is not imported").format(kind=kind.label)))
                continue
            same = [target]
        if same:
            target = same[-1]
            changed = dataclasses.replace(target, source=source or target.source, as_of=as_of or target.as_of,
                                          name=name or target.name)
            facts = [changed if f is target else f for f in facts]
            continue
        if not source:
            source = import_source(today)
            column = given["value"][0] if "value" in given else given["name"][0]
            notes.append((column, _("{kind}: no source column; the value gets the source “{source}”").format(
                kind=kind.label, source=source)))
        facts.append(KeyFact(kind=kind, value=value, name=name, source=source, as_of=as_of))
    record.key_facts = facts
    inhabitants, year = kf.population(facts)
    record.population, record.population_year, record.website = inhabitants, year, kf.website(facts)
    return notes


# All values in one cell ----------------------------------------------------------------------

_PART = re.compile(r"^\s*([^\W\d_]+)\s*:\s*(.*?)\s*$", re.DOTALL)
_NAMES = {"name": "name", "quelle": "source", "source": "source", "stand": "as_of", "as of": "as_of"}
_SHOWN = {"angezeigt", "shown", "gewählt", "chosen"}


def facts_cell(facts: list[KeyFact]) -> str:
    """Every value, one per line, in the order they were entered (of equal dates the later is shown)."""
    lines = []
    for fact in facts:
        if isinstance(fact.kind, KeyFactKind):
            parts = [f"{fact.kind.label}: {tv.escaped_part(kf.edit_text(fact))}"]
            for label, value in ((_("Name"), fact.name), (_("Source"), fact.source), (_("As of"), kf.date_text(fact.as_of))):
                if value:
                    parts.append(f"{label}: {tv.escaped_part(value)}")
            if fact.chosen:
                parts.append(_("shown"))
            lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_facts(text: str, current: list[KeyFact]) -> list[KeyFact]:
    """The values of an "Eckdaten" cell; a value the record has already (same kind and value) keeps its id."""
    known = {(f.kind, f.value, f.name): f for f in current}
    result = []
    for head, further in tv.lines_of_parts(text):
        label, colon, value = head.partition(":")
        if not colon:
            raise tv.CellProblem(_("key fact “{line}”: a line begins with the kind and its value, e.g. “Inhabitants: 42.000”")
                                 .format(line=head))
        kind = tv.parse_enum(label.strip(), KeyFactKind)
        assert isinstance(kind, KeyFactKind)
        fact = KeyFact(kind=kind, value=kf.plain_value(kind, value))
        for raw in further:
            part = tv.unescape_item(raw, tv.PART_SPECIAL)
            if part.strip().casefold() in _SHOWN:
                fact.chosen = True
                continue
            named = _PART.match(part)
            name = _NAMES.get(named.group(1).casefold()) if named else None
            if named is None or name is None:
                raise tv.CellProblem(_("key fact “{line}”: “{part}” is none of Name, Source, As of, shown").format(
                    line=head, part=part.strip()))
            setattr(fact, name, kf.plain_date(named.group(2)) if name == "as_of" else named.group(2).strip())
        before = known.get((fact.kind, fact.value, fact.name))
        if before is not None:
            fact.id = before.id
        result.append(fact)
    return result
