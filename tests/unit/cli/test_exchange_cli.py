"""The exchange commands: import-table, export-table, export-iati, export-ics."""

from __future__ import annotations

import json

from lxml import etree

from partnerdesk.cli.main import main


def test_export_and_import_table_via_command_line(tmp_path, capsys, content_of):
    db = tmp_path / "office.sqlite"
    empty = tmp_path / "empty.sqlite"
    assert main(["init", str(db), "--example-data"]) == 0
    assert main(["init", str(empty)]) == 0
    assert main(["export-table", "organisations", str(tmp_path / "o.xlsx"), "--db", str(db)]) == 0
    assert main(["export-table", "projects", str(tmp_path / "p.csv"), "--db", str(db), "--search", "tropfen"]) == 0
    assert "1 Datensatz in" in capsys.readouterr().out
    before = content_of(empty)
    assert main(["import-table", str(tmp_path / "o.xlsx"), "--into", "organisations", "--db", str(empty), "--dry-run"]) == 0
    assert "Probelauf" in capsys.readouterr().out
    assert content_of(empty) == before
    # Projects refer to organisations not yet in the empty database: errors, exit 1, nothing written.
    assert main(["import-table", str(tmp_path / "p.csv"), "--into", "projects", "--db", str(empty)]) == 1
    output = capsys.readouterr().out
    assert "nicht bekannt" in output and "nichts importiert" in output
    assert content_of(empty) == before
    assert main(["import-table", str(tmp_path / "o.xlsx"), "--into", "organisations", "--db", str(empty)]) == 0
    assert main(["import-table", str(tmp_path / "p.csv"), "--into", "projects", "--db", str(empty)]) == 0
    capsys.readouterr()
    assert main(["list", "projects", "--db", str(empty), "--format", "json"]) == 0
    assert [p["title"] for p in json.loads(capsys.readouterr().out)] == ["Jeder Tropfen zählt"]


def test_import_table_reports_a_damaged_file_in_one_line(tmp_path, capsys):
    db = tmp_path / "office.sqlite"
    assert main(["init", str(db)]) == 0
    bad = tmp_path / "kaputt.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    assert main(["import-table", str(bad), "--into", "projects", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("partnerdesk: ") and "beschädigt" in err and len(err.strip().splitlines()) == 1


def test_export_iati_and_ics(tmp_path, capsys):
    db = tmp_path / "office.sqlite"
    assert main(["init", str(db), "--example-data"]) == 0
    assert main(["export-iati", str(tmp_path / "a.xml"), "--db", str(db)]) == 0
    output = capsys.readouterr().out
    assert "Platzhalter" in output and "DE-XXX" in output
    assert main(["export-iati", str(tmp_path / "b.xml"), "--db", str(db), "--reporting-org-ref", "DE-GOV-1"]) == 0
    root = etree.parse(str(tmp_path / "b.xml")).getroot()
    assert root.get("version") == "2.03"
    assert root.find("iati-activity/reporting-org").get("ref") == "DE-GOV-1"
    assert main(["export-ics", str(tmp_path / "a.ics"), "--db", str(db)]) == 0
    assert (tmp_path / "a.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
