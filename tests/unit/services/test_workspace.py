"""The one door: a file, a travel copy or a server database through ``services.workspace``, and
logging in to a server with a password remembered in the credential store (an in-memory one here)."""

from __future__ import annotations

import pytest

from partnerdesk.domain.errors import UserError
from partnerdesk.services import workspace
from partnerdesk.services.server_login import KEYRING_SERVICE, Login, ServerLoginError, keyring_key
from partnerdesk.services.workspace import Questions, Source


def test_sources_name_files_travel_copies_and_servers(tmp_path):
    assert Source.file(tmp_path / "a.sqlite").kind == "file"
    assert Source.file(tmp_path / "Reise.PDTRAVEL").kind == "travel"
    server = Source.server("partnerdesk")
    assert server.is_server and server.label() == "Bürodatenbank partnerdesk"
    assert Source.from_recent(server.recent_key()) == server
    url = Source.server("postgresql://db.stadt.example/partnerdesk")
    assert url.short_name() == "postgresql://db.stadt.example/partnerdesk"
    assert Source.from_recent(Source.file(tmp_path / "a.sqlite").recent_key()).path == (tmp_path / "a.sqlite").resolve()
    with pytest.raises(UserError, match="weder ein Dienstname"):
        Source.server("db.stadt.example:5432")
    with pytest.raises(UserError):
        _ = server.path


def test_the_default_is_the_file_unless_a_server_is_set(monkeypatch, private_data_dir):
    assert workspace.default_source() == Source.file(private_data_dir / "partnerdesk.sqlite")
    (private_data_dir / "settings.ini").write_text("[options]\ndefault_server=partnerdesk\n", "utf-8")
    assert workspace.default_source() == Source.server("partnerdesk")
    monkeypatch.setenv("PARTNERDESK_SERVER", "postgresql://db.stadt.example/pd")
    assert workspace.default_source() == Source.server("postgresql://db.stadt.example/pd")
    monkeypatch.setenv("PARTNERDESK_DB", str(private_data_dir / "mine.sqlite"))
    assert workspace.default_source() == Source.file(private_data_dir / "mine.sqlite")


def test_the_setting_saved_by_the_window_is_read_without_qt(private_data_dir):
    from partnerdesk.ui.settings import Settings

    address = "postgresql://db.stadt.example:5432/partnerdesk?sslmode=verify-full&gssencmode=disable"
    Settings().set("default_server", address)
    assert workspace.configured_server() == address


@pytest.mark.usefixtures("memory_keyring")
def test_a_server_that_asks_for_nothing_gets_no_password(server_database_url, memory_keyring):
    def ask(where, user, problem):
        pytest.fail("asked for a password the server did not want")

    with workspace.open_source(Source.server(server_database_url), Questions(password=ask)) as db:
        assert workspace.is_server(db)
        who = workspace.server_identity(db)
        assert who is not None and who.user == "partnerdesk"
        assert workspace.title(db).startswith(f"Bürodatenbank {who.database} auf ")
        assert workspace.title(db).endswith("– angemeldet als partnerdesk")
    assert memory_keyring.passwords == {}


def test_a_password_is_asked_remembered_on_request_and_used_next_time(password_login, memory_keyring, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = password_login("richtig-geheim")
    asked: list[str] = []

    def ask(where, user, problem):
        asked.append(problem)
        return Login("falsch") if len(asked) == 1 else Login("richtig-geheim", remember=True)

    with workspace.open_source(Source.server(url), Questions(password=ask)):
        pass
    assert asked[0] == "" and "falsch oder abgelaufen" in asked[1]
    assert memory_keyring.passwords == {(KEYRING_SERVICE, keyring_key(url)): "richtig-geheim"}
    with workspace.open_source(Source.server(url), Questions(password=lambda *a: pytest.fail("asked again"))):
        pass


def test_a_remembered_password_that_no_longer_works_is_forgotten(password_login, memory_keyring, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = password_login("neu-geheim")
    memory_keyring.set_password(KEYRING_SERVICE, keyring_key(url), "alt-geheim")
    asked: list[str] = []

    def ask(where, user, problem):
        asked.append(problem)
        return Login("neu-geheim")  # not to be remembered

    with workspace.open_source(Source.server(url), Questions(password=ask)):
        pass
    assert len(asked) == 1 and "abgelaufen" in asked[0]
    assert memory_keyring.passwords == {}


def test_cancelling_the_password_opens_nothing(password_login, monkeypatch):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = password_login("richtig-geheim")
    with pytest.raises(ServerLoginError, match="abgebrochen"):
        workspace.open_source(Source.server(url), Questions(password=lambda *a: None))


def test_without_a_credential_store_the_password_still_works(password_login, monkeypatch):
    """The tests' default store fails on every call (keyring's fail backend): not an error."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = password_login("richtig-geheim")
    with workspace.open_source(Source.server(url), Questions(password=lambda *a: Login("richtig-geheim", True))):
        pass


def test_a_travel_copy_asks_its_passphrase_again_after_a_wrong_one(office, tmp_path):
    from partnerdesk.travel import travelfile

    trip = tmp_path / "trip.pdtravel"
    with workspace.open_source(Source.file(office)) as db:
        travelfile.checkout(db, trip, "Korrekt-Pferd-Batterie")
    answers = iter(["falsch", "Korrekt-Pferd-Batterie"])
    problems: list[str] = []

    def passphrase(path, problem):
        problems.append(problem)
        return next(answers)

    with workspace.open_source(Source.file(trip), Questions(passphrase=passphrase)) as travel:
        assert travel.cipher is not None and workspace.source_of(travel).kind == "travel"
    assert problems[0] == "" and problems[1]
