"""What the forms' pickers offer, read once and re-read after records changed."""

from __future__ import annotations

from partnerdesk.persistence.database import Database
from partnerdesk.services import choices as choice_lists


class Choices:
    """Cached (id, name) lists per register and the themes in use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._names: dict[str, list[tuple[str, str]]] = {}
        self._themes: list[str] | None = None

    def names(self, kind: str) -> list[tuple[str, str]]:
        if kind not in self._names:
            self._names[kind] = choice_lists.names(self.db, kind)
        return self._names[kind]

    def themes(self) -> list[str]:
        if self._themes is None:
            self._themes = choice_lists.themes(self.db)
        return self._themes

    def invalidate(self, kind: str | None = None) -> None:
        if kind is None:
            self._names.clear()
        else:
            self._names.pop(kind, None)
        if kind in (None, "partnerships"):
            self._themes = None
