"""Roles on the office server, logged in as real login roles over TCP with scram passwords.

``server init`` / ``upgrade`` (the owner role only), opening never migrates, a reader's
login opens read-only (services and the command line refuse before touching the server),
an editor's edits, and a refused read is reported as a missing read permission.
The server comes from the ``postgresql_server`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from partnerdesk.cli.main import main
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import ReadOnlyDatabaseError, ReadPermissionError, WriteNotPermittedError
from partnerdesk.domain.records import Organisation
from partnerdesk.persistence import migrate
from partnerdesk.persistence.database import schema_revision
from partnerdesk.persistence.server import ServerNotSetUpError, open_server_database
from partnerdesk.persistence.server_admin import NotTheOwnerError, init_server, upgrade_server
from partnerdesk.persistence.server_roles import EDITOR, PERSONAL_DATA, READER, ServerRoles
from partnerdesk.services import OrganisationService, service_for

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Geheim-2026!"


@pytest.fixture
def server(postgresql_server):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    return postgresql_server


@pytest.fixture
def office(server, server_database_url):
    """An office database with one organisation, and the URLs of a reader's and an editor's login over TCP."""
    server.login_role("kaemmerei", PASSWORD, READER)
    server.login_role("yilmaz", PASSWORD, EDITOR)
    server.login_role("schmidt", PASSWORD, EDITOR, PERSONAL_DATA)
    server.login_role("praktikant", PASSWORD)  # in no group
    db = open_server_database(server_database_url)
    try:
        OrganisationService(db).create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT))
    finally:
        db.close()

    class Office:
        url = server_database_url
        reader = server.tcp_url(server_database_url, "kaemmerei", PASSWORD)
        editor = server.tcp_url(server_database_url, "yilmaz", PASSWORD)
        nobody = server.tcp_url(server_database_url, "praktikant", PASSWORD)

    return Office


def _names(server, url: str) -> list[str]:
    return [r[0] for r in server.sql(url, "SELECT name FROM organisations ORDER BY name")]


def test_the_tcp_lane_asks_for_the_password(server, office):
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(server.tcp_url(office.url, "kaemmerei", "falsch").replace("+psycopg", ""))
    with psycopg.connect(office.reader.replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("kaemmerei",)
    # Every login over TCP gives its password, except the test superuser (the network lane's proxy).
    hba = server.sql(office.url, "SELECT user_name, auth_method FROM pg_hba_file_rules WHERE type = 'host'")
    assert hba and {m for users, m in hba if users != ["partnerdesk"]} == {"scram-sha-256"}


def test_a_reader_reads_and_every_write_is_refused_before_reaching_the_server(server, office):
    db = open_server_database(office.reader)
    try:
        assert db.read_only and db.user == "kaemmerei"
        organisations = OrganisationService(db)
        [umweltamt] = organisations.list()
        assert umweltamt.name == "Umweltamt"
        statements: list[str] = []

        from sqlalchemy import event

        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        with pytest.raises(WriteNotPermittedError, match="nur mit Leserecht"):
            organisations.create(Organisation(name="Kämmerei", kind=OrganisationKind.CITY_UNIT))
        with pytest.raises(WriteNotPermittedError):
            organisations.delete(umweltamt.id)
        assert statements == []  # refused before any SQL was sent
    finally:
        db.close()
    assert _names(server, office.url) == ["Umweltamt"]


def test_the_server_itself_refuses_a_readers_write(server, office):
    """Not only the program: a reader who bypasses it gets the server's refusal (42501) as a write error."""
    db = open_server_database(office.reader)
    try:
        db.read_only = False  # pretend the program did not know
        with pytest.raises(ReadOnlyDatabaseError, match="zu schreiben"):
            OrganisationService(db).create(Organisation(name="Kämmerei", kind=OrganisationKind.CITY_UNIT))
    finally:
        db.close()
    assert _names(server, office.url) == ["Umweltamt"]


def test_an_editor_edits(server, office):
    db = open_server_database(office.editor)
    try:
        assert not db.read_only and db.read_only_reason is None
        organisations = OrganisationService(db)
        created = organisations.create(Organisation(name="Kämmerei", kind=OrganisationKind.CITY_UNIT))
        organisations.update(_renamed(created, "Stadtkämmerei"))
    finally:
        db.close()
    assert _names(server, office.url) == ["Stadtkämmerei", "Umweltamt"]


def _renamed(record, name):
    from dataclasses import replace

    return replace(record, name=name)


def test_a_login_in_no_group_is_told_it_may_not_read(office):
    with pytest.raises(ReadPermissionError, match="Die Anmeldung praktikant hat keine Berechtigung, die Bürodatenbank"):
        open_server_database(office.nobody)


def test_a_refused_read_is_reported_as_a_missing_read_permission_not_as_a_write(server, office):
    server.sql(office.url, f"REVOKE SELECT ON contacts FROM {READER}")
    db = open_server_database(office.reader)
    try:
        with pytest.raises(ReadPermissionError) as caught:
            service_for(db, "contacts").list()
        assert "contacts" in caught.value.message and "lesen" in caught.value.message
        assert "schreiben" not in caught.value.message.lower()
    finally:
        db.close()


def test_the_command_line_refuses_a_readers_write_in_one_german_line(server, office, tmp_path, capsys):
    assert main(["list", "organisations", "--server", office.reader, "--format", "csv"]) == 0
    assert "Umweltamt" in capsys.readouterr().out
    assert main(["export", "--server", office.reader, str(tmp_path / "all.json")]) == 0
    capsys.readouterr()
    assert main(["remove-example-data", "--server", office.reader]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nur mit Leserecht" in err and "Traceback" not in err
    assert main(["import", "--server", office.reader, str(tmp_path / "all.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nur mit Leserecht" in err
    from partnerdesk.persistence.database import create_database

    create_database(tmp_path / "persoenlich.sqlite").close()
    assert main(["server", "import-file", str(tmp_path / "persoenlich.sqlite"), "--server", office.reader]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nur mit Leserecht" in err
    assert _names(server, office.url) == ["Umweltamt"]
    assert main(["remove-example-data", "--server", office.editor]) == 0


def test_opening_never_migrates_an_empty_or_older_database(server):
    empty = server.create(migrated=False)
    older = server.create()
    try:
        with pytest.raises(ServerNotSetUpError, match="muss von der IT eingerichtet werden .partnerdesk server init."):
            open_server_database(empty)
        assert server.sql(empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]

        from alembic import command

        previous = migrate.script_directory().get_revision(migrate.head_revision()).down_revision
        engine_db = open_server_database(older)
        with engine_db.engine.connect() as conn, conn.begin():
            command.downgrade(migrate.alembic_config(conn), str(previous))
        engine_db.close()
        with pytest.raises(ServerNotSetUpError, match="Die Bürodatenbank muss von der IT aktualisiert werden "
                                                       r"\(partnerdesk server upgrade\)"):
            open_server_database(older)
        assert server.sql(older, "SELECT version_num FROM alembic_version") == [(previous,)]

        report = upgrade_server(older)
        assert (report.before, report.after) == (previous, migrate.head_revision())
        db = open_server_database(older)
        try:
            assert schema_revision(db) == migrate.head_revision()
        finally:
            db.close()
    finally:
        server.drop(empty)
        server.drop(older)


def test_init_creates_schema_roles_and_grants_under_chosen_names(server):
    url = server.create(migrated=False)
    roles = ServerRoles(reader="amt_lesen", editor="amt_bearbeiten", personal_data="amt_personen", admin="amt_admin")
    try:
        for name in roles.all():
            server.sql(url, f"DROP ROLE IF EXISTS {name}")
        report = init_server(url, roles)
        assert set(report.created_roles) == set(roles.all())
        assert server.sql(url, "SELECT value FROM database_info WHERE key = 'role.reader'") == [("amt_lesen",)]

        def may(role: str, privilege: str, table: str = "projects") -> bool:
            return bool(server.sql(url, f"SELECT has_table_privilege('{role}', '{table}', '{privilege}')")[0][0])

        assert may("amt_lesen", "SELECT") and not may("amt_lesen", "INSERT") and not may("amt_lesen", "UPDATE")
        assert all(may("amt_bearbeiten", p) for p in ("SELECT", "INSERT", "UPDATE", "DELETE"))
        assert not may("amt_bearbeiten", "UPDATE", "alembic_version")
        assert may("amt_admin", "TRUNCATE")
        again = init_server(url, roles)  # a second init renews the grants and changes nothing else
        assert again.before == migrate.head_revision() and again.created_roles == ()
        upgrade_server(url)  # upgrade grants to the recorded names
        assert may("amt_lesen", "SELECT")
    finally:
        server.drop(url)
        for name in roles.all():
            server.sql(server.url("postgres"), f"DROP ROLE IF EXISTS {name}")


def test_init_and_upgrade_as_another_role_than_the_owner_are_refused(server, office, capsys):
    empty = server.create(migrated=False)
    try:
        editor_on_empty = server.tcp_url(empty, "yilmaz", PASSWORD)
        server.sql(empty, "GRANT CREATE ON SCHEMA public TO yilmaz")  # even with DDL rights on the schema
        with pytest.raises(NotTheOwnerError, match="Nur die Eigentümerrolle"):
            init_server(editor_on_empty)
        assert main(["server", "init", editor_on_empty]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Nur die Eigentümerrolle" in err and "yilmaz" in err
        assert server.sql(empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
        assert main(["server", "upgrade", office.editor]) == 1
        assert "Nur die Eigentümerrolle" in capsys.readouterr().err
    finally:
        server.drop(empty)


def test_server_init_on_the_command_line(server, capsys):
    url = server.create(migrated=False)
    try:
        assert main(["server", "init", url]) == 0
        assert "Eingerichtet" in capsys.readouterr().out
        assert main(["server", "upgrade", url]) == 0
        assert "aktuell" in capsys.readouterr().out
        db = open_server_database(url)
        db.close()
    finally:
        server.drop(url)


def test_the_owner_url_is_not_in_messages_with_its_password(server, office):
    parsed = make_url(office.reader)
    assert parsed.password == PASSWORD
    db = open_server_database(office.reader)
    try:
        assert PASSWORD not in db.name
    finally:
        db.close()


def test_the_window_of_a_reader_offers_no_change_and_an_editors_window_does(qtbot, server, office, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings

    shown: list[str] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: shown.append(a[2]) or QMessageBox.StandardButton.Ok))
    db = open_server_database(office.reader)
    window = MainWindow(db, Settings())
    qtbot.addWidget(window)
    try:
        assert PASSWORD not in window.windowTitle()
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        panel = window.panels["organisations"]
        window.tabs.setCurrentWidget(panel)
        panel.ensure_loaded()
        window.open_record("organisations", panel.model.id_at(0))
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
        for key in ("new", "duplicate", "delete"):
            assert not window.action(key).isEnabled() and "nur mit Leserecht" in window.action(key).toolTip()
        assert not window.exchange_actions["exchange_import"].isEnabled()
        name = window.editor_panel.form.fields["name"].widget
        assert isinstance(name, QLineEdit) and name.isReadOnly() and name.text() == "Umweltamt"
        qtbot.keyClicks(name, "X")
        qtbot.keyClick(window.editor_panel, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert not window.editor_panel.save_button.isEnabled()
        assert shown == []
    finally:
        window.close()
        db.close()
    assert _names(server, office.url) == ["Umweltamt"]

    editor_db = open_server_database(office.editor)
    window = MainWindow(editor_db, Settings())
    qtbot.addWidget(window)
    try:
        assert window.action("new").isEnabled() and not window.read_only_label.isVisibleTo(window)
    finally:
        window.close()
        editor_db.close()


def test_a_member_of_the_owner_role_sets_up_and_the_tables_belong_to_the_owner(server):
    """The recommended set-up: the database belongs to partnerdesk_admin; IT logins are its members."""
    server.ensure_group_roles()
    empty = server.create(migrated=False)
    try:
        server.sql(empty, f'ALTER DATABASE "{make_url(empty).database}" OWNER TO partnerdesk_admin')
        server.login_role("it_mueller", PASSWORD, "partnerdesk_admin")
        report = init_server(server.tcp_url(empty, "it_mueller", PASSWORD))
        assert report.owner == "partnerdesk_admin" and report.created_roles == ()
        owners = server.sql(empty, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        assert owners == [("partnerdesk_admin",)]
        server.login_role("kaemmerei", PASSWORD, READER)
        db = open_server_database(server.tcp_url(empty, "kaemmerei", PASSWORD))
        try:
            assert db.read_only and db.identity
        finally:
            db.close()
        assert upgrade_server(server.tcp_url(empty, "it_mueller", PASSWORD)).before == migrate.head_revision()
    finally:
        server.drop(empty)


def test_init_and_upgrade_refuse_a_foreign_or_newer_database_unchanged(server, server_database_url):
    from partnerdesk.domain.errors import NewerDatabaseError, NotAPartnerDeskFile

    foreign = server.create(migrated=False)
    try:
        server.sql(foreign, "CREATE TABLE kunden (id integer PRIMARY KEY)")
        for command in (init_server, upgrade_server):
            with pytest.raises(NotAPartnerDeskFile):
                command(foreign)
        assert server.sql(foreign, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [("kunden",)]
    finally:
        server.drop(foreign)
    server.sql(server_database_url, "UPDATE alembic_version SET version_num = '9999'")
    info = server.sql(server_database_url, "SELECT key, value FROM database_info ORDER BY key")
    for command in (init_server, upgrade_server):
        with pytest.raises(NewerDatabaseError, match="9999"):
            command(server_database_url)
    assert server.sql(server_database_url, "SELECT key, value FROM database_info ORDER BY key") == info
    older = _older(server)
    try:
        with pytest.raises(ServerNotSetUpError, match="server upgrade"):
            init_server(older)
    finally:
        server.drop(older)


def _older(server) -> str:
    """A database one schema behind (set up, then migrated down one step)."""
    from alembic import command

    url = server.create()
    previous = migrate.script_directory().get_revision(migrate.head_revision()).down_revision
    db = open_server_database(url)
    with db.engine.connect() as conn, conn.begin():
        command.downgrade(migrate.alembic_config(conn), str(previous))
    db.close()
    return url


def test_the_personal_data_role_it_chose_decides_who_sees_personal_data(server):
    """``server init --personal-data-role amt_personen``: members of that group see contacts' e-mail,
    members of the default name do not (the row-level policy asks the name IT chose)."""
    from partnerdesk.domain.records import Contact

    url = server.create(migrated=False)
    roles = ServerRoles(reader="amt_lesen2", editor="amt_bearbeiten2", personal_data="amt_personen2", admin="amt_admin2")
    try:
        for name in roles.all():
            server.sql(url, f"DROP ROLE IF EXISTS {name}")
        init_server(url, roles)
        server.ensure_group_roles()  # the default names exist too, as on a server with two databases
        db = open_server_database(url)
        try:
            service_for(db, "contacts").create(Contact(name="Claire Beispiel", email="claire@example.org"))
        finally:
            db.close()
        server.login_role("chosen", PASSWORD, roles.editor, roles.personal_data)
        server.login_role("default_name", PASSWORD, roles.editor, PERSONAL_DATA)
        for login, sees in (("chosen", True), ("default_name", False)):
            db = open_server_database(server.tcp_url(url, login, PASSWORD))
            try:
                [contact] = service_for(db, "contacts").list()
                assert (contact.email == "claire@example.org") is sees, login
                assert db.personal_data_visible is sees, login
            finally:
                db.close()
    finally:
        server.drop(url)
        for name in roles.all():
            server.sql(server.url("postgres"), f"DROP ROLE IF EXISTS {name}")
