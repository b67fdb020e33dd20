r"""A partnership's stages in one table cell, one stage per line, and the former types on import.

A line starts with the date and the kind, further parts follow after " | ", each named:

    12.05.2024 MoU unterzeichnet | Laufzeit: 12.05.2024 bis 11.05.2027, verlängert sich | Dokument: DS 1234/24
    01.01.2022 Projekt- oder Klimapartnerschaft | Programm: SKEW – Kommunale Klimapartnerschaften | Phase: 2

The names are read in German and English ("Laufzeit"/"Term", "Programm"/"Programme",
"Phase", "Dokument"/"Document", "Notiz"/"Note"); a "|" or line break inside a text gets a
backslash. The last line is the current stage (the export writes them oldest first).

Types of earlier versions ("Klimapartnerschaft", "Projektkooperation") are read as project
partnerships with a note in the preview; a climate partnership also gets its programme as a
stage (``former_type_stage``).
"""

from __future__ import annotations

import re
from datetime import date

from partnerdesk.domain import stages as timeline
from partnerdesk.domain.enums import PartnershipType, StageKind
from partnerdesk.domain.records import Partnership, PartnershipStage
from partnerdesk.domain.text import fold
from partnerdesk.exchange import table_values as tv
from partnerdesk.i18n import _

_FIRST = re.compile(r"^\s*(\d{1,4}[-./]\d{1,2}[-./]\d{1,4})\s+(.+?)\s*$")
_PART = re.compile(r"^\s*([^\W\d_]+)\s*:\s*(.*?)\s*$", re.DOTALL)
_NAMES = {
    "laufzeit": "term", "term": "term",
    "programm": "programme", "programme": "programme", "program": "programme",
    "phase": "phase",
    "dokument": "document", "document": "document", "beleg": "document",
    "notiz": "note", "note": "note", "bemerkung": "note",
}
_UNTIL = re.compile(r"\s+(?:bis|until|to)\s+|\s*[–—]\s*", re.IGNORECASE)
_RENEWS = re.compile(r",?\s*(verlängert sich( automatisch)?|renews itself|automatische verlängerung)\s*$", re.IGNORECASE)

#: Words of former type codes and what they said (revision 0011).
FORMER_TYPES = {
    **{fold(w): "climate" for w in ("climate_partnership", "Klimapartnerschaft", "kommunale Klimapartnerschaft",
                                     "Climate partnership")},
    **{fold(w): "cooperation" for w in ("project_cooperation", "Projektkooperation", "Kooperation", "cooperation",
                                         "Projektbezogene Zusammenarbeit", "Project-based cooperation")},
}


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


def stages_cell(stages: list[PartnershipStage]) -> str:
    """The stages as the table writes them, oldest first."""
    lines = []
    for stage in timeline.ordered(stages):
        parts = [f"{_day(stage.date)} {stage.kind.label}"]
        if stage.term_from or stage.term_until or stage.automatic_renewal:
            term = _("{start} until {end}").format(start=_day(stage.term_from), end=_day(stage.term_until)).strip()
            if stage.automatic_renewal:
                term = f"{term}, {_('renews itself')}" if term else _("renews itself")
            parts.append(f"{_('Term')}: {term}")
        for label, value in ((_("Programme"), stage.programme), (_("Phase"), stage.phase),
                             (_("Document"), stage.document), (_("Note"), stage.note)):
            if value:
                parts.append(f"{label}: {tv.escaped_part(value)}")
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def parse_stages(text: str, current: list[PartnershipStage]) -> list[PartnershipStage]:
    """The stages of a cell; a stage that the record has already (same kind and date) keeps its id."""
    known = {(s.kind, s.date): s for s in current}
    result = []
    for head, further in tv.lines_of_parts(text):
        match = _FIRST.match(head)
        if match is None:
            raise tv.CellProblem(_("stage “{line}”: a stage begins with its date and kind, e.g. “12.05.2024 MoU signed”").format(
                line=head))
        day = tv.parse_date(match.group(1))
        kind = tv.parse_enum(match.group(2), StageKind)
        assert isinstance(kind, StageKind)
        stage = PartnershipStage(kind=kind, date=day)
        for raw in further:
            part = tv.unescape_item(raw, tv.PART_SPECIAL)
            named = _PART.match(part)
            name = _NAMES.get(fold(named.group(1))) if named else None
            if named is None or name is None:
                raise tv.CellProblem(_("stage “{line}”: “{part}” is none of Term, Programme, Phase, Document, Note").format(
                    line=head, part=part.strip()))
            value = named.group(2)
            if name == "term":
                _read_term(stage, value, head)
            else:
                setattr(stage, name, value)
        before = known.get((stage.kind, stage.date))
        if before is not None:
            stage.id = before.id
        result.append(stage)
    return result


def _read_term(stage: PartnershipStage, value: str, head: str) -> None:
    if renews := _RENEWS.search(value):
        stage.automatic_renewal = True
        value = value[: renews.start()]
    if not value.strip():
        return
    pieces = _UNTIL.split(value.strip(), maxsplit=1)
    if len(pieces) != 2:
        raise tv.CellProblem(_("stage “{line}”: write the term as “12.05.2024 until 11.05.2027”").format(line=head))
    start, end = (p.strip() for p in pieces)
    stage.term_from = tv.parse_date(start) if start else None
    stage.term_until = tv.parse_date(end) if end else None


def former_type(value: object) -> str | None:
    """"climate" or "cooperation" for a type word of an earlier version, else None."""
    return FORMER_TYPES.get(fold(tv.text_of(value)))


def former_type_note(value: object) -> str:
    if former_type(value) == "climate":
        return _("type “{value}” is read as a project partnership; the climate partnership stands as a stage with the "
                 "programme “{programme}”").format(value=tv.text_of(value), programme=timeline.SKEW_CLIMATE_PROGRAMME)
    return _("type “{value}” is read as a project partnership (the types of the CEMR partnership database)").format(
        value=tv.text_of(value))


def with_former_type(record: Partnership, value: object) -> None:
    """Set ``record`` to a project partnership; a former climate partnership gets its SKEW stage
    (dated by the start, else 1 January of the start year, else today, as the note says)."""
    record.type = PartnershipType.PROJECT_PARTNERSHIP
    if former_type(value) != "climate" or any(
        s.kind == StageKind.PROJECT_PARTNERSHIP and s.programme for s in record.stages
    ):
        return
    if record.start_date is not None:
        day, note = record.start_date, ""
    elif record.start_year is not None:
        day, note = date(record.start_year, 1, 1), _("Date: only the year was known.")
    else:
        day, note = date.today(), _("Date unknown: the day of the import, please check.")
    record.stages = [*record.stages, PartnershipStage(
        kind=StageKind.PROJECT_PARTNERSHIP, date=day, programme=timeline.SKEW_CLIMATE_PROGRAMME, note=note)]
