"""The action programme on the office server: PartnerDesk's save records the partnership once with
its programme; an item changed with psql is recorded in the partnership's history too."""

from __future__ import annotations

import psycopg
import pytest

from partnerdesk.domain.programme_sample import sample_programme
from partnerdesk.domain.records import Organisation, Partnership
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_roles import EDITOR, READER
from partnerdesk.services import OrganisationService, PartnershipService
from partnerdesk.services.history import History

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Programm-2026!"


@pytest.fixture
def urls(postgresql_server, server_database_url):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    postgresql_server.login_role("prog_editor", PASSWORD, EDITOR)
    postgresql_server.login_role("prog_reader", PASSWORD, READER)
    return {login: postgresql_server.tcp_url(server_database_url, login, PASSWORD)
            for login in ("prog_editor", "prog_reader")}


def test_programme_items_are_in_the_history_whether_saved_by_partnerdesk_or_psql(urls):
    db = open_server_database(urls["prog_editor"])
    try:
        partner = OrganisationService(db).create(Organisation(name="Kumasi"))
        partnership = PartnershipService(db).create(Partnership(
            title="Dortmund – Kumasi", partner_id=partner.id, programme=sample_programme()))
    finally:
        db.close()
    indicator = next(i for i in partnership.programme if i.unit == "Anzahl")
    with psycopg.connect(urls["prog_editor"].replace("+psycopg", "")) as conn:
        conn.execute("UPDATE programme_items SET unit = 'Stück' WHERE id = %s", (indicator.id,))
    db = open_server_database(urls["prog_reader"])
    try:
        edited, created = History(db).for_record("partnerships", partnership.id)
    finally:
        db.close()
    assert (created.operation, created.actor) == ("created", "prog_editor")  # PartnerDesk's own entry, once
    assert len({c.field: c.new for c in created.changes}["programme"]) == len(sample_programme())
    assert (edited.operation, edited.actor, edited.label) == ("changed", "prog_editor", "Dortmund – Kumasi")
    ((field, old, new),) = [(c.field, c.old, c.new) for c in edited.changes]
    assert field == "programme" and old[0]["unit"] == "Anzahl" and new[0]["unit"] == "Stück"
