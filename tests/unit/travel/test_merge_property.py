"""Property: random edits on both sides; every change ends up in the result or in the report.

Both sides get a random sequence of creations, field edits, list edits and deletions
through the services. After merging (all conflicts decided for one side), every field
a side changed holds that side's value in the office database -- or the report names
it (a decided conflict, or a note about a link that could not be kept). Merging the
same travel copy again brings what each side changed since (against the copy's state
at the first merge, the base of the second), and a third time changes nothing. On an office file
and on an office database on a server (the PostgreSQL lane).
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from partnerdesk.domain.errors import DependentsError
from partnerdesk.domain.person_names import joined_name
from partnerdesk.domain.records import Contact, Organisation, Partnership
from partnerdesk.domain.serialization import record_to_dict
from partnerdesk.persistence.database import create_database
from partnerdesk.persistence.server import open_server_database
from partnerdesk.services import service_for
from partnerdesk.travel import apply, key_facts_merge, travelfile
from partnerdesk.travel.three_way import META_FIELDS, SET_FIELDS

pytestmark = pytest.mark.postgresql

KINDS = ("organisations", "contacts", "partnerships")
TEXTS = st.sampled_from(["", "a", "b", "Notiz", "Ärger"])
EDITS = {
    "organisations": {
        "notes": TEXTS,
        "city": TEXTS,
        "population": st.one_of(st.none(), st.integers(0, 3)),
        "languages": st.sampled_from(["de", "fr", "en"]),
    },
    "contacts": {"notes": TEXTS, "phone": TEXTS, "organisation_id": st.integers(0, 9)},
    "partnerships": {"notes": TEXTS, "themes": st.sampled_from(["A", "B", "C"]), "sdg_goals": st.integers(1, 5)},
}


@st.composite
def operation(draw):
    op = draw(st.sampled_from(["edit", "edit", "edit", "create", "delete"]))
    kind = draw(st.sampled_from(KINDS if op == "edit" else ("organisations", "contacts")))
    target = draw(st.integers(0, 9))
    if op != "edit":
        return (op, kind, target, None, None)
    field = draw(st.sampled_from(sorted(EDITS[kind])))
    return (op, kind, target, field, draw(EDITS[kind][field]))


def seed(db):
    orgs = [service_for(db, "organisations").create(Organisation(name=f"Org {i}", languages=["de"])) for i in range(3)]
    for i in range(3):
        service_for(db, "contacts").create(Contact(name=f"Person {i}", organisation_id=orgs[i].id))
    for i in range(2):
        service_for(db, "partnerships").create(
            Partnership(title=f"Partnerschaft {i}", partner_id=orgs[i].id, themes=["A"], sdg_goals=[1, 2])
        )


def run(db, side, ops):
    names = iter(range(1000))
    for op, kind, target, field, value in ops:
        service = service_for(db, kind)
        records = service.list()
        if op == "create":
            name = f"{side} neu {next(names)}"
            if kind == "organisations":
                service.create(Organisation(name=name))
            else:
                orgs = service_for(db, "organisations").list()
                service.create(Contact(name=name, organisation_id=orgs[target % len(orgs)].id if orgs else None))
            continue
        if not records:
            continue
        record = records[target % len(records)]
        if op == "delete":
            try:
                service.delete(record.id)
            except DependentsError:
                pass
            continue
        if field == "organisation_id":
            orgs = service_for(db, "organisations").list()
            value = orgs[value % len(orgs)].id if orgs and value < 8 else None
        if field in SET_FIELDS:
            items = list(getattr(record, field))
            if value in items:
                items.remove(value)
            else:
                items.append(value)
            value = items
        setattr(record, field, value)
        service.update(record)


def state(db):
    return {
        kind: {r.id: {k: v for k, v in record_to_dict(r).items() if k not in META_FIELDS}
               for r in service_for(db, kind).list()}
        for kind in KINDS
    }


def check_side(side, base, now, result, report):
    conflicts = {(d.conflict.kind, d.conflict.record_id, d.conflict.field) for d in report.conflicts}
    notes = "\n".join(report.notes)

    def covered(kind, record_id, name, field):
        return (
            (kind, record_id, None) in conflicts
            or (kind, record_id, field) in conflicts
            or (name and name in notes)
        )

    for kind in KINDS:
        for record_id in set(base[kind]) | set(now[kind]):
            b, s, r = base[kind].get(record_id), now[kind].get(record_id), result[kind].get(record_id)
            if b == s:
                continue
            fields = s or b or {}
            # contacts hold their name in parts (no "name" field): the report names them by it joined
            name = fields.get("name") or (joined_name(fields["title"], fields["first_name"], fields["last_name"])
                                          if kind == "contacts" else fields.get("title"))
            if s is None:
                assert r is None or covered(kind, record_id, name, None), (side, kind, name, "deletion lost")
                continue
            if r is None:
                assert covered(kind, record_id, name, None), (side, kind, name, "record lost")
                continue
            for field, value in s.items():
                if b is not None and value == b.get(field):
                    continue
                if field in SET_FIELDS and b is not None:
                    added = set(value) - set(b[field])
                    removed = set(b[field]) - set(value)
                    ok = added <= set(r[field]) and not (removed & set(r[field]))
                elif field == "key_facts" and b is not None:
                    # merged value by value; the same value added on both sides is one (its id from one side)
                    def facts(items):
                        return {key_facts_merge.content(f) for f in items}
                    added, removed = facts(value) - facts(b[field]), facts(b[field]) - facts(value)
                    ok = added <= facts(r[field]) and not (removed & facts(r[field]))
                else:
                    ok = r[field] == value
                assert ok or covered(kind, record_id, name, field), (side, kind, name, field, value, r[field])


@contextmanager
def office_database(kind, request, folder):
    """A new, empty office database: a file in ``folder``, or a database of the test server."""
    if kind == "postgresql":
        server = request.getfixturevalue("postgresql_server")
        url = server.create()
        db = open_server_database(url)
        try:
            yield db, url
        finally:
            db.close()
            server.drop(url)
        return
    db = create_database(Path(folder) / "office.sqlite")
    try:
        yield db, db.path
    finally:
        db.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    office_ops=st.lists(operation(), max_size=8),
    travel_ops=st.lists(operation(), max_size=8),
    prefer=st.sampled_from(["office", "travel"]),
    later_office_ops=st.lists(operation(), max_size=4),
    later_travel_ops=st.lists(operation(), max_size=4),
)
@example(  # the office adds a theme, merges, removes it again; the trip (which never had it) adds it
    office_ops=[("edit", "partnerships", 5, "themes", "C")],
    travel_ops=[("edit", "organisations", 0, "city", "")],
    prefer="office",
    later_office_ops=[("edit", "partnerships", 5, "themes", "C")],
    later_travel_ops=[("edit", "partnerships", 3, "themes", "A"), ("edit", "partnerships", 5, "themes", "C")],
)
@example(  # the same population given on both sides became two key facts with fresh ids (keyfacts lane)
    office_ops=[("edit", "organisations", 0, "city", ""), ("create", "contacts", 0, None, None),
                ("edit", "organisations", 0, "population", None), ("edit", "organisations", 0, "city", ""),
                ("edit", "organisations", 0, "city", ""), ("edit", "organisations", 0, "city", ""),
                ("edit", "organisations", 0, "population", 0)],
    travel_ops=[],
    prefer="office",
    later_office_ops=[],
    later_travel_ops=[("edit", "organisations", 0, "city", ""), ("edit", "organisations", 0, "city", ""),
                      ("edit", "organisations", 0, "population", 0)],
)
def test_every_change_is_in_the_result_or_reported(
    office_ops, travel_ops, prefer, later_office_ops, later_travel_ops, content_of, database_kind, request
):
    other = "travel" if prefer == "office" else "office"
    with tempfile.TemporaryDirectory() as folder, office_database(database_kind, request, folder) as (office, where):
        seed(office)
        trip = Path(folder) / "trip.pdtravel"
        travelfile.checkout(office, trip, None)
        base = state(office)
        with travelfile.open_travel(trip, None) as travel:
            run(office, "Büro", office_ops)
            run(travel, "Reise", travel_ops)
            office_now, travel_now = state(office), state(travel)
            report = apply.merge(office, travel, prefer=prefer, keep_report=False)
            result = state(office)
            check_side("office", base, office_now, result, report)
            check_side("travel", base, travel_now, result, report)
            # Edits on both sides after the merge: the next merge of the same copy brings the trip's.
            travel_at_merge = state(travel)
            run(office, "Büro später", later_office_ops)
            run(travel, "Reise später", later_travel_ops)
            office_now, travel_now = state(office), state(travel)
            report = apply.merge(office, travel, prefer=other, keep_report=False)
            again = state(office)
            # The second merge's base, for both sides, is the copy as it was merged: a field the office
            # changes back to that (say, a theme it had added and removes again) is no office change.
            check_side("office", travel_at_merge, office_now, again, report)
            check_side("travel", travel_at_merge, travel_now, again, report)
            # Nothing new on the copy: a third merge changes nothing.
            before = content_of(where)
            third = apply.merge(office, travel, prefer=prefer, keep_report=False)
            assert third.already_merged and third.entries == []
            assert content_of(where) == before
