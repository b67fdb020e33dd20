"""Partnership stages on the office server: PartnerDesk's save records the whole partnership with
its stages once; a stage changed with psql is recorded in the partnership's history too."""

from __future__ import annotations

import uuid
from datetime import date

import psycopg
import pytest

from partnerdesk.domain.enums import StageKind
from partnerdesk.domain.records import Organisation, Partnership, PartnershipStage
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_roles import EDITOR, READER
from partnerdesk.services import OrganisationService, PartnershipService
from partnerdesk.services.history import History

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

PASSWORD = "Stufen-2026!"


@pytest.fixture
def urls(postgresql_server, server_database_url):
    if postgresql_server.tcp_port is None:
        pytest.skip("the TCP + scram lane needs a server started by the tests")
    postgresql_server.login_role("st_editor", PASSWORD, EDITOR)
    postgresql_server.login_role("st_reader", PASSWORD, READER)
    return {login: postgresql_server.tcp_url(server_database_url, login, PASSWORD) for login in ("st_editor", "st_reader")}


def test_stages_are_in_the_history_whether_saved_by_partnerdesk_or_psql(urls):
    db = open_server_database(urls["st_editor"])
    try:
        partner = OrganisationService(db).create(Organisation(name="Kumasi"))
        partnership = PartnershipService(db).create(Partnership(title="Dortmund – Kumasi", partner_id=partner.id, stages=[
            PartnershipStage(kind=StageKind.FIRST_CONTACT, date=date(2021, 3, 15))]))
    finally:
        db.close()
    stage_id = partnership.stages[0].id
    with psycopg.connect(urls["st_editor"].replace("+psycopg", "")) as conn:
        conn.execute("UPDATE partnership_stages SET note = 'per psql' WHERE id = %s", (stage_id,))
        conn.execute(
            "INSERT INTO partnership_stages (id, partnership_id, kind, date, note, document, automatic_renewal, "
            "programme, phase, position) VALUES (%s, %s, 'certificate', '2023-05-01', '', '', false, '', '', 1)",
            (str(uuid.uuid4()), partnership.id),
        )
    db = open_server_database(urls["st_reader"])
    try:
        added, edited, created = History(db).for_record("partnerships", partnership.id)
    finally:
        db.close()
    assert (created.operation, created.actor) == ("created", "st_editor")  # PartnerDesk's own entry, once
    assert [s["kind"] for s in {c.field: c.new for c in created.changes}["stages"]] == ["first_contact"]
    assert (edited.operation, edited.actor, edited.label) == ("changed", "st_editor", "Dortmund – Kumasi")
    ((field, old, new),) = [(c.field, c.old, c.new) for c in edited.changes]
    assert field == "stages" and old[0]["note"] == "" and new[0]["note"] == "per psql" and new[0]["date"] == "2021-03-15"
    ((field, old, new),) = [(c.field, c.old, c.new) for c in added.changes]
    assert (field, old, new[0]["kind"]) == ("stages", [], "certificate")
