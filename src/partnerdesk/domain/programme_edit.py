"""Changes to an action programme as pure functions (the window's undo steps, imports), and the
reading of numbers, years and days as the office types them ("7,5", "2027", "30.09.2025")."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from partnerdesk.domain import programme, translations
from partnerdesk.domain.programme import CHILD_KIND, ItemKind, ProgrammeItem
from partnerdesk.i18n import _


class EntryError(ValueError):
    """A typed value that is not what the field takes; the message is German and names the value."""


def parse_number(text: str) -> Decimal | None:
    """``"7,5"``, ``"1.234,5"``, ``"7.5"``, ``"-3"`` -> Decimal; ``""`` -> None."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise EntryError(_("“{value}” is not a number").format(value=text.strip()))
    return programme.plain(value)


def parse_year(text: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if not re.fullmatch(r"\d{4}", cleaned):
        raise EntryError(_("“{value}” is not a year (four digits, e.g. 2027)").format(value=cleaned))
    return int(cleaned)


def parse_day(text: str) -> date | None:
    """``"30.09.2025"`` or ``"2025-09-30"``."""
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", cleaned):
            day, month, year = (int(part) for part in cleaned.split("."))
            return date(year, month, day)
        return date.fromisoformat(cleaned)
    except ValueError:
        raise EntryError(_("“{value}” is not a date (e.g. 30.09.2025)").format(value=cleaned)) from None


def with_translation(translated: str, language: str, text: str) -> str:
    """``translated`` (``code: text`` lines) with ``language``'s line set to ``text`` (removed when
    empty), the other languages kept. Lines that do not parse raise ``ValueError``."""
    found = translations.parse(translated)
    if text.strip():
        found[language] = " ".join(text.split())
    else:
        found.pop(language, None)
    return translations.join(found)


def added(items: list[ProgrammeItem], parent_id: str | None, kind: ItemKind | None = None) -> tuple[list[ProgrammeItem], ProgrammeItem]:
    """``items`` with a new, empty item as the last child of ``parent_id`` (the kind that usually
    stands there unless ``kind`` is given), and the new item."""
    parent = next((i for i in items if i.id == parent_id), None)
    new = ProgrammeItem(parent_id=parent.id if parent else None, kind=kind or CHILD_KIND[parent.kind if parent else None])
    if new.kind == ItemKind.MEASURE:
        new.status = programme.MeasureStatus.PLANNED
    return programme.ordered([*items, new]), new


def subtree_ids(items: list[ProgrammeItem], item_id: str) -> set[str]:
    found = {item_id}
    for _depth, item in programme.walk(items, item_id):
        found.add(item.id)
    return found


def removed(items: list[ProgrammeItem], item_id: str) -> list[ProgrammeItem]:
    """``items`` without ``item_id`` and everything under it."""
    gone = subtree_ids(items, item_id)
    return [item for item in items if item.id not in gone]


def moved(items: list[ProgrammeItem], item_id: str, step: int) -> list[ProgrammeItem]:
    """``items`` with ``item_id`` moved ``step`` places among its siblings (its subtree with it);
    unchanged at either end."""
    ordered = programme.ordered(items)
    item = next(i for i in ordered if i.id == item_id)
    siblings = programme.children(ordered, item.parent_id)
    place = siblings.index(item) + step
    if not 0 <= place < len(siblings):
        return ordered
    siblings.remove(item)
    siblings.insert(place, item)
    return programme.ordered(_regrouped(ordered, item.parent_id, siblings))


def _regrouped(items: list[ProgrammeItem], parent_id: str | None, siblings: list[ProgrammeItem]) -> list[ProgrammeItem]:
    """``items`` with the children of ``parent_id`` in the order of ``siblings`` (``ordered`` keeps
    the list's order under each parent)."""
    rest = [i for i in items if i.parent_id != parent_id]
    return [*rest, *siblings]


def replaced(items: list[ProgrammeItem], item: ProgrammeItem) -> list[ProgrammeItem]:
    return [item if i.id == item.id else i for i in items]


def retitled(item: ProgrammeItem, **changes: object) -> ProgrammeItem:
    return dataclasses.replace(item, **changes)  # type: ignore[arg-type]
