"""Nothing left behind: killed check-outs and backups, refused merges, a merge raced or killed.

* ``travel checkout`` killed at a random moment never leaves plaintext anywhere (the copy is
  encrypted from its first byte), and the next start removes its temporary file;
* ``backup OUT`` killed leaves ``.OUT.PID.partial`` beside OUT only until the next start;
* a refused ``travel diff``/``merge`` (wrong passphrase, damaged, truncated, missing file)
  leaves no ``-wal``/``-shm`` beside the office database or the travel file;
* two merges of one travel copy: the second, which checked before the first committed,
  says "bereits zusammengeführt" and writes nothing;
* a merge killed after its commit keeps its report.

Kill trials use the zygote of ``writer.py`` (a few trials each; ``PARTNERDESK_RELIABILITY_TRIALS``
raises them).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.records import Contact
from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.services import service_for
from partnerdesk.services.example_data import add_example_data
from partnerdesk.travel import apply as travel_apply
from partnerdesk.travel import travelfile

from .harness import SRC, check_whole, trials

PASSPHRASE = "Reise-Passwort-2026"
SECRET = "Zyxwvut Geheimkontakt"
SECRET_MAIL = "geheim.kontakt@example.org"
TRIALS = trials(5)


def zygote_data_dir(zygote) -> Path:
    """The data folder the zygote's children use (where they remember their temporary files)."""
    return Path(zygote.log.name).parent / "userdata"


@pytest.fixture(scope="module")
def office_template(tmp_path_factory):
    """An office database with a secret contact and about 3 MB of rows (so kills land inside)."""
    path = tmp_path_factory.mktemp("office") / "office.sqlite"
    db = create_database(path)
    add_example_data(db)
    contacts = service_for(db, "contacts")
    contacts.create(Contact(name=SECRET, email=SECRET_MAIL))
    for j in range(400):
        contacts.create(Contact(name=f"{SECRET} {j}", email=f"{j}.{SECRET_MAIL}", notes="n" * 4000))
    db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def files_with_plaintext(folder: Path, allowed: set[Path]) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and path not in allowed:
            data = path.read_bytes()
            if SECRET.encode() in data or SECRET_MAIL.encode() in data:
                found.append(path)
    return found


def next_start(office: Path, data_dir: Path, monkeypatch) -> None:
    """What any start of PartnerDesk does first: open the office database."""
    monkeypatch.setenv("PARTNERDESK_DATA_DIR", str(data_dir))
    open_database(office, automatic_backup=False).close()


def test_a_killed_checkout_leaves_no_plaintext_and_the_next_start_cleans_up(
    zygote, office_template, tmp_path, monkeypatch
):
    import random

    from .test_kill9 import trial

    kills = 0
    for n in range(TRIALS):
        folder = tmp_path / f"trial-{n}"
        folder.mkdir()
        office = folder / "office.sqlite"
        shutil.copyfile(office_template, office)
        out = folder / "trips"
        out.mkdir()
        job = {"mode": "checkout", "db": str(office), "out": str(out), "passphrase": PASSPHRASE}
        acks = trial(zygote, tmp_path, n, job, max_delay=random.Random(n).uniform(0.05, 1.0))
        kills += 1
        office_files = {office, Path(f"{office}-wal"), Path(f"{office}-shm")}
        assert files_with_plaintext(folder, office_files) == [], f"trial {n}: plaintext left behind"
        for a in acks:
            if "path" in a:  # an acknowledged travel copy is whole and opens
                travelfile.open_travel(Path(a["path"]), PASSPHRASE).close()
        next_start(office, zygote_data_dir(zygote), monkeypatch)
        left = [p.name for p in [*out.iterdir(), *folder.iterdir()] if p.name.startswith(".")]
        assert left == [], f"trial {n}: left behind after the next start: {left}"
        check_whole(office).close()
    assert kills == TRIALS


def test_the_next_start_removes_a_plaintext_snapshot_of_an_older_version(office_template, tmp_path):
    office = tmp_path / "office.sqlite"
    shutil.copyfile(office_template, office)
    snapshot = tmp_path / ".travel-abc123" / "snapshot.sqlite"
    snapshot.parent.mkdir()
    shutil.copyfile(office_template, snapshot)
    unrelated = tmp_path / ".travel-notes"
    unrelated.mkdir()
    (unrelated / "mine.txt").write_text("not PartnerDesk's")
    open_database(office, automatic_backup=False).close()
    assert not snapshot.parent.exists()
    assert (unrelated / "mine.txt").exists()


def test_a_killed_backup_leaves_its_partial_only_until_the_next_start(zygote, office_template, tmp_path, monkeypatch):
    from .test_kill9 import trial

    partials = 0
    for n in range(TRIALS):
        folder = tmp_path / f"trial-{n}"
        folder.mkdir()
        office = folder / "office.sqlite"
        shutil.copyfile(office_template, office)
        out = tmp_path / f"chosen-{n}"  # a folder the user chose, not the backups folder
        out.mkdir()
        trial(zygote, tmp_path, n, {"mode": "backup", "db": str(office), "out": str(out)}, max_delay=0.3)
        partials += len(list(out.glob(".*.partial")))
        next_start(office, zygote_data_dir(zygote), monkeypatch)
        assert list(out.glob(".*")) == [], f"trial {n}: a half-written backup stayed"
        for copy in out.glob("*.sqlite"):
            check_whole(copy).close()
    print(f"killed backups: {partials} partial files found and removed")


# Refused travel files leave nothing ----------------------------------------------------------


@pytest.fixture
def office_and_trip(office_template, tmp_path):
    office = tmp_path / "office.sqlite"
    shutil.copyfile(office_template, office)
    with open_database(office, automatic_backup=False) as db:
        travelfile.checkout(db, tmp_path / "trip.pdtravel", PASSPHRASE)
    return office, tmp_path / "trip.pdtravel"


def _spoil(trip: Path, how: str) -> Path:
    data = trip.read_bytes()
    spoiled = trip.with_name(f"{how}.pdtravel")
    if how == "damaged":
        changed = bytearray(data)
        changed[len(data) // 2] ^= 0xFF
        spoiled.write_bytes(bytes(changed))
    elif how == "truncated":
        spoiled.write_bytes(data[: len(data) // 2 + 1000])
    elif how == "wrong-passphrase":
        spoiled.write_bytes(data)
    return spoiled  # "missing": not written


@pytest.mark.parametrize("command", ["diff", "merge"])
@pytest.mark.parametrize("how", ["wrong-passphrase", "damaged", "truncated", "missing"])
def test_a_refused_travel_file_leaves_no_side_files(office_and_trip, tmp_path, command, how, capsys, monkeypatch):
    monkeypatch.setenv("PARTNERDESK_BACKUP_KEEP", "0")
    office, trip = office_and_trip
    spoiled = _spoil(trip, how)
    secret = tmp_path / "passphrase.txt"
    secret.write_text("ganz-falsch-2026" if how == "wrong-passphrase" else PASSPHRASE)
    before = {p.name for p in tmp_path.iterdir()}
    code = main(["travel", command, "--db", str(office), str(spoiled), "--passphrase-file", str(secret)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err, err
    left = {p.name for p in tmp_path.iterdir()} - before
    assert left == set(), f"left behind: {sorted(left)}"
    assert not any(p.name.endswith(("-wal", "-shm")) for p in tmp_path.iterdir())


def test_a_truncated_travel_file_is_called_incomplete_not_a_wrong_passphrase(office_and_trip, tmp_path, capsys):
    office, trip = office_and_trip
    data = trip.read_bytes()
    for cut in (100, 5000, len(data) // 2, len(data) - 4096, len(data) - 7):
        spoiled = tmp_path / f"cut-{cut}.pdtravel"
        spoiled.write_bytes(data[:cut])
        secret = tmp_path / "passphrase.txt"
        secret.write_text(PASSPHRASE)
        assert main(["travel", "diff", "--db", str(office), str(spoiled), "--passphrase-file", str(secret)]) == 1
        err = capsys.readouterr().err
        assert "Passphrase" not in err, f"cut at {cut}: {err}"
        assert str(spoiled) in err and ("unvollständig" in err or "abgeschnitten" in err), err


# Two merges at once, a merge killed after its commit ------------------------------------------


def _merge_count(office: Path) -> int:
    with sqlite3.connect(office) as conn:
        return conn.execute("SELECT count(*) FROM database_info WHERE key LIKE 'travel_merged:%'").fetchone()[0]


def _content(office: Path) -> list:
    conn = check_whole(office)
    try:
        rows = []
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
            if "search" in table:
                continue
            rows.append((table, sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))))
        return rows
    finally:
        conn.close()


def test_the_second_of_two_simultaneous_merges_writes_nothing(office_and_trip, tmp_path, monkeypatch):
    """Both processes asked "merged already?" before either committed; the second then waited for the lock."""
    office, trip = office_and_trip
    with travelfile.open_travel(trip, PASSPHRASE) as travel, open_database(office, automatic_backup=False) as db:
        service_for(travel, "contacts").create(Contact(name="Auf der Reise angelegt"))
        first = travel_apply.merge(db, travel, prefer="travel")
        assert not first.already_merged and first.report_file
        after_first = _content(office)
        reports = sorted((office.parent / "backups").glob("*travel-merge*.*[tn]"))  # .txt, .json
        backups = sorted((office.parent / "backups").glob("*.sqlite"))
        # The second merge's early check ran before the first committed: it saw nothing.
        monkeypatch.setattr(travel_apply, "merged_before", lambda *_args: None)
        second = travel_apply.merge(db, travel, prefer="travel")
    assert second.already_merged
    assert "nichts neu" in second.text()  # under the locks: merged by the first, nothing new since
    assert second.entries == []
    assert _content(office) == after_first
    assert _merge_count(office) == 1
    assert sorted((office.parent / "backups").glob("*travel-merge*.*[tn]")) == reports
    assert sorted((office.parent / "backups").glob("*.sqlite")) == backups


def test_a_merge_killed_after_its_commit_keeps_its_report(office_and_trip, tmp_path, monkeypatch):
    office, trip = office_and_trip
    with travelfile.open_travel(trip, PASSPHRASE) as travel:
        service_for(travel, "contacts").create(Contact(name="Auf der Reise angelegt"))
    env = dict(os.environ, PYTHONPATH=str(SRC), PARTNERDESK_BACKUP_KEEP="0")
    # The merging process dies right after the commit, before it writes the report's files.
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from partnerdesk.persistence.database import open_database\n"
        "from partnerdesk.travel import apply, report, travelfile\n"
        "def killed(*args, **kwargs): os._exit(9)\n"
        "report.save_report_files = apply.save_report_files = killed\n"
        "report.save_report = apply.save_report = killed\n"
        "office = open_database(Path(sys.argv[1]), automatic_backup=False)\n"
        "travel = travelfile.open_travel(Path(sys.argv[2]), sys.argv[3])\n"
        "apply.merge(office, travel, prefer='travel')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(office), str(trip), PASSPHRASE], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr
    assert _merge_count(office) == 1  # committed
    backups = office.parent / "backups"
    assert list(backups.glob("*travel-merge*.*[tn]")) == []  # its report files were never written
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    monkeypatch.setenv("PARTNERDESK_BACKUP_KEEP", "0")
    assert main(["travel", "merge", "--db", str(office), str(trip), "--prefer", "travel",
                 "--passphrase-file", str(secret)]) == 0
    kept = sorted(backups.glob("*travel-merge*.txt"))
    assert len(kept) == 1
    text = kept[0].read_text("utf-8")
    assert "Auf der Reise angelegt" in text and "bereits" not in text  # the first merge's own report
    assert _merge_count(office) == 1
