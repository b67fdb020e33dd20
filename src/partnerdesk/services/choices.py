"""Light lists for pickers in forms: names of linked records, found as you type, and the themes in use.

Reads only the two columns a picker shows and never a whole register, so a form opens and
answers quickly on a database with 100,000 projects.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from partnerdesk.domain.text import fold
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import PartnershipRow
from partnerdesk.services.records import SERVICE_TYPES

#: How many matches a picker shows; typing more narrows them down.
MATCH_LIMIT = 50
#: A search stops reading once it has this many matches per shown one (see ``matching_names``).
_READ_FACTOR = 4


def _columns(kind: str) -> tuple[object, object]:
    service = SERVICE_TYPES[kind]
    return service.row_type, getattr(service.row_type, service.name_column)


def matching_names(db: Database, kind: str, text: str, limit: int = MATCH_LIMIT) -> list[tuple[str, str]]:
    """Up to ``limit`` ``(id, name)`` of ``kind`` whose name contains ``text``, best first.

    Case- and accent-insensitive ("dusseldorf" finds "Düsseldorf"). Names that start with the
    text come first, then those that contain it, each sorted by name. Without text: the first
    names in alphabetical order.

    Cost stays small on any register: the search reads matching rows in storage order and
    stops as soon as it has ``limit`` names that start with the text or ``4 × limit`` that
    contain it, so a short, common text costs a few rows and a rare one one pass over the
    folded search column (no sort of all matches).
    """
    row_type, column = _columns(kind)
    needle = fold(text.strip())
    with db.read() as session:
        if not needle:
            # The name index gives the first names in order without reading the rest.
            rows = session.execute(select(row_type.id, column).order_by(column).limit(limit)).all()  # type: ignore[attr-defined]
            return sorted(((str(i), str(n)) for i, n in rows), key=lambda pair: fold(pair[1]))
        statement = select(row_type.id, column).where(
            row_type.search_text.contains(needle, autoescape=True)  # type: ignore[attr-defined]
        )
        starts: list[tuple[str, str]] = []
        contains: list[tuple[str, str]] = []
        result = session.execute(statement.execution_options(yield_per=200))
        try:
            for record_id, name in result:
                folded = fold(name)
                if folded.startswith(needle):
                    starts.append((str(record_id), str(name)))
                elif needle in folded:
                    contains.append((str(record_id), str(name)))
                else:
                    continue  # found by another field (a note, a summary), not by its name
                if len(starts) >= limit or len(starts) + len(contains) >= limit * _READ_FACTOR:
                    break
        finally:
            result.close()
    by_name = lambda pair: (fold(pair[1]), pair[1])  # noqa: E731
    return (sorted(starts, key=by_name) + sorted(contains, key=by_name))[:limit]


def names_of(db: Database, kind: str, ids: Iterable[str]) -> dict[str, str]:
    """Name of each of ``ids`` that exists (one query; for showing the links of a record)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    row_type, column = _columns(kind)
    found: dict[str, str] = {}
    with db.read() as session:
        for start in range(0, len(wanted), 500):  # stay below SQLite's variable limit
            chunk = wanted[start:start + 500]
            rows = session.execute(select(row_type.id, column).where(row_type.id.in_(chunk))).all()  # type: ignore[attr-defined]
            found.update((str(i), str(n)) for i, n in rows)
    return found


def themes(db: Database) -> list[str]:
    """Every theme used by a partnership, once, sorted."""
    with db.read() as session:
        lists = session.scalars(select(PartnershipRow.themes)).all()
    found: dict[str, str] = {}
    for themes_of_one in lists:
        for theme in themes_of_one or []:
            found.setdefault(fold(theme), theme)
    return sorted(found.values(), key=fold)
