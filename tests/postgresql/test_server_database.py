"""A PartnerDesk database on a PostgreSQL server: migrations, opening, locking, constraints.

The tests marked ``postgresql`` (services, exchange, documents; see README) run on a
server too; this module checks what only a server has. Its server comes from the
``postgresql_server`` fixture (tests/conftest.py): skipped without one, failed in CI.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError

from partnerdesk.domain.enums import OrganisationKind, ProjectStatus
from partnerdesk.domain.errors import (
    DatabaseFileError,
    DatabaseLockedError,
    NewerDatabaseError,
    NotAPartnerDeskFile,
    StaleRecordError,
    UserError,
)
from partnerdesk.domain.records import Organisation, Partnership, Project, new_id
from partnerdesk.exchange.json_archive import all_records, export_archive, import_archive
from partnerdesk.persistence import change_log, migrate, search_index
from partnerdesk.persistence.database import schema_revision
from partnerdesk.persistence.server import ServerDatabaseError, open_server_database
from partnerdesk.persistence.server_admin import init_server
from partnerdesk.persistence.tables import Base, ContactRow, OrganisationRow, PartnershipGoalRow
from partnerdesk.services import OrganisationService, PartnershipService, service_for
from partnerdesk.services.registers import RegisterQuery, RegisterService


@pytest.fixture
def empty_url(postgresql_server):
    """A new database with nothing in it (not even PartnerDesk's tables)."""
    url = postgresql_server.create(migrated=False)
    yield url
    postgresql_server.drop(url)


@pytest.fixture
def server_db(server_database_url):
    database = open_server_database(server_database_url)
    yield database
    database.close()


def _sql(url: str, *statements: str) -> list[tuple]:
    """Run ``statements`` as the server's superuser (psycopg, autocommit); the last one's rows."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    rows: list[tuple] = []
    with psycopg.connect(host=parsed.query["host"], port=parsed.port, user=parsed.username, dbname=parsed.database,
                         autocommit=True) as conn:
        for statement in statements:
            cursor = conn.execute(statement)
            rows = cursor.fetchall() if cursor.description else []
    return rows


def _tables(url: str) -> set[str]:
    return {r[0] for r in _sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def test_migrations_run_to_head_on_an_empty_database_and_all_the_way_back(empty_url):
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    init_server(empty_url)  # IT sets it up; opening never migrates
    db = open_server_database(empty_url)
    try:
        assert schema_revision(db) == migrate.head_revision()
        assert db.identity
        assert set(Base.metadata.tables) | {"alembic_version"} == _tables(empty_url)
        with db.engine.connect() as conn:
            # The migrated schema is exactly what the models say (types, indexes, constraints).
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
        # Sort keys compare by code point whatever the server's collation (see migration 0003).
        collations = _sql(empty_url, "SELECT DISTINCT collation_name FROM information_schema.columns "
                                     "WHERE column_name IN ('name_key', 'title_key')")
        assert collations == [("C",)]
        identity = db.identity
    finally:
        db.close()
    again = open_server_database(empty_url)  # the same identity
    try:
        assert again.identity == identity
        with again.engine.connect() as conn, conn.begin():
            command.downgrade(migrate.alembic_config(conn), "base")
        assert _tables(empty_url) == {"alembic_version"}
        with again.engine.connect() as conn, conn.begin():
            migrate.upgrade(conn)
        assert schema_revision(again) == migrate.head_revision()
        assert set(Base.metadata.tables) <= _tables(empty_url)
    finally:
        again.close()


def test_foreign_newer_and_unreachable_databases_are_refused_unchanged(empty_url, server_database_url, tmp_path):
    _sql(empty_url, "CREATE TABLE kunden (id integer PRIMARY KEY)")
    with pytest.raises(NotAPartnerDeskFile, match="kunden|PartnerDesk"):
        open_server_database(empty_url)
    assert _tables(empty_url) == {"kunden"}

    _sql(server_database_url, "UPDATE alembic_version SET version_num = '9999'")
    info = _sql(server_database_url, "SELECT key, value FROM database_info ORDER BY key")
    with pytest.raises(NewerDatabaseError, match="9999"):
        open_server_database(server_database_url)
    assert _sql(server_database_url, "SELECT key, value FROM database_info ORDER BY key") == info

    with pytest.raises(ServerDatabaseError, match="PostgreSQL"):
        open_server_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(ServerDatabaseError, match="nicht erreichbar"):
        open_server_database(f"postgresql+psycopg://nobody@/partnerdesk?host={tmp_path}")


def test_file_only_features_refuse_clearly(server_db, tmp_path):
    with pytest.raises(ServerDatabaseError, match="pg_dump"):
        server_db.path  # noqa: B018 - every file feature (backup, page check, encryption) starts here
    with server_db.read() as session:
        # No journal triggers (travel copies compare every record) and no FTS5 index (LIKE instead).
        assert not change_log.is_complete(session.connection())
    with server_db.engine.connect() as connection:
        assert not search_index.is_complete(connection)


def test_a_travel_copy_of_a_file_is_not_merged_into_a_server_database(
    server_db, server_database_url, office, tmp_path, content_of
):
    """A copy belongs to the database it was made from: another one (here a server) refuses it, unchanged.
    (Copies made from the server merge back into it: tests/postgresql/test_travel_from_server.py.)"""
    from partnerdesk.persistence.database import open_database
    from partnerdesk.travel import apply, travelfile

    office_db = open_database(office)
    try:
        travelfile.checkout(office_db, tmp_path / "unterwegs.pdtravel", None)
    finally:
        office_db.close()
    travel = travelfile.open_travel(tmp_path / "unterwegs.pdtravel", None)
    try:
        before = content_of(server_database_url)
        with pytest.raises(DatabaseFileError, match="aus einer anderen Datenbank"):
            apply.merge(server_db, travel, prefer="travel")
        assert content_of(server_database_url) == before
    finally:
        travel.close()


def test_constraints_refuse_invalid_values_and_dangling_references(server_db):
    bad_rows = [
        OrganisationRow(id=new_id(), name="Raumschiff", kind="spaceship"),
        ContactRow(id=new_id(), name="Niemand", organisation_id="no-such-organisation"),
        PartnershipGoalRow(partnership_id="no-such-partnership", goal=99),
    ]
    for row in bad_rows:
        with pytest.raises(IntegrityError), server_db.write() as session:
            session.add(row)
            session.flush()
    with pytest.raises(UserError):
        PartnershipService(server_db).create(Partnership(title="X", partner_id="no-such-organisation"))
    assert OrganisationService(server_db).count() == 0
    assert PartnershipService(server_db).count() == 0


def test_text_with_nul_is_refused_clearly_and_nothing_is_written(server_db, server_database_url, content_of):
    """SQLite keeps the control character NUL in text, PostgreSQL cannot: a clear message, no half-write."""
    before = content_of(server_database_url)
    with pytest.raises(UserError, match="NUL"):
        OrganisationService(server_db).create(Organisation(name="Kopiert\x00aus PDF", kind=OrganisationKind.NGO))
    assert content_of(server_database_url) == before


def test_writers_take_turns_and_a_waiting_writer_gives_up_with_a_clear_message(server_database_url):
    first = open_server_database(server_database_url)
    second = open_server_database(server_database_url, lock_timeout_ms=200)
    try:
        with first.write() as session:
            session.add(OrganisationRow(id=new_id(), name="Erste", kind="ngo"))
            session.flush()
            with pytest.raises(DatabaseLockedError, match="anderen Programms"), second.write():
                pass
            assert OrganisationService(second).count() == 0  # readers never wait, and see only commits
        OrganisationService(second).create(Organisation(name="Zweite", kind=OrganisationKind.NGO))
        assert {o.name for o in OrganisationService(first).list()} == {"Erste", "Zweite"}
    finally:
        first.close()
        second.close()


def test_a_write_that_fails_half_way_leaves_nothing_and_frees_the_write_lock(server_database_url):
    # BEGIN and the write lock go out as one statement; COMMIT or ROLLBACK still end the transaction.
    first = open_server_database(server_database_url)
    second = open_server_database(server_database_url, lock_timeout_ms=200)
    try:
        with pytest.raises(RuntimeError), first.write() as session:
            session.add(OrganisationRow(id=new_id(), name="Halb", kind="ngo"))
            session.flush()
            raise RuntimeError("mitten im Speichern")
        assert OrganisationService(second).count() == 0
        OrganisationService(second).create(Organisation(name="Zweite", kind=OrganisationKind.NGO))  # the lock is free
        OrganisationService(first).create(Organisation(name="Dritte", kind=OrganisationKind.NGO))  # the connection is clean
        assert {o.name for o in OrganisationService(second).list()} == {"Zweite", "Dritte"}
        with first.engine.connect() as connection:  # the pooled connection is outside any transaction
            assert connection.connection.dbapi_connection.info.transaction_status.name == "IDLE"
    finally:
        first.close()
        second.close()


def test_a_sqlite_file_moves_to_the_server_through_the_json_archive(example_db, server_db, tmp_path):
    archive = tmp_path / "archiv.json"
    counts = export_archive(example_db, archive)
    report = import_archive(server_db, archive)
    assert report.created == {kind: n for kind, n in counts.items() if n}
    assert all_records(server_db) == all_records(example_db)  # ids, amounts, dates, versions, times
    assert not import_archive(server_db, archive).updated  # a second import changes nothing
    back = tmp_path / "zurueck.json"
    export_archive(server_db, back)
    assert all_records(server_db) == all_records(example_db)



def test_the_same_data_gives_the_same_documents_and_exports_on_a_file_and_on_a_server(example_db, server_db, tmp_path):
    """Names whose order SQLite (bytes) and a German server (its collation) see differently:
    the MoU, the project sheets, the CSV export, the JSON archive, IATI and the calendar come
    out byte for byte equal."""
    from lxml import etree

    from partnerdesk.documents.mou.builder import MouOptions, build_mou
    from partnerdesk.documents.mou.data import load_mou_data
    from partnerdesk.documents.project_sheet import SheetOptions, build_sheets
    from partnerdesk.documents.project_sheet_data import load_sheet_data
    from partnerdesk.domain.records import Activity, Contact
    from partnerdesk.exchange.iati import ReportingOrg, build_iati
    from partnerdesk.exchange.ics import build_calendar
    from partnerdesk.exchange.table_export import export_table

    kumasi = PartnershipService(example_db).find("Kumasi")
    contacts = service_for(example_db, "contacts")
    for name, function in [("Müller", "Mayor"), ("de Vries", "Mayor"), ("Ärztin Abena", "Health Officer")]:
        contacts.create(Contact(name=name, organisation_id=kumasi.partner_id, function=function))
    for title in ("Äpfel für Kumasi", "apfelbäume", "Zeder"):
        service_for(example_db, "projects").create(Project(title=title, partnership_id=kumasi.id))
    for title in ("Zeder pflanzen", "Äpfel ernten", "apfelbäume schneiden"):  # all on one day
        service_for(example_db, "activities").create(Activity(title=title, date=date(2026, 5, 4), partnership_id=kumasi.id))
    import_archive(server_db, _archive(example_db, tmp_path / "umzug.json"))
    day, now = date(2026, 11, 25), datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    outputs = []
    for name, db in (("file", example_db), ("server", server_db)):
        folder = tmp_path / name
        folder.mkdir()
        build_mou(load_mou_data(db, kumasi.id), folder / "mou.pdf", MouOptions(language="en", on=day, invariant=True))
        build_sheets(load_sheet_data(db), folder / "sheets.pdf", SheetOptions(on=day, invariant=True))
        export_table(db, "contacts", service_for(db, "contacts").list(), folder / "contacts.csv")
        records = json.loads(_archive(db, folder / "archiv.json").read_text("utf-8"))["records"]
        lists = {kind: service_for(db, kind).list() for kind in ("projects", "organisations", "partnerships", "activities")}
        iati, _report = build_iati(lists["projects"], lists["organisations"], lists["partnerships"],
                                   ReportingOrg("DE-GOV-05913000", "Stadt Dortmund"), today=day, generated=now)
        calendar = build_calendar(lists["activities"], now=now).to_ical()
        files = [(folder / f).read_bytes() for f in ("mou.pdf", "sheets.pdf", "contacts.csv")]
        outputs.append([*files, records, etree.tostring(iati), calendar])
    assert outputs[0] == outputs[1]


def _archive(db, path):
    export_archive(db, path)
    return path


def test_search_uses_a_trigram_index_where_pg_trgm_is_installed(empty_url):
    _sql(empty_url, "CREATE EXTENSION pg_trgm")
    init_server(empty_url)
    db = open_server_database(empty_url)
    try:
        indexes = {r[0] for r in _sql(empty_url, "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_search_trgm'")}
        # contacts' personal data has its own text, in contact_private (migration 0004)
        assert indexes == {f"ix_{t}_search_trgm" for t in (*search_index.SEARCH_TABLES, "contact_private")}
        orgs = service_for(db, "organisations")
        orgs.create(Organisation(name="Landeshauptstadt Düsseldorf", kind=OrganisationKind.MUNICIPALITY, country="DE"))
        orgs.create(Organisation(name="100% Fair e.V.", kind=OrganisationKind.NGO, country="DE"))
        register = RegisterService(db, "organisations")
        found = register.rows(register.ids(RegisterQuery("organisations", search="DUSSELDORF")))
        assert [r.values["name"] for r in found] == ["Landeshauptstadt Düsseldorf"]
        assert register.count(RegisterQuery("organisations", search="0%")) == 1  # % is a plain character
        assert register.count(RegisterQuery("organisations", search="_")) == 0
    finally:
        db.close()


@pytest.mark.postgresql
def test_titles_sort_by_code_point_of_their_key_on_every_database(db):
    """The server's default collation (the test server's is German ICU) does not decide the
    order: "_" sorts after digits, as in SQLite, and the pickers' "starts with" range holds."""
    from partnerdesk.services.choices import matching_names

    projects = service_for(db, "projects")
    for title in ("_Entwurf", "1 Projekt", "Äpfel", "a b", "ab", "Zeder"):
        projects.create(Project(title=title, status=ProjectStatus.IDEA, start_date=date(2025, 1, 1)))
    order = ["1 Projekt", "_Entwurf", "a b", "ab", "Äpfel", "Zeder"]
    query = RegisterQuery("projects", sort_column="title")
    register = RegisterService(db, "projects")
    assert [r.values["title"] for r in register.rows(register.ids(query))] == order
    assert [name for _id, name in matching_names(db, "projects", "a")] == ["a b", "ab", "Äpfel"]


def test_two_programs_saving_the_same_version_lose_no_update(server_database_url):
    """Under READ COMMITTED alone both would pass the version check and the second would
    silently overwrite the first; the write lock makes the second wait, see the first's
    version and refuse."""
    import threading
    import time

    first = open_server_database(server_database_url)
    second = open_server_database(server_database_url)
    try:
        organisations = OrganisationService(second)
        mine = organisations.create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT))
        outcome: list[BaseException | None] = []
        with first.write() as session:  # another program saves the same record meanwhile
            row = session.get(OrganisationRow, mine.id)
            row.notes, row.version = "their change", row.version + 1
            session.flush()
            mine.notes = "my change"
            worker = threading.Thread(target=lambda: outcome.append(_error_of(lambda: organisations.update(mine))))
            worker.start()
            time.sleep(0.3)  # the update is waiting for the lock now
        worker.join(10)
        assert len(outcome) == 1 and isinstance(outcome[0], StaleRecordError)
        assert organisations.get(mine.id).notes == "their change"
    finally:
        first.close()
        second.close()


def _error_of(action) -> BaseException | None:
    try:
        action()
    except BaseException as exc:  # noqa: BLE001 - handed to the test thread
        return exc
    return None


@pytest.mark.parametrize("write", [False, True])
def test_the_first_connection_asks_once_and_the_dialect_knows_what_a_plain_engine_knows(proxied, write):
    """SQLAlchemy's questions at an engine's first connection come in one query (persistence.server);
    the dialect must end up exactly as with SQLAlchemy's own (six queries, BEGIN, ROLLBACK)."""
    from sqlalchemy import create_engine

    from partnerdesk.persistence.server import READ_ISOLATION, make_server_engine, server_url

    url, proxy = proxied
    ours = make_server_engine(url, write=write)
    plain = create_engine(server_url(url), isolation_level="AUTOCOMMIT" if write else READ_ISOLATION)
    sends = {}
    try:
        for name, engine in (("ours", ours), ("plain", plain)):
            before = proxy.sends
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1").scalar()
            sends[name] = proxy.sends - before
        names = ("server_version_info", "default_schema_name", "default_isolation_level", "_backslash_escapes",
                 "supports_identity_columns", "supports_smallserial", "_supports_drop_index_concurrently",
                 "_supports_jsonb_subscripting", "insert_executemany_returning")
        assert {n: getattr(ours.dialect, n) for n in names} == {n: getattr(plain.dialect, n) for n in names}
        # Connecting (startup, login), the one question, the test's query (6 with BEGIN and ROLLBACK
        # around it); a plain engine asks four questions apart, and looks up the hstore type.
        assert sends["ours"] <= 6 and sends["ours"] + 4 <= sends["plain"], sends
    finally:
        ours.dispose()
        plain.dispose()
