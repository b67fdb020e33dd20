"""Reading cell values as German and English office tables write them.

Every parser takes what a cell held (text from CSV; text, number, date or bool from
.xlsx) and returns the value for the record, or raises ``CellProblem`` with a message
that names what is wrong in the user's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import cast

from partnerdesk.domain import countries, sdg
from partnerdesk.domain.consent import legal_basis_from_text
from partnerdesk.domain.dates import full_year
from partnerdesk.domain.enums import LabelledEnum, LegalBasis
from partnerdesk.domain.text import fold
from partnerdesk.exchange.country_names import country_code
from partnerdesk.i18n import _, current_language


class CellProblem(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: Characters a spreadsheet would take as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_of(value: object) -> str:
    """The text of a cell, numbers without a needless ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Dates -------------------------------------------------------------------------------------

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})$")
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# A time after an ISO date is allowed (Excel and other programs write one) but must be a time.
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel serial day number (a date cell that lost its format, e.g. in a CSV).
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellProblem(_("“{value}” is not a date").format(value=text_of(value)))
    text = text_of(value)
    try:
        if m := _GERMAN_DATE.match(text):
            day, month, year = (int(g) for g in m.groups())
            if len(m.group(3)) == 2:
                year = full_year(year)  # as Excel and the window's date fields read it
            return date(year, month, day)
        if m := _SLASH_DATE.match(text):
            day, month, year = (int(g) for g in m.groups())
            return date(year, month, day)
        if m := _ISO_DATE.match(text):
            year, month, day = (int(g) for g in m.groups()[:3])
            return date(year, month, day)
    except ValueError:
        pass
    raise CellProblem(_("“{value}” is not a date (for example 31.12.2026 or 2026-12-31)").format(value=text))


# Numbers -----------------------------------------------------------------------------------

_CURRENCY_NOISE = re.compile(r"(€|EUR|\$|USD|£|GBP|CHF|[\s\u00a0\u202f'’])", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_decimal(value: object, *, decimal_comma: bool = True) -> Decimal:
    """A number written as 1.234,56 / 1,234.56 / 1234,5 / 1234.5 / "12.500 €"."""
    if isinstance(value, bool):
        raise CellProblem(_("“{value}” is not a number").format(value=text_of(value)))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    original = text_of(value)
    text = _CURRENCY_NOISE.sub("", original)
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    elif "." in text and decimal_comma and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", text):
        text = text.replace(".", "")  # "12.500" in a German table is twelve thousand five hundred
    if not _NUMBER.match(text):
        raise CellProblem(_("“{value}” is not a number").format(value=original))
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellProblem(_("“{value}” is not a number").format(value=original)) from None


def parse_amount(value: object, *, decimal_comma: bool = True) -> Decimal:
    amount = parse_decimal(value, decimal_comma=decimal_comma)
    if amount.as_tuple().exponent < -4:  # type: ignore[operator]
        amount = amount.quantize(Decimal("0.0001"))
    return amount.normalize() if amount == amount.to_integral() else amount


def parse_int(value: object, *, decimal_comma: bool = True) -> int:
    number = parse_decimal(value, decimal_comma=decimal_comma)
    if number != number.to_integral():
        raise CellProblem(_("“{value}” is not a whole number").format(value=text_of(value)))
    return int(number)


def parse_float(value: object, *, decimal_comma: bool = True) -> float:
    if isinstance(value, float):
        return value
    # Coordinates: a single comma or dot is always the decimal separator.
    text = text_of(value).replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise CellProblem(_("“{value}” is not a number").format(value=text_of(value))) from None


# Codes -------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _valid_country(text: str) -> str | None:
    code = country_code(text)
    return code if code is not None and countries.is_country(code) else None


def parse_country(value: object) -> str:
    code = _valid_country(text_of(value))
    if code is None:
        raise CellProblem(_("unknown country “{value}”").format(value=text_of(value)))
    return code


def parse_currency(value: object) -> str:
    text = text_of(value).upper()
    text = {"€": "EUR", "$": "USD", "£": "GBP"}.get(text, text)
    if not countries.is_currency(text):
        raise CellProblem(_("“{value}” is not an ISO 4217 currency code").format(value=text_of(value)))
    return text


def parse_language(value: object) -> str:
    text = text_of(value)
    if countries.is_language(text.lower()):
        return text.lower()
    folded = fold(text)
    for lang in ("de", "en"):
        for code, name in countries.languages(lang):
            if folded in (fold(name), fold(countries.reference_language_name(code, lang))):
                return code  # "Swahili", or ISO's "Swahili (Makrosprache)" of older exports
    raise CellProblem(_("unknown language “{value}”").format(value=text))


def parse_languages(value: object) -> list[str]:
    """"ro; hu", "ro, hu", "Rumänisch und Ungarisch" are all two languages (names hold no comma)."""
    text = re.sub(r"\s+(?:und|and|u\.)\s+", ";", text_of(value))
    return list(dict.fromkeys(parse_language(part.strip()) for part in re.split(r"[;,/\n|]", text) if part.strip()))


#: Words office tables use for a choice, besides its German and English labels and its code.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "OrganisationKind": {
        "municipality": ("Kommune", "Stadt", "Gemeinde", "Stadtverwaltung", "Landkreis", "Region", "Partnerkommune",
                         "Partnerstadt", "Kommunalverwaltung", "municipality", "city", "town", "local government"),
        "city_unit": ("Amt", "Fachbereich", "Dienststelle", "Referat", "Abteilung", "department", "city department"),
        "municipal_company": ("Stadtwerke", "kommunales Unternehmen", "Eigenbetrieb", "municipal company"),
        "ngo": ("NGO", "NRO", "Verein", "e.V.", "Stiftung", "association", "foundation"),
        "university": ("Universität", "Hochschule", "Fachhochschule", "Forschungsinstitut", "university"),
        "company": ("Unternehmen", "Firma", "GmbH", "company", "business"),
        "hospital": ("Krankenhaus", "Klinik", "Klinikum", "hospital", "clinic"),
        "other": ("Sonstige", "Sonstiges", "andere", "other"),
    },
    "PartnershipType": {  # as CEMR's German section (RGRE) names them; former types: exchange.table_stages
        "twinning": ("Partnerschaft", "Städtepartnerschaft", "twinning", "town twinning", "sister city"),
        "friendship": ("Freundschaft", "Städtefreundschaft", "friendship"),
        "contact": ("Kontakt", "Städtekontakt", "contact"),
        "project_partnership": ("Projektpartnerschaft", "project partnership"),
    },
    "StageKind": {
        "first_contact": ("Erstkontakt", "Kontaktaufnahme"),
        "letter_of_intent": ("Absichtserklärung", "LOI"),
        "mou_signed": ("MoU", "MoU unterzeichnet", "Unterzeichnung"),
        "project_partnership": ("Projektpartnerschaft", "Klimapartnerschaft"),
        "council_decision": ("Ratsbeschluss",),
        "certificate": ("Urkunde", "Festakt", "Zeremonie"),
        "dormant": ("ruhend", "ruht"),
        "suspended": ("ausgesetzt",),
        "ended": ("beendet",),
    },
    "PartnershipStatus": {
        "exploring": ("Anbahnung", "in Anbahnung", "Sondierung"),
        "active": ("aktiv", "active"),
        "dormant": ("ruhend", "ruht", "inaktiv", "inactive"),
        "ended": ("beendet", "aufgelöst", "ended"),
    },
    "MouStatus": {
        "none": ("kein", "keine", "ohne", "none"),
        "in_preparation": ("in Vorbereitung", "Entwurf", "draft"),
        "signed": ("unterzeichnet", "signed"),
        "expired": ("abgelaufen", "ausgelaufen", "expired"),
    },
    "ProjectStatus": {
        "idea": ("Idee", "idea"),
        "planned": ("geplant", "in Planung", "planned"),
        "running": ("laufend", "läuft", "aktiv", "in Umsetzung", "ongoing", "active"),
        "completed": ("abgeschlossen", "beendet", "fertig", "finished", "done"),
        "cancelled": ("abgebrochen", "abgesagt", "storniert", "canceled"),
    },
    "ParticipantRole": {
        "lead": ("Federführung", "federführend", "Leitung", "lead"),
        "implementer": ("Umsetzung", "Durchführung", "implementer"),
        "funder": ("Geldgeber", "Förderer", "Finanzierung", "funder"),
        "advisor": ("Beratung", "Berater", "advisor", "adviser"),
    },
    "ActivityKind": {
        "meeting": ("Treffen", "Sitzung", "Besprechung", "meeting"),
        "delegation_trip": ("Delegationsreise", "Delegation", "Reise", "Besuch", "visit", "trip"),
        "workshop": ("Seminar", "Schulung", "workshop"),
        "donation": ("Spende", "Übergabe", "Sachspende", "donation"),
        "call": ("Anruf", "Telefonat", "Videokonferenz", "Telefonkonferenz", "call"),
        "other": ("Sonstige", "Sonstiges", "other"),
    },
    "Salutation": {
        "ms": ("Frau", "Fr.", "Mrs", "Mrs.", "Ms.", "Madame", "Mme", "Doamna", "weiblich", "w"),
        "mr": ("Herr", "Hr.", "Mr.", "Monsieur", "M.", "Domnul", "männlich", "m"),
        "none": ("keine", "ohne", "divers", "d", "keine Angabe", "none", "diverse"),
    },
    "LegalBasis": {
        "consent": ("Einwilligung", "Zustimmung", "consent", "Art. 6 Abs. 1 lit. a DSGVO", "lit. a"),
        "contract": ("Vertrag", "contract", "Art. 6 Abs. 1 lit. b DSGVO", "lit. b"),
        "public_task": ("öffentliche Aufgabe", "public task", "Art. 6 Abs. 1 lit. e DSGVO", "lit. e"),
        "legitimate_interest": ("berechtigtes Interesse", "legitimate interest", "Art. 6 Abs. 1 lit. f DSGVO", "lit. f"),
    },
}


def _extra_words(enum: type[LabelledEnum], member: LabelledEnum) -> tuple[str, ...]:
    return SYNONYMS.get(enum.__name__, {}).get(member.value, ())


@lru_cache(maxsize=64)
def _enum_words(enum: type[LabelledEnum], language: str) -> dict[str, LabelledEnum]:
    words: dict[str, LabelledEnum] = {}
    for member in enum:
        for word in (member.value, member.label, _english_label(member)):
            words.setdefault(fold(word), member)
    for member in enum:  # the labels win over a synonym
        for word in _extra_words(enum, member):
            words.setdefault(fold(word), member)
    return words


def accepted_words(enum: type[LabelledEnum]) -> str:
    """"Idee (idea), Geplant (geplant, in Planung, planned), …" for a message."""
    parts = []
    for member in enum:
        seen = {fold(member.label)}
        extra = []
        for word in (*_extra_words(enum, member), member.value):
            if fold(word) not in seen:
                seen.add(fold(word))
                extra.append(word)
        parts.append(f"{member.label} ({', '.join(extra)})" if extra else member.label)
    return ", ".join(parts)


#: Folding the same few words (statuses, kinds) again for every row is the import's hot spot.
_fold_word = lru_cache(maxsize=4096)(fold)


def parse_enum(value: object, enum: type[LabelledEnum]) -> LabelledEnum:
    member = _enum_words(enum, current_language()).get(_fold_word(text_of(value)))
    if member is not None:
        return member
    allowed = accepted_words(enum)
    raise CellProblem(_("“{value}” is not one of: {allowed}").format(value=text_of(value), allowed=allowed))


def parse_legal_basis(value: object) -> LegalBasis:
    """A legal basis by its label, code or a word office tables use; older free text ("Einwilligung
    vom 1.3.2025") where it names exactly one basis (``domain.consent.legal_basis_from_text``)."""
    try:
        return cast(LegalBasis, parse_enum(value, LegalBasis))
    except CellProblem:
        mapped = legal_basis_from_text(text_of(value)).legal_basis
        if mapped is not None:
            return mapped
        raise CellProblem(_(
            "“{value}” names no legal basis PartnerDesk knows, or several; write one of: {allowed}"
        ).format(value=text_of(value), allowed=accepted_words(LegalBasis))) from None


def _english_label(member: LabelledEnum) -> str:
    return member._labels()[member.value]


_SDG_WORDS = re.compile(r"\b(sdgs?|ziele?|goals?|target|unterziel|zielvorgabe)\b\.?\s*:?", re.IGNORECASE)


def _sdg_tokens(value: object) -> list[str]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [text_of(value)]
    text = _SDG_WORDS.sub(" ", text_of(value))
    return [t for t in re.split(r"[,;/|\s]+", text) if t]


def parse_goals(value: object) -> list[int]:
    goals: list[int] = []
    for token in _sdg_tokens(value):
        if not token.isdigit() or not sdg.is_goal(int(token)):
            raise CellProblem(_("unknown SDG “{value}” (goals are 1 to 17)").format(value=token))
        if int(token) not in goals:
            goals.append(int(token))
    return sorted(goals)


def parse_targets(value: object) -> list[str]:
    targets: list[str] = []
    for token in _sdg_tokens(value):
        code = token.lower()
        if not sdg.is_target(code):
            raise CellProblem(_("unknown SDG target “{value}” (for example 6.1 or 11.a)").format(value=token))
        if code not in targets:
            targets.append(code)
    return sorted(targets, key=sdg.target_sort_key)


# Lists in one cell ----------------------------------------------------------------------------
#
# Items are separated by a semicolon or a line break. An item that itself holds one is written
# with a backslash before it ("Wasser\\; Energie" is one item), and a backslash that would
# otherwise be read as such a mark is doubled. Any other backslash is an ordinary character, so
# "C:\\Daten" in a table someone typed stays as it is.

LIST_SPECIAL = ";\n\r"
LINE_SPECIAL = "\n\r"


def escape_item(item: str, special: str = LIST_SPECIAL) -> str:
    """``item`` written so that ``split_list`` reads it back as one item."""
    if "\\" not in item and not any(c in item for c in special):
        return item
    out = []
    for i, ch in enumerate(item):
        if ch == "\\":
            following = item[i + 1] if i + 1 < len(item) else ""
            out.append("\\\\" if following == "" or following == "\\" or following in special else "\\")
        elif ch in special:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def join_list(items: list[str], separator: str = "; ") -> str:
    return separator.join(escape_item(item) for item in items)


def split_escaped(text: str, special: str = LIST_SPECIAL) -> list[str]:
    """Raw items of ``text`` split at every separator not preceded by an escaping backslash.

    A CR LF pair counts as one line break (an escaped CR and LF are two escapes, each with its
    backslash). The items keep their escapes (``unescape_item``)."""
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and (text[i + 1] == "\\" or text[i + 1] in special):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch in special:
            items.append("".join(current))
            current = []
            if ch == "\r" and text[i + 1 : i + 2] == "\n":
                i += 1
        else:
            current.append(ch)
        i += 1
    items.append("".join(current))
    return items


def unescape_item(raw: str, special: str = LIST_SPECIAL) -> str:
    out = []
    i = 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw) and (raw[i + 1] == "\\" or raw[i + 1] in special):
            out.append(raw[i + 1])
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


def split_list(text: str) -> list[str]:
    """Items of a list cell, separated by semicolons or line breaks (commas stay in names)."""
    items = (unescape_item(raw).strip() for raw in split_escaped(text))
    return [item for item in items if item]


def split_lines(text: str) -> list[str]:
    """Raw lines of a cell (line breaks escaped with a backslash stay inside their line)."""
    return split_escaped(text, LINE_SPECIAL)


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(text_of(value))
    if folded in ("ja", "yes", "x", "1", "wahr", "true", "erledigt", "done"):
        return True
    if folded in ("nein", "no", "0", "falsch", "false", ""):
        return False
    raise CellProblem(_("“{value}” is neither yes nor no").format(value=text_of(value)))


_GUARDED = re.compile(r"^'+[=+\-@\t\r]")


def needs_formula_guard(text: str) -> bool:
    """Text a spreadsheet takes for a formula, or text that already starts with guard apostrophes."""
    return text.startswith(FORMULA_START) or (text[:1] == "'" and _GUARDED.match(text) is not None)


def unescape_formula_guard(text: str) -> str:
    """Remove the apostrophe our CSV export puts before text that looks like a formula."""
    if text[:1] == "'" and _GUARDED.match(text):
        return text[1:]
    return text


#: What a line of parts ("12.05.2024 MoU unterzeichnet | Dokument: DS 1234") escapes in its texts.
PART_SPECIAL = "|\n\r"


def escaped_part(text: str) -> str:
    """A text inside a line of parts: "|", line breaks and backslashes get a backslash."""
    return "".join("\\" + ch if ch == "\\" or ch in PART_SPECIAL else ch for ch in text)


def lines_of_parts(text: str) -> Iterator[tuple[str, list[str]]]:
    """Per non-empty line of a cell: its first part (unescaped, trimmed) and its further raw parts."""
    for line in split_lines(text):
        raw_parts = split_escaped(line, "|")
        head = unescape_item(raw_parts[0], PART_SPECIAL).strip()
        if head or len(raw_parts) > 1:
            yield head, raw_parts[1:]
