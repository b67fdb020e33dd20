"""Test set-up shared by every test: offscreen Qt, a private data folder, German messages."""

from __future__ import annotations

import os
import time

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test (nor a program a test starts) reaches the machine's real credential store: a password
# "remembered" goes nowhere unless a test installs keyring's in-memory stand-in (``memory_keyring``).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

# One local time zone for every test, whatever the machine's (CI machines often run in UTC, where
# mixing up UTC and local time shows nowhere): the office's own, written as a POSIX rule so that it
# needs no time-zone database. Tests about other zones use the ``time_zone`` fixture;
# PARTNERDESK_TEST_TZ runs the whole suite in another zone (e.g. "<+14>-14", UTC+14).
os.environ["TZ"] = os.environ.get("PARTNERDESK_TEST_TZ") or "CET-1CEST,M3.5.0,M10.5.0/3"

from pathlib import Path

import pytest

import partnerdesk.ui  # noqa: F401 - PySide6 6.12 on Python 3.11 refcount workaround (see its docstring)
from partnerdesk import i18n

TEST_TIME_ZONE = os.environ["TZ"]
if hasattr(time, "tzset"):  # not on Windows
    time.tzset()


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches a real user profile: the per-user folder is a fresh temporary one."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("PARTNERDESK_DATA_DIR", str(data))
    monkeypatch.delenv("PARTNERDESK_DB", raising=False)
    monkeypatch.delenv("PARTNERDESK_LANG", raising=False)
    monkeypatch.delenv("PARTNERDESK_SERVER", raising=False)
    i18n.set_language("de")
    return data


@pytest.fixture
def memory_keyring():
    """An in-memory credential store for this test (keyring's API, never the machine's store)."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.backends import fail

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.passwords: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.passwords.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.passwords[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.passwords.pop((service, username), None)

    store = MemoryKeyring()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def password_login(postgresql_server, server_database_url):
    """``password_login(password, valid_until=None)``: a URL of the test's server database for a new
    role that must log in with ``password`` (scram-sha-256), or a skip where the harness cannot."""
    import uuid

    import postgresql_server as harness

    def make(password: str, *, valid_until: str | None = None) -> str:
        try:
            return postgresql_server.password_login(
                server_database_url, f"pw_{uuid.uuid4().hex[:8]}", password, valid_until=valid_until
            )
        except harness.Unavailable as exc:
            pytest.skip(str(exc))

    return make


#: Time zones as POSIX rules (no time-zone database needed): name -> TZ value.
TIME_ZONES = {
    "Europe/Berlin": "CET-1CEST,M3.5.0,M10.5.0/3",
    "Pacific/Kiritimati": "<+14>-14",  # UTC+14, the first to reach a new day
    "Pacific/Pago_Pago": "<-11>11",  # UTC-11, among the last
}


@pytest.fixture
def time_zone():
    """``time_zone("Pacific/Kiritimati")`` (a name of ``TIME_ZONES``) makes that the local time zone
    of this process for the test, then restores the suite's: what the user sees must not depend on
    where the program runs."""
    if not hasattr(time, "tzset"):
        pytest.skip("the local time zone cannot be switched on this system (Windows)")

    def use(name: str) -> None:
        os.environ["TZ"] = TIME_ZONES[name]
        time.tzset()

    yield use
    os.environ["TZ"] = TEST_TIME_ZONE
    time.tzset()


@pytest.fixture(autouse=True)
def qt_locale_as_the_program_sets_it():
    """Qt's default locale (date and number formats of Qt's own widgets) is the one the program
    sets at start (German, ``ui/app.py``), not the machine's ``LANG``."""
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))


@pytest.fixture(autouse=True)
def queries_answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window shows a register's rows at once unless the SQL takes longer than its
    patience (0.1 s), then it finishes in the background. On a busy test machine even a tiny
    query can take that long, so tests wait for it; the background path has its own tests,
    which set ``patience`` to 0."""
    from partnerdesk.ui.models.register_table_model import RegisterTableModel

    monkeypatch.setattr(RegisterTableModel, "patience", 60.0)


# The PostgreSQL lane: a test marked ``postgresql`` runs twice, on a SQLite file and on a
# database of a throwaway PostgreSQL server (tests/postgresql_server.py); its ``db``,
# ``db_path`` (then the database's URL), ``open_again``, ``second_db`` and ``content_of`` follow.


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_kind" in metafunc.fixturenames and metafunc.definition.get_closest_marker("postgresql"):
        metafunc.parametrize("database_kind", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def database_kind(request: pytest.FixtureRequest) -> str:
    """"sqlite", or "postgresql" for the second run of a test marked ``postgresql``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgresql_server():
    """A PostgreSQL server for this session; skipped if none can start, but FAILS when ``CI`` is set."""
    import postgresql_server

    try:
        server = postgresql_server.start()
    except postgresql_server.Unavailable as exc:
        reason = f"no PostgreSQL server for the PostgreSQL lane: {exc}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason + " (CI must install and start it: see .ci/run)", pytrace=False)
        pytest.skip(reason)
    yield server
    server.stop()


@pytest.fixture
def server_database_url(postgresql_server) -> str:
    """The URL of a new database at the current schema, dropped after the test."""
    url = postgresql_server.create()
    yield url
    postgresql_server.drop(url)


@pytest.fixture
def db_path(tmp_path: Path, database_kind: str, request: pytest.FixtureRequest) -> Path | str:
    if database_kind == "postgresql":
        return request.getfixturevalue("server_database_url")
    return tmp_path / "test.sqlite"


@pytest.fixture
def db(db_path: Path | str, database_kind: str):
    if database_kind == "postgresql":
        from partnerdesk.persistence.server import open_server_database

        database = open_server_database(db_path)
    else:
        from partnerdesk.persistence.database import create_database

        database = create_database(db_path)
    yield database
    database.close()


@pytest.fixture
def open_again(db_path: Path | str, database_kind: str):
    """``open_again()`` opens the test's database once more, as another program would (close it)."""

    def open_() -> object:
        if database_kind == "postgresql":
            from partnerdesk.persistence.server import open_server_database

            return open_server_database(db_path)
        from partnerdesk.persistence.database import open_database

        return open_database(db_path)

    return open_


@pytest.fixture
def second_db(tmp_path: Path, database_kind: str, request: pytest.FixtureRequest):
    """Another empty database of the same kind as ``db`` (a target to export into and back)."""
    if database_kind == "postgresql":
        from partnerdesk.persistence.server import open_server_database

        server = request.getfixturevalue("postgresql_server")
        url = server.create()
        database = open_server_database(url)
        yield database
        database.close()
        server.drop(url)
    else:
        from partnerdesk.persistence.database import create_database

        database = create_database(tmp_path / "second.sqlite")
        yield database
        database.close()


@pytest.fixture
def example_db(db):
    from partnerdesk.services.example_data import add_example_data

    add_example_data(db)
    return db


@pytest.fixture
def office(tmp_path):
    """The path of a closed database with the example data (the office's file)."""
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services.example_data import add_example_data

    path = tmp_path / "office.sqlite"
    db = create_database(path)
    add_example_data(db)
    db.close()
    return path


def database_content(path: Path | str, leave_out: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table (what a user would lose), independent of WAL state.

    The change journal (``record_changes``) is bookkeeping, not content: an undo puts the
    records back exactly but rightly leaves "this record was touched" in the journal.
    So are the text-search index's own tables (``<table>_search_data`` etc.): derived from
    the records, their pages differ after an insert and its undo although they find the same.
    And so is the history of every change (``record_history``, ``record_history_personal``):
    an undo puts the records back and rightly adds "undone" to the history. Whether a refused
    or rolled-back write leaves no history entry is tested with the history itself
    (tests/unit/services/test_history.py and the other ``*history*`` tests).
    """
    import hashlib
    import re
    import sqlite3

    if isinstance(path, str) and path.startswith("postgresql"):
        return server_database_content(path, leave_out)
    derived = re.compile(r'INSERT INTO "(record_changes|record_history|record_history_personal|sqlite_sequence|\w+_search_(data|idx|docsize)'
                         + "".join(f"|{re.escape(t)}" for t in leave_out) + ')"')
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        lines = (line for line in conn.iterdump() if not derived.match(line))
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()
    finally:
        conn.close()


def server_database_content(url: str, leave_out: tuple[str, ...] = ()) -> str:
    """``database_content`` of a server database: every table's rows in a fixed order (but ``leave_out``'s)."""
    import hashlib

    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        digest = hashlib.sha256()
        with engine.connect() as conn:
            for name in sorted(inspect(conn).get_table_names()):
                if name in ("record_changes", "record_history", "record_history_personal", *leave_out):
                    continue
                order = ", ".join(f'"{c}"' for c in inspect(conn).get_pk_constraint(name)["constrained_columns"])
                for row in conn.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}')):
                    digest.update(repr((name, tuple(row))).encode())
        return digest.hexdigest()
    finally:
        engine.dispose()


@pytest.fixture
def content_of():
    return database_content
