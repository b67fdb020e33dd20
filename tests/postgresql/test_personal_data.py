"""Contacts' personal data on a server: only the personal-data role sees it, through every path.

The test server's roles (cluster-wide, made here with IF NOT EXISTS until ``partnerdesk
server init`` makes the group roles): ``partnerdesk_personal_data`` (the group),
``pd_test_schmidt`` (a login in that group) and ``pd_test_yilmaz`` (a login outside it). Both
logins get SELECT, INSERT, UPDATE and DELETE on every table: deliberately one grant too many,
so what keeps the e-mail from Yilmaz is the server's row-level security on
``contact_private`` (migration 0004), not a missing grant. They log in over the test server's
Unix socket (trust); the TCP lane with passwords is the roles tests' part.

Each check that Yilmaz sees nothing is paired with the same check for Schmidt seeing it, so
the checks can fail; ``test_without_the_policy_the_raw_select_would_leak`` shows the raw
SELECT check failing when the policy is dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from pypdf import PdfReader
from sqlalchemy.engine import make_url

from partnerdesk.cli import (
    database_commands,
    document_commands,
    exchange_commands,
    history_commands,
    travel_commands,
)
from partnerdesk.cli.main import main
from partnerdesk.domain.enums import OrganisationKind, PartnershipStatus, PartnershipType, ProjectStatus
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact, Organisation, Partnership, Project
from partnerdesk.persistence import personal_data
from partnerdesk.persistence.server import ServerDatabase, open_server_database
from partnerdesk.services import service_for
from partnerdesk.services.registers import RegisterQuery, RegisterService

EMAIL = "geheim.kontakt@example.org"
PHONE = "+49 231 7654321"
NOTES = "Privat erreichbar unter Hinterhofweg 3"
#: What must never reach a user outside the personal-data role (the folded forms too).
SECRETS = (EMAIL, "geheim.kontakt", "7654321", "Hinterhofweg", "hinterhofweg")

PERSONAL = "pd_test_schmidt"
PLAIN = "pd_test_yilmaz"


def _sql(url: str, *statements: str, user: str | None = None) -> list[tuple]:
    """Run ``statements`` (autocommit) as the server's superuser or as ``user``; the last one's rows."""
    parsed = make_url(url)
    rows: list[tuple] = []
    with psycopg.connect(host=parsed.query["host"], port=parsed.port, user=user or parsed.username, dbname=parsed.database,
                         autocommit=True) as conn:
        for statement in statements:
            cursor = conn.execute(statement)
            rows = cursor.fetchall() if cursor.description else []
    return rows


def _roles_sql() -> list[str]:
    """The group and the two logins; roles belong to the whole server, so made only if missing."""
    made = " ".join(
        f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN CREATE ROLE {name} {kind}; END IF;"
        for name, kind in ((personal_data.ROLE, "NOLOGIN"), (PERSONAL, "LOGIN"), (PLAIN, "LOGIN"))
    )
    return [
        f"DO $$ BEGIN {made} END $$",
        f"GRANT {personal_data.ROLE} TO {PERSONAL}",
        f"REVOKE {personal_data.ROLE} FROM {PLAIN}",
    ]


@dataclass
class Office:
    url: str
    contact_id: str
    partnership_id: str
    project_id: str

    def url_as(self, user: str) -> str:
        return make_url(self.url).set(username=user).render_as_string(hide_password=False)

    def open_as(self, user: str) -> ServerDatabase:
        return open_server_database(self.url_as(user))

    def stored(self) -> tuple[str, str, str] | None:
        """The personal row as the superuser sees it."""
        rows = _sql(self.url, f"SELECT email, phone, notes FROM contact_private WHERE contact_id = '{self.contact_id}'")
        return rows[0] if rows else None


@pytest.fixture
def office(server_database_url: str) -> Iterator[Office]:
    db = open_server_database(server_database_url)  # the superuser: gives the copy its identity, fills it
    try:
        org = service_for(db, "organisations").create(
            Organisation(name="Ville de Partenaire", kind=OrganisationKind.MUNICIPALITY, country="FR", languages=["fr"])
        )
        contact = service_for(db, "contacts").create(
            Contact(name="Claire Beispiel", organisation_id=org.id, function="Maire", email=EMAIL, phone=PHONE, notes=NOTES)
        )
        partnership = service_for(db, "partnerships").create(
            Partnership(title="Städtepartnerschaft Partenaire", partner_id=org.id, type=PartnershipType.TWINNING,
                        status=PartnershipStatus.ACTIVE, start_year=2001)
        )
        project = service_for(db, "projects").create(
            Project(title="Klimaprojekt Partenaire", partnership_id=partnership.id, status=ProjectStatus.RUNNING,
                    contact_ids=[contact.id])
        )
    finally:
        db.close()
    _sql(server_database_url, *_roles_sql(),
         f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {PERSONAL}, {PLAIN}")
    yield Office(server_database_url, contact.id, partnership.id, project.id)


# Services and the register ------------------------------------------------------------------


@pytest.mark.parametrize("user", [PERSONAL, PLAIN])
def test_services_give_the_personal_data_only_to_the_role(office, user):
    db = office.open_as(user)
    try:
        assert db.personal_data_visible is (user == PERSONAL)
        contact = service_for(db, "contacts").get(office.contact_id)
        listed = service_for(db, "contacts").list()
        register = RegisterService(db, "contacts")
        row = register.row(office.contact_id)
        found = register.ids(RegisterQuery("contacts", search="geheim.kontakt"))
        by_phone = register.ids(RegisterQuery("contacts", search="7654321"))
        by_name = register.ids(RegisterQuery("contacts", search="claire"))
    finally:
        db.close()
    assert by_name == [office.contact_id]
    assert row is not None
    if user == PERSONAL:
        assert (contact.email, contact.phone, contact.notes) == (EMAIL, PHONE, NOTES)
        assert not contact.personal_hidden
        assert [c.email for c in listed] == [EMAIL]
        assert row.values["email"] == EMAIL and row.values["phone"] == PHONE
        assert found == [office.contact_id] and by_phone == [office.contact_id]
    else:
        assert (contact.email, contact.phone, contact.notes) == ("", "", "")
        assert contact.personal_hidden
        assert [c.email for c in listed] == [""]
        assert row.values["email"] == row.values["phone"] == "vertraulich"  # the window's register
        assert found == [] and by_phone == []  # the search text does not give it away either


def test_the_program_hides_it_too_where_the_server_would_show_it(office):
    """Row-level security off (a policy dropped by mistake, or the table's owner, whom PostgreSQL
    exempts): the program asked at connect and still gives Yilmaz nothing."""
    _sql(office.url, "ALTER TABLE contact_private DISABLE ROW LEVEL SECURITY")
    db = office.open_as(PLAIN)
    try:
        contact = service_for(db, "contacts").get(office.contact_id)
        register = RegisterService(db, "contacts")
        row = register.row(office.contact_id)
        found = register.ids(RegisterQuery("contacts", search="geheim.kontakt"))
        ordered = register.ids(RegisterQuery("contacts", sort_column="email"))
    finally:
        db.close()
    assert (contact.email, contact.phone, contact.notes, contact.personal_hidden) == ("", "", "", True)
    assert row is not None and row.values["email"] == row.values["phone"] == "vertraulich"
    assert found == [] and ordered == [office.contact_id]


# A raw SELECT -------------------------------------------------------------------------------


def _everything_readable(office: Office, user: str) -> str:
    """Every row of every table ``user`` may read, as one text."""
    tables = [r[0] for r in _sql(office.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return "\n".join(repr(_sql(office.url, f'SELECT * FROM "{t}"', user=user)) for t in sorted(tables))


def test_a_raw_select_without_the_role_gets_no_personal_data(office):
    assert _sql(office.url, "SELECT * FROM contact_private", user=PLAIN) == []
    text = _everything_readable(office, PLAIN)
    assert "Claire Beispiel" in text  # the contact itself is there
    assert [s for s in SECRETS if s in text] == []
    with_role = _everything_readable(office, PERSONAL)
    assert EMAIL in with_role and PHONE in with_role and NOTES in with_role


def test_without_the_policy_the_raw_select_would_leak(office):
    """The check above can fail: with row-level security off, the grant alone lets the e-mail out."""
    _sql(office.url, "ALTER TABLE contact_private DISABLE ROW LEVEL SECURITY")
    assert EMAIL in _everything_readable(office, PLAIN)


def test_without_the_role_nobody_but_a_superuser_sees_it(office):
    """No policy at all (RLS's default) would deny everybody; the policy admits the role's members."""
    _sql(office.url, "DROP POLICY contact_private_personal_data ON contact_private")
    assert _sql(office.url, "SELECT email FROM contact_private", user=PERSONAL) == []
    assert _sql(office.url, "SELECT email FROM contact_private") == [(EMAIL,)]


def test_a_user_outside_the_role_cannot_write_personal_data_either(office):
    with pytest.raises(psycopg.Error, match="row-level security|Sicherheitsrichtlinie"):
        _sql(office.url, f"INSERT INTO contact_private (contact_id, email, phone, notes, search_text) "
                         f"VALUES ('{office.contact_id}', 'x@example.org', '', '', '')", user=PLAIN)
    assert _sql(office.url, "UPDATE contact_private SET email = 'x@example.org' RETURNING contact_id", user=PLAIN) == []
    assert _sql(office.url, "DELETE FROM contact_private RETURNING contact_id", user=PLAIN) == []
    assert office.stored() == (EMAIL, PHONE, NOTES)


# Saving as a user without the role ----------------------------------------------------------


@pytest.mark.parametrize("policy", ["on", "off"])
def test_an_update_without_the_role_leaves_the_personal_row_alone(office, policy):
    """A save by Yilmaz writes what he changed and never erases what he cannot see. ``off``: even
    if the server's policy were missing (or he owned the table), the program hides the fields
    from him (it asked at connect) and does not write them."""
    if policy == "off":
        _sql(office.url, "ALTER TABLE contact_private DISABLE ROW LEVEL SECURITY")
    db = office.open_as(PLAIN)
    try:
        contacts = service_for(db, "contacts")
        contact = contacts.get(office.contact_id)
        assert contact.personal_hidden and contact.email == ""
        saved = contacts.update(dataclasses.replace(contact, function="Bürgermeisterin"))
        assert saved.function == "Bürgermeisterin" and saved.personal_hidden
        # A caller that fills in the fields is refused whole (the function stays as saved above).
        with pytest.raises(UserError, match="nichts wurde gespeichert"):
            contacts.update(dataclasses.replace(saved, function="Anders", email="falsch@example.org"))
    finally:
        db.close()
    assert office.stored() == (EMAIL, PHONE, NOTES)
    db = office.open_as(PERSONAL)
    try:
        contact = service_for(db, "contacts").get(office.contact_id)
    finally:
        db.close()
    assert (contact.function, contact.email, contact.phone, contact.notes) == ("Bürgermeisterin", EMAIL, PHONE, NOTES)


def test_the_role_edits_and_clears_the_personal_data(office):
    db = office.open_as(PERSONAL)
    try:
        contacts = service_for(db, "contacts")
        contact = contacts.update(dataclasses.replace(contacts.get(office.contact_id), email="neu@example.org"))
        assert office.stored() == ("neu@example.org", PHONE, NOTES)
        contacts.update(dataclasses.replace(contact, email="", phone="", notes=""))
    finally:
        db.close()
    assert office.stored() is None  # nothing personal left: no row


def test_a_contact_made_without_the_role_has_no_personal_row(office):
    db = office.open_as(PLAIN)
    try:
        made = service_for(db, "contacts").create(Contact(name="Neue Person", function="Referent"))
        assert made.personal_hidden
    finally:
        db.close()
    assert _sql(office.url, f"SELECT count(*) FROM contact_private WHERE contact_id = '{made.id}'") == [(0,)]


def test_deleting_a_contact_needs_the_role(office):
    """The hidden row would go with the contact (the foreign key cascades past row-level security),
    and an undo by Yilmaz could not bring back what he never saw: refused, nothing deleted."""
    db = office.open_as(PLAIN)
    try:
        with pytest.raises(UserError, match="Rolle für personenbezogene Daten"):
            service_for(db, "contacts").delete(office.contact_id)
    finally:
        db.close()
    assert office.stored() == (EMAIL, PHONE, NOTES)
    db = office.open_as(PERSONAL)
    try:
        contacts = service_for(db, "contacts")
        deletion = contacts.delete(office.contact_id)
        assert office.stored() is None
        contacts.restore(deletion)  # undo brings everything back
    finally:
        db.close()
    assert office.stored() == (EMAIL, PHONE, NOTES)


# The command line: list, export, export-table, mou, sheet, travel checkout -------------------


@pytest.fixture
def command_as(office, monkeypatch, capsys):
    """Run a ``partnerdesk`` command with the server database opened as ``user``; (exit code, output).

    Until the command line has ``--server`` (the "door" work), the commands' one opening
    function is pointed at the server here; everything after it is the real command.
    """

    def run(user: str, *argv: str) -> tuple[int, str]:
        def open_server(_args: object, **_kwargs: object) -> ServerDatabase:
            return office.open_as(user)

        for module in (database_commands, document_commands, exchange_commands, travel_commands, history_commands):
            monkeypatch.setattr(module, "open_for_command", open_server)
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return run


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _file_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return _pdf_text(path)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        return "\n".join(repr(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    return path.read_text(encoding="utf-8")


def _commands(office: Office, out: Path) -> list[tuple[list[str], Path | None]]:
    return [
        (["list", "contacts"], None),
        (["list", "contacts", "--format", "csv"], None),
        (["list", "contacts", "--format", "json"], None),
        (["export", str(out / "alles.json")], out / "alles.json"),
        (["export-table", "contacts", str(out / "kontakte.csv")], out / "kontakte.csv"),
        (["export-table", "contacts", str(out / "kontakte.xlsx")], out / "kontakte.xlsx"),
        (["mou", office.partnership_id, "--lang", "fr", "--with", "contacts", "--out", str(out / "mou.pdf")], out / "mou.pdf"),
        (["sheet", office.project_id, "--out", str(out / "blatt.pdf")], out / "blatt.pdf"),
        (["history", "--format", "json"], None),  # the contact's "created" entry holds its e-mail
    ]


@pytest.mark.parametrize("user", [PERSONAL, PLAIN])
def test_no_command_gives_the_personal_data_away(office, command_as, tmp_path, user):
    """Everything a user can get out of the command line; with the role the e-mail is there
    (so each check can see it), without it nothing of it."""
    for argv, written in _commands(office, tmp_path):
        code, output = command_as(user, *argv)
        assert code == 0, (argv, output)
        text = output + (_file_text(written) if written is not None else "")
        if argv[0] == "mou":  # the contacts clause names her by function, not by name or e-mail
            assert "Maire" in text and "Claire Beispiel" not in text
        leaked = [s for s in SECRETS if s in text]
        if user == PLAIN:
            assert leaked == [], argv
        elif argv[0] not in ("mou",):  # the MoU names no contact unless chosen (--with-contact)
            assert EMAIL in text or "geheim.kontakt" in text, argv


def test_an_archive_with_personal_data_is_refused_without_the_role(office, command_as, tmp_path):
    """Reading an archive (or a table) with e-mails as Yilmaz would drop them silently: refused whole."""
    archive = tmp_path / "mit_email.json"
    code, output = command_as(PERSONAL, "export", str(archive))
    assert code == 0, output
    _sql(office.url, f"UPDATE contacts SET function = 'geändert' WHERE id = '{office.contact_id}'")
    code, output = command_as(PLAIN, "import", str(archive))
    assert code == 1
    assert "Rolle für personenbezogene Daten" in output and "Claire Beispiel" in output, output
    assert _sql(office.url, f"SELECT function FROM contacts WHERE id = '{office.contact_id}'") == [("geändert",)]
    assert office.stored() == (EMAIL, PHONE, NOTES)


def test_an_archive_written_without_the_role_never_empties_the_personal_data(office, command_as, tmp_path):
    """Its contacts' empty e-mails mean "not shown": read back by Schmidt, nothing is emptied."""
    archive = tmp_path / "ohne_email.json"
    code, output = command_as(PLAIN, "export", str(archive))
    assert code == 0, output
    assert EMAIL not in archive.read_text(encoding="utf-8")
    code, output = command_as(PERSONAL, "import", str(archive))
    assert code == 0, output
    assert office.stored() == (EMAIL, PHONE, NOTES)
    assert _sql(office.url, f"SELECT version FROM contacts WHERE id = '{office.contact_id}'") == [(1,)]  # unchanged


def test_export_table_search_for_an_email_finds_nothing_without_the_role(office, command_as, tmp_path):
    out = tmp_path / "gesucht.csv"
    code, output = command_as(PLAIN, "export-table", "contacts", str(out), "--search", "geheim.kontakt")
    assert code == 0, output
    assert "Claire" not in out.read_text(encoding="utf-8")
    code, output = command_as(PERSONAL, "export-table", "contacts", str(out), "--search", "geheim.kontakt")
    assert code == 0, output
    assert EMAIL in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("user", [PERSONAL, PLAIN])
def test_a_travel_copy_holds_the_personal_data_only_for_the_role(office, command_as, tmp_path, user):
    out = tmp_path / "reise.pdtravel"
    code, output = command_as(user, "travel", "checkout", "--out", str(out), "--no-encryption")
    assert code == 0, output
    raw = out.read_bytes()  # unencrypted: every byte of the file is readable
    leaked = [s for s in SECRETS if s.encode() in raw]
    if user == PLAIN:
        assert leaked == [] and "personenbezogenen" in output
    else:
        assert EMAIL in leaked


# The window ---------------------------------------------------------------------------------


@pytest.mark.parametrize("user", [PERSONAL, PLAIN])
def test_the_form_shows_vertraulich_read_only_and_a_save_keeps_the_data(qtbot, office, user):
    from partnerdesk.ui.editing import RecordEditorPanel

    db = office.open_as(user)
    try:
        panel = RecordEditorPanel(db)
        qtbot.addWidget(panel)
        assert panel.show_record("contacts", office.contact_id)
        form = panel.form
        email, phone, notes, address = (form.fields[name].widget for name in ("email", "phone", "notes", "address"))
        if user == PLAIN:
            assert (email.text(), phone.toPlainText(), notes.toPlainText(), address.toPlainText()) == ("vertraulich",) * 4
            assert email.isReadOnly() and phone.isReadOnly() and notes.isReadOnly() and address.isReadOnly()
            assert "partnerdesk_personal_data" in email.toolTip()
        else:
            assert (email.text(), phone.toPlainText(), notes.toPlainText()) == (EMAIL, PHONE, NOTES)
            assert not (email.isReadOnly() or phone.isReadOnly() or notes.isReadOnly())
        function = form.fields["function"].widget
        function.setText("Bürgermeisterin")
        assert panel.save()
        # A new contact: the personal fields are closed to a user outside the role from the start.
        new_form = panel.start_new("contacts")
        assert new_form.fields["email"].widget.isReadOnly() is (user == PLAIN)
        panel.show_record("contacts", office.contact_id)
        assert form.fields["email"].widget.isReadOnly() is (user == PLAIN)
    finally:
        db.close()
    assert office.stored() == (EMAIL, PHONE, NOTES)
    assert _sql(office.url, f"SELECT function FROM contacts WHERE id = '{office.contact_id}'") == [("Bürgermeisterin",)]
