"""The import preview's "before → after" of an update: each changed field's text as the table
writes it (dates and numbers German, linked records by name, long texts cut to one line).
Split from ``table_import`` by role."""

from __future__ import annotations

from partnerdesk.domain.records import Record
from partnerdesk.exchange import table_values as tv
from partnerdesk.exchange.table_cells import (
    export_value,
    german_date,
    german_number,
    reference_names,
)
from partnerdesk.exchange.table_fields import FIELDS
from partnerdesk.persistence.database import Database


class ChangeDescriber:
    """The text of a field before and after an update, as the table writes it."""

    def __init__(self, db: Database, kind: str) -> None:
        self.db = db
        self.kind = kind
        self._names: dict[str, str] | None = None

    def _text(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return tv.text_of(value)
        if hasattr(value, "year") and hasattr(value, "day"):
            return german_date(value)  # type: ignore[arg-type]
        if value.__class__.__name__ == "Decimal":
            return german_number(value)  # type: ignore[arg-type]
        text = str(value).replace("\n", " ⏎ ")
        return text if len(text) <= 80 else text[:79] + "…"

    def changes(self, old: Record, new: Record, groups: dict[str, list[int]]) -> list[tuple[int | None, str, str, str]]:
        by_key = {f.key: f for f in FIELDS[self.kind]}
        result: list[tuple[int | None, str, str, str]] = []
        for key, columns in groups.items():
            spec = by_key[key]
            if key == "id" or getattr(old, spec.attribute) == getattr(new, spec.attribute):
                continue
            if self._names is None:
                kinds = {ref for f in FIELDS[self.kind] if (ref := f.ref)}
                self._names = reference_names(self.db, kinds) if kinds else {}
            before = self._text(export_value(old, spec, self._names))
            after = self._text(export_value(new, spec, self._names))
            if before != after or getattr(old, spec.attribute) != getattr(new, spec.attribute):
                result.append((columns[0], spec.title, before, after))
        return result
