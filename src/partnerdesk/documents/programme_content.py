"""What a printed action programme says, for the PDF and the Word document alike.

The layout programmes use: a table per field of action with the columns goal, measure,
indicator, baseline, target, status and responsible; every text in German and, below it in
the same cell, in the partner's language (the headers too). A measure's indicators stand in
the rows under it; a goal's own indicators in rows of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from partnerdesk.domain import programme, translations
from partnerdesk.domain.programme import ItemKind, ProgrammeItem
from partnerdesk.i18n import DOCUMENT_LANGUAGES, N_, _, document_catalogue
from partnerdesk.services.programme import ProgrammeView

#: The table's columns (English source; German and the partner's language are printed).
HEADERS = (N_("Goal"), N_("Measure"), N_("Indicator"), N_("Baseline"), N_("Target"), N_("Status"), N_("Responsible"))
TITLE = N_("Joint action programme")
FIELD_HEADING = N_("Field of action {number}")
OUR_CITY = N_("Our city")
PARTNER_CITY = N_("Partner city")


@dataclass(frozen=True)
class Both:
    """A text in German and in the partner's language ("" where none is recorded or it is the same)."""

    german: str
    partner: str = ""


@dataclass
class FieldTable:
    heading: Both
    description: Both
    #: Rows of ``len(HEADERS)`` cells.
    rows: list[list[Both]] = field(default_factory=list)


@dataclass
class ProgrammeContent:
    title: Both
    subtitle: str
    language: str
    headers: list[Both]
    fields: list[FieldTable]
    empty_note: str = ""


def _partner_translate(language: str) -> Callable[[str], str]:
    return document_catalogue(language).gettext if language in DOCUMENT_LANGUAGES else (lambda text: text)


def _german(text: str) -> str:
    return document_catalogue("de").gettext(text)


def _both(item: ProgrammeItem | None, language: str) -> Both:
    if item is None:
        return Both("")
    other = translations.in_language("", item.title_translations, language) if language != "de" else ""
    return Both(item.title, other if other != item.title else "")


def _number(value: object) -> str:
    plain = programme.plain(value)  # type: ignore[arg-type]
    return "" if plain is None else f"{plain:f}"


def _value(number: str, unit: str, year: int | None, language: str) -> str:
    if not number:
        return ""
    shown = number.replace(".", ",") if language in ("de", "fr", "ro") else number
    return f"{shown} {unit}".strip() + (f" ({year})" if year else "")


def _value_both(item: ProgrammeItem, value: object, year: int | None, language: str) -> Both:
    number = _number(value)
    german, partner = _value(number, item.unit, year, "de"), _value(number, item.unit, year, language)
    return Both(german, partner if partner != german else "")


def _status(item: ProgrammeItem | None, translate: Callable[[str], str]) -> Both:
    if item is None or item.status is None:
        return Both("")
    german, partner = item.status.label_in(_german), item.status.label_in(translate)
    return Both(german, partner if partner != german else "")


def _responsible(item: ProgrammeItem | None, translate: Callable[[str], str]) -> Both:
    if item is None:
        return Both("")
    parts = [(OUR_CITY, item.responsible_city), (PARTNER_CITY, item.responsible_partner)]
    german = "\n".join(f"{_german(label)}: {text}" for label, text in parts if text)
    partner = "\n".join(f"{translate(label)}: {text}" for label, text in parts if text)
    return Both(german, partner if partner != german else "")


def programme_content(view: ProgrammeView) -> ProgrammeContent:
    language, items = view.language, view.items
    translate = _partner_translate(language)
    headers = [Both(_german(h), translate(h) if translate(h) != _german(h) else "") for h in HEADERS]
    tables = []
    for number, area in enumerate(programme.children(items, None), start=1):
        heading = Both(_german(FIELD_HEADING).format(number=number) + f": {area.title}",
                       translate(FIELD_HEADING).format(number=number) + f": {_both(area, language).partner}"
                       if _both(area, language).partner else "")
        table = FieldTable(heading, Both(area.description, translations.in_language(
            "", area.description_translations, language) if language != "de" else ""))
        for goal in programme.children(items, area.id):
            first = len(table.rows)
            for child in programme.children(items, goal.id):
                if child.kind != ItemKind.MEASURE:  # an indicator of the goal itself
                    table.rows.append(_row(goal if len(table.rows) == first else None, None, child, language, translate))
                    continue
                indicators: list[ProgrammeItem | None] = [*programme.children(items, child.id)] or [None]
                for k, indicator in enumerate(indicators):  # the measure once, on its first row
                    table.rows.append(_row(goal if len(table.rows) == first else None, child if k == 0 else None,
                                           indicator, language, translate))
            if len(table.rows) == first:
                table.rows.append(_row(goal, None, None, language, translate))
        tables.append(table)
    return ProgrammeContent(
        title=Both(_german(TITLE), translate(TITLE) if translate(TITLE) != _german(TITLE) else ""),
        subtitle=f"{view.partnership.title} · {view.partner_name}",
        language=language, headers=headers, fields=tables,
        empty_note=_("This partnership has no action programme yet.") if not tables else "",
    )


def _row(goal: ProgrammeItem | None, measure: ProgrammeItem | None, indicator: ProgrammeItem | None, language: str,
         translate: Callable[[str], str]) -> list[Both]:
    """One table row; a goal or measure already shown in the rows above is left empty."""
    baseline = _value_both(indicator, indicator.baseline_value, indicator.baseline_year, language) if indicator else Both("")
    target = _value_both(indicator, indicator.target_value, indicator.target_year, language) if indicator else Both("")
    return [_both(goal, language), _both(measure, language), _both(indicator, language), baseline, target,
            _status(measure, translate), _responsible(measure, translate)]
