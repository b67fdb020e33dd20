"""A partnership's joint action programme (gemeinsames Handlungsprogramm, issue 24).

Climate partnerships (SKEW "Kommunale Klimapartnerschaften") agree on a programme for both
cities: fields of action, their goals, the measures that reach them and the indicators that
show progress. Here it is a flat list of items, each naming its parent (``parent_id``), kept
in order (``ordered``): a field of action stands at the top, a goal under a field, a measure
under a goal, an indicator under a goal or a measure.

Texts are German (``title``, ``description``) with their translations in the same
``code: text`` lines as the MoU's (``domain.translations``): a programme is printed in German
and the partner's language. Indicators carry a unit, a baseline and a target (each a value
with a year) and measured values over time; measures carry the responsible actors in both
cities, a period in years, a status, linked projects and the grants that fund them.

``item_problems`` names each mistake with the item's field, so the window shows it at the
field and validation refuses the partnership whole.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from partnerdesk.domain import limits
from partnerdesk.domain.enums import LabelledEnum
from partnerdesk.i18n import N_, _, ngettext

#: Numbers of a programme: at most this large (as money amounts, ten-thousandths exact).
LARGEST_VALUE = Decimal("99999999999999")
TITLE_LENGTH = 500
UNIT_LENGTH = 100
SOURCE_LENGTH = 500
RESPONSIBLE_LENGTH = 2_000


def _new_id() -> str:
    return str(uuid.uuid4())


class ItemKind(LabelledEnum):
    FIELD = "field"
    GOAL = "goal"
    MEASURE = "measure"
    INDICATOR = "indicator"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "field": N_("Field of action"),
            "goal": N_("Goal"),
            "measure": N_("Measure"),
            "indicator": N_("Indicator"),
        }


class MeasureStatus(LabelledEnum):
    PLANNED = "planned"
    RUNNING = "running"
    DONE = "done"
    DELAYED = "delayed"
    DROPPED = "dropped"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "planned": N_("Planned"),
            "running": N_("Running"),
            "done": N_("Done"),
            "delayed": N_("Delayed"),
            "dropped": N_("Dropped"),
        }


#: What each kind of item may stand under (``None``: at the top).
PARENTS: dict[ItemKind, tuple[ItemKind | None, ...]] = {
    ItemKind.FIELD: (None,),
    ItemKind.GOAL: (ItemKind.FIELD,),
    ItemKind.MEASURE: (ItemKind.GOAL,),
    ItemKind.INDICATOR: (ItemKind.GOAL, ItemKind.MEASURE),
}
#: The kind a new item under an item of this kind gets by default.
CHILD_KIND: dict[ItemKind | None, ItemKind] = {
    None: ItemKind.FIELD, ItemKind.FIELD: ItemKind.GOAL, ItemKind.GOAL: ItemKind.MEASURE,
    ItemKind.MEASURE: ItemKind.INDICATOR,
}


@dataclass(kw_only=True)
class MeasuredValue:
    """One measured value of an indicator: in a year or on a day, with its source."""

    id: str = field(default_factory=_new_id)
    year: int | None = None
    on: date | None = None
    value: Decimal | None = None
    source: str = ""


@dataclass(kw_only=True)
class ProgrammeItem:
    """A field of action, goal, measure or indicator; fields another kind does not use stay empty."""

    id: str = field(default_factory=_new_id)
    parent_id: str | None = None
    kind: ItemKind = ItemKind.FIELD
    title: str = ""
    #: The title and description in other languages, one "fr: …" per line (``domain.translations``).
    title_translations: str = ""
    description: str = ""
    description_translations: str = ""
    # Indicators
    unit: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int | None = None
    measured: list[MeasuredValue] = field(default_factory=list)
    # Measures
    responsible_city: str = ""
    responsible_partner: str = ""
    period_from: int | None = None
    period_until: int | None = None
    status: MeasureStatus | None = None
    project_ids: list[str] = field(default_factory=list)
    #: Grants (register "Zuwendungen") that fund the measure.
    grant_ids: list[str] = field(default_factory=list)

    def text_in(self, language: str) -> str:
        """The title in ``language`` (German: the title itself); the German title where none is given."""
        from partnerdesk.domain import translations  # (countries, pycountry: not at the command line's start)

        return translations.in_language(self.title, self.title_translations, language)


def plain(value: Decimal | None) -> Decimal | None:
    """``value`` without trailing zeros and without exponent ("12.00" -> 12, "7.50" -> 7.5, 100 stays 100)."""
    if value is None or not value.is_finite():
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def children(items: Iterable[ProgrammeItem], parent_id: str | None) -> list[ProgrammeItem]:
    return [item for item in items if item.parent_id == parent_id]


def walk(items: list[ProgrammeItem], parent_id: str | None = None, depth: int = 0) -> Iterator[tuple[int, ProgrammeItem]]:
    """``(depth, item)`` depth first, in the list's order under each parent; items whose parent
    is missing are not reached (``item_problems`` names them)."""
    for item in children(items, parent_id):
        yield depth, item
        yield from walk(items, item.id, depth + 1)


def ordered(items: list[ProgrammeItem]) -> list[ProgrammeItem]:
    """The items depth first (as stored and printed), then any not reachable from the top."""
    reached = [item for _depth, item in walk(items)]
    seen = {item.id for item in reached}
    return reached + [item for item in items if item.id not in seen]


def ancestors(items: list[ProgrammeItem], item: ProgrammeItem) -> dict[ItemKind, ProgrammeItem]:
    """The field of action, goal and measure above ``item``, by kind."""
    by_id = {i.id: i for i in items}
    found: dict[ItemKind, ProgrammeItem] = {}
    current = by_id.get(item.parent_id or "")
    while current is not None and current.kind not in found:
        found[current.kind] = current
        current = by_id.get(current.parent_id or "")
    return found


def label(item: ProgrammeItem) -> str:
    kind = item.kind.label if isinstance(item.kind, ItemKind) else str(item.kind)
    return f"{kind} „{item.title.strip()}“" if item.title.strip() else kind


def _year_ok(value: object) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)
            and limits.EARLIEST_DATE.year <= value <= limits.LATEST_DATE.year)


def _number_ok(value: object) -> bool:
    return (isinstance(value, Decimal) and value.is_finite() and abs(value) <= LARGEST_VALUE
            and value.as_tuple().exponent >= -4)  # type: ignore[operator]


def _year_problem(value: int | None, label_text: str) -> str | None:
    if value is None or _year_ok(value):
        return None
    return _("{field} must be a year between {first} and {last}").format(
        field=label_text, first=limits.EARLIEST_DATE.year, last=limits.LATEST_DATE.year)


def _number_problem(value: object, label_text: str) -> str | None:
    if value is None or _number_ok(value):
        return None
    return _("{field} is not a number (at most 14 digits before and 4 after the decimal point)").format(field=label_text)


def item_problems(item: ProgrammeItem, parent: ProgrammeItem | None) -> list[tuple[str, str]]:
    """``(field, German message)`` for each mistake of ``item`` under ``parent``."""
    from partnerdesk.domain import translations

    found: list[tuple[str, str]] = []
    if item.kind not in ItemKind.values():
        return [("kind", _("Unknown kind of item “{value}”").format(value=item.kind))]
    kind = ItemKind(item.kind)
    if (parent.kind if parent is not None else None) not in PARENTS[kind]:
        if parent is None:
            found.append(("parent_id", _("A “{kind}” cannot stand at the top level").format(kind=kind.label)))
        else:
            where = parent.kind.label if isinstance(parent.kind, ItemKind) else str(parent.kind)
            found.append(("parent_id", _("A “{kind}” cannot stand under a “{parent}”").format(kind=kind.label, parent=where)))
    if not item.title.strip():
        found.append(("title", _("The title must not be empty")))
    for name, limit in (("title", TITLE_LENGTH), ("unit", UNIT_LENGTH), ("responsible_city", RESPONSIBLE_LENGTH),
                        ("responsible_partner", RESPONSIBLE_LENGTH), ("description", limits.LONG_TEXT),
                        ("title_translations", limits.LONG_TEXT), ("description_translations", limits.LONG_TEXT)):
        if len(getattr(item, name)) > limit:
            found.append((name, ngettext("At most {limit} character", "At most {limit} characters", limit).format(limit=limit)))
    for name in ("title_translations", "description_translations"):
        try:
            translations.parse(getattr(item, name))
        except ValueError as exc:
            found.append((name, str(exc)))
    if kind is ItemKind.INDICATOR:
        found.extend(_indicator_problems(item))
    if kind is ItemKind.MEASURE:
        found.extend(_measure_problems(item))
    return found


def _indicator_problems(item: ProgrammeItem) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if not item.unit.strip():
        found.append(("unit", _("An indicator needs a unit (e.g. “t CO₂ per year”, “%”, “number of schools”)")))
    for name, text in (("baseline_value", _("Baseline value")), ("target_value", _("Target value"))):
        problem = _number_problem(getattr(item, name), text)
        if problem:
            found.append((name, problem))
    for name, text in (("baseline_year", _("Baseline year")), ("target_year", _("Target year"))):
        problem = _year_problem(getattr(item, name), text)
        if problem:
            found.append((name, problem))
    if _year_ok(item.baseline_year) and _year_ok(item.target_year) and item.target_year < item.baseline_year:  # type: ignore[operator]
        found.append(("target_year", _("The target year ({target}) lies before the baseline year ({baseline})").format(
            target=item.target_year, baseline=item.baseline_year)))
    for number, value in enumerate(item.measured, start=1):
        if value.year is None and value.on is None:
            found.append(("measured", _("Measured value {number}: give a year or a date").format(number=number)))
        problem = _year_problem(value.year, _("Measured value {number}: the year").format(number=number))
        if problem:
            found.append(("measured", problem))
        if value.value is None:
            found.append(("measured", _("Measured value {number}: the value is missing").format(number=number)))
        problem = _number_problem(value.value, _("Measured value {number}").format(number=number))
        if problem:
            found.append(("measured", problem))
        if len(value.source) > SOURCE_LENGTH:
            found.append(("measured", ngettext("Measured value {number}: the source has more than {limit} character",
                                               "Measured value {number}: the source has more than {limit} characters",
                                               SOURCE_LENGTH).format(number=number, limit=SOURCE_LENGTH)))
    return found


def _measure_problems(item: ProgrammeItem) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, text in (("period_from", _("Period from")), ("period_until", _("Period until"))):
        problem = _year_problem(getattr(item, name), text)
        if problem:
            found.append((name, problem))
    if _year_ok(item.period_from) and _year_ok(item.period_until) and item.period_until < item.period_from:  # type: ignore[operator]
        found.append(("period_until", _("The period ends ({until}) before it begins ({start})").format(
            until=item.period_until, start=item.period_from)))
    if item.status is not None and item.status not in MeasureStatus.values():
        found.append(("status", _("Unknown status “{value}”").format(value=item.status)))
    return found


def programme_problems(items: list[ProgrammeItem]) -> list[str]:
    """Every mistake of the programme, each naming its item (for validation and imports)."""
    by_id: dict[str, ProgrammeItem] = {}
    found: list[str] = []
    for item in items:
        if item.id in by_id:
            found.append(_("{item}: the id {id} is given twice").format(item=label(item), id=item.id))
        by_id[item.id] = item
    for item in items:
        parent = by_id.get(item.parent_id) if item.parent_id is not None else None
        if item.parent_id is not None and parent is None:
            found.append(_("{item}: the item it stands under is missing").format(item=label(item)))
            continue
        found.extend(f"{label(item)}: {message}" for _name, message in item_problems(item, parent))
    return found


def partner_language(languages: Iterable[str], fallback: str = "en") -> str:
    """The partner's language for a bilingual programme: its first language other than German."""
    for code in languages:
        if code and code != "de":  # translations.BASE_LANGUAGE
            return code
    return fallback


def copied(items: list[ProgrammeItem]) -> list[ProgrammeItem]:
    """The items with new ids (measured values too), each still under its copied parent."""
    import dataclasses

    new_ids = {item.id: _new_id() for item in items}
    return [dataclasses.replace(
        item, id=new_ids[item.id], parent_id=new_ids.get(item.parent_id or "", item.parent_id),
        measured=[dataclasses.replace(v, id=_new_id()) for v in item.measured]) for item in items]
