"""``partnerdesk history``: who changed what and when, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.records import Organisation
from partnerdesk.persistence.database import open_database
from partnerdesk.services.history import system_user
from partnerdesk.services.records import OrganisationService


def _change(office, name: str, **fields):
    with open_database(office) as db:
        service = OrganisationService(db)
        org = service.find(name)
        for key, value in fields.items():
            setattr(org, key, value)
        return service.update(org)


def test_a_record_history_shows_the_changed_field_before_and_after_in_german(office, capsys):
    _change(office, "Bondo", city="Bondo Town", population=5000)
    assert main(["history", "Bondo", "--db", str(office)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Wann", "Benutzer", "Aktion", "Register", "Datensatz", "Feld", "Vorher", "Nachher"]
    city = next(line for line in lines if " Ort " in line)
    assert "geändert" in city and "Organisation" in city and "Bondo Town" in city and system_user() in city
    assert city.split()[-3:] == ["Bondo", "Bondo", "Town"]  # before, after
    assert any("Einwohner" in line and "5000" in line for line in lines)
    assert "angelegt" in lines[-1]  # oldest last


def test_csv_and_json_give_field_names_and_stored_values(office, capsys):
    changed = _change(office, "Bondo", city="Bondo Town")
    assert main(["history", changed.id, "--db", str(office), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(r["operation"], r["field"], r["old"], r["new"]) for r in rows][0] == ("changed", "city", "Bondo", "Bondo Town")
    assert main(["history", "Bondo", "--db", str(office), "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries[0]["changes"] == [{"field": "city", "old": "Bondo", "new": "Bondo Town"}]
    assert entries[0]["user"] == system_user() and entries[-1]["operation"] == "created"


def test_a_deleted_record_is_found_by_its_name(office, capsys):
    with open_database(office) as db:
        org = OrganisationService(db).create(Organisation(name="Kurzlebige Gemeinde"))
        OrganisationService(db).delete(org.id)
    assert main(["history", "kurzlebige", "--db", str(office), "--format", "json"]) == 0
    assert [e["operation"] for e in json.loads(capsys.readouterr().out)] == ["deleted", "created"]


def test_filters_by_register_user_and_period(office, capsys):
    _change(office, "Bondo", city="Bondo Town")
    assert main(["history", "--db", str(office), "--register", "organisations", "--since", "01.01.2026",
                 "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries and {e["register"] for e in entries} == {"organisations"}
    assert main(["history", "--db", str(office), "--user", "niemand", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["history", "--db", str(office), "--until", "31.12.1999"]) == 0
    assert "Keine passenden Änderungen" in capsys.readouterr().out


@pytest.mark.parametrize("option, value, message", [
    ("--since", "31.02.2026", "„31.02.2026“ ist kein Datum"),
    ("--until", "gestern", "„gestern“ ist kein Datum"),
    ("--since", "2026-13-01", "ist kein Datum"),
])
def test_an_impossible_date_is_one_german_line_and_exit_1(office, capsys, option, value, message):
    assert main(["history", "--db", str(office), option, value]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_an_empty_period_and_an_unknown_record_are_one_german_line(office, capsys):
    assert main(["history", "--db", str(office), "--since", "2026-12-08", "--until", "2026-12-01"]) == 1
    assert "Der Zeitraum ist leer" in capsys.readouterr().err
    assert main(["history", "Nirgendwo", "--db", str(office)]) == 1
    assert "Kein Datensatz passt auf „Nirgendwo“" in capsys.readouterr().err
