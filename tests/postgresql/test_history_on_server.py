"""The history on a server: the acting user is the login role, and ``server import-file`` is
one batch of entries in its own transaction."""

from __future__ import annotations

from sqlalchemy import text

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Organisation
from partnerdesk.persistence.database import create_database
from partnerdesk.persistence.server import open_server_database
from partnerdesk.services import OrganisationService
from partnerdesk.services.history import History
from partnerdesk.travel.file_import import import_files


def test_import_file_is_one_batch_named_after_the_login_role(server_database_url, tmp_path):
    office = open_server_database(server_database_url)
    try:
        with office.read() as session:
            login = session.execute(text("SELECT session_user")).scalar()
        umweltamt = OrganisationService(office).create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT))
        personal = create_database(tmp_path / "mueller.sqlite")
        OrganisationService(personal).create(
            Organisation(id=umweltamt.id, name="Umweltamt", short_name="UA", kind=OrganisationKind.CITY_UNIT))
        OrganisationService(personal).create(Organisation(name="Kämmerei", kind=OrganisationKind.CITY_UNIT))
        mark = History(office).latest_id()
        try:
            import_files(office, [("mueller.sqlite", personal)], prefer="travel")
        finally:
            personal.close()
        entries = History(office).since(mark)
        assert sorted((e.label, e.operation) for e in entries) == [("Kämmerei", "created"), ("Umweltamt", "changed")]
        assert {e.actor for e in entries} == {login} and len({e.batch_id for e in entries}) == 1
        changed = next(e for e in entries if e.operation == "changed")
        assert [(c.field, c.old, c.new) for c in changed.changes] == [("short_name", "", "UA")]
    finally:
        office.close()
