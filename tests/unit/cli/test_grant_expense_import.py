"""``partnerdesk grants expenses import GRANT FILE``: the finance system's export read into a
grant's expenses on the command line, through the same preview and checks as the window's
"Ausgaben dieser Zuwendung" import (``exchange.expense_import``): every bad line named in German,
nothing saved while any line is bad, a receipt the grant holds added only once."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from grant_helpers import add_grant
from partnerdesk.cli.main import main
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for

HEADER = "Buchungsdatum;Kreditor;Buchungstext;Betrag EUR;Kostenart;Belegnummer\n"


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "office.sqlite"
    assert main(["init", str(path)]) == 0
    db = open_database(path)
    try:
        _programme, grant = add_grant(db)
    finally:
        db.close()
    return path, grant.id


def _csv(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "finanzen.csv"
    path.write_text(header + "".join(line + "\n" for line in lines), encoding="cp1252")
    return path


def _expenses(path: Path, grant_id: str) -> list[tuple[date | None, str, Decimal | None, str]]:
    db = open_database(path)
    try:
        return [(e.date, e.payee, e.amount, e.receipt) for e in service_for(db, "grants").get(grant_id).expenses]
    finally:
        db.close()


def test_the_export_becomes_the_grant_s_expenses_once(office, tmp_path, capsys):
    path, grant_id = office
    table = _csv(tmp_path, "05.05.2026;Druckerei Müller;Flyer;1.234,56;Sachausgaben;F-100",
                 "06.05.2026;Hotel Kumasi;Unterkunft;612,35;Reisekosten;F-101")
    assert main(["grants", "expenses", "import", "NAK-2026-4711", str(table), "--db", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 Ausgaben zur Zuwendung hinzugefügt."
    assert _expenses(path, grant_id)[2:] == [
        (date(2026, 5, 5), "Druckerei Müller", Decimal("1234.56"), "F-100"),
        (date(2026, 5, 6), "Hotel Kumasi", Decimal("612.35"), "F-101"),
    ]
    # The same export again: its receipts are held already, nothing is added twice.
    assert main(["grants", "expenses", "import", "Klimaanpassung Kumasi", str(table), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "0 Ausgaben zur Zuwendung hinzugefügt." in out
    assert len(_expenses(path, grant_id)) == 4


def test_every_bad_line_is_named_and_nothing_is_saved(office, tmp_path, capsys):
    path, grant_id = office
    before = _expenses(path, grant_id)
    table = _csv(tmp_path, "05.05.2026;A;ok;10,00;Sachausgaben;F-1",
                 "06.05.2026;B;Betrag;12,3x;Sachausgaben;F-2",
                 "01.01.2028;D;zu spät;5,00;Sachausgaben;F-4",
                 "07.05.2026;E;Position;5,00;Catering;F-5")
    assert main(["grants", "expenses", "import", grant_id, str(table), "--db", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "Zeile 3, Spalte D (Betrag EUR): „12,3x“ ist keine Zahl" in lines
    assert ("Zeile 4, Spalte A (Buchungsdatum): 01.01.2028 liegt nach dem Ende des Bewilligungszeitraums "
            "(31.12.2027)") in lines
    assert any(line.startswith("Zeile 5, Spalte E (Kostenart): der Finanzierungsplan hat keine Position „Catering“")
               for line in lines)
    assert lines[-1] == "Es wurde nichts importiert."
    assert _expenses(path, grant_id) == before


def test_a_mapping_file_names_the_columns_and_dry_run_writes_nothing(office, tmp_path, capsys):
    path, grant_id = office
    table = _csv(tmp_path, "05.05.2026;Druckerei;Flyer;99,00;X-1", header="Tag;Empfänger;Zweck;Summe;Beleg\n")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Tag": "date", "Empfänger": "payee", "Zweck": "purpose", "Summe": "amount",
                                   "Beleg": "receipt"}), encoding="utf-8")
    before = _expenses(path, grant_id)
    argv = ["grants", "expenses", "import", grant_id, str(table), "--mapping", str(mapping), "--db", str(path)]
    assert main([*argv, "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Probelauf, nichts geschrieben: 1 Zeile: 1 neu")
    assert _expenses(path, grant_id) == before
    assert main(argv) == 0
    assert _expenses(path, grant_id)[-1] == (date(2026, 5, 5), "Druckerei", Decimal("99.00"), "X-1")


def test_an_unknown_grant_is_named(office, tmp_path, capsys):
    path, _grant_id = office
    table = _csv(tmp_path, "05.05.2026;A;ok;10,00;Sachausgaben;F-1")
    assert main(["grants", "expenses", "import", "Gibt es nicht", str(table), "--db", str(path)]) == 1
    assert "Keine Zuwendung heißt „Gibt es nicht“" in capsys.readouterr().err
