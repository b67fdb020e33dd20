"""Filling the clause templates: placeholder values per language and the rows of text.

The result is plain structure (``Row``: kind + paragraph markup), so the builder
only lays it out. A paragraph whose placeholder has no value keeps its place with a
visible blank ("______") to fill in, in every language alike. Only a final version
leaves out what would stand there empty: a paragraph that is nothing but an empty
placeholder, a list that turned out empty and the sentence ending in ":" before it.
What a signed MoU must name (legal names, representatives and their functions, the
council decision) shows in a draft as a visible blank in the column's language
("________ [Vertreter/in fehlt]"), and a final version with such a gap is refused
before anything is laid out (``data.missing_for_final``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partnerdesk.documents import text
from partnerdesk.documents.mou.clauses import ClauseEntry, chosen_clauses
from partnerdesk.documents.mou.data import MouData, may_print_personal_data
from partnerdesk.documents.mou.templates import Clause, Piece, TemplateSet, load_templates
from partnerdesk.documents.mou.untranslated import Untranslated, in_column
from partnerdesk.domain import sdg, translations
from partnerdesk.domain.countries import country_name
from partnerdesk.domain.records import Contact, Organisation
from partnerdesk.domain.stages import is_climate_partnership

#: A line to fill in by hand where the data has no value (mayor, function, city).
BLANK = "_" * 22
#: LEFT-TO-RIGHT MARK: before a reference number in Arabic text, so its digits and hyphens keep their order.
LRM = "\u200e"

Value = str | list[str]


@dataclass
class Row:
    kind: str  # "heading" | "title" | "subtitle" | "para" | "bullet"
    markup: str


#: How a list placeholder's items are joined within a sentence, per language (Arabic: "،").
LIST_SEPARATORS = {"ar": "، "}


def separator(language: str) -> str:
    return LIST_SEPARATORS.get(language, ", ")


def fill(
    pieces: list[Piece], values: dict[str, Value], *, as_markup: bool = True, blanks: bool = False, sep: str = ", ",
) -> str | None:
    """The text of ``pieces``; None when a placeholder in it has no value, or with
    ``blanks`` a visible blank line in its place. A list placeholder's items are joined by ``sep``."""
    out: list[str] = []
    for piece in pieces:
        if piece.name is None:
            out.append(text.markup(piece.text) if as_markup else piece.text)
            continue
        value = values.get(piece.name, "")
        if isinstance(value, list):
            value = sep.join(v for v in value if v)
        if not value:
            if not blanks:
                return None
            value = BLANK
        out.append(text.markup(value) if as_markup else text.plain(value))
    return "".join(out)


def label(templates: TemplateSet, key: str, values: dict[str, Value], *, as_markup: bool = False) -> str:
    return fill(templates.labels[key], values, as_markup=as_markup, sep=separator(templates.language)) or ""


def _org_name(org: Organisation | None, lang: str, marked: Collection[str] = ()) -> str:
    """The organisation's name in ``lang``: its translation, else the name itself, or for one of
    ``marked`` (the coordinating units, warned about by ``untranslated``) the marked name."""
    if org is None:
        return ""
    if org.id in marked:
        return in_column(org.name, org.name_translations, lang, "organisation")
    return translations.in_language(org.name, org.name_translations, lang)


def _contact_line(contact: Contact, organisations: Mapping[str, Organisation], personal: Collection[str],
                  lang: str = translations.BASE_LANGUAGE, marked: Collection[str] = ()) -> str:
    """A contact point by function ("Koordination Klimapartnerschaften, Büro …"); name, e-mail and
    phone only for a contact chosen for it (``personal``) whose legal basis permits it."""
    org = _org_name(organisations.get(contact.organisation_id or ""), lang, marked)
    if contact.id in personal and may_print_personal_data(contact):
        parts = [contact.name, contact.function, org, contact.email, contact.phone_line]
    elif contact.function.strip():
        parts = [contact.function, org]
    else:
        return ""  # no function to name, and the person is not to be named
    return ", ".join(p.strip() for p in parts if p and p.strip())


def _contact_lines(contacts: list[Contact], organisations: Mapping[str, Organisation], personal: Collection[str],
                   lang: str = translations.BASE_LANGUAGE, marked: Collection[str] = ()) -> list[str]:
    return list(dict.fromkeys(
        line for c in contacts if (line := _contact_line(c, organisations, personal, lang, marked))))


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


#: Quotation marks around a title inside a sentence, per language.
QUOTES = {"de": "„{}“", "en": "“{}”", "fr": "« {} »", "ro": "„{}”", "ar": "«{}»"}


def _language_list(languages: list[str], lang: str, templates: TemplateSet) -> str:
    form = LANGUAGE_PHRASES.get(lang, "{name}")
    return _joined([form.format(name=language_name(code, lang)) for code in languages], templates)


def _joined(names: list[str], templates: TemplateSet) -> str:
    """"A, B und C" in the templates' language ("" for none)."""
    conjunction = label(templates, "and", {})
    if len(names) <= 1:
        return "".join(names)
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


def gap(templates: TemplateSet, key: str) -> str:
    """The visible blank for a missing value, in the templates' language ("________ [Funktion fehlt]")."""
    return label(templates, key, {}) or BLANK


def placeholder_values(
    data: MouData, lang: str, templates: TemplateSet, languages: list[str], *, on: date, draft: int | None,
    equal_versions: bool = False, personal: Collection[str] = (),
) -> dict[str, Value]:
    p = data.partnership
    home, partner = data.home, data.partner
    council = data.council_decision

    def plain_or(value: str, key: str) -> str:
        return text.plain(value).strip() or gap(templates, key)

    values: dict[str, Value] = {
        "home_city": text.plain(home.city) or BLANK,
        "home_country": _country(home.country, lang) if home.country else BLANK,
        "home_legal_name": plain_or(home.legal_name(lang), "gap_legal_name"),
        "home_mayor": plain_or(home.representative, "gap_representative"),
        "home_mayor_function": plain_or(home.function(lang), "gap_function"),
        "partner_city": text.plain(partner.city) or BLANK,
        "partner_country": _country(partner.country, lang) if partner.country else BLANK,
        "partner_name": _org_name(partner.organisation, lang) or BLANK,
        "partner_legal_name": plain_or(partner.legal_name(lang), "gap_legal_name"),
        "partner_mayor": plain_or(partner.representative, "gap_representative"),
        "partner_mayor_function": plain_or(partner.function(lang), "gap_function"),
        "council_date": (_date(council.date, lang, partner.country) if council and council.date
                         else gap(templates, "gap_date")),
        "council_number": plain_or(council.number if council else "", "gap_number"),
        "partner_council_date": (_date(p.partner_decision_on, lang, partner.country) if p.partner_decision_on
                                 else gap(templates, "gap_date")),
        "partner_council_number": plain_or(p.partner_decision_number, "gap_number"),
        "partnership_title": p.title,
        "start_year": str(p.start_year or (p.start_date.year if p.start_date else "") or ""),
        "themes": _themes(data, lang),
        "sdg_numbers": ", ".join(str(g) for g in sorted(p.sdg_goals)),
        "home_units": _units(data, lang),
        "home_contacts": _contact_lines(data.home_contacts, data.organisations, personal, lang,
                                        {o.id for o in data.coordinators}),
        "partner_contacts": _contact_lines(data.partner_contacts, data.organisations, personal, lang),
        "projects": _history_projects(data, lang),
        "date": _date(on, lang, partner.country),
        "draft": str(draft or ""),
        "language": language_name(lang, lang),
        "languages": _language_list(languages, lang, templates),
    }
    colon = "\u00a0: " if lang == "fr" else ": "
    values["sdg_goals"] = [
        f"{label(templates, 'goal', {'number': str(n)})} – {sdg.goal(n).short(lang)}{colon}{sdg.goal(n).title(lang)}"
        .replace("’", "'")  # the templates' apostrophe, not the UN texts' typographic one beside it
        for n in sorted(p.sdg_goals)
        if sdg.is_goal(n)
    ]
    if lang == "ar":  # a reference number reads left to right: "04123-26", not "26-04123" (UAX #9 W2)
        # The council's number is the one of the decision record the MoU reads (register "Ratsbeschlüsse").
        for key, number in (("council_number", council.number if council else ""),
                            ("partner_council_number", p.partner_decision_number)):
            values[key] = LRM + text.plain(number).strip() if number.strip() else values[key]
    # Project titles in the preamble quoted and joined with "and": „A“ und „B“ (titles hold dashes and "und").
    titles = [values["projects"]] if isinstance(values["projects"], str) else values["projects"]
    quoted = {**values, "projects": _joined([QUOTES.get(lang, "“{}”").format(t) for t in titles if t], templates)}
    history = [label(templates, k, quoted) for k in ("history_since", "history_projects")]
    values["history"] = " ".join(h for h in history if h)
    # The council-decision clause's sentence on the partner's side: its decision once one is
    # needed or recorded, otherwise that the MoU is signed after it where the partner's law needs one.
    decided = p.partner_decision_required or p.partner_decision_on or p.partner_decision_number.strip()
    partner_key = "council_partner" if decided else "council_partner_open"
    values["partner_decision"] = fill(templates.labels[partner_key], values, as_markup=False) or ""
    key = "languages_bilingual" if len(languages) > 1 else "languages_single"
    clause = [fill(templates.labels[key], values, as_markup=False) or ""]
    if equal_versions and len(languages) > 1:
        # Only when the office chooses it: "Beide Fassungen sind gleichermaßen maßgeblich."
        clause.append(fill(templates.labels["languages_equal"], values, as_markup=False) or "")
    values["language_clause"] = " ".join(c for c in clause if c)
    return values


#: The preamble names at most this many joint projects (the most recent ones).
HISTORY_PROJECTS = 5


def _history_projects(data: MouData, lang: str, found: list[Untranslated] | None = None) -> list[str]:
    """The titles of the most recent joint projects in ``lang`` (an untranslated one marked)."""
    dated = sorted(data.projects, key=lambda p: (p.start_date or date.min, p.title), reverse=True)
    return [in_column(p.title, p.title_translations, lang, "project", found)
            for p in dated[:HISTORY_PROJECTS] if p.title.strip()]


def _themes(data: MouData, lang: str, found: list[Untranslated] | None = None) -> list[str]:
    """The partnership's themes in ``lang``, from the office's theme glossary."""
    return [in_column(t, data.theme_glossary.of(t), lang, "theme", found) for t in data.partnership.themes if t.strip()]


def _units(data: MouData, lang: str, found: list[Untranslated] | None = None) -> list[str]:
    """The coordinating units' names in ``lang``."""
    return [in_column(o.name, o.name_translations, lang, "organisation", found) for o in data.coordinators]


def untranslated(data: MouData, languages: Sequence[str]) -> list[Untranslated]:
    """Every theme, coordinating unit and project title an MoU in ``languages`` prints without
    its translation (German values in a German column need none)."""
    found: list[Untranslated] = []
    for lang in dict.fromkeys(languages):
        _themes(data, lang, found)
        _units(data, lang, found)
        _history_projects(data, lang, found)
    return found


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
    sep = separator(templates.language)
    heading = fill(clause.heading, values, as_markup=as_markup, blanks=True, sep=sep) or ""
    if number is not None:
        heading = f"{label(templates, 'clause_number', {'number': str(number)}, as_markup=as_markup)} {heading}"
    if clause.name == "title":
        rows = [Row("title", heading)]
        rows += [
            Row("subtitle", m) for b in clause.blocks if (m := fill(b.pieces, values, as_markup=as_markup, blanks=True, sep=sep))
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
        filled = fill(block.pieces, values, as_markup=as_markup, blanks=draft or not only_placeholder, sep=sep)
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


# --- The MoU as one content model: what the PDF and the Word document both lay out ---------------


@dataclass
class MouLanguage:
    """One language column: its templates and placeholder values."""

    code: str
    templates: TemplateSet
    values: dict[str, Value]


@dataclass
class SignatureSide:
    """One side's signature block as § 64 GO NRW wants it, per column language where it differs:
    the body's legal name ("Für die Stadt Dortmund"), the place, and the name and function of
    who signs (the representative, or with ``deputy`` "In Vertretung" the deputy chosen). A
    missing value is the column language's visible gap ("________ [Vertreter/in fehlt]")."""

    city: str
    legal_names: list[str]
    names: list[str]
    functions: list[str]
    deputy: bool = False

    @staticmethod
    def joined(values: list[str], separator: str = " / ") -> str:
        """Each distinct value once ("Oberbürgermeister / Lord Mayor")."""
        return separator.join(dict.fromkeys(v for v in values if v))


@dataclass
class MouContent:
    """Everything an MoU prints, per language: the chosen clauses (``clauses[i][j]`` are the
    rows of clause ``names[i]`` in language ``j``), the signatures clause apart from them
    (``signatures[j]``: its heading, then the text of ``signatures.txt`` printed above the
    signature blocks), the signature sides and the page labels. Built once by ``mou_content``;
    ``builder`` (PDF) and ``docx_writer`` (Word) only lay it out, so both say exactly the same."""

    languages: list[MouLanguage]
    names: list[str]
    clauses: list[list[list[Row]]]
    signatures: list[list[Row]]
    home: SignatureSide
    partner: SignatureSide
    draft: int | None

    def label(self, key: str, values: dict[str, Value] | None = None, *, as_markup: bool = False) -> list[str]:
        """``key``'s label in every language, in column order."""
        return [label(lang.templates, key, values if values is not None else lang.values, as_markup=as_markup)
                for lang in self.languages]

    def joined(self, key: str, separator: str = " / ") -> str:
        """``key``'s label in every language, each distinct text once (the watermark, the column names)."""
        return separator.join(dict.fromkeys(self.label(key, {})))


def language_clauses(
    lang: MouLanguage, chosen: Sequence[ClauseEntry], *, draft: bool = True, as_markup: bool = True
) -> list[list[Row]]:
    """Rows per chosen clause in document order ("§ n" only for numbered ones), without the
    signatures (they get a block of their own: ``signature_rows``)."""
    out: list[list[Row]] = []
    number = 0
    for entry in chosen:
        if entry.name == "signatures":
            continue
        number += entry.numbered
        clause = lang.templates.clauses[entry.name]
        out.append(clause_rows(clause, lang.values, lang.templates, number if entry.numbered else None, draft=draft,
                               as_markup=as_markup))
    return out


def signature_rows(lang: MouLanguage, *, draft: bool = True, as_markup: bool = True) -> list[Row]:
    """The signatures clause: its heading, then its paragraphs (a closing formula)."""
    return clause_rows(lang.templates.clauses["signatures"], lang.values, lang.templates, None, draft=draft,
                       as_markup=as_markup)


def mou_content(
    data: MouData, languages: list[str], *, on: date, draft: int | None, template_dirs: Sequence[Path] = (),
    clauses: Mapping[str, bool] | None = None, equal_versions: bool = False, personal: Collection[str] = (),
    deputy: Contact | None = None, as_markup: bool = True,
) -> MouContent:
    """The MoU's content: the clauses chosen (each clause's default for this kind of partnership,
    changed by ``clauses``: name → on/off), filled in every language. Contacts chosen to appear
    with their personal data (``personal``) bring the contacts clause with them; ``deputy``
    signs "In Vertretung" for our side instead of the representative. Rows are paragraph markup
    (ReportLab, Word), or with ``as_markup=False`` plain text (``rtl_pdf``, the Arabic MoU)."""
    langs = []
    for code in languages:
        templates = load_templates(code, template_dirs)
        values = placeholder_values(data, code, templates, languages, on=on, draft=draft,
                                    equal_versions=equal_versions, personal=personal)
        langs.append(MouLanguage(code, templates, values))
    switched = {"contacts": True, **(clauses or {})} if personal else clauses
    # The order is the same in every language (one index for all), so the choice is made once.
    chosen = chosen_clauses(langs[0].templates.order, is_climate_partnership(data.partnership), switched)
    per_lang = [language_clauses(lang, chosen, draft=draft is not None, as_markup=as_markup) for lang in langs]
    names = [e.name for e in chosen if e.name != "signatures"]
    rows = [[lang_rows[i] for lang_rows in per_lang] for i in range(len(names))]
    signatures = [signature_rows(lang, draft=draft is not None, as_markup=as_markup) for lang in langs]

    def side(city: str, prefix: str, signer: Contact | None = None) -> SignatureSide:
        legal = [str(lang.values[f"{prefix}_legal_name"]) for lang in langs]
        if signer is not None:
            return SignatureSide(text.plain(city), legal, [text.plain(signer.name)], [text.plain(signer.function)], True)
        return SignatureSide(text.plain(city), legal, [str(lang.values[f"{prefix}_mayor"]) for lang in langs],
                             [str(lang.values[f"{prefix}_mayor_function"]) for lang in langs])

    return MouContent(langs, names, rows, signatures, side(data.home.city, "home", deputy),
                      side(data.partner.city, "partner"), draft)


_TAG = re.compile(r"<br\s*/?>|<[^>]*>")
#: Arabic presentation forms (``text.markup`` joins Arabic letters into them for ReportLab).
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")


def plain_text(markup: str) -> str:
    """The text a row's markup prints: tags gone, ``<br/>`` a line break, entities resolved, and
    Arabic letters back in their ordinary (unjoined) form, as a Word document stores them."""
    out = _TAG.sub(lambda m: "\n" if m.group(0).startswith("<br") else "", markup)
    out = html.unescape(out) if "&" in out else out  # "&nbsp;" a no-break space, as French spacing's
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), out)
