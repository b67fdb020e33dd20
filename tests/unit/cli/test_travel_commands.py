"""``partnerdesk travel checkout|diff|merge`` and ``--db TRIP.pdtravel``, in-process and in a real process."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from partnerdesk.cli.main import main
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for
from partnerdesk.travel import travelfile

PASSPHRASE = "Reise-Passwort-2026"


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    from partnerdesk.persistence import encrypted

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office.sqlite"
    assert main(["init", str(path), "--example-data"]) == 0
    return path


@pytest.fixture
def passfile(tmp_path):
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def set_notes(path, cipher_passphrase, notes):
    db = travelfile.open_travel(path, cipher_passphrase) if path.suffix == ".pdtravel" else open_database(path)
    try:
        service = service_for(db, "organisations")
        org = [o for o in service.list() if o.name == "Bondo"][0]
        org.notes = notes
        service.update(org)
    finally:
        db.close()


def test_checkout_diff_merge(office, tmp_path, passfile, capsys, no_terminal, content_of):
    trip = tmp_path / "trip.pdtravel"
    assert main(["travel", "checkout", "--db", str(office), "--out", str(trip), "--passphrase-file", str(passfile)]) == 0
    assert "verschlüsselt" in capsys.readouterr().out
    set_notes(trip, PASSPHRASE, "auf Reisen")
    set_notes(office, None, "im Büro")
    assert main(["travel", "diff", "--db", str(office), str(trip), "--passphrase-file", str(passfile)]) == 0
    out = capsys.readouterr().out
    assert "Konflikte: 1" in out and "Büro: im Büro" in out and "Reisekopie: auf Reisen" in out
    before = content_of(office)
    # Conflicts, no --prefer, no terminal: exit 1, conflicts listed, nothing changed.
    assert main(["travel", "merge", "--db", str(office), str(trip), "--passphrase-file", str(passfile)]) == 1
    err = capsys.readouterr().err
    assert "Notizen" in err and "--prefer" in err and "nichts geändert" in err
    assert content_of(office) == before
    assert main(["travel", "merge", "--db", str(office), str(trip), "--passphrase-file", str(passfile),
                 "--prefer", "travel"]) == 0
    out = capsys.readouterr().out
    assert "Fassung der Reisekopie übernommen" in out and "Bericht gespeichert" in out
    after = content_of(office)
    assert main(["travel", "merge", "--db", str(office), str(trip), "--passphrase-file", str(passfile),
                 "--prefer", "office"]) == 0
    assert "nichts neu" in capsys.readouterr().out  # merged again: only what is new since
    assert content_of(office) == after


def test_passphrase_from_environment_and_never_from_an_argument(office, tmp_path, monkeypatch, capsys, no_terminal):
    trip = tmp_path / "trip.pdtravel"
    monkeypatch.setenv("PARTNERDESK_PASSPHRASE", PASSPHRASE)
    assert main(["travel", "checkout", "--db", str(office), "--out", str(trip)]) == 0
    assert main(["--db", str(trip), "list", "organisations"]) == 0
    assert "Bondo" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["travel", "checkout", "--db", str(office), "--out", str(tmp_path / "x.pdtravel"), "--passphrase", "x"])
    monkeypatch.delenv("PARTNERDESK_PASSPHRASE")
    assert main(["--db", str(trip), "list", "organisations"]) == 1
    assert "PARTNERDESK_PASSPHRASE" in capsys.readouterr().err


def test_wrong_passphrase_exits_1_and_office_is_untouched(office, tmp_path, passfile, capsys, content_of, no_terminal):
    trip = tmp_path / "trip.pdtravel"
    assert main(["travel", "checkout", "--db", str(office), "--out", str(trip), "--passphrase-file", str(passfile)]) == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("falsches-Passwort", encoding="utf-8")
    before = content_of(office)
    assert main(["travel", "merge", "--db", str(office), str(trip), "--passphrase-file", str(wrong),
                 "--prefer", "travel"]) == 1
    assert "Passphrase ist falsch" in capsys.readouterr().err
    assert content_of(office) == before


def test_unencrypted_checkout_warns(office, tmp_path, capsys):
    trip = tmp_path / "trip.pdtravel"
    assert main(["travel", "checkout", "--db", str(office), "--out", str(trip), "--no-encryption"]) == 0
    assert "NICHT verschlüsselt" in capsys.readouterr().out
    assert main(["travel", "diff", "--db", str(office), str(trip)]) == 0


def test_real_process_without_terminal_lists_conflicts(office, tmp_path, passfile):
    trip = tmp_path / "trip.pdtravel"
    assert main(["travel", "checkout", "--db", str(office), "--out", str(trip), "--passphrase-file", str(passfile)]) == 0
    set_notes(trip, PASSPHRASE, "auf Reisen")
    set_notes(office, None, "im Büro")
    env = {**os.environ, "PARTNERDESK_PASSPHRASE": PASSPHRASE}
    src = os.path.join(os.path.dirname(__file__), "..", "..", "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src)
    # The child uses the real key derivation; the file was written with the tests' cheaper one.
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys; from partnerdesk.persistence import encrypted; "
         "encrypted.KDF_PARAMETERS.update(memory_cost=8192, iterations=1, lanes=1); "
         "from partnerdesk.cli.main import main; sys.exit(main(sys.argv[1:]))",
         "travel", "merge", "--db", str(office), str(trip)],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120,
    )
    assert result.returncode == 1
    assert "auf Reisen" in result.stderr and "--prefer" in result.stderr
    assert "Traceback" not in result.stderr


def test_on_a_terminal_merge_asks_per_conflict(office, tmp_path, passfile, capsys, monkeypatch):
    trip = tmp_path / "trip.pdtravel"
    assert main(["travel", "checkout", "--db", str(office), "--out", str(trip), "--passphrase-file", str(passfile)]) == 0
    set_notes(trip, PASSPHRASE, "auf Reisen")
    set_notes(office, None, "im Büro")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    answers = iter(["x", "2"])  # first an invalid answer, then "take the travel copy"
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main(["travel", "merge", "--db", str(office), str(trip), "--passphrase-file", str(passfile)]) == 0
    out = capsys.readouterr().out
    assert "[1/1]" in out and "Fassung der Reisekopie übernommen" in out
    db = open_database(office)
    try:
        assert [o for o in service_for(db, "organisations").list() if o.name == "Bondo"][0].notes == "auf Reisen"
    finally:
        db.close()


def test_checkout_of_some_partnerships_only(office, tmp_path, capsys, content_of):
    trip = tmp_path / "teil.pdtravel"
    assert main(["travel", "checkout", "--db", str(office), "--out", str(trip), "--no-encryption",
                 "--partnership", "Klimapartnerschaft Dortmund – Kumasi",
                 "--partnership", "partnerschaft dortmund – dabola"]) == 0
    out = capsys.readouterr().out
    assert "Sie enthält nur: „Klimapartnerschaft Dortmund – Kumasi“, „Partnerschaft Dortmund – Dabola“" in out
    with travelfile.open_travel(trip, None) as travel:
        titles = sorted(p.title for p in service_for(travel, "partnerships").list())
    assert titles == ["Klimapartnerschaft Dortmund – Kumasi", "Partnerschaft Dortmund – Dabola"]
    before = content_of(office)
    assert main(["travel", "checkout", "--db", str(office), "--out", str(tmp_path / "x.pdtravel"),
                 "--no-encryption", "--partnership", "Atlantis"]) == 1
    err = capsys.readouterr().err
    assert "Die Partnerschaft „Atlantis“ gibt es in der Bürodatenbank nicht" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x.pdtravel").exists() and content_of(office) == before
