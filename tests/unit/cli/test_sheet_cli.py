"""``partnerdesk sheet``: language, letterhead and refusals from the command line."""

from __future__ import annotations

import re
import subprocess

import pytest

from partnerdesk.cli.main import main


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


@pytest.fixture
def office(tmp_path):
    db = tmp_path / "office.sqlite"
    assert main(["init", str(db), "--example-data"]) == 0
    return db


def test_sheet_in_french_with_letterhead(office, tmp_path, capsys):
    out = tmp_path / "fiche.pdf"
    assert main(["sheet", "--db", str(office), "Tropfen", "--out", str(out), "--lang", "fr",
                 "--letterhead-name", "Ville de Dortmund", "--letterhead-address", "Friedensplatz 1",
                 "--letterhead-address", "44135 Dortmund"]) == 0
    text = _text(out)
    assert text.startswith("Ville de Dortmund Friedensplatz 1 44135 Dortmund FICHE PROJET")
    assert "Période depuis 2008" in text and "Lieu du projet Bondo (Kenya)" in text
    assert "Projektsteckbrief" in capsys.readouterr().out  # messages stay in the program's language


def test_a_logo_that_is_no_image_is_refused_in_german_and_nothing_is_written(office, tmp_path, capsys):
    logo = tmp_path / "logo.png"
    logo.write_text("kein Bild", "utf-8")
    out = tmp_path / "sheet.pdf"
    assert main(["sheet", "--db", str(office), "--all", "--out", str(out), "--logo", str(logo)]) != 0
    assert "ist keine Bilddatei" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_sheet_language_is_refused(office, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["sheet", "--db", str(office), "--all", "--out", str(tmp_path / "x.pdf"), "--lang", "ro"])
    assert "ro" in capsys.readouterr().err
