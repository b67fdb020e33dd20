"""A failed write of a backup or a travel copy names the target and the real cause.

"Sicherung erstellen" and "Reisekopie erstellen" used to call the (whole) office database
damaged and send the user to ``partnerdesk restore``, naming a temporary file, when the
drive of the *target* failed. The failure here is the operating system's: a child process
whose file-size limit (RLIMIT_FSIZE) stops every write beyond it (EFBIG, which SQLite
reports as a disk I/O error), as a failing or removed drive would.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from partnerdesk.domain.records import Contact
from partnerdesk.persistence.database import create_database
from partnerdesk.services import service_for
from partnerdesk.services.example_data import add_example_data

from .harness import SRC, check_whole

PASSPHRASE = "Reise-Passwort-2026"
LIMIT = 256 * 1024  # bigger than the office's -shm, far smaller than a copy of it


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office" / "office.sqlite"
    db = create_database(path)
    add_example_data(db)
    for j in range(300):
        service_for(db, "contacts").create(Contact(name=f"Kontakt {j}", notes="n" * 3000))
    db.close()
    return path


def run_limited(args, tmp_path):
    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    env = dict(os.environ, PYTHONPATH=str(SRC), PARTNERDESK_BACKUP_KEEP="0", PARTNERDESK_PASSPHRASE=PASSPHRASE)
    return subprocess.run(
        [sys.executable, "-m", "partnerdesk", *args],
        capture_output=True, text=True, env=env, preexec_fn=small_files, timeout=120,
    )


@pytest.mark.parametrize("command", ["backup", "travel checkout"])
def test_a_write_failure_on_the_target_is_named_as_such(office, tmp_path, command):
    target_dir = tmp_path / "stick"
    target_dir.mkdir()
    out = target_dir / ("copy.sqlite" if command == "backup" else "trip.pdtravel")
    before = office.read_bytes()
    args = ["backup", "--db", str(office), str(out)] if command == "backup" else [
        "travel", "checkout", "--db", str(office), "--out", str(out)]
    result = run_limited(args, tmp_path)
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("partnerdesk: ") and "Traceback" not in err, err
    assert str(out) in err, err  # the target, not a temporary file
    assert ".partial" not in err and ".travel-" not in err, err
    assert "beschädigt" not in err and "restore" not in err, err
    assert "Datenträger" in err, err  # the cause: the drive
    assert list(target_dir.iterdir()) == [], "a half-written file stayed"
    shutil.rmtree(office.parent / "backups", ignore_errors=True)
    assert office.read_bytes() == before
    check_whole(office).close()
