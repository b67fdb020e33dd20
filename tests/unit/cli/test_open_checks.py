"""Which check a command runs when it opens the database, and that a bad file never gets written.

Commands that only read skip SQLite's page check (it reads the whole file: seconds for a big
database) and rely on the cheap one (header, application id, schema); commands that write, and
those that copy the whole file, check every page first.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from partnerdesk.cli.main import main


def digest(path: Path) -> str:
    """The bytes of the file AND its write-ahead log: a write that sits in the log changes it too
    (the main file alone stays the same until a checkpoint, so comparing it proved nothing)."""
    wal = Path(f"{path}-wal")
    return hashlib.sha256(path.read_bytes() + b"|wal|" + (wal.read_bytes() if wal.exists() else b"")).hexdigest()


def test_the_digest_sees_a_write_that_is_still_in_the_log(office):
    """``digest`` can fail: a commit that only reached the write-ahead log changes it."""
    before = digest(office)
    conn = sqlite3.connect(office)
    try:
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("INSERT INTO database_info (key, value) VALUES ('digest-probe', 'x')")
        conn.commit()
        assert digest(office) != before
    finally:
        conn.execute("DELETE FROM database_info WHERE key = 'digest-probe'")
        conn.commit()
        conn.close()


def damage(path: Path, table: str) -> None:
    """Overwrite every page of ``table`` with garbage (the file's header and schema stay whole)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert pages
    with path.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * size)
            fh.write(b"\xa5" * size)


@pytest.fixture
def organisations_json(office, tmp_path) -> Path:
    """A PartnerDesk JSON archive holding one organisation of ``office``, renamed."""
    archive = tmp_path / "all.json"
    assert main(["export", "--db", str(office), str(archive)]) == 0
    data = json.loads(archive.read_text())
    first = data["records"]["organisations"][0]
    first["name"] = "Umbenannt"
    data["records"] = {"organisations": [first]}
    archive.write_text(json.dumps(data))
    return archive


def test_a_reading_command_skips_the_page_check_and_refuses_the_damage_it_meets(office, capsys, monkeypatch):
    monkeypatch.setenv("PARTNERDESK_BACKUP_KEEP", "0")  # the daily copy would meet the damage too
    damage(office, "follow_ups")
    before = digest(office)
    assert main(["list", "organisations", "--db", str(office)]) == 0  # the damage lies elsewhere
    assert "Weltladen Aplerbeck" in capsys.readouterr().out
    assert main(["list", "activities", "--db", str(office)]) == 1  # activities carry their follow-ups
    err = capsys.readouterr().err
    assert err.startswith("partnerdesk: Die Datenbank") and "beschädigt" in err and "partnerdesk restore" in err
    assert digest(office) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "{json}"],
        ["remove-example-data"],
        ["backup", "{tmp}/copy.sqlite"],
        ["travel", "checkout", "--no-encryption", "--out", "{tmp}/trip.pdtravel"],
    ],
)
def test_commands_that_write_or_copy_check_every_page_first(office, organisations_json, tmp_path, capsys, monkeypatch, argv):
    monkeypatch.setenv("PARTNERDESK_BACKUP_KEEP", "0")
    damage(office, "follow_ups")  # a table none of these commands needs to read for its work
    before = digest(office)
    argv = [a.format(json=organisations_json, tmp=tmp_path) for a in argv]
    assert main([*argv, "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"partnerdesk: Die Datenbank {office} ist beschädigt")
    assert digest(office) == before
    assert not (tmp_path / "copy.sqlite").exists() and not (tmp_path / "trip.pdtravel").exists()


def test_without_the_damage_the_same_import_goes_through(office, organisations_json, capsys):
    assert main(["import", str(organisations_json), "--db", str(office)]) == 0
    assert main(["list", "organisations", "--db", str(office), "--format", "csv"]) == 0
    assert "Umbenannt" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["list", "projects"], ["mou", "Kumasi", "--out", "{tmp}/mou.pdf"], ["check"]])
def test_a_foreign_or_damaged_file_is_refused_by_the_cheap_check(tmp_path, capsys, command):
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:  # a SQLite database of some other program
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database")
    command = [c.format(tmp=tmp_path) for c in command]
    for path in (other, text):
        before = digest(path)
        assert main([*command, "--db", str(path)]) == 1
        assert capsys.readouterr().err == f"partnerdesk: {path} ist keine PartnerDesk-Datenbank.\n"
        assert digest(path) == before
    assert not (tmp_path / "mou.pdf").exists()


def test_check_reports_the_damage_and_leaves_the_file_alone(office, capsys, monkeypatch):
    monkeypatch.setenv("PARTNERDESK_BACKUP_KEEP", "0")
    damage(office, "follow_ups")
    before = digest(office)
    assert main(["check", "--db", str(office)]) == 1
    assert "beschädigt" in capsys.readouterr().err
    assert digest(office) == before


def test_a_failed_daily_backup_of_a_damaged_file_names_the_file_not_the_copy(office, capsys, monkeypatch):
    monkeypatch.setenv("PARTNERDESK_BACKUP_KEEP", "3")
    damage(office, "follow_ups")
    before = digest(office)
    assert main(["list", "organisations", "--db", str(office)]) == 0
    warning = [line for line in capsys.readouterr().err.splitlines() if line.startswith("partnerdesk: ")]
    # The copy failed its check; the page check of the office file then found the damage there.
    assert len(warning) == 1, warning
    assert warning[0].startswith(
        f"partnerdesk: Warnung: Die tägliche Sicherung konnte nicht geschrieben werden: Die Datenbank {office} ist beschädigt ("
    )
    assert ".partial" not in warning[0] and "backups" not in warning[0]
    assert digest(office) == before
    assert list((office.parent / "backups").glob("*.sqlite")) == []
    assert list((office.parent / "backups").glob(".*")) == []
