"""Attachments on the office server, as real login roles: an editor attaches and removes, a reader
reads and opens but may not attach (the program refuses, and the server itself refuses too)."""

from __future__ import annotations

import pytest

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import ReadOnlyDatabaseError, WriteNotPermittedError
from partnerdesk.domain.records import Organisation
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_roles import EDITOR, READER
from partnerdesk.services import OrganisationService, attachments

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Geheim-2026!"


@pytest.fixture
def office(postgresql_server, server_database_url):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    postgresql_server.login_role("kaemmerei", PASSWORD, READER)
    postgresql_server.login_role("yilmaz", PASSWORD, EDITOR)
    db = open_server_database(server_database_url)
    try:
        org = OrganisationService(db).create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT))
    finally:
        db.close()

    class Office:
        organisation = org.id
        reader = postgresql_server.tcp_url(server_database_url, "kaemmerei", PASSWORD)
        editor = postgresql_server.tcp_url(server_database_url, "yilmaz", PASSWORD)

    return Office


def test_an_editor_attaches_and_a_reader_reads_but_may_not_attach(office, tmp_path):
    editor = open_server_database(office.editor)
    try:
        added = attachments.add_bytes(editor, "organisations", office.organisation, "Organigramm.pdf", b"%PDF")
        assert added.added_by == "yilmaz"
    finally:
        editor.close()
    reader = open_server_database(office.reader)
    try:
        [listed] = attachments.list_for(reader, "organisations", office.organisation)
        assert attachments.content(reader, listed.id) == b"%PDF"
        with pytest.raises(WriteNotPermittedError):
            attachments.add_bytes(reader, "organisations", office.organisation, "x.pdf", b"x")
        reader.read_only = False  # pretend the program did not know: the server refuses
        with pytest.raises(ReadOnlyDatabaseError):
            attachments.add_bytes(reader, "organisations", office.organisation, "x.pdf", b"x")
        with pytest.raises(ReadOnlyDatabaseError):
            attachments.remove(reader, listed.id)
        assert [a.name for a in attachments.list_for(reader, "organisations", office.organisation)] == ["Organigramm.pdf"]
    finally:
        reader.close()
