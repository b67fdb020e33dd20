"""The registers' text-search index (FTS5 trigram) and the German sort keys."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Organisation, Project
from partnerdesk.domain.text import fold, sort_key
from partnerdesk.exchange.json_archive import export_archive, import_archive
from partnerdesk.exchange.table_import import apply_import, preview_file, undo_import
from partnerdesk.persistence import search_index
from partnerdesk.persistence.database import open_database
from partnerdesk.persistence.tables import OrganisationRow
from partnerdesk.services import service_for
from partnerdesk.services.registers import RegisterQuery, RegisterService

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "schemas"
_ORG = OrganisationRow.__table__

#: What users type: accents, FTS5 syntax, LIKE wildcards, quotes, lone punctuation.
TRICKY = [
    "dusseldorf", "DÜSSELDORF", "cluj", "napoca", "cluj-napoca", "stadt", "st", "e", "ß", "strasse",
    "%", "_", "%_%", "50%", '"', '""', '"stadt', 'a"b"c', "'", "''", "AND", "OR", "NOT", "NEAR", "NEAR(stadt",
    "stadt*", "*", "st*dt", "^stadt", "-stadt", "+stadt", "name:stadt", "(stadt)", "{stadt}", "[x]", "\\",
    "a\x00bc", "😀😀😀", "zzzz", "ș", "şt", "łódź", "lodz",
]


def names(connection, condition) -> list[str]:
    return sorted(connection.execute(select(_ORG.c.name).where(condition)).scalars())


@pytest.fixture
def orgs_db(db):
    service = service_for(db, "organisations")
    for name, city in [
        ("Landeshauptstadt Düsseldorf", "Düsseldorf"),
        ("Primăria Cluj-Napoca", "Cluj-Napoca"),
        ("Straßenbau AND Söhne (50% Rabatt)", "Łódź"),
        ('Verein "Stadt*Land" OR NEAR', "Iași"),
        ("name:stadt_1 ^-+ {x} [x] \\", "Zürich"),
    ]:
        service.create(Organisation(name=name, kind=OrganisationKind.NGO, city=city, country="DE"))
    return db


def test_sqlite_and_sqlcipher_have_fts5_trigrams(db):
    """Office files go through Python's sqlite3, travel copies through sqlcipher3: both need it."""
    import sqlcipher3

    with db.read() as session:
        assert search_index.supports_trigram(session.connection())
        assert search_index.is_complete(session.connection())
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{search_index.TOKENIZER}')")
    finally:
        conn.close()


def test_the_migration_writes_what_search_index_describes(db):
    with db.read() as session:
        sql = dict(session.connection().exec_driver_sql("SELECT name, sql FROM sqlite_master").all())

    def same(a: str, b: str) -> bool:
        return a.replace("IF NOT EXISTS ", "") == b.replace("IF NOT EXISTS ", "")

    for table in search_index.SEARCH_TABLES:
        assert same(sql[search_index.index_table(table)], search_index.create_table_sql(table))
        for name, text in search_index.trigger_sql(table).items():
            assert same(sql[name], text)


@pytest.mark.parametrize("indexed", [True, False], ids=["index", "instr"])
def test_word_condition_equals_a_plain_substring_test(orgs_db, indexed):
    """Index and fallback give exactly Python's ``word in fold(text)``; nothing typed crashes."""
    with orgs_db.read() as session:
        connection = session.connection()
        texts = dict(connection.execute(select(_ORG.c.name, _ORG.c.search_text)).all())
        for typed in TRICKY:
            for word in fold(typed).split():
                expected = sorted(name for name, text in texts.items() if word in text)
                condition = search_index.word_condition(_ORG, word, dialect="sqlite", indexed=indexed)
                assert names(connection, condition) == expected, typed


def test_accents_case_and_the_partner_through_the_register(orgs_db):
    service = RegisterService(orgs_db, "organisations")

    def found(text: str, columns: tuple[str, ...] | None = None) -> list[str]:
        query = RegisterQuery("organisations", search=text, search_columns=columns)
        return [r.values["name"] for r in service.rows(service.ids(query))]

    assert found("Dusseldorf") == ["Landeshauptstadt Düsseldorf"]
    assert found("cluj") == ["Primăria Cluj-Napoca"]
    assert found("PRIMARIA napoca") == ["Primăria Cluj-Napoca"]
    assert found("lodz strasse") == ["Straßenbau AND Söhne (50% Rabatt)"]
    assert found('"stadt*land" near') == ['Verein "Stadt*Land" OR NEAR']
    # FTS5 operators are plain words ("and" is in "Deutschland", the country of all five).
    assert len(found("AND")) == 5
    assert found("AND söhne", ("name",)) == ["Straßenbau AND Söhne (50% Rabatt)"]
    assert found("or near", ("name",)) == ['Verein "Stadt*Land" OR NEAR']
    assert found('land" OR "near', ("name",)) == []
    assert found("a\x00bc") == []
    assert found("50%") == ["Straßenbau AND Söhne (50% Rabatt)"]
    assert found("%") == ["Straßenbau AND Söhne (50% Rabatt)"]
    assert found("_1") == ["name:stadt_1 ^-+ {x} [x] \\"]
    assert found("NEAR(") == []
    assert service.count(RegisterQuery("organisations", search="stadt")) == 3


def test_portable_condition_on_postgresql():
    condition = search_index.word_condition(_ORG, "50%", dialect="postgresql", indexed=True)
    sql = str(condition.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    assert "MATCH" not in sql and "rowid" not in sql
    assert "LIKE" in sql and "50/%" in sql and "ESCAPE '/'" in sql


def index_agrees(db) -> bool:
    """The index finds exactly what ``instr`` finds, and FTS5's check against the tables passes."""
    with db.read() as session:
        connection = session.connection()
        assert search_index.agrees_with_tables(connection)
        for word in ("stadt", "dus", "neu", "zzz", "ort"):
            a = names(connection, search_index.word_condition(_ORG, word, dialect="sqlite", indexed=True))
            b = names(connection, search_index.word_condition(_ORG, word, dialect="sqlite", indexed=False))
            assert a == b, word
    return True


def test_index_follows_create_edit_delete_and_undo(db):
    orgs = service_for(db, "organisations")
    org = orgs.create(Organisation(name="Neustadt", kind=OrganisationKind.MUNICIPALITY, country="DE"))
    assert index_agrees(db)
    org.name = "Altort"
    org = orgs.update(org)
    assert index_agrees(db)
    deletion = orgs.delete(org.id)
    assert index_agrees(db)
    orgs.restore(deletion)
    assert index_agrees(db)
    service = RegisterService(db, "organisations")
    assert service.ids(RegisterQuery("organisations", search="altort")) == [org.id]
    assert service.ids(RegisterQuery("organisations", search="neustadt")) == []


def test_index_follows_table_import_and_its_undo_and_json_import(db, tmp_path):
    path = tmp_path / "orgs.csv"
    rows = ["Name;Land;Stadt"] + [f"Stadtwerke Neuort {i};Deutschland;Neuort" for i in range(30)]
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    result = apply_import(db, preview_file(db, path, "organisations"))  # the bulk executemany path
    service = RegisterService(db, "organisations")
    assert service.count(RegisterQuery("organisations", search="neuort")) == 30
    assert index_agrees(db)
    archive = tmp_path / "all.json"
    export_archive(db, archive)
    undo_import(db, result)
    assert service.count(RegisterQuery("organisations", search="neuort")) == 0
    assert index_agrees(db)
    import_archive(db, archive)
    assert service.count(RegisterQuery("organisations", search="neuort")) == 30
    assert index_agrees(db)


def test_sort_keys_put_umlauts_among_their_vowels(db):
    orgs = service_for(db, "organisations")
    for name in ["Zeche Zollverein", "ökostrom Genossenschaft", "Oberhausen", "Ostwind", "Paderborn", "Äbte", "Bonn", "Öko-Institut"]:
        orgs.create(Organisation(name=name, kind=OrganisationKind.NGO, country="DE"))
    service = RegisterService(db, "organisations")

    def order(**kw) -> list[str]:
        return [r.values["name"] for r in service.rows(service.ids(RegisterQuery("organisations", sort_column="name", **kw)))]

    assert order() == ["Äbte", "Bonn", "Oberhausen", "Öko-Institut", "ökostrom Genossenschaft", "Ostwind", "Paderborn", "Zeche Zollverein"]
    assert order(descending=True) == list(reversed(order()))
    # The same order with a search (a short word, and one the index answers).
    assert order(search="o", search_columns=("name",)) == [n for n in order() if "o" in fold(n)]
    assert order(search="oko", search_columns=("name",)) == ["Öko-Institut", "ökostrom Genossenschaft"]
    assert sort_key("  Ökostrom ") == "okostrom" and sort_key("Straße") == "strasse"


def test_first_page_walks_the_sort_index(db):
    """EXPLAIN QUERY PLAN: sorting by title/name uses the key's index (no temporary sort)."""
    for kind, column, index in [
        ("activities", "title", "ix_activities_title_key"),
        ("projects", "title", "ix_projects_title_key"),
        ("organisations", "name", "ix_organisations_name_key"),
    ]:
        service = RegisterService(db, kind)
        for descending in (False, True):
            stmt = service.statement(RegisterQuery(kind, sort_column=column, descending=descending)).limit(500)
            with db.read() as session:
                sql = str(stmt.compile(session.bind, compile_kwargs={"literal_binds": True}))
                plan = " | ".join(r[3] for r in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan


def test_search_plans_few_and_many_matches(db, monkeypatch):
    """Few matches: start from the index's matches; many: walk the sort index and stop after a page."""
    from partnerdesk.services.upserts import upsert_record

    monkeypatch.setattr(search_index, "PROBE", 50)  # "many" from 50 matches on: a small table shows every plan
    with db.write() as session:
        for i in range(600):
            upsert_record(session, Project(title=f"Vorhaben {i}" if i % 10 == 0 else f"Brunnenbau {i}"))
    service = RegisterService(db, "projects")

    def plan(text: str) -> str:
        stmt = service.statement(RegisterQuery("projects", search=text)).limit(500)
        with db.read() as session:
            sql = str(stmt.compile(session.bind, compile_kwargs={"literal_binds": True}))
            return " | ".join(r[3] for r in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql))

    def titles(text: str, offset: int = 0, limit: int | None = None) -> list[str]:
        return [r.values["title"] for r in service.rows(service.ids(RegisterQuery("projects", search=text), offset, limit))]

    few = plan("vorhaben 450")  # 1 match: start from it (and sort what was found)
    assert "projects_search VIRTUAL TABLE" in few and "TEMP B-TREE" in few, few
    assert titles("vorhaben 450") == ["Vorhaben 450"]
    assert titles("vorhaben 45") == ["Vorhaben 450"]  # "45" is too short for the index: tested on each row
    sparse = plan("vorhaben")  # 60 of 600: walk the title index, test membership in the matches
    assert "USING INDEX ix_projects_title_key" in sparse and "projects_search VIRTUAL TABLE" in sparse, sparse
    assert "TEMP B-TREE" not in sparse
    dense = plan("brunnenbau")  # 540 of 600: walk the title index, test the text of each row
    assert "USING INDEX ix_projects_title_key" in dense and "TEMP B-TREE" not in dense and "VIRTUAL" not in dense, dense
    short_dense = plan("e")  # a letter in every title: walk the title index, test each row
    assert "USING INDEX ix_projects_title_key" in short_dense and "TEMP B-TREE" not in short_dense, short_dense
    short_rare = plan("45")  # a few rows: one pass over the table, sort what was found
    assert "TEMP B-TREE" in short_rare and "VIRTUAL" not in short_rare, short_rare
    all_titles = [f"Vorhaben {i}" if i % 10 == 0 else f"Brunnenbau {i}" for i in range(600)]
    for text in ["vorhaben", "brunnenbau", "vorhaben 45", "vorhaben 1", "brunnenbau 99", "bau 5", "e", "45", "b 9"]:
        expected = [t for t in all_titles if all(w in fold(t) for w in text.split())]
        everything = titles(text)
        assert sorted(everything) == sorted(expected) and service.count(RegisterQuery("projects", search=text)) == len(expected)
        assert everything == sorted(everything, key=sort_key)
        assert titles(text, 1, 3) == everything[1:4]  # pages


def test_search_falls_back_to_instr_without_a_complete_index(orgs_db):
    """A missing trigger (e.g. a later batch migration forgot ``restore``): still right, just slower."""
    with orgs_db.write() as session:
        session.connection().exec_driver_sql("DROP TRIGGER trg_organisations_search_update")
    search_index._READY.clear()
    try:
        with orgs_db.read() as session:
            assert not search_index.is_complete(session.connection())
        service = RegisterService(orgs_db, "organisations")
        assert service.count(RegisterQuery("organisations", search="dusseldorf")) == 1
        with orgs_db.write() as session:
            search_index.restore(session.connection().exec_driver_sql)
            assert search_index.is_complete(session.connection())
            assert search_index.agrees_with_tables(session.connection())
    finally:
        search_index._READY.clear()


def test_vacuum_and_backups_keep_rowids(orgs_db, tmp_path):
    """External content is keyed by rowid: what copies files must keep rowids (it does, with gaps)."""
    orgs = service_for(orgs_db, "organisations")
    for org in orgs.list()[::2]:
        orgs.delete(org.id)
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(orgs_db.path) as conn:
        before = conn.execute("SELECT rowid, id FROM organisations ORDER BY rowid").fetchall()
        conn.execute("VACUUM INTO ?", (str(copy),))
        conn.execute("VACUUM")
        assert conn.execute("SELECT rowid, id FROM organisations ORDER BY rowid").fetchall() == before
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT rowid, id FROM organisations ORDER BY rowid").fetchall() == before
    assert index_agrees(orgs_db)


def test_travel_copy_keeps_a_working_index(orgs_db, tmp_path, monkeypatch):
    from partnerdesk.persistence import encrypted
    from partnerdesk.travel import travelfile

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})
    orgs = service_for(orgs_db, "organisations")
    for org in orgs.list()[::2]:  # gaps in the rowids
        orgs.delete(org.id)
    trip = tmp_path / "trip.pdtravel"
    travelfile.checkout(orgs_db, trip, "Reise-Passwort-2026")
    travel = travelfile.open_travel(trip, "Reise-Passwort-2026")
    try:
        with travel.read() as session:
            assert search_index.is_complete(session.connection())
            assert search_index.agrees_with_tables(session.connection())
        service = RegisterService(travel, "organisations")
        expected = RegisterService(orgs_db, "organisations").ids(RegisterQuery("organisations", search="stadt"))
        assert service.ids(RegisterQuery("organisations", search="stadt")) == expected
        service_for(travel, "organisations").create(Organisation(name="Reisestadt", kind=OrganisationKind.NGO))
        assert service.count(RegisterQuery("organisations", search="reisestadt")) == 1
    finally:
        travel.close()


def test_migration_fills_sort_keys_and_index_from_existing_rows(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "0002.sqlite", path)
    with sqlite3.connect(path) as conn:
        journal = conn.execute("SELECT * FROM record_changes ORDER BY kind, record_id").fetchall()
    with open_database(path, automatic_backup=False) as db:
        with db.read() as session:
            connection = session.connection()
            assert search_index.is_complete(connection) and search_index.agrees_with_tables(connection)
            for table, column in [("organisations", "name"), ("projects", "title"), ("activities", "title"),
                                  ("partnerships", "title")]:
                rows = connection.exec_driver_sql(f"SELECT {column}, {column}_key FROM {table}").all()
                assert rows and all(key == sort_key(value) for value, key in rows), table
            # Contacts sort by last name, then first name (revision 0012).
            rows = connection.exec_driver_sql("SELECT last_name, first_name, name_key FROM contacts").all()
            assert rows and all(key == sort_key(f"{last} {first}".strip()) for last, first, key in rows)
            assert connection.exec_driver_sql("SELECT * FROM record_changes ORDER BY kind, record_id").all() == journal
        service = RegisterService(db, "organisations")
        assert service.count(RegisterQuery("organisations", search="generierte")) == 30


def test_search_in_single_user_mode_needs_one_connection_at_a_time(db_path):
    """Building a search statement reads (the match count): never while holding the only connection."""
    from partnerdesk.persistence.database import Database, create_database

    create_database(db_path).close()
    db = Database(db_path, single_user=True)
    try:
        service_for(db, "organisations").create(Organisation(name="Dabola", kind=OrganisationKind.MUNICIPALITY, country="GN"))
        service = RegisterService(db, "organisations")
        query = RegisterQuery("organisations", search="dabola")
        assert service.count(query) == 1 and len(service.ids(query, 0, 10)) == 1
    finally:
        db.close()


def test_an_older_travel_copy_upgrades_and_searches_through_sqlcipher(tmp_path, monkeypatch):
    """Migration 0003 run by SQLCipher's own SQLite (travel copies): sort keys, index, search."""
    from partnerdesk.persistence import encrypted
    from partnerdesk.persistence.engine import APPLICATION_ID

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})
    plain = tmp_path / "plain.sqlite"
    shutil.copyfile(FIXTURES / "0002.sqlite", plain)
    trip = tmp_path / "old.pdtravel"
    cipher = encrypted.new_cipher("Reise-Passwort-2026")
    from partnerdesk.persistence import encrypted_copy

    encrypted_copy.copy_to_new_file(plain, trip, cipher, application_id=APPLICATION_ID)
    with open_database(trip, cipher=cipher, automatic_backup=False) as db:
        with db.read() as session:
            connection = session.connection()
            assert search_index.is_complete(connection) and search_index.agrees_with_tables(connection)
            keys = connection.exec_driver_sql("SELECT title, title_key FROM projects").all()
            assert keys and all(key == sort_key(title) for title, key in keys)
        assert RegisterService(db, "organisations").count(RegisterQuery("organisations", search="generierte")) == 30


def test_check_command_finds_an_index_out_of_step_and_rebuilds_it(orgs_db, capsys):
    from partnerdesk.cli.main import main

    path = orgs_db.path
    orgs_db.close()
    assert main(["check", "--db", str(path)]) == 0
    assert "Suchindex: ok" in capsys.readouterr().out
    with sqlite3.connect(path) as conn:  # what a forgotten trigger would leave behind
        conn.execute("DROP TRIGGER trg_organisations_search_update")
        conn.execute("UPDATE organisations SET search_text = 'ganz anders' WHERE name LIKE 'Landes%'")
    assert main(["check", "--db", str(path)]) == 0
    assert "Suchindex: passte nicht zu den Datensätzen; neu aufgebaut" in capsys.readouterr().out
    with open_database(path, automatic_backup=False) as db:
        assert index_agrees(db)
        with db.read() as session:
            assert search_index.is_complete(session.connection())
        assert RegisterService(db, "organisations").count(RegisterQuery("organisations", search="ganz anders")) == 1


@pytest.mark.parametrize("probe", [50, 5000], ids=["walk-plans", "few-plans"])
def test_search_with_filters_counts_and_pages_agree_whatever_the_plan(db, monkeypatch, probe):
    """Search words with status, country, type and SDG filters, in every plan: the same rows, counted and paged."""
    from partnerdesk.domain.enums import ActivityKind, ProjectStatus
    from partnerdesk.domain.records import Activity, Partnership
    from partnerdesk.services.upserts import upsert_record

    monkeypatch.setattr(search_index, "PROBE", probe)
    statuses = list(ProjectStatus)
    kinds = list(ActivityKind)
    ro = service_for(db, "organisations").create(Organisation(name="Cluj-Napoca", kind=OrganisationKind.MUNICIPALITY, country="RO"))
    ps = service_for(db, "partnerships").create(Partnership(title="Siebenbürgen", partner_id=ro.id))
    projects, activities = [], []
    with db.write() as session:
        for i in range(400):
            p = Project(title=f"{'Brunnen' if i % 3 else 'Schule'} Nummer {i}", status=statuses[i % len(statuses)],
                        sdg_goals=[1 + i % 17], partnership_id=ps.id if i % 4 == 0 else None)
            upsert_record(session, p)
            projects.append(p)
            a = Activity(title=f"Besuch {'Brunnen' if i % 2 else 'Rathaus'} {i}", kind=kinds[i % len(kinds)], date=__import__("datetime").date(2025, 1, 1))
            upsert_record(session, a)
            activities.append(a)
    cases = [
        ("projects", "brunnen", {"status": "running"}, lambda p: "brunnen" in fold(p.title) and p.status == ProjectStatus.RUNNING),
        ("projects", "brunnen nummer", {"country": "RO"}, lambda p: "brunnen" in fold(p.title) and p.partnership_id == ps.id),
        ("projects", "nummer 1", {"sdg_goal": "3"}, lambda p: "1" in p.title and 3 in p.sdg_goals),
        ("projects", "schule", {"sdg_goal": "5", "status": "idea"}, lambda p: "schule" in fold(p.title) and 5 in p.sdg_goals and p.status == ProjectStatus.IDEA),
        ("activities", "brunnen", {"type": "workshop"}, lambda a: "brunnen" in fold(a.title) and a.kind == ActivityKind.WORKSHOP),
        ("activities", "rathaus 3", {}, lambda a: "rathaus" in fold(a.title) and "3" in a.title),
    ]
    for kind, text, filters, wanted in cases:
        records = projects if kind == "projects" else activities
        expected = {r.id for r in records if wanted(r)}
        service = RegisterService(db, kind)
        query = RegisterQuery(kind, search=text, filters=filters, sort_column="title")
        ids = service.ids(query)
        assert set(ids) == expected and len(ids) == len(expected), (kind, text, filters)
        assert service.count(query) == len(expected)
        assert service.ids(query, 2, 5) == ids[2:7]
        titles = [r.values["title"] for r in service.rows(ids)]
        assert titles == sorted(titles, key=sort_key)
