"""After erasing a person, neither the database file's bytes (free pages included) nor the purged
backups and merge reports hold their name or e-mail (issue 22: ``PRAGMA secure_delete`` stays on).

The raw-bytes check is shown able to fail: with ``secure_delete`` off (the module setting the
engine reads) the freed pages keep the erased values, and the same check finds them.
"""

from __future__ import annotations

import pytest

from partnerdesk.persistence import engine
from partnerdesk.persistence.backup import backup_database
from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.services import ContactService, privacy_backups
from partnerdesk.services import privacy_erase as pe
from partnerdesk.services.example_data import add_example_data

NAME, EMAIL = "Kwame Example", "k.example@example.org"
#: Long enough that a page of the contacts table is freed when they go (not only a cell rewritten).
NOTES = "Gesprächsnotiz über Kwame Example " * 150


def _holds(path, *needles: str) -> bool:
    data = path.read_bytes()
    return any(n.encode() in data for n in needles)


def _erase(tmp_path, *, purge: str | None = None):
    path = tmp_path / "office.sqlite"
    db = create_database(path)
    add_example_data(db)
    contact_id = pe.find_person(db, NAME)
    kwame = ContactService(db).get(contact_id)
    kwame.notes = NOTES
    ContactService(db).update(kwame)
    db.close()  # (the file's bytes are read only while no connection is open: FACTS, POSIX locks)
    backup = backup_database(path, tmp_path / "backups" / "office-20261201-090000-backup.sqlite")
    report = tmp_path / "backups" / "travel-merge-20261202-100000.txt"
    report.write_text(f"Konflikte (1):\n  Kontakt „{NAME}“ ({EMAIL}): im Büro geändert\n", "utf-8")
    assert _holds(path, NAME, EMAIL) and _holds(backup, NAME) and _holds(report, NAME)
    db = open_database(path, automatic_backup=False)
    person = pe.person_of(db, contact_id)
    copies = privacy_backups.copies_holding(db, person)
    assert {c.path.name for c in copies} == {backup.name, report.name}
    pe.erase_person(db, contact_id, reason="Art. 17 Abs. 1 lit. a DSGVO", proceed_if_only_contact=True)
    if purge:
        privacy_backups.purge(copies, person, purge, pe.value_erasure_text("mmuster"))
    db.close()
    return path, backup, report


def test_the_file_and_the_rewritten_backups_hold_no_byte_of_the_person(tmp_path):
    path, backup, report = _erase(tmp_path, purge="rewrite")

    for file in (path, backup, report):
        assert not _holds(file, NAME, EMAIL, "Gesprächsnotiz"), file
    assert not path.with_name(path.name + "-wal").exists() or not _holds(path.with_name(path.name + "-wal"), NAME)
    # The rewritten backup is a whole database with everybody else in it.
    db = open_database(backup, automatic_backup=False)
    try:
        names = {c.name for c in ContactService(db).list()}
    finally:
        db.close()
    assert "Erika Beispiel" in names and NAME not in names
    assert "gelöscht am" in report.read_text("utf-8")


def test_deleting_the_backups_instead(tmp_path):
    _path, backup, report = _erase(tmp_path, purge="delete")
    assert not backup.exists() and not report.exists()


def test_the_bytes_check_fails_without_secure_delete(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "SECURE_DELETE", False)
    path, _backup, _report = _erase(tmp_path)
    assert _holds(path, "Gesprächsnotiz über Kwame Example")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERDESK_DATA_DIR", str(tmp_path / "userdata"))
