"""Filling the clause templates: placeholder values per language and the rows of text.

The result is plain structure (``Row``: kind + paragraph markup), so the builder
only lays it out. A paragraph whose placeholder has no value keeps its place with a
visible blank ("______") to fill in, in every language alike. Only a final version
leaves out what would stand there empty: a paragraph that is nothing but an empty
placeholder, a list that turned out empty and the sentence ending in ":" before it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from partnerdesk.documents import text
from partnerdesk.documents.mou.data import MouData
from partnerdesk.documents.mou.templates import Clause, Piece, TemplateSet
from partnerdesk.domain import sdg
from partnerdesk.domain.countries import country_name
from partnerdesk.domain.records import Contact

#: A line to fill in by hand where the data has no value (mayor, function, city).
BLANK = "_" * 22

Value = str | list[str]


@dataclass
class Row:
    kind: str  # "heading" | "title" | "subtitle" | "para" | "bullet"
    markup: str


def fill(
    pieces: list[Piece], values: dict[str, Value], *, as_markup: bool = True, blanks: bool = False
) -> str | None:
    """The text of ``pieces``; None when a placeholder in it has no value, or with
    ``blanks`` a visible blank line in its place."""
    out: list[str] = []
    for piece in pieces:
        if piece.name is None:
            out.append(text.markup(piece.text) if as_markup else piece.text)
            continue
        value = values.get(piece.name, "")
        if isinstance(value, list):
            value = ", ".join(v for v in value if v)
        if not value:
            if not blanks:
                return None
            value = BLANK
        out.append(text.markup(value) if as_markup else text.plain(value))
    return "".join(out)


def label(templates: TemplateSet, key: str, values: dict[str, Value], *, as_markup: bool = False) -> str:
    return fill(templates.labels[key], values, as_markup=as_markup) or ""


def _contact_line(contact: Contact, organisations: Mapping[str, object]) -> str:
    org = organisations.get(contact.organisation_id or "")
    parts = [contact.name, contact.function, getattr(org, "name", ""), contact.email, contact.phone]
    return ", ".join(p.strip() for p in parts if p and p.strip())


#: Names of the MoU languages in each MoU language (as used inside a sentence). A fixed
#: table: looking them up in pycountry's language database costs a tenth of a second.
LANGUAGE_NAMES = {
    "de": {"de": "Deutsch", "en": "Englisch", "fr": "Französisch", "ro": "Rumänisch", "ar": "Arabisch"},
    "en": {"de": "German", "en": "English", "fr": "French", "ro": "Romanian", "ar": "Arabic"},
    "fr": {"de": "allemand", "en": "anglais", "fr": "français", "ro": "roumain", "ar": "arabe"},
    "ro": {"de": "germană", "en": "engleză", "fr": "franceză", "ro": "română", "ar": "arabă"},
    "ar": {"de": "الألمانية", "en": "الإنجليزية", "fr": "الفرنسية", "ro": "الرومانية", "ar": "العربية"},
}


def language_name(code: str, lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(code, code)


#: Languages named with a preposition each ("en allemand et en français", not "en allemand et français").
LANGUAGE_PHRASES = {"fr": "en {name}"}


def _language_list(languages: list[str], lang: str, templates: TemplateSet) -> str:
    form = LANGUAGE_PHRASES.get(lang, "{name}")
    names = [form.format(name=language_name(code, lang)) for code in languages]
    conjunction = label(templates, "and", {})
    if len(names) == 1:
        return names[0]
    # Arabic "و" (and) is written joined to the word after it.
    joiner = f" {conjunction}" if conjunction == "و" else f" {conjunction} "
    return ", ".join(names[:-1]) + joiner + names[-1]


def _country(code: str, lang: str) -> str:
    """The country's name in ``lang``: the program's own table for de, en, fr, ro; CLDR's
    names (Babel) for Arabic, which the table does not hold."""
    if lang == "ar":
        from babel import Locale

        return str(Locale("ar").territories.get(code, code))
    return country_name(code, lang)


def placeholder_values(
    data: MouData, lang: str, templates: TemplateSet, languages: list[str], *, on: date, draft: int | None,
    equal_versions: bool = False,
) -> dict[str, Value]:
    p = data.partnership
    home, partner = data.home, data.partner
    values: dict[str, Value] = {
        "home_city": text.plain(home.city) or BLANK,
        "home_country": _country(home.country, lang) if home.country else BLANK,
        "home_mayor": text.plain(home.mayor.name) if home.mayor else BLANK,
        "home_mayor_function": text.plain(home.mayor.function) if home.mayor and home.mayor.function else BLANK,
        "partner_city": text.plain(partner.city) or BLANK,
        "partner_country": _country(partner.country, lang) if partner.country else BLANK,
        "partner_name": partner.organisation.name if partner.organisation else BLANK,
        "partner_mayor": text.plain(partner.mayor.name) if partner.mayor else BLANK,
        "partner_mayor_function": text.plain(partner.mayor.function)
        if partner.mayor and partner.mayor.function
        else BLANK,
        "partnership_title": p.title,
        "start_year": str(p.start_year or (p.start_date.year if p.start_date else "") or ""),
        "themes": [t for t in p.themes if t.strip()],
        "sdg_numbers": ", ".join(str(g) for g in sorted(p.sdg_goals)),
        "home_units": [o.name for o in data.coordinators],
        "home_contacts": [_contact_line(c, data.organisations) for c in data.home_contacts],
        "partner_contacts": [_contact_line(c, data.organisations) for c in data.partner_contacts],
        "projects": _history_projects(data),
        "date": _date(on, lang, partner.country),
        "draft": str(draft or ""),
        "language": language_name(lang, lang),
        "languages": _language_list(languages, lang, templates),
        # The council decision's date and paper number have no fields yet: blanks to fill in.
        "council_date": "",
        "council_number": "",
    }
    colon = "\u00a0: " if lang == "fr" else ": "
    values["sdg_goals"] = [
        f"{label(templates, 'goal', {'number': str(n)})} – {sdg.goal(n).short(lang)}{colon}{sdg.goal(n).title(lang)}"
        for n in sorted(p.sdg_goals)
        if sdg.is_goal(n)
    ]
    history = [fill(templates.labels[k], values, as_markup=False) for k in ("history_since", "history_projects")]
    values["history"] = " ".join(h for h in history if h)
    key = "languages_bilingual" if len(languages) > 1 else "languages_single"
    clause = [fill(templates.labels[key], values, as_markup=False) or ""]
    if equal_versions and len(languages) > 1:
        # Only when the office chooses it: "Beide Fassungen sind gleichermaßen maßgeblich."
        clause.append(fill(templates.labels["languages_equal"], values, as_markup=False) or "")
    values["language_clause"] = " ".join(c for c in clause if c)
    return values


#: The preamble names at most this many joint projects (the most recent ones).
HISTORY_PROJECTS = 5


def _history_projects(data: MouData) -> list[str]:
    dated = sorted(data.projects, key=lambda p: (p.start_date or date.min, p.title), reverse=True)
    return [p.title for p in dated[:HISTORY_PROJECTS]]


def _date(on: date, lang: str, partner_country: str = "") -> str:
    """The date in ``lang``; in Arabic with the month names of the partner's country where they
    differ ("25 تشرين الثاني 2026" in Palestine, Jordan, Syria; "25 نوفمبر 2026" in Egypt)."""
    from partnerdesk.documents.formatting import long_date

    if lang == "ar" and partner_country:
        from babel import localedata
        from babel.dates import format_date

        regional = f"ar_{partner_country}"
        if localedata.exists(regional):
            return format_date(on, format="long", locale=regional)
    return long_date(on, lang)


_FRENCH_SPACE = re.compile(r"[ \u00a0]+([:;!?»])|(«)[ \u00a0]+")


def french_spacing(markup: str) -> str:
    """French typography: a no-break space before ":", ";", "!", "?", "»" and after "«", so
    they never wrap onto a line of their own."""
    return _FRENCH_SPACE.sub(lambda m: f"\u00a0{m.group(1)}" if m.group(1) else f"{m.group(2)}\u00a0", markup)


def clause_rows(
    clause: Clause,
    values: dict[str, Value],
    templates: TemplateSet,
    number: int | None,
    *,
    draft: bool = True,
    as_markup: bool = True,
) -> list[Row]:
    """The rows of one clause (``number`` None for an unnumbered one): ReportLab paragraph
    markup, or plain text (``as_markup=False``) for renderers that take text as it is (``rtl_pdf``)."""
    heading = fill(clause.heading, values, as_markup=as_markup, blanks=True) or ""
    if number is not None:
        heading = f"{label(templates, 'clause_number', {'number': str(number)}, as_markup=as_markup)} {heading}"
    if clause.name == "title":
        rows = [Row("title", heading)]
        rows += [
            Row("subtitle", m) for b in clause.blocks if (m := fill(b.pieces, values, as_markup=as_markup, blanks=True))
        ]
        return rows
    escape = text.markup if as_markup else text.plain
    body: list[Row] = []
    for block in clause.blocks:
        if block.kind == "list":
            name = block.pieces[0].name or ""
            items = values.get(name) or []
            items = [items] if isinstance(items, str) else items
            items = [i for i in items if i]
            if not items and draft:
                body.append(Row("bullet", BLANK))  # a visible gap, in every language alike
                continue
            if not items and body and body[-1].kind == "para" and body[-1].markup.rstrip().endswith(":"):
                body.pop()  # the sentence introducing the empty list
            body += [Row("bullet", escape(i)) for i in items]
            continue
        only_placeholder = len(block.pieces) == 1 and block.pieces[0].name is not None
        filled = fill(block.pieces, values, as_markup=as_markup, blanks=draft or not only_placeholder)
        if filled:
            body.append(Row("bullet" if block.kind == "bullet" else "para", filled))
    if templates.language == "fr":
        for row in body:
            row.markup = french_spacing(row.markup)
        heading = french_spacing(heading)
    paras = [r for r in body if r.kind == "para"]
    if number is not None and len(paras) > 1:
        for i, row in enumerate(paras, start=1):
            row.markup = f"({i})&nbsp;{row.markup}" if as_markup else f"({i})\u00a0{row.markup}"
    return [Row("heading", heading), *body]
