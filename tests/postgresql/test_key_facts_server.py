"""Key facts on the office server: PartnerDesk's save records the whole organisation with its
values once; a value changed with psql is recorded in the organisation's history too (rev 0020)."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact, Organisation
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_roles import EDITOR, READER
from partnerdesk.services import OrganisationService
from partnerdesk.services.history import History

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Eckdaten-2026!"


@pytest.fixture
def urls(postgresql_server, server_database_url):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    postgresql_server.login_role("kf_editor", PASSWORD, EDITOR)
    postgresql_server.login_role("kf_reader", PASSWORD, READER)
    return {login: postgresql_server.tcp_url(server_database_url, login, PASSWORD) for login in ("kf_editor", "kf_reader")}


def test_key_facts_are_in_the_history_whether_saved_by_partnerdesk_or_psql(urls):
    db = open_server_database(urls["kf_editor"])
    try:
        org = OrganisationService(db).create(Organisation(name="Dabola", key_facts=[
            KeyFact(kind=KeyFactKind.INHABITANTS, value="21000", source="Reisebericht", as_of="2012")]))
        assert OrganisationService(db).get(org.id).population == 21000
    finally:
        db.close()
    fact_id = org.key_facts[0].id
    with psycopg.connect(urls["kf_editor"].replace("+psycopg", "")) as conn:
        conn.execute("UPDATE organisation_key_facts SET source = 'per psql' WHERE id = %s", (fact_id,))
        conn.execute(
            "INSERT INTO organisation_key_facts (id, organisation_id, kind, value, name, source, as_of, chosen, position) "
            "VALUES (%s, %s, 'inhabitants', '40000', '', 'Besuch', '2019', false, 1)",
            (str(uuid.uuid4()), org.id),
        )
    db = open_server_database(urls["kf_reader"])
    try:
        added, edited, created = History(db).for_record("organisations", org.id)
    finally:
        db.close()
    assert (created.operation, created.actor) == ("created", "kf_editor")  # PartnerDesk's own entry, once
    assert [f["value"] for f in {c.field: c.new for c in created.changes}["key_facts"]] == ["21000"]
    assert (edited.operation, edited.actor, edited.label) == ("changed", "kf_editor", "Dabola")
    ((field, old, new),) = [(c.field, c.old, c.new) for c in edited.changes]
    assert field == "key_facts" and old[0]["source"] == "Reisebericht" and new[0]["source"] == "per psql"
    ((field, old, new),) = [(c.field, c.old, c.new) for c in added.changes]
    assert (field, old, new[0]["value"]) == ("key_facts", [], "40000")
