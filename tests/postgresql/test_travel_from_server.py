"""Travel copies of the office database on a server: check-out, personal data, readers, merge back.

Logins over TCP with passwords (scram), as real roles: ``schmidt`` (editor with the
personal-data role), ``yilmaz`` (editor without it), ``kaemmerei`` (reader). The copy is a
SQLite travel file as from an office file; what it may hold follows the login's roles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.errors import WriteNotPermittedError
from partnerdesk.domain.records import Contact
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_roles import EDITOR, PERSONAL_DATA, READER
from partnerdesk.services import service_for
from partnerdesk.services.example_data import add_example_data
from partnerdesk.travel import apply, travelfile

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Geheim-2026!"
EMAIL = "geheim.kontakt@example.org"
PHONE = "+49 231 7654321"
NOTES = "Privat erreichbar unter Hinterhofweg 3"
SECRETS = (EMAIL, "geheim.kontakt", "7654321", "Hinterhofweg", "hinterhofweg")


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    from partnerdesk.persistence import encrypted

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})


class Office:
    def __init__(self, server, url: str, contact_id: str) -> None:
        self.server = server
        self.url = url
        self.contact_id = contact_id
        self.personal = server.tcp_url(url, "schmidt", PASSWORD)
        self.plain = server.tcp_url(url, "yilmaz", PASSWORD)
        self.reader = server.tcp_url(url, "kaemmerei", PASSWORD)

    def stored(self) -> tuple | None:
        rows = self.server.sql(self.url, f"SELECT email, phone, notes FROM contact_private WHERE contact_id = '{self.contact_id}'")
        return rows[0] if rows else None

    def contact(self) -> tuple:
        return self.server.sql(self.url, f"SELECT name, function, version FROM contacts WHERE id = '{self.contact_id}'")[0]


@pytest.fixture
def office(postgresql_server, server_database_url):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    postgresql_server.login_role("schmidt", PASSWORD, EDITOR, PERSONAL_DATA)
    postgresql_server.login_role("yilmaz", PASSWORD, EDITOR)
    postgresql_server.login_role("kaemmerei", PASSWORD, READER)
    db = open_server_database(server_database_url)  # the owner fills it
    try:
        add_example_data(db)
        contact = service_for(db, "contacts").create(
            Contact(name="Claire Beispiel", function="Maire", email=EMAIL, phone=PHONE, notes=NOTES)
        )
    finally:
        db.close()
    return Office(postgresql_server, server_database_url, contact.id)


def _checkout(url: str, out: Path, **kwargs) -> travelfile.TravelInfo:
    db = open_server_database(url)
    try:
        return travelfile.checkout(db, out, None, **kwargs)
    finally:
        db.close()


def _merge(url: str, trip: Path, **kwargs):
    db = open_server_database(url)
    try:
        with travelfile.open_travel(trip, None) as travel:
            return apply.merge(db, travel, **kwargs)
    finally:
        db.close()


def _edit_contact(trip: Path, contact_id: str, **changes) -> None:
    with travelfile.open_travel(trip, None) as travel:
        contacts = service_for(travel, "contacts")
        contact = contacts.get(contact_id)
        for name, value in changes.items():
            setattr(contact, name, value)
        contacts.update(contact)


def test_a_copy_of_the_server_works_as_one_of_a_file(office, tmp_path, content_of):
    trip = tmp_path / "laptop" / "reise.pdtravel"
    info = _checkout(office.personal, trip)
    assert info.personal_data and info.writable and info.checked_out_by == "schmidt"
    with travelfile.open_travel(trip, None) as travel:
        names = sorted(o.name for o in service_for(travel, "organisations").list())
        contact = service_for(travel, "contacts").get(office.contact_id)
        assert (contact.email, contact.phone, contact.notes) == (EMAIL, PHONE, NOTES)
        assert travelfile.read_info(travel).office_id
    assert names == sorted(r[0] for r in office.server.sql(office.url, "SELECT name FROM organisations"))
    _edit_contact(trip, office.contact_id, function="Bürgermeisterin", phone="+33 1")
    report = _merge(office.personal, trip)
    assert [(e.name, e.action, sorted(e.fields)) for e in report.entries] == [
        ("Claire Beispiel", "update", ["function", "phone"])
    ]
    assert report.backup is None and report.merged_by == "schmidt"
    assert report.report_file and Path(report.report_file).exists() and "?" not in Path(report.report_file).name
    assert office.contact()[1] == "Bürgermeisterin"
    assert office.stored() == (EMAIL, "+33 1", NOTES)


def test_a_copy_without_the_personal_data_role_holds_none_and_never_blanks_it(office, tmp_path):
    trip = tmp_path / "reise.pdtravel"
    info = _checkout(office.plain, trip)
    assert not info.personal_data
    raw = trip.read_bytes()  # unencrypted: every byte of the file is readable
    assert [s for s in SECRETS if s.encode() in raw] == []
    with travelfile.open_travel(trip, None) as travel:
        contact = service_for(travel, "contacts").get(office.contact_id)
        assert contact.personal_hidden and (contact.email, contact.phone, contact.notes) == ("", "", "")
    _edit_contact(trip, office.contact_id, function="Bürgermeisterin")
    # Merged back by someone with the role: the empty fields of the copy mean "not shown", not "deleted".
    report = _merge(office.personal, trip)
    assert [(e.action, e.fields) for e in report.entries] == [("update", ["function"])]
    assert office.contact()[1] == "Bürgermeisterin"
    assert office.stored() == (EMAIL, PHONE, NOTES)


def test_a_copy_without_the_role_merged_back_by_its_maker_keeps_the_personal_data(office, tmp_path):
    trip = tmp_path / "reise.pdtravel"
    _checkout(office.plain, trip)
    _edit_contact(trip, office.contact_id, name="Claire Beispiel-Martin")
    _merge(office.plain, trip)
    assert office.contact()[0] == "Claire Beispiel-Martin"
    assert office.stored() == (EMAIL, PHONE, NOTES)


def test_a_readers_copy_is_read_only_and_cannot_be_merged(office, tmp_path, content_of):
    trip = tmp_path / "reise.pdtravel"
    info = _checkout(office.reader, trip)
    assert not info.writable
    with travelfile.open_travel(trip, None) as travel:
        assert travel.read_only
        assert service_for(travel, "contacts").get(office.contact_id).personal_hidden
        with pytest.raises(WriteNotPermittedError, match="nur mit Leserecht"):
            service_for(travel, "contacts").create(Contact(name="Neu"))
    before = content_of(office.url)
    with pytest.raises(WriteNotPermittedError, match="kaemmerei.*nur mit Leserecht.*nicht zusammengeführt"):
        _merge(office.personal, trip)
    assert content_of(office.url) == before


def test_a_login_that_may_only_read_cannot_merge(office, tmp_path, content_of):
    trip = tmp_path / "reise.pdtravel"
    _checkout(office.personal, trip)
    _edit_contact(trip, office.contact_id, function="geändert")
    before = content_of(office.url)
    with pytest.raises(WriteNotPermittedError, match="Leserecht"):
        _merge(office.reader, trip)
    assert content_of(office.url) == before
    assert not list((tmp_path).glob("**/*.txt"))  # no report either


def test_the_command_line_checks_out_from_the_server_and_merges_back(office, tmp_path, capsys, content_of):
    trip = tmp_path / "reise.pdtravel"
    assert main(["travel", "checkout", "--server", office.plain, "--out", str(trip), "--no-encryption"]) == 0
    output = capsys.readouterr().out
    assert "Reisekopie geschrieben" in output and "personenbezogen" in output
    _edit_contact(trip, office.contact_id, function="Bürgermeisterin")
    assert main(["travel", "merge", "--server", office.reader, str(trip)]) == 1
    captured = capsys.readouterr()
    assert "Leserecht" in captured.err and len(captured.err.strip().splitlines()) == 1, captured.err
    assert office.contact()[1] == "Maire"
    assert main(["travel", "merge", "--server", office.plain, str(trip)]) == 0
    assert office.contact()[1] == "Bürgermeisterin"
    assert office.stored() == (EMAIL, PHONE, NOTES)


def test_the_command_line_says_a_readers_copy_cannot_be_merged_back(office, tmp_path, capsys):
    trip = tmp_path / "reise.pdtravel"
    assert main(["travel", "checkout", "--server", office.reader, "--out", str(trip), "--no-encryption"]) == 0
    output = capsys.readouterr().out
    assert "nicht geändert oder wieder zusammengeführt" in output, output


def test_an_encrypted_copy_of_the_server_holds_no_plaintext(office, tmp_path):
    trip = tmp_path / "reise.pdtravel"
    db = open_server_database(office.personal)
    try:
        travelfile.checkout(db, trip, "Reise-Passwort-2026")
    finally:
        db.close()
    written = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert [s for s in (*SECRETS, "Claire Beispiel", "Bondo") if s.encode() in written] == []
    assert [p.name for p in tmp_path.iterdir()] == ["reise.pdtravel"]  # nothing left beside it
    with travelfile.open_travel(trip, "Reise-Passwort-2026") as travel:
        assert service_for(travel, "contacts").get(office.contact_id).email == EMAIL


def test_a_copy_of_an_unknown_partnership_is_refused_on_the_server(office, tmp_path, capsys, content_of):
    before = content_of(office.url)
    trip = tmp_path / "reise.pdtravel"
    assert main(["travel", "checkout", "--server", office.plain, "--out", str(trip), "--no-encryption",
                 "--partnership", "Atlantis"]) == 1
    err = capsys.readouterr().err
    assert "„Atlantis“" in err and len(err.strip().splitlines()) == 1
    assert not trip.exists() and content_of(office.url) == before


def test_personal_data_changed_on_the_trip_is_left_out_for_a_login_without_the_role(office, tmp_path):
    """Yilmaz merges Schmidt's copy: he cannot see the office's phone, so he cannot merge it; the
    rest arrives, the report names the contact, and the stored personal data stays as it was."""
    trip = tmp_path / "reise.pdtravel"
    _checkout(office.personal, trip)
    _edit_contact(trip, office.contact_id, phone="+33 1", function="Bürgermeisterin")
    with travelfile.open_travel(trip, None) as travel:
        made = service_for(travel, "contacts").create(Contact(name="Neu auf Reisen", email="neu@example.org"))
    report = _merge(office.plain, trip)
    assert office.stored() == (EMAIL, PHONE, NOTES)
    assert office.contact()[1] == "Bürgermeisterin"
    assert report.conflicts == []
    [note] = [n for n in report.notes if "nicht übernommen" in n]
    assert "Claire Beispiel" in note and "Neu auf Reisen" in note
    stored = office.server.sql(office.url, f"SELECT count(*) FROM contact_private WHERE contact_id = '{made.id}'")
    assert stored == [(0,)] and office.server.sql(office.url, f"SELECT name FROM contacts WHERE id = '{made.id}'")


def test_merging_again_keeps_no_personal_data_where_every_login_can_read_it(office, tmp_path):
    """What the office remembers of a merge (for merging the copy again) and its stored report hold
    fingerprints, not e-mails or phone numbers; merging again still decides personal fields right."""
    trip = tmp_path / "reise.pdtravel"
    _checkout(office.personal, trip)
    _edit_contact(trip, office.contact_id, phone="+33 1 23", email="claire.neu@example.org")
    _merge(office.personal, trip)
    assert office.stored() == ("claire.neu@example.org", "+33 1 23", NOTES)
    stored = repr(office.server.sql(office.url, "SELECT key, value FROM database_info"))
    assert "claire.neu" not in stored and "+33 1 23" not in stored and "Hinterhofweg" not in stored
    # The office changes the phone; the trip changes the e-mail again: both arrive, no conflict.
    office.server.sql(office.url, f"UPDATE contact_private SET phone = '+33 9' WHERE contact_id = '{office.contact_id}'")
    _edit_contact(trip, office.contact_id, email="claire.trip@example.org")
    report = _merge(office.personal, trip)
    assert report.conflicts == []
    assert office.stored() == ("claire.trip@example.org", "+33 9", NOTES)
    # Both sides change the notes differently: a conflict, whose base is not kept in the office.
    office.server.sql(office.url, f"UPDATE contact_private SET notes = 'im Büro' WHERE contact_id = '{office.contact_id}'")
    _edit_contact(trip, office.contact_id, notes="auf Reisen")
    db = open_server_database(office.personal)
    try:
        with travelfile.open_travel(trip, None) as travel:
            [conflict] = apply.diff(db, travel)[1].conflicts
    finally:
        db.close()
    assert (conflict.field, conflict.office, conflict.travel) == ("notes", "im Büro", "auf Reisen")
    assert conflict.base not in (NOTES, "im Büro", "auf Reisen")


def test_the_merge_asks_the_servers_history_what_changed_since_the_check_out(office, tmp_path, monkeypatch):
    """On a server the office's side of the merge comes from the record history (its entries
    since the check-out), not from comparing every record's stamps with the copy's base."""
    from partnerdesk.travel import plan

    trip = tmp_path / "reise.pdtravel"
    _checkout(office.personal, trip)
    with travelfile.open_travel(trip, None) as travel, travel.read() as session:
        assert plan.office_history_position(session) is not None
    # Changed in the office after the check-out: by PartnerDesk, and with psql (the audit trigger).
    db = open_server_database(office.personal)
    try:
        contacts = service_for(db, "contacts")
        contact = contacts.get(office.contact_id)
        contact.function = "Maire adjointe"
        contacts.update(contact)
    finally:
        db.close()
    (organisation,) = office.server.sql(office.url, "SELECT id FROM organisations ORDER BY id LIMIT 1")[0]
    office.server.sql(office.url, f"UPDATE organisations SET city = 'Psql-Stadt' WHERE id = '{organisation}'")
    _edit_contact(trip, office.contact_id, function="Bürgermeisterin")

    def no_scan(*_args, **_kwargs):
        raise AssertionError("the office's records were compared one by one")

    monkeypatch.setattr(plan, "base_stamps", no_scan)
    asked: list[tuple[str, set[str]]] = []
    original = plan.change_log.history_changed_since

    def counting(connection, kind, position):
        found = original(connection, kind, position)
        asked.append((kind, found))
        return found

    monkeypatch.setattr(plan.change_log, "history_changed_since", counting)
    with pytest.raises(apply.UnresolvedConflictsError):  # both sides changed the function
        _merge(office.personal, trip)
    named = {kind: ids for kind, ids in asked}
    assert office.contact_id in named["contacts"]  # PartnerDesk's change, from its own entry
    assert named["organisations"] == {organisation}  # psql's change, from the audit trigger
    assert named["projects"] == set()  # nothing else was named
