"""``--server``, ``PARTNERDESK_SERVER`` and the default-server setting on the command line, through
main(argv) against the throwaway PostgreSQL server: a service name, an address, logging in as
libpq does (no password unless asked), and the file-only commands saying what to use instead."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import make_url

from partnerdesk.cli.main import main

pytestmark = pytest.mark.usefixtures("postgresql_server")


@pytest.fixture
def service(server_database_url, tmp_path, monkeypatch):
    """A pg_service.conf with the section [office] for the test's database, as the IT hands it out."""
    url = make_url(server_database_url)
    conf = tmp_path / "pg_service.conf"
    port = f"port={url.port}\n" if url.port else ""  # the socket's name carries the server's port
    conf.write_text(f"[office]\nhost={url.query['host']}\n{port}dbname={url.database}\nuser={url.username}\n", "utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(conf))
    return "office"


def _titles(out: str) -> set[str]:
    return {p["title"] for p in json.loads(out)}


def _add_example_data(url):
    from partnerdesk.services import workspace
    from partnerdesk.services.example_data import add_example_data

    with workspace.open_source(workspace.Source.server(url)) as db:
        add_example_data(db)


def test_a_service_name_an_address_the_environment_and_the_setting_all_reach_the_server(
    service, server_database_url, capsys, monkeypatch, private_data_dir
):
    _add_example_data(server_database_url)
    assert main(["list", "partnerships", "--format", "json", "--server", service]) == 0
    assert "Klimapartnerschaft Dortmund – Kumasi" in _titles(capsys.readouterr().out)
    plain = server_database_url.replace("postgresql+psycopg://", "postgresql://")
    assert main(["--server", plain, "list", "partnerships", "--format", "json"]) == 0
    assert "Klimapartnerschaft Dortmund – Kumasi" in _titles(capsys.readouterr().out)

    monkeypatch.setenv("PARTNERDESK_SERVER", f"service={service}")
    assert main(["list", "partnerships", "--format", "json"]) == 0
    assert "Klimapartnerschaft Dortmund – Kumasi" in _titles(capsys.readouterr().out)
    monkeypatch.delenv("PARTNERDESK_SERVER")

    from partnerdesk.ui.settings import Settings

    Settings().set("default_server", service)  # as the settings dialog saves it
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Integrität: sichert der Datenbankserver selbst (keine Seitenprüfung)" in out
    assert "Verweise: ok" in out
    assert not (private_data_dir / "partnerdesk.sqlite").exists(), "the server replaced the local file"


def test_db_and_server_together_are_refused(service, tmp_path, capsys):
    assert main(["list", "projects", "--db", str(tmp_path / "x.sqlite"), "--server", service]) == 1
    assert "entweder eine Datenbankdatei (--db) oder einen Server (--server)" in capsys.readouterr().err


def test_file_only_commands_name_the_server_tool_to_use_instead(service, tmp_path, capsys, content_of):
    before = content_of(_url_of(service))
    assert main(["backup", "--server", service, str(tmp_path / "office.dump")]) == 1
    err = capsys.readouterr().err
    assert f'pg_dump --format=custom --file="{tmp_path / "office.dump"}" "service=office"' in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert main(["restore", "--server", service, str(tmp_path / "office.dump")]) == 1
    err = capsys.readouterr().err
    assert f'pg_restore --clean --if-exists --single-transaction --dbname="service=office" "{tmp_path / "office.dump"}"' in err
    assert main(["backups", "--server", service]) == 1
    assert "gibt es nur für eine Datenbankdatei" in capsys.readouterr().err
    assert not (tmp_path / "office.dump").exists()
    assert content_of(_url_of(service)) == before
    # A travel copy is no file-only feature any more: made from the server, whose records stay
    # unchanged; only the register of travel copies (issue 22) gains its entry.
    register = ("travel_copies", "travel_copy_records")
    records_before = content_of(_url_of(service), leave_out=register)
    assert main(["travel", "checkout", "--server", service, "--out", str(tmp_path / "t.pdtravel"), "--no-encryption"]) == 0
    assert "Reisekopie geschrieben" in capsys.readouterr().out and (tmp_path / "t.pdtravel").exists()
    assert content_of(_url_of(service), leave_out=register) == records_before
    assert content_of(_url_of(service)) != before  # the copy is in the register


def _url_of(service_name: str) -> str:
    import configparser
    import os

    parser = configparser.ConfigParser()
    parser.read(os.environ["PGSERVICEFILE"])
    section = parser[service_name]
    port = f":{section['port']}" if "port" in section else ""
    return f"postgresql+psycopg://{section['user']}@{port}/{section['dbname']}?host={section['host']}"


# Logging in ------------------------------------------------------------------------------------


def test_no_password_is_added_when_the_server_asks_for_none(server_database_url, monkeypatch, capsys):
    """Trust here, single sign-on in the office: libpq logs in by itself; nobody is asked."""
    import getpass

    monkeypatch.setattr(getpass, "getpass", lambda prompt="": pytest.fail("asked for a password"))
    assert main(["list", "projects", "--server", server_database_url]) == 0


def test_a_password_without_a_terminal_says_how_to_supply_it(password_login, monkeypatch, capsys):
    url = password_login("richtig-geheim")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    assert main(["list", "projects", "--server", url]) == 1
    err = capsys.readouterr().err
    assert "verlangt das Passwort von pw_" in err and "PGPASSWORD" in err and "pgpass" in err
    assert err.count("\n") == 1

    monkeypatch.setenv("PGPASSWORD", "richtig-geheim")  # libpq's own way: it just works
    assert main(["list", "projects", "--server", url]) == 0


def test_the_password_is_asked_on_a_terminal_and_a_wrong_one_is_one_line(password_login, monkeypatch, capsys):
    import getpass
    import sys

    url = password_login("richtig-geheim")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    prompts: list[str] = []
    answers = iter(["richtig-geheim", "falsch"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": prompts.append(prompt) or next(answers))
    assert main(["list", "projects", "--server", url]) == 0
    assert prompts and prompts[0].startswith("Passwort von pw_")
    assert main(["list", "projects", "--server", url]) == 1
    err = capsys.readouterr().err
    assert "hat die Anmeldung von pw_" in err and "falsch oder abgelaufen" in err
    assert err.count("\n") == 1


def test_an_expired_password_is_refused_with_what_to_do(password_login, monkeypatch, capsys):
    url = password_login("alt-geheim", valid_until="2000-01-01")
    monkeypatch.setenv("PGPASSWORD", "alt-geheim")
    assert main(["remove-example-data", "--server", url]) == 1
    err = capsys.readouterr().err
    assert "falsch oder abgelaufen" in err and "bitten Sie die IT um ein neues" in err


def test_an_unknown_host_and_a_silent_server_are_one_line_each(capsys):
    assert main(["list", "projects", "--server", "postgresql://no-such-host.invalid/partnerdesk"]) == 1
    assert "ist unbekannt" in capsys.readouterr().err
    assert main(["list", "projects", "--server", "postgresql://127.0.0.1:1/partnerdesk"]) == 1
    assert "antwortet nicht" in capsys.readouterr().err


def test_a_server_text_that_is_neither_name_nor_address_is_refused(capsys):
    assert main(["list", "projects", "--server", "mysql://db/x"]) == 1
    assert "weder ein Dienstname" in capsys.readouterr().err
