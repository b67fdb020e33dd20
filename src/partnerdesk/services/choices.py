"""Light lists for pickers in forms: names of linked records, found as you type, and the themes in use.

Reads only the two columns a picker shows and never a whole register, so a form opens and
answers quickly on a database with 100,000 projects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from partnerdesk.domain import key_facts
from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact
from partnerdesk.domain.text import contains, fold, sort_key
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.portable_sql import text_position
from partnerdesk.persistence.tables import OrganisationRow, PartnershipRow
from partnerdesk.services import search_text
from partnerdesk.services.records import SERVICE_TYPES

#: How many matches a picker shows; typing more narrows them down.
MATCH_LIMIT = 50
#: Above every character a key can hold: ``key < prefix + TOP`` means "starts with prefix".
_TOP = "\U0010ffff"
#: How many rows the written-out step ("duesseldorf") reads at most to find its names.
_SPELLED_SCAN = 500
#: What a typed word has when it may be a written-out umlaut or Nordic letter.
_WRITTEN_OUT = ("ae", "oe", "ue", "aa")


def _columns(kind: str) -> tuple[Any, Any, Any]:
    """The row type, its name column and the indexed sort key of that name (``sort_key``)."""
    service = SERVICE_TYPES[kind]
    row_type = service.row_type
    return row_type, getattr(row_type, service.name_column), getattr(row_type, f"{service.name_column}_key")


def matching_names(db: Database, kind: str, text: str, limit: int = MATCH_LIMIT) -> list[tuple[str, str]]:
    """Up to ``limit`` ``(id, name)`` of ``kind`` whose name contains ``text``, best first.

    Folded as the register search folds (``domain.text.fold``: "dusseldorf" finds "Düsseldorf",
    "kohtla jarve" finds "Kohtla-Järve", "l'aquila" finds "L’Aquila"): the text is compared
    with the indexed sort key of the name (``domain.text.sort_key``). Names that start with
    the text come first, then those that contain it further on, each in register order;
    a text with "ae", "oe", "ue" or "aa" then also finds names with the letter it writes out
    ("duesseldorf", "Malmoe"), through the records' search text. Without text: the first
    names in register order.

    Both steps walk the key's index in order and stop after ``limit`` rows: the first is a
    range search, the second reads the index alone (never the table, never a sort), so even
    a text that matches nothing costs one pass over a narrow index (about 20 ms for 100,000
    projects).
    """
    search_text.ensure_current(db)
    row_type, name, key = _columns(kind)
    needle = sort_key(text)
    with db.read() as session:
        if not needle:
            rows = session.execute(select(row_type.id, name).order_by(key).limit(limit)).all()
            return [(str(i), str(n)) for i, n in rows]
        starts = session.execute(
            select(row_type.id, name).where(key >= needle, key < needle + _TOP).order_by(key).limit(limit)
        ).all()
        found = [(str(i), str(n)) for i, n in starts]
        if len(found) < limit:
            inside = session.execute(
                select(row_type.id, name).where(text_position(key, needle) > 1).order_by(key).limit(limit - len(found))
            ).all()
            found += [(str(i), str(n)) for i, n in inside]
        if len(found) < limit and any(pair in needle for pair in _WRITTEN_OUT):
            found += _written_out(session, row_type, name, key, needle, {i for i, _n in found}, limit - len(found))
    return found


def _written_out(session: Any, row_type: Any, name: Any, key: Any, needle: str, seen: set[str], limit: int) -> list[tuple[str, str]]:
    """Names that contain ``needle`` only in their written-out spelling ("duesseldorf": Düsseldorf).

    The records' ``search_text`` holds those spellings word by word; its longest word
    narrows the rows down (at most ``_SPELLED_SCAN``), the whole text is then checked
    against each name.
    """
    word = max(needle.split(), key=len)
    rows = session.execute(
        select(row_type.id, name)
        .where(text_position(row_type.search_text, word) > 0)
        .order_by(key)
        .limit(_SPELLED_SCAN)
    ).all()
    hits = [(str(i), str(n)) for i, n in rows if str(i) not in seen and contains(str(n), needle)]
    return hits[:limit]


def names_of(db: Database, kind: str, ids: Iterable[str]) -> dict[str, str]:
    """Name of each of ``ids`` that exists (one query; for showing the links of a record)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    row_type, column, _key = _columns(kind)
    found: dict[str, str] = {}
    with db.read() as session:
        for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
            chunk = wanted[start:start + 500]
            rows = session.execute(select(row_type.id, column).where(row_type.id.in_(chunk))).all()
            found.update((str(i), str(n)) for i, n in rows)
    return found


def key_facts_of(db: Database, organisation_id: str) -> list[KeyFact]:
    """An organisation's key facts as its registers show them (from its summary: per kind the
    shown value first); [] for none or an organisation that does not exist (any more)."""
    with db.read() as session:
        summary = session.scalar(select(OrganisationRow.key_facts_summary).where(OrganisationRow.id == organisation_id))
    return [fact for kind in KeyFactKind for fact in key_facts.from_summary(kind, summary)]


def themes(db: Database) -> list[str]:
    """Every theme used by a partnership, once, sorted."""
    with db.read() as session:
        lists = session.scalars(select(PartnershipRow.themes)).all()
    found: dict[str, str] = {}
    for themes_of_one in lists:
        for theme in themes_of_one or []:
            found.setdefault(fold(theme), theme)
    return sorted(found.values(), key=fold)
