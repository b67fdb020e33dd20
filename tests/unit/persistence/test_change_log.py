"""The journal of record changes that travel copies use to find what changed."""

from __future__ import annotations

import pytest

from partnerdesk.domain.records import Contact, Organisation
from partnerdesk.persistence import change_log
from partnerdesk.services import service_for

# In the PostgreSQL lane, skipped there: the journal is kept by SQLite triggers (migration 0002)
# for travel copies only. A server keeps none; change_log.is_complete says so and a reader
# compares every record instead (tests/postgresql/test_server_database.py).
pytestmark = pytest.mark.postgresql


@pytest.fixture(autouse=True)
def _sqlite_only(database_kind: str) -> None:
    if database_kind == "postgresql":
        pytest.skip("the change journal is kept by SQLite triggers only (travel copies); a server has none")


def test_change_log_triggers_exist_at_head(db):
    with db.read() as session:
        assert change_log.is_complete(session.connection())
        sql = {
            name: text
            for name, text in session.connection().exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    # The migration writes the same triggers that ``create_triggers`` would.
    for table in change_log.RECORD_TABLES:
        for event in change_log.EVENTS:
            name = f"trg_{table}_journal_{event}"
            assert sql[name].replace("IF NOT EXISTS ", "") == change_log.trigger_sql(table, event).replace(
                "IF NOT EXISTS ", ""
            )


def test_every_write_is_journalled_with_growing_numbers(db):
    orgs = service_for(db, "organisations")
    with db.read() as session:
        start = change_log.last_seq(session.connection())
    org = orgs.create(Organisation(name="A"))
    contact = service_for(db, "contacts").create(Contact(name="P", organisation_id=org.id))
    with db.read() as session:
        middle = change_log.last_seq(session.connection())
        assert change_log.changed_since(session.connection(), "organisations", start) == {org.id}
    org.notes = "x"
    orgs.update(org)
    orgs.delete(org.id)  # unlinks the contact: the contact counts as changed too
    with db.read() as session:
        conn = session.connection()
        assert change_log.changed_since(conn, "organisations", middle) == {org.id}
        assert change_log.changed_since(conn, "contacts", middle) == {contact.id}
        assert change_log.last_seq(conn) > middle
