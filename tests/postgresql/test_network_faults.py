"""A server that goes away, comes back, or loses the connection during a save.

Each time: a German message, nothing applied twice or by halves (the test reads the
server itself), and the next action connects again without the user doing anything.
"""

from __future__ import annotations

import dataclasses

import pytest

from partnerdesk.domain.errors import ConnectionLostError
from partnerdesk.persistence.server import ServerDatabaseError, once_more_if_dropped, open_server_database
from partnerdesk.services import OrganisationService
from partnerdesk.services.example_data import add_example_data


@pytest.fixture
def server_db(server_database_url):
    db = open_server_database(server_database_url)
    add_example_data(db)
    yield db
    db.close()


def stored(url: str, record_id: str) -> tuple[str, int]:
    db = open_server_database(url)
    try:
        record = OrganisationService(db).get(record_id)
        return record.city, record.version
    finally:
        db.close()


def test_an_unreachable_server_at_start_is_named_in_german_and_the_next_try_connects(postgresql_server, server_database_url):
    if postgresql_server.folder is None:
        pytest.skip("only a server this test run started can be stopped")
    postgresql_server.stop_for_a_while()
    try:
        with pytest.raises(ServerDatabaseError) as caught:
            open_server_database(server_database_url)
        assert "ist nicht erreichbar" in caught.value.message
    finally:
        postgresql_server.start_again()
    open_server_database(server_database_url).close()


def test_after_a_restart_reads_and_saves_reconnect_by_themselves(postgresql_server, server_db, server_database_url):
    if postgresql_server.folder is None:
        pytest.skip("only a server this test run started can be restarted")
    service = OrganisationService(server_db)
    record = service.find("Umweltamt")
    postgresql_server.restart_immediately()  # every pooled connection is broken now

    # Without a retry the first use of a pooled connection fails, with a German message ...
    with pytest.raises(ConnectionLostError) as caught:
        service.get(record.id)
    assert caught.value.retry_safe and "Verbindung" in caught.value.message
    # ... and the pool started afresh: the next read works.
    assert service.get(record.id).id == record.id

    postgresql_server.restart_immediately()
    assert once_more_if_dropped(service.get, record.id).version == record.version  # a read: retried

    postgresql_server.restart_immediately()
    changed = dataclasses.replace(record, city="Dortmund-Mitte")
    saved = once_more_if_dropped(service.update, changed)  # dropped at BEGIN: never reached the server
    assert saved.version == record.version + 1
    assert stored(server_database_url, record.id) == ("Dortmund-Mitte", record.version + 1)


def test_a_save_cut_before_commit_is_retried_once_and_applied_once(proxied):
    url, proxy = proxied
    db = open_server_database(url)
    try:
        add_example_data(db)
        service = OrganisationService(db)
        record = service.find("Umweltamt")
        proxy.cut_when(b"UPDATE organisations")  # the UPDATE never reaches the server
        saved = once_more_if_dropped(service.update, dataclasses.replace(record, city="Dortmund-Mitte"))
        assert proxy.cuts == 1
        assert saved.version == record.version + 1
        assert stored(url, record.id) == ("Dortmund-Mitte", record.version + 1)
    finally:
        db.close()


@pytest.mark.parametrize("reaches_server", [False, True], ids=["commit lost", "answer lost"])
def test_a_save_cut_at_commit_is_never_repeated_and_the_database_holds_all_or_nothing(proxied, reaches_server):
    url, proxy = proxied
    db = open_server_database(url)
    try:
        add_example_data(db)
        service = OrganisationService(db)
        record = service.find("Umweltamt")
        proxy.cut_when(b"COMMIT", forward=reaches_server, after=b"UPDATE organisations")
        with pytest.raises(ConnectionLostError) as caught:
            once_more_if_dropped(service.update, dataclasses.replace(record, city="Dortmund-Mitte"))
        assert not caught.value.retry_safe and "vollständig oder gar nicht" in caught.value.message
        assert proxy.cuts == 1
        city, version = stored(url, record.id)
        if reaches_server:
            assert (city, version) == ("Dortmund-Mitte", record.version + 1)  # whole, and only once
        else:
            assert (city, version) == (record.city, record.version)  # nothing of it
        # The next action connects again by itself.
        assert service.get(record.id).version == version
    finally:
        db.close()
