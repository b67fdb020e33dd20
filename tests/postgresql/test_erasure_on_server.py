"""Erasing a person on the office server reaches OTHER records' history too (issue 22), logged in
as real roles over TCP: afterwards no history row names the person (the tables' text grepped as
the superuser, personal parts included); the server's function ``partnerdesk_history_scrub``
(revision 0023) refuses everything but the erased contact's own texts for a member of the
personal-data role; the history stays append-only for every role; a failure later in the
erasure leaves the history as it was."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from partnerdesk.domain.records import Activity, Attendee, Contact, Organisation, Project
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_roles import EDITOR, PERSONAL_DATA, READER
from partnerdesk.services import ActivityService, ContactService, OrganisationService, ProjectService
from partnerdesk.services import privacy_erase as pe

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Loeschen-2026!"
NAME, EMAIL = "Ama Kwarteng", "ama.kwarteng@kumasi.example"
LOGINS = {"er_reader": (READER,), "er_editor": (EDITOR,), "er_personal": (EDITOR, PERSONAL_DATA)}
REWRITES = ("UPDATE record_history SET label = 'x'", "DELETE FROM record_history",
            "UPDATE record_history_personal SET changes = '{}'", "DELETE FROM record_history_personal")


@pytest.fixture
def office(postgresql_server, server_database_url):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    for login, groups in LOGINS.items():
        postgresql_server.login_role(login, PASSWORD, *groups)
    return Office(postgresql_server, server_database_url)


class Office:
    def __init__(self, server, url: str) -> None:
        self.server, self.url = server, url

    def as_(self, login: str) -> str:
        return self.server.tcp_url(self.url, login, PASSWORD)

    def sql(self, login: str, statement: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.as_(login).replace("+psycopg", "")) as conn:
            cursor = conn.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else []

    def history_text(self) -> str:
        """Every history row's text, personal parts included, as the superuser reads them."""
        rows = self.server.sql(self.url, "SELECT id, label, changes FROM record_history ORDER BY id")
        rows += self.server.sql(self.url, "SELECT entry_id, changes FROM record_history_personal ORDER BY entry_id")
        return "\n".join(" ".join(str(v) for v in row) for row in rows)

    def open(self, login: str = "er_personal"):
        return open_server_database(self.as_(login))


def _world(office: Office) -> dict:
    db = office.open()
    try:
        org = OrganisationService(db).create(Organisation(name="Stadt Kumasi"))
        person = ContactService(db).create(Contact(first_name="Ama", last_name="Kwarteng", email=EMAIL,
                                                   organisation_id=org.id))
        colleague = ContactService(db).create(Contact(first_name="Kofi", last_name="Mensah",
                                                      notes=f"Vertretung für {NAME} ({EMAIL})"))
        project = ProjectService(db).create(Project(title="Wasser", contact_ids=[person.id],
                                                    notes=f"Angeregt von {NAME} ({EMAIL})"))
        project.notes = "Angeregt von Kwarteng, Ama"
        ProjectService(db).update(project)
        visit = ActivityService(db).create(Activity(
            title="Besuch aus Kumasi", date=date(2026, 5, 4), contact_ids=[person.id],
            attendees=[Attendee(contact_id=person.id, name=NAME), Attendee(name="Kofi Mensah")]))
        return {"person": person, "colleague": colleague, "project": project, "visit": visit}
    finally:
        db.close()


def test_after_erasure_on_the_server_no_history_row_names_the_person(office):
    world = _world(office)
    before = office.history_text()
    assert NAME in before and EMAIL in before and "Kwarteng, Ama" in before  # the check below can fail
    db = office.open()
    try:
        result = pe.erase_person(db, world["person"].id, reason="Art. 17", proceed_if_only_contact=True)
    finally:
        db.close()
    after = office.history_text()
    assert NAME not in after and EMAIL not in after and "Kwarteng, Ama" not in after
    assert "Kwarteng" not in after.replace("[Name gelöscht]", "")
    assert "gelöscht am " + date.today().strftime("%d.%m.%Y") + " von er_personal" in after  # the login, not a name
    assert result.other_history_entries >= 4  # colleague, project (created + changed), visit
    assert "Kofi Mensah" in after and "Vertretung für" in after  # only the person's texts went
    # The history stays append-only for every role, the erasing one included.
    for login in LOGINS:
        for statement in REWRITES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                office.sql(login, statement)


def test_the_scrub_function_refuses_all_but_the_erased_contacts_own_texts(office):
    world = _world(office)
    person_id = world["person"].id
    call = "SELECT partnerdesk_history_scrub(%s, %s, %s)"
    mark = "gelöscht von {user}"
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):  # a live contact: its past stays
        office.sql("er_personal", call, (person_id, [NAME], mark))
    db = office.open()
    try:
        ContactService(db).delete(person_id)
    finally:
        db.close()
    for login in ("er_editor", "er_reader"):  # outside the personal-data role: refused by the server itself
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            office.sql(login, call, (person_id, [NAME], mark))
    for bad_mark in ("weg", "weg {user} ama.kwarteng@kumasi.example", 'x" {user}', f"{NAME} {{user}}", "{user}" + "x" * 120):
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            office.sql("er_personal", call, (person_id, [NAME], bad_mark))
    with pytest.raises(psycopg.errors.InvalidParameterValue):  # too short to be a name
        office.sql("er_personal", call, (person_id, ["Am"], mark))
    before = office.history_text()
    # Another record's text is not the erased contact's: left alone.
    assert office.sql("er_personal", call, (person_id, ["Kofi Mensah", "Wasser"], mark)) == [(0,)]
    assert office.history_text() == before
    assert office.sql("er_personal", call, (person_id, [NAME], mark))[0][0] >= 3
    after = office.history_text()
    assert NAME in before and "gelöscht von er_personal" in after
    # The contact's own entries are the erasing function's work; the others name her no more.
    own = office.server.sql(office.url, f"SELECT label FROM record_history WHERE record_id = '{person_id}'")
    others = office.server.sql(office.url, f"SELECT label, changes FROM record_history WHERE record_id <> '{person_id}'")
    assert any(NAME in str(row) for row in own) and not any(NAME in str(row) for row in others)


def test_a_failure_later_in_the_erasure_leaves_the_history_as_it_was(office, monkeypatch):
    world = _world(office)
    before = office.history_text()
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("Festplatte voll (simuliert)")

    monkeypatch.setattr(pe, "scrub_info", broken)  # after the server's scrub and erase, before the log
    db = office.open()
    try:
        with pytest.raises(RuntimeError):
            pe.erase_person(db, world["person"].id, reason="Art. 17", proceed_if_only_contact=True)
        assert calls and ContactService(db).exists(world["person"].id)
    finally:
        db.close()
    assert office.history_text() == before
