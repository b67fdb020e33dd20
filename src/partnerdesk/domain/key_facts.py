"""Key facts of a municipality with their source and date: which one is shown, how they read.

A partner municipality is an organisation (``Partnership.partner_id``), so its key facts belong
to the organisation: every partnership with the same town (a twinning and a climate
partnership) sees the same figures, and a correction is made once.

Each kind (inhabitants, area in km², mayor since, website) may hold several values side by side,
each with its source and its date ("Stand"): the office has seen 21,000 and 40,000 inhabitants
for Dabola. The value shown in registers and forms is the one the office chose, else the newest
(by "Stand"; a value without one counts as older than any dated value, and of equal dates the
one entered last wins). The others are listed on hover.

The fields that existed before (``population``, ``population_year``, ``website``) are derived
from the shown values when a record is saved (``reconciled``). A record that brings such a
field with no value of its kind (an older archive or travel copy, a command, a table without a
source column) keeps it as a value with the source "bisheriger Wert", as revision 0020 does
with the stored ones. Where values of a kind exist, they decide the field.

Values are stored plain (``KeyFact.value``): "42000", "1234.5", "2021" or "2021-06-01",
"https://dabola.gov.gn"; ``plain_value`` reads what people type ("42.000", "1.234,5 km²",
"1.6.2021"). A value or date that cannot be read stays as typed, and validation names it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from partnerdesk.domain.dates import full_year
from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.limits import MAX_INTEGER
from partnerdesk.domain.records import KeyFact, Organisation
from partnerdesk.i18n import _, current_language

#: The source of a value carried over from the single field of earlier versions.
FORMER_VALUE_SOURCE = "bisheriger Wert"
#: The longest source text and mayor's name; the longest value (a web address).
SOURCE_LENGTH = 500
NAME_LENGTH = 300
VALUE_LENGTH = 500
#: The kinds whose value is a number.
NUMBER_KINDS = frozenset({KeyFactKind.INHABITANTS, KeyFactKind.AREA})

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_GERMAN_DAY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_THOUSANDS = re.compile(r"^\d{1,3}([. '\u00a0\u202f]\d{3})+$")
_UNIT = re.compile(r"\s*(km²|km2|qkm|km\^2)\s*$", re.IGNORECASE)
_SCHEME = re.compile(r"^https?://[^\s/$.?#]+\.\S+$", re.IGNORECASE)
_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


# Reading what people type ----------------------------------------------------------------


def plain_date(text: str) -> str:
    """"2014", "30.06.2014" or "2014-06-30" as "2014" or "2014-06-30"; anything else as typed."""
    text = text.strip()
    if _YEAR.match(text):
        return text
    if (m := _GERMAN_DAY.match(text)) is not None:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        year = full_year(year) if len(m.group(3)) == 2 else year
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    if _ISO_DAY.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return text
    return text


def date_of(value: object) -> str:
    """A date cell or field (a ``date``, a year as a number, or text) in the plain form."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return plain_date(str(value)) if value is not None else ""


def plain_number(text: str) -> str:
    """"42.000", "42 000", "1.234,5 km²", "33,4" or "33.4" as "42000", "1234.5", "33.4"."""
    text = _UNIT.sub("", text.strip())
    if _THOUSANDS.match(text):
        return re.sub(r"\D", "", text)
    if "," in text:
        whole, _sep, fraction = text.rpartition(",")
        if _THOUSANDS.match(whole) or whole.lstrip("-").isdigit():
            return re.sub(r"[^\d-]", "", whole) + ("." + fraction if fraction else "")
    return text


def plain_value(kind: KeyFactKind, text: str) -> str:
    """The value as stored, from what was typed (left as typed where it cannot be read)."""
    text = text.strip()
    if not text:
        return ""
    if kind in NUMBER_KINDS:
        return plain_number(text)
    if kind == KeyFactKind.MAYOR:
        return plain_date(text)
    return text


def as_number(fact: KeyFact) -> Decimal | None:
    try:
        number = Decimal(fact.value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def date_key(text: str) -> str:
    """What "newest" compares: the plain date, or "" (older than any) when unknown or unreadable."""
    return text if _YEAR.match(text) or _ISO_DAY.match(text) else ""


# Which value is shown --------------------------------------------------------------------


def of_kind(facts: Iterable[KeyFact], kind: KeyFactKind) -> list[KeyFact]:
    return [f for f in facts if f.kind == kind]


def newest_first(facts: list[KeyFact]) -> list[KeyFact]:
    """Newest "Stand" first (the mayor's without a "Stand": by the first day in office); of equal
    dates the one entered later first."""
    def key(item: tuple[int, KeyFact]) -> tuple[str, int]:
        position, fact = item
        stand = date_key(fact.as_of) or (date_key(fact.value) if fact.kind == KeyFactKind.MAYOR else "")
        return (stand, position)
    return [f for _i, f in sorted(enumerate(facts), key=key, reverse=True)]


def shown(facts: Iterable[KeyFact], kind: KeyFactKind) -> KeyFact | None:
    """The value of ``kind`` the office sees: the chosen one, else the newest."""
    found = of_kind(facts, kind)
    chosen = [f for f in found if f.chosen]
    if chosen:
        return chosen[-1]
    ordered = newest_first(found)
    return ordered[0] if ordered else None


def population(facts: Iterable[KeyFact]) -> tuple[int | None, int | None]:
    """The shown number of inhabitants and the year of its "Stand" (the derived fields)."""
    fact = shown(facts, KeyFactKind.INHABITANTS)
    if fact is None:
        return None, None
    number = as_number(fact)
    storable = number is not None and number == number.to_integral_value() and 0 <= number <= MAX_INTEGER
    whole = int(number) if storable and number is not None else None  # else validation names the value
    stand = date_key(fact.as_of)
    return whole, int(stand[:4]) if stand else None


def website(facts: Iterable[KeyFact]) -> str:
    fact = shown(facts, KeyFactKind.WEBSITE)
    return fact.value if fact is not None else ""


def with_scheme(address: str) -> str:
    """A web address of earlier versions, which needed no scheme: "www.dabola.gn" -> "https://www.dabola.gn"."""
    address = address.strip()
    if not address or _HAS_SCHEME.match(address) or len(address) + 8 > VALUE_LENGTH:
        return address  # (one too long for a scheme stays as it was: validation names it)
    return "https://" + address


def reconciled(org: Organisation) -> Organisation:
    """``org`` with a single value given without key facts of its kind kept as one (source
    "bisheriger Wert", see above) and the derived fields (population, population year, website)
    taken from the shown values.

    Where values of a kind exist they decide: the derived field of a record read earlier and
    changed elsewhere (a merge, an import) is made again from them, never taken for a new value.
    """
    facts = list(org.key_facts)
    if not of_kind(facts, KeyFactKind.INHABITANTS) and not _storable(org.population, org.population_year):
        return org  # a single value that cannot be stored stays as given: validation names its field
    if org.population is not None and not of_kind(facts, KeyFactKind.INHABITANTS):
        facts.append(KeyFact(kind=KeyFactKind.INHABITANTS, value=str(org.population), source=FORMER_VALUE_SOURCE,
                             as_of=str(org.population_year) if org.population_year is not None else ""))
    if org.website.strip() and not of_kind(facts, KeyFactKind.WEBSITE):
        facts.append(KeyFact(kind=KeyFactKind.WEBSITE, value=with_scheme(org.website), source=FORMER_VALUE_SOURCE))
    inhabitants, year = population(facts)
    address = website(facts)
    if (facts == org.key_facts and inhabitants == org.population and year == org.population_year
            and address == org.website):
        return org
    return dataclasses.replace(org, key_facts=facts, population=inhabitants, population_year=year, website=address)


def _storable(population: object, year: object) -> bool:
    """Whether the single fields hold what a key fact can carry: a whole number and a year (or nothing)."""
    def whole(value: object, low: int, high: int) -> bool:
        return value is None or (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high)
    return whole(population, 0, MAX_INTEGER) and whole(year, 1900, 2200)


def derived_fields(facts: list[KeyFact]) -> dict[str, object]:
    """The fields a form stores beside the facts it edits."""
    inhabitants, year = population(facts)
    return {"key_facts": facts, "population": inhabitants, "population_year": year, "website": website(facts)}


# How they read ---------------------------------------------------------------------------


def date_text(text: str) -> str:
    """"2014", "30.06.2014" (German) or "2014-06-30"; as typed when it cannot be read."""
    if _ISO_DAY.match(text) and current_language() == "de":
        year, month, day = text.split("-")
        return f"{day}.{month}.{year}"
    return text


def _number_text(fact: KeyFact) -> str:
    number = as_number(fact)
    if number is None:
        return fact.value
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if current_language() == "de":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def value_text(fact: KeyFact) -> str:
    """"42.000", "1.234,5 km²", "Jean Dupont, seit 2021", "https://…" as the office reads them."""
    if fact.kind == KeyFactKind.INHABITANTS:
        return _number_text(fact)
    if fact.kind == KeyFactKind.AREA:
        return _("{area} km²").format(area=_number_text(fact)) if fact.value else ""
    if fact.kind == KeyFactKind.MAYOR:
        since = _("since {date}").format(date=date_text(fact.value)) if fact.value else ""
        return ", ".join(part for part in (fact.name, since) if part)
    return fact.value


def edit_text(fact: KeyFact) -> str:
    """The value as a form shows it to be edited: "42.000", "1.234,5", "01.06.2021", the address."""
    if fact.kind in NUMBER_KINDS:
        return _number_text(fact)
    if fact.kind == KeyFactKind.MAYOR:
        return date_text(fact.value)
    return fact.value


def as_of_text(fact: KeyFact) -> str:
    return _("as of {date}").format(date=date_text(fact.as_of)) if fact.as_of else _("date unknown")


def fact_line(fact: KeyFact, *, shown_one: bool = False) -> str:
    """One line of a tooltip: "42.000 – Angabe der Partnerkommune, Stand 2014 (angezeigt)"."""
    line = _("{value} – {source}, {as_of}").format(
        value=value_text(fact), source=fact.source or _("no source"), as_of=as_of_text(fact))
    if shown_one:
        line += " " + (_("(chosen, shown)") if fact.chosen else _("(newest, shown)"))
    return line


def hover_text(facts: Iterable[KeyFact], kind: KeyFactKind) -> str:
    """Every value of ``kind``, the shown one first, each with its source and date."""
    found = of_kind(facts, kind)
    if not found:
        return ""
    top = shown(found, kind)
    rest = [f for f in newest_first(found) if f is not top]
    return "\n".join([fact_line(f, shown_one=f is top) for f in [top] if f is not None] + [fact_line(f) for f in rest])


def is_future(text: str, today: date) -> bool:
    """A plain date after ``today`` (a year: after this year)."""
    if _YEAR.match(text):
        return int(text) > today.year
    if _ISO_DAY.match(text):
        try:
            return date.fromisoformat(text) > today
        except ValueError:
            return False
    return False


def readable_date(text: str) -> bool:
    if _YEAR.match(text):
        return 1900 <= int(text) <= 2200
    if _ISO_DAY.match(text):
        try:
            return 1900 <= date.fromisoformat(text).year <= 2200
        except ValueError:
            return False
    return False


def is_web_address(text: str) -> bool:
    return _SCHEME.match(text) is not None


def summary(facts: list[KeyFact]) -> dict[str, list[list[object]]]:
    """The key facts in short for the registers' hover (``OrganisationRow.key_facts_summary``):
    per kind, the shown value first, each ``[value, name, source, as_of, chosen]``."""
    result: dict[str, list[list[object]]] = {}
    for kind in KeyFactKind:
        found = of_kind(facts, kind)
        if not found:
            continue
        top = shown(found, kind)
        ordered = [top] + [f for f in newest_first(found) if f is not top]
        result[str(kind)] = [[f.value, f.name, f.source, f.as_of, f.chosen] for f in ordered if f is not None]
    return result


def from_summary(kind: KeyFactKind, summary: object) -> list[KeyFact]:
    """The facts of ``kind`` in a stored summary (the shown one first); [] for anything unreadable."""
    entries = summary.get(str(kind)) if isinstance(summary, dict) else None
    facts = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, list) and len(entry) == 5:
            value, name, source, as_of, chosen = entry
            facts.append(KeyFact(kind=kind, value=str(value), name=str(name), source=str(source), as_of=str(as_of),
                                 chosen=bool(chosen)))
    return facts
