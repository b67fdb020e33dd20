"""What a record is found by (``search_text``) and sorted by (the name/title key), and keeping
both in step with the folding rules of this version of PartnerDesk.

``search_text`` and the ``*_key`` columns are stored folded (``domain.text``), and the
organisations' text holds the German country name. When the folding rules or the country
names change (``domain.search_version``), the stored values of an existing database are made again the
first time this version uses it: ``ensure_current`` (called when the window or the command
line opens a database, and before any search as a fallback) compares the version stored in
``database_info`` and, if it differs, rewrites both columns of every record in ONE write
transaction. That is no user change: versions, timestamps and the travel journal stay as
they were; the text index (FTS5) follows through its own triggers.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update

from partnerdesk.domain import countries
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.person_names import name_sort_text
from partnerdesk.domain.search_version import INFO_KEY, VERSION
from partnerdesk.domain.text import search_blob, sort_key
from partnerdesk.persistence import change_log
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import (
    ActivityAttendeeRow,
    ActivityRow,
    ContactPrivateRow,
    ContactRow,
    DatabaseInfo,
    DecisionRow,
    FollowUpRow,
    OrganisationKeyFactRow,
    OrganisationRow,
    PartnershipRow,
    PartnershipStageRow,
    ProjectRow,
)
from partnerdesk.persistence.tables_grants import GrantRow, ProgrammeRow
from partnerdesk.persistence.tables_programme import ProgrammeItemRow

log = logging.getLogger(__name__)

__all__ = ["INFO_KEY", "VERSION", "ensure_current", "is_current", "refresh"]
_CHUNK = 2000


# What each register is found by (the services write these on every save) ---------------------


def organisation_text(name: str, short_name: str, city: str, country: str, notes: str, translations: str = "",
                      fact_texts: Iterable[str] = ()) -> str:
    """``translations``: the name's translations ("en: Environment Department"), found by their words too;
    ``fact_texts``: the key facts' mayors' names and sources."""
    facts = " ".join(t for t in fact_texts if t)
    parts = (name, short_name, city, country, countries.country_name(country) if country else "", notes, translations)
    return search_blob(*parts, facts) if facts else search_blob(*parts)


def partnership_text(title: str, themes: Sequence[str], notes: str, stage_texts: Iterable[str] = ()) -> str:
    """Title, themes, notes and the texts of the timeline's stages (note, document, programme, phase)."""
    stage_text = " ".join(t for t in stage_texts if t)
    return search_blob(title, " ".join(themes), notes, stage_text) if stage_text else search_blob(title, " ".join(themes), notes)


def contact_text(name: str, function: str) -> str:
    """What anybody may find a contact by; its personal data is in ``contact_private_text``."""
    return search_blob(name, function)


def contact_private_text(email: str, phone: str, notes: str, address: str = "") -> str:
    """The folded personal data of a contact, kept beside it in ``contact_private`` (a server
    shows that row only to the personal-data role, so nobody else finds a contact by it)."""
    return search_blob(email, phone, notes, address) if address else search_blob(email, phone, notes)


def project_text(title: str, summary: str, notes: str, translations: str = "", *, results: str = "",
                 funding_programme: str = "", file_reference: str = "") -> str:
    """``translations``: the title's translations, found by their words too; the results, funding
    programme and file reference (the project sheet's facts) too."""
    return search_blob(title, summary, notes, translations, results, funding_programme, file_reference)


def activity_text(title: str, place: str, notes: str, follow_ups: Iterable[str], attendees: str = "") -> str:
    """Title, place, notes, follow-ups and the participants' names, organisations and roles
    (never their dietary or accessibility notes: those are nobody's search term)."""
    return search_blob(title, place, notes, " ".join(follow_ups), attendees)


def attendee_words(attendees: Iterable[Any]) -> str:
    """The searchable words of a participant list (``Attendee`` records or rows)."""
    return " ".join(" ".join(p for p in (a.name, a.organisation, a.role) if p) for a in attendees)


def decision_text(title: str, committee: str, number: str, notes: str) -> str:
    return search_blob(title, committee, number, notes)


def programme_text(name: str, funder: str, notes: str) -> str:
    return search_blob(name, funder, notes)


def grant_text(title: str, file_reference: str, special_conditions: str, notes: str) -> str:
    """Title, Aktenzeichen, special conditions and notes (not the receipts: thousands per grant)."""
    return search_blob(title, file_reference, special_conditions, notes)


# Keeping stored texts current ----------------------------------------------------------------

_CURRENT: weakref.WeakKeyDictionary[Database, bool] = weakref.WeakKeyDictionary()


def is_current(db: Database) -> bool:
    """Whether ``db``'s stored texts follow this version's rules (one small read, or none)."""
    if _CURRENT.get(db):
        return True
    try:
        current = db.info(INFO_KEY) == VERSION
    except PartnerDeskError:
        return True  # unreadable now: ``ensure_current`` will say so, nothing to wait for
    if current:
        _CURRENT[db] = True  # ``ensure_current`` need not ask again
    return current


def ensure_current(db: Database) -> None:
    """Make the stored search texts and sort keys again if they follow other rules (once per ``db``).

    A database that cannot be written (read-only file, no permission) keeps its texts: search
    then works as the older version did, and a warning goes to the log.
    """
    if _CURRENT.get(db):
        return
    try:
        if db.info(INFO_KEY) != VERSION:
            changed = refresh(db)
            log.info("search texts made again for %s: %d records changed", VERSION, changed)
    except PartnerDeskError as exc:
        log.warning("search texts could not be made again for %s: %s", VERSION, exc.message)
    _CURRENT[db] = True


def refresh(db: Database) -> int:
    """Rewrite ``search_text`` and the sort key of every record whose stored value differs.

    One transaction; the number of records changed. Also used by the tests and the benchmark.
    """
    changed = 0
    with db.write() as session:
        done = session.get(DatabaseInfo, INFO_KEY)
        if done is not None and done.value == VERSION:
            return 0  # another program did it while this one waited for the write lock
        connection = session.connection()
        with change_log.paused(connection):
            for row_type, key, computed in _RECIPES:
                for batch in _computed(session, row_type, key, computed):
                    session.execute(
                        update(row_type.__table__)
                        .where(row_type.__table__.c.id == bindparam("row_id"))
                        .values({"search_text": bindparam("text"), key: bindparam("key")}),
                        batch,
                    )
                    changed += len(batch)
            changed += _refresh_private(session)
        db.set_info(INFO_KEY, VERSION, session)
    return changed


def _computed(session: Any, row_type: Any, key: str, computed: Any) -> Iterator[list[dict[str, str]]]:
    """Batches of ``{row_id, text, key}`` for the rows whose stored values differ, by id."""
    table = row_type.__table__
    source = "name" if key == "name_key" else "title"
    sorted_by: Callable[[Any], str] = _contact_sort_text if row_type is ContactRow else (lambda r: r[source] or "")
    last = None
    while True:
        query = select(table).order_by(table.c.id).limit(_CHUNK)
        if last is not None:  # keyset paging (PostgreSQL's ids are UUIDs: no "" to start from)
            query = query.where(table.c.id > last)
        rows = session.execute(query).mappings().all()
        if not rows:
            return
        last = rows[-1]["id"]
        ids = [r["id"] for r in rows]
        extra = (_follow_ups(session, ids) if row_type is ActivityRow else _stages(session, ids) if row_type is PartnershipRow
                 else _key_facts(session, ids) if row_type is OrganisationRow else {})
        batch = []
        for row in rows:
            text = computed(row, extra)
            new_key = sort_key(sorted_by(row))
            if text != row["search_text"] or new_key != row[key]:
                batch.append({"row_id": row["id"], "text": text, "key": new_key})
        if batch:
            yield batch


def _contact_sort_text(row: Any) -> str:
    return name_sort_text(row["first_name"], row["last_name"])


def _refresh_private(session: Any) -> int:
    """``contact_private.search_text`` made again where it differs (no journal: not a record table).

    On a server a user without the personal-data role sees no row here and changes none;
    those texts stay as they were until the folding rules change again.
    """
    t: Any = ContactPrivateRow.__table__
    rows = session.execute(select(t.c.contact_id, t.c.email, t.c.phone, t.c.notes, t.c.address, t.c.search_text)).all()
    batch = [
        {"row_id": r.contact_id, "text": text}
        for r in rows
        if (text := contact_private_text(r.email, r.phone, r.notes, r.address)) != r.search_text
    ]
    for start in range(0, len(batch), _CHUNK):
        session.execute(
            update(t).where(t.c.contact_id == bindparam("row_id")).values(search_text=bindparam("text")),
            batch[start:start + _CHUNK],
        )
    return len(batch)


def _follow_ups(session: Any, ids: list[str]) -> dict[str, tuple[list[str], str]]:
    """Per activity: its follow-ups' texts and its participants' words."""
    texts: dict[str, list[str]] = {}
    t = FollowUpRow.__table__
    query = select(t.c.activity_id, t.c.text).where(t.c.activity_id.in_(ids)).order_by(t.c.activity_id, t.c.position)
    for activity_id, text in session.execute(query):
        texts.setdefault(activity_id, []).append(text)
    people: dict[str, list[Any]] = {}
    a = ActivityAttendeeRow.__table__
    query = select(a.c.activity_id, a.c.name, a.c.organisation, a.c.role).where(a.c.activity_id.in_(ids))
    for row in session.execute(query.order_by(a.c.activity_id, a.c.position)):
        people.setdefault(row.activity_id, []).append(row)
    return {i: (texts.get(i, []), attendee_words(people.get(i, []))) for i in texts.keys() | people.keys()}


def _stages(session: Any, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    t = PartnershipStageRow.__table__
    query = (select(t.c.partnership_id, t.c.note, t.c.document, t.c.programme, t.c.phase)
             .where(t.c.partnership_id.in_(ids)).order_by(t.c.partnership_id, t.c.position))
    for partnership_id, *texts in session.execute(query):
        found.setdefault(partnership_id, []).extend(texts)
    p = ProgrammeItemRow.__table__  # then the action programme's words (services.programme_mapping.search_texts)
    query = (select(p.c.partnership_id, p.c.title, p.c.title_translations, p.c.description, p.c.description_translations,
                    p.c.unit, p.c.responsible_city, p.c.responsible_partner)
             .where(p.c.partnership_id.in_(ids)).order_by(p.c.partnership_id, p.c.position))
    for partnership_id, *texts in session.execute(query):
        found.setdefault(partnership_id, []).extend(texts)
    return found


def _key_facts(session: Any, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    t = OrganisationKeyFactRow.__table__
    query = (select(t.c.organisation_id, t.c.name, t.c.source)
             .where(t.c.organisation_id.in_(ids)).order_by(t.c.organisation_id, t.c.position))
    for organisation_id, *texts in session.execute(query):
        found.setdefault(organisation_id, []).extend(texts)
    return found


_RECIPES: tuple[tuple[Any, str, Any], ...] = (
    (OrganisationRow, "name_key", lambda r, x: organisation_text(
        r["name"], r["short_name"], r["city"], r["country"], r["notes"], r["name_translations"], x.get(r["id"], []))),
    (PartnershipRow, "title_key", lambda r, x: partnership_text(r["title"], r["themes"] or [], r["notes"], x.get(r["id"], []))),
    (ContactRow, "name_key", lambda r, _x: contact_text(r["name"], r["function"])),
    (ProjectRow, "title_key", lambda r, _x: project_text(
        r["title"], r["summary"], r["notes"], r["title_translations"],
        results=r["results"], funding_programme=r["funding_programme"], file_reference=r["file_reference"])),
    (ActivityRow, "title_key", lambda r, x: activity_text(r["title"], r["place"], r["notes"], *x.get(r["id"], ([], "")))),
    (DecisionRow, "title_key", lambda r, _x: decision_text(r["title"], r["committee"], r["number"], r["notes"])),
    (ProgrammeRow, "name_key", lambda r, _x: programme_text(r["name"], r["funder"], r["notes"])),
    (GrantRow, "title_key", lambda r, _x: grant_text(r["title"], r["file_reference"], r["special_conditions"], r["notes"])),
)
