"""The history on the office server, logged in as real roles over TCP with scram passwords.

* Changes made with other tools (psql, a report tool) are recorded by the server's triggers
  with the login role (``session_user``); PartnerDesk's own saves are recorded once, by the
  program, with the login role too.
* The history is append-only for every group role and PUBLIC; readers cannot add to it.
* Contacts' personal values in the history reach the personal-data role only (services, the
  command line, a raw SELECT); every check that one login sees nothing is paired with the same
  check for a member seeing it, so the checks can fail.
* Erasing a person from the history works through the server's function, as an editor.
* ``server upgrade`` from 0004 starts the history and installs the triggers.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from partnerdesk.cli.main import main
from partnerdesk.domain.errors import WriteNotPermittedError
from partnerdesk.domain.records import Contact, Organisation
from partnerdesk.persistence import migrate
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_admin import upgrade_server
from partnerdesk.persistence.server_roles import EDITOR, PERSONAL_DATA, READER
from partnerdesk.services import ContactService, OrganisationService
from partnerdesk.services.history import History
from partnerdesk.services.history_erasure import erase_from_history

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Verlauf-2026!"
EMAIL = "vertraulich.kontakt@example.org"
NEW_EMAIL = "neu.geheim@example.org"
#: What must never reach a login outside the personal-data role.
SECRETS = (EMAIL, NEW_EMAIL, "vertraulich.kontakt", "neu.geheim", "0171 555")
LOGINS = {
    "hs_reader": (READER,),
    "hs_editor": (EDITOR,),
    "hs_personal": (EDITOR, PERSONAL_DATA),
    "hs_personal_only": (PERSONAL_DATA,),
    "hs_nobody": (),
}


@pytest.fixture
def server(postgresql_server):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    return postgresql_server


class Office:
    def __init__(self, server, url: str) -> None:
        self.server, self.url = server, url

    def as_(self, login: str) -> str:
        return self.server.tcp_url(self.url, login, PASSWORD)

    def sql(self, login: str, *statements: str, params: tuple = ()) -> list[tuple]:
        """``statements`` in one transaction as ``login`` over TCP, as psql would send them."""
        conninfo = self.as_(login).replace("+psycopg", "")
        rows: list[tuple] = []
        with psycopg.connect(conninfo) as conn:
            for statement in statements:
                cursor = conn.execute(statement, params if "%s" in statement else None)
                rows = cursor.fetchall() if cursor.description else []
        return rows


@pytest.fixture
def office(server, server_database_url) -> Office:
    for login, groups in LOGINS.items():
        server.login_role(login, PASSWORD, *groups)
    return Office(server, server_database_url)


def _history(office: Office, login: str, kind: str, record_id: str):
    db = open_server_database(office.as_(login))
    try:
        return History(db).for_record(kind, record_id)
    finally:
        db.close()


def _organisation(office: Office, login: str = "hs_editor") -> Organisation:
    db = open_server_database(office.as_(login))
    try:
        return OrganisationService(db).create(Organisation(name="Umweltamt", city="Dortmund"))
    finally:
        db.close()


# --- nothing escapes the history ---------------------------------------------------------------

def test_changes_made_with_psql_are_recorded_with_the_login_role(office):
    org = _organisation(office)
    copy = str(uuid.uuid4())
    office.sql("hs_editor", f"UPDATE organisations SET city = 'Bochum', version = version + 1 WHERE id = '{org.id}'")
    office.sql(
        "hs_editor",
        f"CREATE TEMP TABLE t AS SELECT * FROM organisations WHERE id = '{org.id}'",
        f"UPDATE t SET id = '{copy}', name = 'Umweltamt Kopie'",
        "INSERT INTO organisations SELECT * FROM t",
    )
    office.sql("hs_personal", f"DELETE FROM organisations WHERE id = '{copy}'")

    changed, created = _history(office, "hs_reader", "organisations", org.id)
    assert (created.operation, created.actor) == ("created", "hs_editor")  # PartnerDesk's own entry
    assert (changed.operation, changed.actor, changed.label) == ("changed", "hs_editor", "Umweltamt")
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("city", "Dortmund", "Bochum")]
    deleted, inserted = _history(office, "hs_reader", "organisations", copy)
    assert (inserted.operation, inserted.actor, inserted.label) == ("created", "hs_editor", "Umweltamt Kopie")
    assert (deleted.operation, deleted.actor) == ("deleted", "hs_personal")
    assert {c.field: c.old for c in deleted.changes}["city"] == "Bochum"
    assert inserted.batch_id != deleted.batch_id  # one batch per transaction


def test_partnerdesks_own_save_is_recorded_once_by_the_program(office):
    org = _organisation(office)
    db = open_server_database(office.as_("hs_editor"))
    try:
        org.city = "Bochum"
        OrganisationService(db).update(org)
        OrganisationService(db).delete(org.id)
    finally:
        db.close()
    entries = _history(office, "hs_reader", "organisations", org.id)
    assert [(e.operation, e.actor) for e in entries] == [
        ("deleted", "hs_editor"), ("changed", "hs_editor"), ("created", "hs_editor")]


def test_the_writer_setting_ends_with_the_transaction(office):
    """A psql session after PartnerDesk's has no writer setting left that would hide its change."""
    org = _organisation(office)
    rows = office.sql(
        "hs_editor",
        "BEGIN", "SET LOCAL partnerdesk.writer = 'on'", "COMMIT",
        f"UPDATE organisations SET city = 'Hagen' WHERE id = '{org.id}'",
        "SELECT current_setting('partnerdesk.writer', true)",
    )
    assert rows == [("",)]
    assert _history(office, "hs_reader", "organisations", org.id)[0].actor == "hs_editor"


def test_a_personal_data_change_with_psql_is_recorded_and_private(office):
    contact = _contact(office)
    office.sql("hs_personal", f"UPDATE contact_private SET email = '{NEW_EMAIL}' WHERE contact_id = '{contact.id}'")
    newest = _history(office, "hs_personal", "contacts", contact.id)[0]
    assert (newest.operation, newest.actor, newest.label) == ("changed", "hs_personal", "Ada Beispiel")
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("email", EMAIL, NEW_EMAIL)]
    hidden = _history(office, "hs_editor", "contacts", contact.id)[0]
    assert [(c.field, c.old, c.new) for c in hidden.changes] == [("email", "vertraulich", "vertraulich")]


def test_an_address_changed_with_psql_is_private_too(office):
    """Migration 0012 counts the postal address among the personal fields of the server's split."""
    contact = _contact(office)
    office.sql("hs_personal", f"UPDATE contact_private SET address = 'Geheimweg 7' WHERE contact_id = '{contact.id}'")
    newest = _history(office, "hs_personal", "contacts", contact.id)[0]
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("address", "", "Geheimweg 7")]
    hidden = _history(office, "hs_editor", "contacts", contact.id)[0]
    assert [(c.field, c.old, c.new) for c in hidden.changes] == [("address", "vertraulich", "vertraulich")]
    assert "Geheimweg" not in repr(hidden)


# --- append-only ---------------------------------------------------------------------------------

REWRITES = ("UPDATE record_history SET label = 'x'", "DELETE FROM record_history", "TRUNCATE record_history",
            "UPDATE record_history_personal SET changes = '{}'", "DELETE FROM record_history_personal",
            "TRUNCATE record_history_personal")
ENTRY = ("INSERT INTO record_history (at, actor, batch_id, kind, record_id, operation, label, changes) "
         "VALUES (now(), 'jemand', 'b', 'organisations', 'x', 'changed', 'x', '{}')")


@pytest.mark.parametrize("login", list(LOGINS))
def test_no_role_may_change_or_delete_the_history(office, login):
    _organisation(office)
    for statement in REWRITES:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            office.sql(login, statement)
    assert office.server.sql(office.url, "SELECT count(*) FROM record_history")[0][0] == 2  # started, created


@pytest.mark.parametrize("login, may", [("hs_editor", True), ("hs_personal", True), ("hs_reader", False),
                                        ("hs_personal_only", False), ("hs_nobody", False)])
def test_only_editors_add_to_the_history_and_use_its_sequence(office, login, may):
    if may:
        office.sql(login, ENTRY, "SELECT nextval(pg_get_serial_sequence('record_history', 'id'))")
        assert office.server.sql(office.url, "SELECT actor FROM record_history WHERE actor = 'jemand'") == [("jemand",)]
    else:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            office.sql(login, ENTRY)


@pytest.mark.parametrize("login", list(LOGINS))
def test_only_editors_with_the_personal_data_role_add_personal_values_to_the_history(office, login):
    _organisation(office)
    personal = "INSERT INTO record_history_personal (entry_id, changes) VALUES (1, '{}')"
    if login == "hs_personal":
        office.sql(login, personal)
        assert office.server.sql(office.url, "SELECT count(*) FROM record_history_personal") == [(1,)]
    else:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            office.sql(login, personal)


def test_readers_read_the_history_and_may_not_erase(office):
    org = _organisation(office)
    assert [e.operation for e in _history(office, "hs_reader", "organisations", org.id)] == ["created"]
    for login in ("hs_reader", "hs_personal_only", "hs_nobody"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            office.sql(login, f"SELECT partnerdesk_history_erase('organisations', '{org.id}', 'weg')")
    assert _history(office, "hs_reader", "organisations", org.id)[0].label == "Umweltamt"


# --- personal data in the history ------------------------------------------------------------------

def _contact(office: Office) -> Contact:
    db = open_server_database(office.as_("hs_personal"))
    try:
        service = ContactService(db)
        contact = service.create(Contact(name="Ada Beispiel", email=EMAIL, notes="Handy 0171 555"))
        contact.phone = "0171 555 12"
        return service.update(contact)
    finally:
        db.close()


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_the_history_shows_personal_values_to_the_personal_data_role_only(office):
    contact = _contact(office)
    seen = _history(office, "hs_personal", "contacts", contact.id)
    assert {c.field: c.new for c in seen[-1].changes}["email"] == EMAIL
    assert [(c.field, c.old, c.new) for c in seen[0].changes] == [("phone", "", "0171 555 12")]
    for login in ("hs_editor", "hs_reader"):
        hidden = _history(office, login, "contacts", contact.id)
        assert not _leaks(repr(hidden)), login
        assert {c.field: c.new for c in hidden[-1].changes}["email"] == "vertraulich"
        assert {c.field: c.new for c in hidden[-1].changes}["last_name"] == "Beispiel"  # the rest is there
        assert [(c.field, c.old, c.new) for c in hidden[0].changes] == [("phone", "vertraulich", "vertraulich")]


def test_a_raw_select_outside_the_personal_data_role_gets_no_email(office):
    _contact(office)
    everything = "SELECT h.label, h.changes, p.changes FROM record_history h LEFT JOIN record_history_personal p ON p.entry_id = h.id"
    assert _leaks(repr(office.sql("hs_personal", everything)))  # the check can fail
    for login in ("hs_editor", "hs_reader"):
        rows = office.sql(login, everything)
        assert rows and not _leaks(repr(rows)), login
        assert office.sql(login, "SELECT count(*) FROM record_history_personal") == [(0,)]


def test_the_history_command_shows_no_email_outside_the_personal_data_role(office, capsys):
    _contact(office)
    assert main(["history", "Ada Beispiel", "--server", office.as_("hs_personal"), "--format", "json"]) == 0
    assert EMAIL in capsys.readouterr().out  # the check can fail
    for fmt in ("table", "csv", "json"):
        assert main(["history", "Ada Beispiel", "--server", office.as_("hs_editor"), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "vertraulich" in out and not _leaks(out), fmt
    assert main(["history", "--server", office.as_("hs_reader"), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Ada Beispiel" in out and not _leaks(out)


def test_a_deleted_contact_restored_by_someone_without_the_role_gets_no_vertraulich_as_email(office):
    contact = _contact(office)
    db = open_server_database(office.as_("hs_personal"))
    try:
        ContactService(db).delete(contact.id)
        (gone,) = History(db).deleted("contacts")
        assert History(db).snapshot(gone).email == EMAIL  # the check can fail
    finally:
        db.close()
    db = open_server_database(office.as_("hs_editor"))
    try:
        (gone,) = History(db).deleted("contacts")
        snapshot = History(db).snapshot(gone)
        assert snapshot is not None and snapshot.name == "Ada Beispiel" and snapshot.email == ""
    finally:
        db.close()


# --- erasing --------------------------------------------------------------------------------------

def test_an_editor_erases_a_person_from_the_history_on_the_server(office):
    contact = _contact(office)
    db = open_server_database(office.as_("hs_personal"))
    try:
        ContactService(db).delete(contact.id)
        assert erase_from_history(db, "contacts", contact.id, "wird ignoriert") == 3
    finally:
        db.close()
    for login in ("hs_personal", "hs_reader"):
        entries = _history(office, login, "contacts", contact.id)
        assert len(entries) == 3
        assert all(e.label.startswith("Datensatz gelöscht am ") and e.label.endswith(" von hs_personal")
                   for e in entries), login
        assert not _leaks(repr(entries)) and "Ada Beispiel" not in repr(entries)
    raw = office.server.sql(office.url, "SELECT label, changes FROM record_history",)
    assert not _leaks(repr(raw)) and "Ada Beispiel" not in repr(raw)
    assert office.server.sql(office.url, "SELECT count(*) FROM record_history_personal") == [(0,)]


def test_only_the_personal_data_role_erases_and_only_a_deleted_record(office):
    contact = _contact(office)
    org = _organisation(office)
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):  # a live record's past stays
        office.sql("hs_personal", f"SELECT partnerdesk_history_erase('organisations', '{org.id}', 'weg')")
    db = open_server_database(office.as_("hs_personal"))
    try:
        ContactService(db).delete(contact.id)
    finally:
        db.close()
    db = open_server_database(office.as_("hs_editor"))
    try:
        with pytest.raises(WriteNotPermittedError):
            erase_from_history(db, "contacts", contact.id, "")
    finally:
        db.close()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the server refuses by itself
        office.sql("hs_editor", f"SELECT partnerdesk_history_erase('contacts', '{contact.id}', 'weg')")
    assert _history(office, "hs_personal", "contacts", contact.id)[0].label == "Ada Beispiel"
    assert _history(office, "hs_reader", "organisations", org.id)[0].label == "Umweltamt"


# --- upgrade from 0004 -----------------------------------------------------------------------------

def test_server_upgrade_from_0004_starts_the_history_and_guards_it(server, office):
    from alembic import command

    db = open_server_database(office.url)
    with db.engine.connect() as conn, conn.begin():
        command.downgrade(migrate.alembic_config(conn), "0004")
    db.close()
    assert not server.sql(office.url, "SELECT to_regclass('record_history')")[0][0]
    report = upgrade_server(office.url)
    assert (report.before, report.after) == ("0004", migrate.head_revision())
    rows = server.sql(office.url, "SELECT kind, operation, label, actor FROM record_history")
    assert rows == [("", "started", "history started", make_url(office.url).username)]
    org = _organisation(office)
    office.sql("hs_editor", f"UPDATE organisations SET city = 'Unna' WHERE id = '{org.id}'")
    assert [e.actor for e in _history(office, "hs_reader", "organisations", org.id)] == ["hs_editor"] * 2
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        office.sql("hs_editor", "DELETE FROM record_history")


def test_in_the_recommended_set_up_the_owner_role_runs_the_guard_and_editors_cannot_rewrite(server):
    """The database belongs to partnerdesk_admin (not a superuser): the trigger that keeps personal
    values apart and the erasing function run as that owner and must keep their privileges."""
    from partnerdesk.persistence.server_admin import init_server

    server.ensure_group_roles()
    url = server.create(migrated=False)
    try:
        server.sql(url, f'ALTER DATABASE "{make_url(url).database}" OWNER TO partnerdesk_admin')
        server.login_role("hs_it", PASSWORD, "partnerdesk_admin")
        for login, groups in LOGINS.items():
            server.login_role(login, PASSWORD, *groups)
        init_server(server.tcp_url(url, "hs_it", PASSWORD))
        office = Office(server, url)
        contact = _contact(office)
        assert {c.field: c.new for c in _history(office, "hs_reader", "contacts", contact.id)[-1].changes}[
            "email"] == "vertraulich"
        assert {c.field: c.new for c in _history(office, "hs_personal", "contacts", contact.id)[-1].changes}[
            "email"] == EMAIL
        office.sql("hs_personal", f"UPDATE contact_private SET phone = '0171 555 99' WHERE contact_id = '{contact.id}'")
        db = open_server_database(office.as_("hs_personal"))
        try:
            ContactService(db).delete(contact.id)
            assert erase_from_history(db, "contacts", contact.id, "") == 4
        finally:
            db.close()
        assert not _leaks(repr(server.sql(url, "SELECT * FROM record_history"))) and not server.sql(
            url, "SELECT * FROM record_history_personal")
        for login in ("hs_editor", "hs_personal", "hs_reader"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                office.sql(login, "DELETE FROM record_history")
    finally:
        server.drop(url)


def test_erasing_asks_for_the_personal_data_role_that_it_chose(server):
    from partnerdesk.persistence.server_admin import init_server
    from partnerdesk.persistence.server_roles import ServerRoles

    url = server.create(migrated=False)
    roles = ServerRoles(reader="hs_lesen", editor="hs_bearbeiten", personal_data="hs_personen", admin="hs_admin")
    try:
        init_server(url, roles)
        [(source,)] = server.sql(url, "SELECT prosrc FROM pg_proc WHERE proname = 'partnerdesk_history_may_erase'")
        assert "'hs_personen'" in source and "'partnerdesk_personal_data'" not in source
        grants = server.sql(url, "SELECT grantee, privilege_type FROM information_schema.role_routine_grants "
                                 "WHERE routine_name = 'partnerdesk_history_erase' ORDER BY grantee")
        assert {g for g, _p in grants} - {make_url(url).username} == {"hs_admin", "hs_bearbeiten"}
    finally:
        server.drop(url)
        for name in roles.all():
            server.sql(server.url("postgres"), f"DROP ROLE IF EXISTS {name}")


def test_a_council_decision_changed_with_psql_is_recorded_too(office):
    """Revision 0016 gives the register of council decisions the audit trigger of revision 0006."""
    db = open_server_database(office.as_("hs_editor"))
    try:
        from datetime import date

        from partnerdesk.domain.records import Decision
        from partnerdesk.services.records import DecisionService

        decision = DecisionService(db).create(Decision(title="Zustimmung", date=date(2026, 3, 12), number="1-26"))
    finally:
        db.close()
    office.sql("hs_editor", f"UPDATE decisions SET result = 'approved', version = version + 1 WHERE id = '{decision.id}'")
    changed, created = _history(office, "hs_reader", "decisions", decision.id)
    assert (created.operation, changed.operation, changed.actor, changed.label) == (
        "created", "changed", "hs_editor", "Zustimmung")
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("result", "scheduled", "approved")]


def test_a_grant_changed_with_psql_is_recorded_too(office):
    """Revision 0019 gives the registers of programmes and grants the audit trigger of revision 0006."""
    db = open_server_database(office.as_("hs_editor"))
    try:
        from partnerdesk.domain.grant_records import FundingProgramme, Grant
        from partnerdesk.services import service_for

        programme = service_for(db, "programmes").create(FundingProgramme(name="Nakopa"))
        grant = service_for(db, "grants").create(Grant(title="Klima Kumasi", programme_id=programme.id))
    finally:
        db.close()
    office.sql("hs_editor", f"UPDATE grants SET status = 'running', version = version + 1 WHERE id = '{grant.id}'")
    office.sql("hs_editor", f"UPDATE programmes SET funder = 'SKEW', version = version + 1 WHERE id = '{programme.id}'")
    changed, created = _history(office, "hs_reader", "grants", grant.id)
    assert (created.operation, changed.operation, changed.actor, changed.label) == (
        "created", "changed", "hs_editor", "Klima Kumasi")
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("status", "idea", "running")]
    changed, _created = _history(office, "hs_reader", "programmes", programme.id)
    assert (changed.label, [(c.field, c.new) for c in changed.changes]) == ("Nakopa", [("funder", "SKEW")])
