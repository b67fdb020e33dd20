"""Live refresh on the server: the notification trigger, the polling fallback when notifications
are blocked or the listening connection is lost, and who else is connected.

The waits are for what the user sees (``qtbot.waitUntil``), never timed assertions.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from partnerdesk.domain.records import Organisation
from partnerdesk.persistence import live_server
from partnerdesk.persistence.server import open_server_database
from partnerdesk.persistence.server_roles import EDITOR, READER
from partnerdesk.services.example_data import add_example_data
from partnerdesk.services.records import OrganisationService

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/network_proxy.py

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

PASSWORD = "Geheim-2026!"
WAIT_MS = 15_000


def _insert_history(cursor) -> None:
    cursor.execute(
        "INSERT INTO record_history (at, actor, batch_id, kind, record_id, operation, label, changes)"
        " VALUES (now(), session_user, 'b', 'organisations', 'x', 'changed', 'x', '{}')"
    )


def test_server_init_installs_the_trigger_and_it_notifies_on_commit_only(postgresql_server, server_database_url):
    import psycopg
    from sqlalchemy.engine import make_url

    db = open_server_database(server_database_url)
    try:
        with db.read_engine.connect() as connection:
            assert live_server.has_change_notices(connection)
    finally:
        db.close()
    name = make_url(server_database_url).database
    with postgresql_server._admin(name) as listener, postgresql_server._admin(name) as writer:
        listener.execute(f"LISTEN {live_server.CHANNEL}")
        writer.autocommit = False
        with writer.cursor() as cursor:
            _insert_history(cursor)
        writer.rollback()  # a rolled-back change notifies nobody
        with writer.cursor() as cursor:
            _insert_history(cursor)
            _insert_history(cursor)
        writer.commit()  # two statements in one transaction: one notification (same payload)
        got = list(listener.notifies(timeout=10, stop_after=1))
        got += list(listener.notifies(timeout=0.0))
    assert [(n.channel, n.pid) for n in got] == [(live_server.CHANNEL, got[0].pid)]
    assert isinstance(got[0], psycopg.Notify) and len(got) == 1


def test_the_listener_leaves_out_its_own_writes(server_database_url):
    mine, colleague = open_server_database(server_database_url), open_server_database(server_database_url)
    try:
        live_server.track_own_connections(mine)
        listener = live_server.ChangeListener(mine)
        try:
            OrganisationService(mine).create(Organisation(name="Eigene"))
            OrganisationService(colleague).create(Organisation(name="Fremde"))
            # Delivered in commit order: the colleague's comes after the window's own one.
            assert listener.wait(10) is True
        finally:
            listener.close()
    finally:
        mine.close()
        colleague.close()


@pytest.fixture
def two_logins(postgresql_server, server_database_url):
    """(url, window's URL over TCP as "akoch", colleague's as "mmuster"), with the example data."""
    if postgresql_server.tcp_port is None:
        pytest.skip("logins over TCP need a server started by the tests")
    db = open_server_database(server_database_url)
    add_example_data(db)
    db.close()
    postgresql_server.login_role("akoch", PASSWORD, EDITOR)
    postgresql_server.login_role("mmuster", PASSWORD, EDITOR)
    return (
        server_database_url,
        postgresql_server.tcp_url(server_database_url, "akoch", PASSWORD),
        postgresql_server.tcp_url(server_database_url, "mmuster", PASSWORD),
    )


@pytest.fixture
def open_window(qtbot, private_data_dir):
    from partnerdesk.ui.main_window import MainWindow
    from partnerdesk.ui.settings import Settings

    opened = []

    def open_(db):
        window = MainWindow(db, Settings())
        window.show()
        opened.append(window)
        window.tabs.setCurrentWidget(window.panels["organisations"])
        window.panels["organisations"].ensure_loaded(wait=True)
        return window

    yield open_
    for window in opened:
        window.close()
        window.deleteLater()
        window.db.close()


def _renamed_row_shows(qtbot, window, colleague_db, suffix):
    panel = window.panels["organisations"]
    target = panel.model.ids()[0]
    service = OrganisationService(colleague_db)
    record = service.get(target)
    service.update(replace(record, name=record.name + suffix))
    keys = [c.key for c in panel.model.columns]
    qtbot.waitUntil(
        lambda: panel.model.index(panel.model.row_of(target), keys.index("name")).data() == record.name + suffix,
        timeout=WAIT_MS,
    )


def test_a_blocked_listen_falls_back_to_polling_with_a_quiet_note(qtbot, postgresql_server, proxied, open_window):
    url, proxy = proxied
    db = open_server_database(url)
    add_example_data(db)
    proxy.cut_when(b"LISTEN")  # the server (or a pooler in between) refuses the listening connection
    window = open_window(db)
    qtbot.waitUntil(lambda: window.live.feed is not None and window.live.feed.polling, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.live.note_label.isVisibleTo(window), timeout=WAIT_MS)
    assert window.live.note_label.text() == "Aktualisierung per Abfrage"
    assert "jede Sekunde abgefragt" in window.live.note_label.toolTip()
    assert proxy.cuts == 1
    colleague = open_server_database(url)
    try:
        _renamed_row_shows(qtbot, window, colleague, " (abgefragt)")
    finally:
        colleague.close()
    window.refresh()  # the window keeps working
    assert window.current_panel().model.loaded


def test_a_lost_listening_connection_falls_back_to_polling(qtbot, postgresql_server, two_logins, open_window):
    url, mine, theirs = two_logins
    window = open_window(open_server_database(mine))
    qtbot.waitUntil(lambda: window.live.feed is not None, timeout=WAIT_MS)
    assert not window.live.feed.polling
    colleague = open_server_database(theirs)
    try:
        _renamed_row_shows(qtbot, window, colleague, " (benachrichtigt)")
        postgresql_server.sql(
            url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE usename = 'akoch' AND query LIKE 'LISTEN%'"
        )
        qtbot.waitUntil(lambda: window.live.feed.polling, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.live.note_label.isVisibleTo(window), timeout=WAIT_MS)
        _renamed_row_shows(qtbot, window, colleague, " (abgefragt)")
    finally:
        colleague.close()


def test_the_status_bar_says_who_else_is_connected(qtbot, two_logins, open_window):
    _url, mine, theirs = two_logins
    colleague = open_server_database(theirs)
    try:
        OrganisationService(colleague).list()  # mmuster's program holds a connection
        window = open_window(open_server_database(mine))
        qtbot.waitUntil(lambda: window.live.who_label.isVisibleTo(window), timeout=WAIT_MS)
        assert window.live.who_label.text() == "Ebenfalls verbunden: mmuster"
    finally:
        colleague.close()


def test_a_reader_who_may_not_see_other_sessions_sees_nothing_and_no_error(
    qtbot, postgresql_server, two_logins, open_window
):
    url, _mine, theirs = two_logins
    postgresql_server.login_role("kaemmerei", PASSWORD, READER)
    postgresql_server.sql(url, "REVOKE SELECT ON pg_catalog.pg_stat_activity FROM PUBLIC")
    colleague = open_server_database(theirs)
    try:
        OrganisationService(colleague).list()
        reader = open_server_database(postgresql_server.tcp_url(url, "kaemmerei", PASSWORD))
        assert live_server.connected_colleagues(reader) is None
        window = open_window(reader)
        asked = window.live.asked
        window.live.ask_who()
        qtbot.waitUntil(lambda: window.live.asked > asked, timeout=WAIT_MS)
        assert window.live.who_label.isHidden() and window.live.who_label.text() == ""
    finally:
        colleague.close()


#: Round trips the window spends on live refresh (counted by the proxy, as the window's ceilings
#: are): a colleague's save costs one read transaction (BEGIN, the new history entries, the changed
#: rows, COMMIT); the window's own save costs nothing more than without live refresh (its
#: notification is recognised by the connection's pid and not even looked up).
COLLEAGUE_SAVE_CEILING = 4
OWN_SAVE_CEILING = 35  # tests/postgresql/test_window_over_network.py, CEILINGS["save"]


def test_live_refresh_costs_few_round_trips(qtbot, proxied, open_window):
    url, proxy = proxied
    db = open_server_database(url)
    add_example_data(db)
    window = open_window(db)
    qtbot.waitUntil(lambda: window.live.feed is not None and window.live.asked >= 1, timeout=WAIT_MS)
    assert not window.live.feed.polling
    panel = window.panels["organisations"]
    qtbot.waitUntil(lambda: panel.model.total is not None, timeout=WAIT_MS)
    colleague = open_server_database(proxy_free(url, proxy))
    try:
        before, applied = proxy.sends, window.live.applied
        _renamed_row_shows(qtbot, window, colleague, " (gezählt)")
        qtbot.waitUntil(lambda: window.live.applied > applied, timeout=WAIT_MS)
        qtbot.wait(20)  # anything the change posted to the event loop runs too
        colleague_sends = proxy.sends - before
    finally:
        colleague.close()
    target = panel.model.ids()[1]
    window.open_record("organisations", target)
    editor = window.editor_panel
    qtbot.waitUntil(lambda: editor.record_id == target, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.model.total is not None, timeout=WAIT_MS)
    before, applied = proxy.sends, window.live.applied
    editor.form.fields["city"].widget.setText("Dortmund-Mitte")
    assert editor.save()
    qtbot.waitUntil(lambda: not panel.model.busy and panel.model.total is not None, timeout=WAIT_MS)
    qtbot.wait(20)
    own_sends = proxy.sends - before
    print("round trips: colleague's save", colleague_sends, "own save", own_sends)
    assert colleague_sends <= COLLEAGUE_SAVE_CEILING, proxy.sent[-colleague_sends:]
    assert own_sends <= OWN_SAVE_CEILING
    assert window.live.applied == applied


def proxy_free(url, proxy):
    """``url`` straight to the server, not through ``proxy`` (the colleague's program)."""
    return url.replace(f"127.0.0.1:{proxy.port}", f"127.0.0.1:{proxy.target_port}")


def test_server_upgrade_puts_back_a_missing_trigger(postgresql_server, server_database_url):
    from partnerdesk.persistence.server_admin import upgrade_server

    postgresql_server.sql(server_database_url, f"DROP TRIGGER {live_server.TRIGGER} ON record_history")
    db = open_server_database(server_database_url)
    try:
        with db.read_engine.connect() as connection:
            assert not live_server.has_change_notices(connection)
        upgrade_server(server_database_url)  # at the newest schema already: grants and the trigger renewed
        with db.read_engine.connect() as connection:
            assert live_server.has_change_notices(connection)
    finally:
        db.close()
