"""Where the forms' pickers find names: small queries through the services, as the user types.

Nothing here holds a whole register. Each ``RecordLookup`` answers a picker's search with
at most ``MATCH_LIMIT`` names and keeps the names of linked records it was asked for (so a
form that shows the same organisation twice reads it once) until records change.
On a server each query runs off the GUI thread (``background.call``).
"""

from __future__ import annotations

from collections.abc import Iterable

from partnerdesk.domain.records import KeyFact
from partnerdesk.services import choices as choice_lists
from partnerdesk.services.workspace import Database
from partnerdesk.ui import background


class RecordLookup:
    """The ``NameLookup`` of the pickers for one register, over the services."""

    def __init__(self, db: Database, kind: str) -> None:
        self.db = db
        self.kind = kind
        self._names: dict[str, str] = {}

    def search(self, text: str) -> list[tuple[str, str]]:
        matches = background.call(self.db, choice_lists.matching_names, self.db, self.kind, text)
        self._names.update(matches)
        return matches

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = [i for i in dict.fromkeys(ids) if i]
        missing = [i for i in wanted if i not in self._names]
        if missing:
            self._names.update(background.call(self.db, choice_lists.names_of, self.db, self.kind, missing))
        return {i: self._names[i] for i in wanted if i in self._names}

    def forget(self) -> None:
        self._names.clear()


class StaffLookup(RecordLookup):
    """Contacts of the city's own units only: who may be responsible (names of others still show)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, "contacts")

    def search(self, text: str) -> list[tuple[str, str]]:
        from partnerdesk.services import responsible

        matches = background.call(self.db, responsible.staff_matching, self.db, text)
        self._names.update(matches)
        return matches


class Choices:
    """The lookups per register and the themes in use, for the forms of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lookups: dict[str, RecordLookup] = {}
        self._themes: list[str] | None = None
        self._key_facts: dict[str, list[KeyFact]] = {}

    def lookup(self, kind: str) -> RecordLookup:
        if kind not in self._lookups:
            self._lookups[kind] = RecordLookup(self.db, kind)
        return self._lookups[kind]

    def staff(self) -> RecordLookup:
        """The lookup of the "Verantwortlich" pickers (forgotten with the contacts')."""
        if "staff" not in self._lookups:
            self._lookups["staff"] = StaffLookup(self.db)
        return self._lookups["staff"]

    def me(self) -> str | None:
        """Who "I" am (``services.me``): a new follow-up's responsible person. A convenience, so a
        problem reading it leaves the field empty rather than stopping the form."""
        from partnerdesk.domain.errors import PartnerDeskError
        from partnerdesk.services import me

        try:
            return background.call(self.db, me.me, self.db)
        except PartnerDeskError:
            return None

    def key_facts(self, organisation_id: str) -> list[KeyFact]:
        """An organisation's key facts (a partnership form shows its partner's), read once until
        organisations change."""
        if organisation_id not in self._key_facts:
            self._key_facts[organisation_id] = background.call(
                self.db, choice_lists.key_facts_of, self.db, organisation_id)
        return self._key_facts[organisation_id]

    def themes(self) -> list[str]:
        if self._themes is None:
            self._themes = background.call(self.db, choice_lists.themes, self.db)
        return self._themes

    def invalidate(self, kind: str | None = None) -> None:
        """Records of ``kind`` (None: any) changed: names and themes are read again when needed."""
        for lookup_kind, lookup in self._lookups.items():
            if kind is None or kind == lookup_kind or (lookup_kind == "staff" and kind in ("contacts", "organisations")):
                lookup.forget()
        if kind in (None, "partnerships"):
            self._themes = None
        if kind in (None, "organisations"):
            self._key_facts.clear()
