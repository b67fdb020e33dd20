"""``partnerdesk privacy reviews|keep`` and ``partnerdesk travel copies|lost|destroyed``."""

from __future__ import annotations

import json

from partnerdesk.cli.main import main


def test_reviews_list_and_keep(office, capsys):
    assert main(["privacy", "reviews", "--db", str(office)]) == 0
    lines = capsys.readouterr().out
    assert "1 Kontakt ist zur Prüfung fällig:" in lines and "يوسف مثال" in lines and "Einwilligung widerrufen" in lines
    assert main(["privacy", "keep", "يوسف", "--reason", "Abwicklung des Projekts", "--db", str(office)]) == 0
    assert "Behalten: يوسف مثال" in capsys.readouterr().out
    assert main(["privacy", "reviews", "--db", str(office), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_keeping_without_a_reason_or_an_unknown_contact_says_so(office, capsys):
    assert main(["privacy", "keep", "Beispiel", "--reason", " ", "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("Begründung" in err or "mehrere" in err)
    assert main(["privacy", "keep", "Niemand Unbekannt", "--reason", "x", "--db", str(office)]) == 1
    assert "Niemand Unbekannt" in capsys.readouterr().err


def test_travel_copies_lost_and_destroyed(office, tmp_path, capsys):
    trip = tmp_path / "reise.pdtravel"
    assert main(["travel", "checkout", "--db", str(office), "--no-encryption", "--out", str(trip)]) == 0
    capsys.readouterr()
    assert main(["travel", "copies", "--db", str(office)]) == 0
    listing = capsys.readouterr().out
    assert "nicht verschlüsselt" in listing and "ausgegeben" in listing and "ganze Datenbank" in listing
    assert main(["travel", "lost", "reise.pdtravel", "--note", "Laptop gestohlen", "--db", str(office)]) == 0
    report = capsys.readouterr().out
    assert "verloren gemeldet am" in report and "Personen in der Kopie (7):" in report and "  Erika Beispiel" in report
    assert main(["travel", "destroyed", "reise.pdtravel", "--db", str(office)]) == 1
    assert "bereits als verloren gemeldet" in capsys.readouterr().err
    assert main(["travel", "copies", "--out-only", "--json", "--db", str(office)]) == 0
    assert json.loads(capsys.readouterr().out) == []
