"""``partnerdesk report annual``: the format from the file name, filters, refusals in German."""

from __future__ import annotations

import re
import subprocess

import docx
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


def test_pdf_and_word_from_the_file_name(office, tmp_path, capsys):
    pdf, word = tmp_path / "Jahresbericht-2025.pdf", tmp_path / "Jahresbericht-2025.docx"
    assert main(["report", "annual", "--db", str(office), "--year", "2025", "--out", str(pdf)]) == 0
    assert main(["report", "annual", "--db", str(office), "--year", "2025", "--out", str(word)]) == 0
    assert _text(pdf).startswith("Jahresbericht 2025 Internationale Partnerschaften der Stadt Dortmund")
    assert docx.Document(str(word)).paragraphs[0].text == "Jahresbericht 2025"
    said = capsys.readouterr().out
    assert "Jahresbericht 2025 geschrieben nach" in said and "Fehlt: Projekte ohne Budget" in said


def test_a_type_filter(office, tmp_path):
    out = tmp_path / "b.docx"
    assert main(["report", "annual", "--db", str(office), "--year", "2025", "--type", "project_partnership", "--out", str(out)]) == 0
    text = " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Auswahl: Projektpartnerschaft" in text


@pytest.mark.parametrize(("argv", "says"), [
    (["--year", "zwanzig"], "„zwanzig“ ist kein Jahr für den Jahresbericht"),
    (["--year", "2025", "--unit", "Gibt es nicht"], "Gibt es nicht"),
    (["--year", "2025", "--templates", "/nirgends"], "/nirgends"),
])
def test_refusals_in_german_and_nothing_written(office, tmp_path, capsys, argv, says):
    out = tmp_path / "x.pdf"
    assert main(["report", "annual", "--db", str(office), "--out", str(out), *argv]) == 1
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_templates_check_reads_the_annual_report_wording_too(tmp_path, capsys):
    folder = tmp_path / "vorlagen"
    (folder / "annual_report" / "de").mkdir(parents=True)
    (folder / "annual_report" / "de" / "texts.txt").write_text("footer = Seite {seite}\n", "utf-8")
    assert main(["templates", "check", str(folder)]) == 1
    said = capsys.readouterr().out
    assert "Vorlage des Jahresberichts" in said and "Zeile 1" in said and "„{seite}“" in said
    (folder / "annual_report" / "de" / "texts.txt").write_text("footer = Seite {year}\n", "utf-8")
    assert main(["templates", "check", str(folder)]) == 0
