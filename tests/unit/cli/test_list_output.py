"""``partnerdesk list``: a name cannot retitle, clear or reverse the user's terminal, and its CSV
is read by a spreadsheet as text, not as formulas."""

from __future__ import annotations

import csv
import io

from partnerdesk.cli.main import main
from partnerdesk.domain.records import Contact
from partnerdesk.persistence.database import open_database
from partnerdesk.services.records import ContactService

HOSTILE = "Eve\x1b]0;pwned\x07\x1b[2J\u202eenilno\rX\x08\x85Y"


def _add(office, **fields):
    with open_database(office) as db:
        return ContactService(db).create(Contact(**fields))


def test_the_table_shows_control_characters_escaped(office, capsys):
    _add(office, name=HOSTILE, function="Lead\tcoordinator", phone="\u2066+49\u2069")
    assert main(["list", "contacts", "--db", str(office)]) == 0
    out = capsys.readouterr().out
    assert "Eve\\x1b]0;pwned\\x07\\x1b[2J\\u202eenilno\\x0dX\\x08\\x85Y" in out
    assert "Lead\\x09coordinator" in out and "\\u2066+49\\u2069" in out
    for raw in ("\x1b", "\x07", "\u202e", "\r", "\x08", "\x85", "\t", "\u2066"):
        assert raw not in out, repr(raw)


def test_accents_arabic_and_emoji_are_printed_as_they_are(office, capsys):
    _add(office, name="Ștefan Müller مرحبا 👩‍💻")
    assert main(["list", "contacts", "--db", str(office)]) == 0
    assert "Ștefan Müller مرحبا 👩‍💻" in capsys.readouterr().out


def test_csv_quotes_a_carriage_return_and_guards_formulas(office, capsys):
    _add(office, name="Zeile\rzwei", function='=HYPERLINK("http://x","klick")', phone="+49 231 50-0", email="a@b.de")
    assert main(["list", "contacts", "--db", str(office), "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert '"Zeile\rzwei"' in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = next(r for r in rows if r["name"] == "Zeile\rzwei")
    assert row["function"] == '\'=HYPERLINK("http://x","klick")'
    assert row["phone"] == "'+49 231 50-0"
    assert row["email"] == "a@b.de"


def test_an_error_naming_a_record_stays_one_line(office, capsys):
    _add(office, name="Zwei\nZeilen\x1b[31m")
    assert main(["sheet", "Zeilen\x1b", "--db", str(office), "--out", "/nonexistent/x.pdf"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err


def test_a_usage_error_quotes_what_was_typed_escaped(capsys):
    import pytest

    with pytest.raises(SystemExit) as info:
        main(["mou", "Kumasi", "--out", "x.pdf", "--date", "\x1b]0;pwned\x07"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "\\x1b]0;pwned\\x07" in err and "\x1b" not in err and "\x07" not in err


def test_an_option_whose_value_is_two_dashes_keeps_it(office, tmp_path, capsys):
    """Python 3.11's argparse turned "--author=--" into an empty list, which reached ReportLab."""
    import pypdf

    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--db", str(office), "--out", str(out), "--author=--"]) == 0
    assert pypdf.PdfReader(str(out)).metadata.author == "--"
