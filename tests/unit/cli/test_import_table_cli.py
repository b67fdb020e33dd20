"""import-table on the command line: columns, bad rows, look-alike names, encodings, round trips (issue 16)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from partnerdesk.cli.main import main


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office.sqlite"
    assert main(["init", str(path)]) == 0
    return path


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unmapped_columns_are_listed_and_refused_unless_ignored(office, tmp_path, capsys, content_of):
    table = tmp_path / "orte.csv"
    table.write_text("Name;Land;Intern XY;\nKumasi;Ghana;vertraulich;x\n", "utf-8")
    before = content_of(office)
    code, out, _err = run(capsys, "import-table", table, "--into", "organisations", "--db", office, "--dry-run")
    assert code == 1
    assert "Spalte C (Intern XY) ist keinem Feld zugeordnet" in out and "Spalte D (?)" in out
    code, out, _err = run(capsys, "import-table", table, "--into", "organisations", "--db", office)
    assert code == 1 and "nichts importiert" in out
    assert content_of(office) == before
    code, out, _err = run(
        capsys, "import-table", table, "--into", "organisations", "--db", office,
        "--ignore-column", "Intern XY", "--ignore-column", "D",
    )
    assert code == 0, out
    assert "Nicht importiert (ausgelassen): C (Intern XY), D (?)" in out
    code, out, _err = run(capsys, "list", "organisations", "--db", office, "--format", "json")
    assert [o["name"] for o in json.loads(out)] == ["Kumasi"]


def test_skip_bad_rows_imports_the_others_and_names_each_left_out(office, tmp_path, capsys):
    table = tmp_path / "orte.csv"
    table.write_text("Name;Land;Einwohner\nKumasi;Ghana;3.500.000\nAtlantis;Atlantis;1\nBondo;Kenia;viele\n", "utf-8")
    code, out, _err = run(capsys, "import-table", table, "--into", "organisations", "--db", office, "--skip-bad-rows", "--dry-run")
    assert code == 0 and "Mit --skip-bad-rows würden 2 Zeilen ausgelassen." in out
    code, out, _err = run(capsys, "import-table", table, "--into", "organisations", "--db", office, "--skip-bad-rows")
    assert code == 0
    assert "Zeile 3 ausgelassen: unbekanntes Land „Atlantis“" in out
    assert "Zeile 4 ausgelassen: Einwohner (Wert 1): „viele“ ist keine Zahl" in out
    assert "1 Datensatz importiert (1 neu, 0 aktualisiert)" in out
    code, out, _err = run(capsys, "list", "organisations", "--db", office, "--format", "json")
    assert [o["name"] for o in json.loads(out)] == ["Kumasi"]


def test_look_alike_names_are_reported_and_merged_only_on_request(office, tmp_path, capsys):
    first = tmp_path / "a.csv"
    first.write_text("Name;Land;Einwohner\nMünster;Deutschland;300.000\n", "utf-8")
    assert run(capsys, "import-table", first, "--into", "organisations", "--db", office)[0] == 0
    second = tmp_path / "b.csv"
    second.write_text("Name;Land;Einwohner\nMunster;Deutschland;15.000\n", "utf-8")
    code, out, _err = run(capsys, "import-table", second, "--into", "organisations", "--db", office, "--dry-run")
    assert code == 0 and "Zeile 2: möglicherweise dasselbe wie „Münster“ (DE); wird neu angelegt" in out
    code, out, _err = run(capsys, "import-table", second, "--into", "organisations", "--db", office, "--merge-similar", "--dry-run")
    assert "Zeile 2: zusammengeführt mit dem ähnlichen Datensatz „Münster“ (DE)" in out
    assert "Einwohner: „300000“ → „15000“" in out  # what the update would change
    assert run(capsys, "import-table", second, "--into", "organisations", "--db", office, "--merge-similar")[0] == 0
    code, out, _err = run(capsys, "list", "organisations", "--db", office, "--format", "json")
    assert [(o["name"], o["population"]) for o in json.loads(out)] == [("Münster", 15000)]


def test_two_columns_on_a_one_value_field_are_refused(office, tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("Titel;Datum;Datum 2\nBesuch;01.02.2026;02.02.2026\n", "utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"Datum": "date", "Datum 2": "date"}), "utf-8")
    code, out, _err = run(capsys, "import-table", table, "--into", "activities", "--db", office, "--mapping", mapping, "--skip-bad-rows")
    assert code == 1 and "B (Datum), C (Datum 2)" in out and "nur einen Wert" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xef\xbb\xbfName;Land\nM\xfcnster;DE\n", "Zeile 2, Byte 2 (0xFC)"),
        ("Name;Land\nKumasi;GH\n".encode("utf-16") + b"\x00", "ungerade Länge"),
        ("Name;Stadt\nDüsseldorf;Köln\nM".encode() + b"\xfcnster;x\n", "Zeile 3, Byte 2 (0xFC)"),
    ],
    ids=["bom-and-bad-byte", "utf16-odd-length", "utf8-with-one-bad-byte"],
)
def test_bad_encodings_end_in_one_german_line_without_traceback(office, tmp_path, content, expected, content_of):
    table = tmp_path / "t.csv"
    table.write_bytes(content)
    before = content_of(office)
    done = subprocess.run(
        [sys.executable, "-m", "partnerdesk", "import-table", str(table), "--into", "organisations", "--db", str(office)],
        capture_output=True, text=True, env={**__import__("os").environ, "PARTNERDESK_LANG": "de"},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert expected in done.stderr and done.stderr.startswith("partnerdesk: ")
    assert content_of(office) == before


def test_encoding_option_reads_what_the_user_chose(office, tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_bytes(b"Name;Stadt\nM\xfcnster;M\xfcnster\n")  # Windows-1252 only: decided on its own
    assert run(capsys, "import-table", table, "--into", "organisations", "--db", office, "--dry-run")[0] == 0
    code, _out, err = run(capsys, "import-table", table, "--into", "organisations", "--db", office, "--encoding", "utf-8")
    assert code == 1 and "kein gültiges UTF-8" in err


def test_export_then_import_of_every_register_changes_nothing(tmp_path, capsys, content_of):
    from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER

    office = tmp_path / "office.sqlite"
    assert main(["init", str(office), "--example-data"]) == 0
    _add_awkward_records(office)
    for suffix in (".xlsx", ".csv"):
        before = content_of(office)
        for kind in KINDS_IN_DEPENDENCY_ORDER:
            out = tmp_path / f"{kind}{suffix}"
            assert main(["export-table", kind, str(out), "--db", str(office)]) == 0
            code, text, _err = run(capsys, "import-table", out, "--into", kind, "--db", office)
            assert code == 0, text
            assert "0 Datensätze importiert (0 neu, 0 aktualisiert)" in text, (kind, suffix, text)
        assert content_of(office) == before


def _add_awkward_records(path):
    from awkward_text import awkward_records
    from partnerdesk.persistence.database import open_database

    db = open_database(path)
    try:
        awkward_records(db)
    finally:
        db.close()


def test_inhabitants_come_with_their_source_and_date_and_stand_beside_the_others(office, tmp_path, capsys):
    """Issue 21: the columns "Einwohner Quelle" and "Einwohner Stand" fill the key fact's source and
    date; a second figure stands beside the first, the newest is shown; a row without a source
    column gets "Tabellenimport vom …" and says so; a date in the future is refused at its column."""
    first = tmp_path / "zensus.csv"
    first.write_text("Name;Land;Einwohner;Einwohner Quelle;Einwohner Stand\n"
                     "Dabola;Guinea;21.000;Reisebericht der Delegation;2012\n", "utf-8")
    code, out, _err = run(capsys, "import-table", first, "--into", "organisations", "--db", office)
    assert code == 0, out
    second = tmp_path / "besuch.csv"
    second.write_text("Name;Einwohner;Einwohner Quelle;Einwohner Stand\n"
                      "Dabola;40.000;Angabe beim Besuch;15.10.2019\n", "utf-8")
    code, out, _err = run(capsys, "import-table", second, "--into", "organisations", "--db", office)
    assert code == 0, out
    code, out, _err = run(capsys, "list", "organisations", "--db", office, "--format", "json")
    (dabola,) = [o for o in json.loads(out) if o["name"] == "Dabola"]
    assert dabola["population"] == 40000
    assert [(f["value"], f["source"], f["as_of"]) for f in dabola["key_facts"]] == [
        ("21000", "Reisebericht der Delegation", "2012"), ("40000", "Angabe beim Besuch", "2019-10-15")]

    no_source = tmp_path / "ohne.csv"
    no_source.write_text("Name;Einwohner\nDabola;42.000\n", "utf-8")
    code, out, _err = run(capsys, "import-table", no_source, "--into", "organisations", "--db", office, "--dry-run")
    assert code == 0 and "keine Spalte mit der Quelle; der Wert erhält die Quelle „Tabellenimport vom" in out, out

    future = tmp_path / "zukunft.csv"
    future.write_text("Name;Einwohner;Einwohner Quelle;Einwohner Stand\nDabola;50.000;Prognose;2199\n", "utf-8")
    code, out, _err = run(capsys, "import-table", future, "--into", "organisations", "--db", office)
    assert code != 0
    assert "Zeile 2, Spalte D (Einwohner Stand): Einwohner (Wert 3): Der Stand 2199 liegt in der Zukunft" in out
    code, out, _err = run(capsys, "list", "organisations", "--db", office, "--format", "json")
    assert [o["population"] for o in json.loads(out) if o["name"] == "Dabola"] == [40000]
