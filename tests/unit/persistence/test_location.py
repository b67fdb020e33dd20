"""Where a live database may lie: table-driven Windows and Linux paths, on every machine."""

from __future__ import annotations

import os
import sqlite3

import pytest

from partnerdesk.domain.errors import UnsafeLocationError
from partnerdesk.persistence import location
from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.persistence.location import (
    DRIVE_FIXED,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    SystemLookups,
    check_location,
)

DRIVES = {"C:\\": DRIVE_FIXED, "D:\\": DRIVE_FIXED, "Z:\\": DRIVE_REMOTE, "E:\\": DRIVE_REMOVABLE}
WIN_ENV = {
    "OneDrive": r"C:\Users\anna\OneDrive - Stadt Dortmund",
    "OneDriveCommercial": r"C:\Users\anna\OneDrive - Stadt Dortmund",
    "OneDriveConsumer": r"C:\Users\anna\Privat-Cloud",
    "LOCALAPPDATA": r"C:\Users\anna\AppData\Local",
}
WIN_FOLDERS = {
    r"D:\Ablage": [".owncloudsync.log", "Berichte"],
    r"D:\Team": [".sync_4f2a9c.db", "x.txt"],
    r"C:\Daten\Privatbox": [".dropbox", "Fotos"],
}


def windows() -> SystemLookups:
    return SystemLookups(
        windows=True,
        drive_type=lambda root: DRIVES.get(root, DRIVE_FIXED),
        environ=WIN_ENV,
        list_dir=lambda folder: WIN_FOLDERS.get(folder, []),
    )


# (path, expected reason or None, service)
WINDOWS_CASES = [
    (r"C:\Users\anna\AppData\Local\PartnerDesk\partnerdesk.sqlite", None, ""),
    (r"D:\Projekte\partnerdesk.sqlite", None, ""),
    (r"\\rathaus-fs01\amt15\partnerdesk.sqlite", "unc", ""),
    ("//rathaus-fs01/amt15/partnerdesk.sqlite", "unc", ""),
    (r"\\?\UNC\rathaus-fs01\amt15\partnerdesk.sqlite", "unc", ""),
    (r"\\?\C:\Users\anna\AppData\Local\PartnerDesk\partnerdesk.sqlite", None, ""),
    (r"Z:\Amt15\partnerdesk.sqlite", "network-drive", ""),
    (r"z:\Amt15\partnerdesk.sqlite", "network-drive", ""),
    (r"E:\Reise\partnerdesk.sqlite", "removable", ""),
    (r"C:\Users\anna\OneDrive - Stadt Dortmund\Dokumente\partnerdesk.sqlite", "sync", "OneDrive"),
    (r"c:\users\ANNA\onedrive - stadt dortmund\x.sqlite", "sync", "OneDrive"),
    (r"C:\Users\anna\Privat-Cloud\x.sqlite", "sync", "OneDrive"),
    (r"C:\Users\anna\Privat-Cloud-Archiv\x.sqlite", None, ""),  # beside %OneDriveConsumer%, not inside
    (r"C:\Users\anna\Dropbox\Amt\partnerdesk.sqlite", "sync", "Dropbox"),
    (r"C:\Users\anna\Dropbox (Stadt Dortmund)\partnerdesk.sqlite", "sync", "Dropbox"),
    (r"C:\Users\anna\Dropbox-Notizen\partnerdesk.sqlite", None, ""),
    (r"G:\Meine Ablage\partnerdesk.sqlite", "sync", "Google Drive"),
    (r"G:\My Drive\PartnerDesk\partnerdesk.sqlite", "sync", "Google Drive"),
    (r"C:\Users\anna\Google Drive\partnerdesk.sqlite", "sync", "Google Drive"),
    (r"C:\Users\anna\GoogleDrive\partnerdesk.sqlite", "sync", "Google Drive"),
    (r"C:\Users\anna\Nextcloud\Amt\partnerdesk.sqlite", "sync", "Nextcloud"),
    (r"D:\Ablage\Register\partnerdesk.sqlite", "sync", "Nextcloud"),  # marker file higher up
    (r"D:\Team\partnerdesk.sqlite", "sync", "Nextcloud"),
    (r"C:\Daten\Privatbox\partnerdesk.sqlite", "sync", "Dropbox"),  # renamed Dropbox folder
    # Issue 16: the folder names the OneDrive client really uses (an en dash, and with no
    # environment variable naming them: a second account, a folder moved by IT) ...
    (r"C:\Users\anna\OneDrive – Stadt Dortmund\Dokumente\partnerdesk.sqlite", "sync", "OneDrive"),
    (r"C:\Users\bernd\OneDrive - Stadt Köln\partnerdesk.sqlite", "sync", "OneDrive"),
    (r"C:\Users\bernd\OneDrive — Privat\partnerdesk.sqlite", "sync", "OneDrive"),
    # ... SharePoint and Teams libraries it synchronises ("<Organisation>\<Site> - <Library>") ...
    (r"C:\Users\anna\Stadt Dortmund\Team Partnerschaften - Dokumente\partnerdesk.sqlite", "sync",
     "OneDrive (SharePoint/Teams)"),
    (r"C:\Users\anna\Stadt Dortmund\Team Partnerschaften – Dokumente\Allgemein\x.sqlite", "sync",
     "OneDrive (SharePoint/Teams)"),
    (r"C:\Users\anna\City of Dortmund\Partnerships - Documents\x.sqlite", "sync", "OneDrive (SharePoint/Teams)"),
    (r"C:\Users\anna\Stadt Dortmund\Amt 15 - Freigegebene Dokumente\x.sqlite", "sync",
     "OneDrive (SharePoint/Teams)"),
    (r"C:\Users\anna\Stadt Dortmund\Amt 15 - Shared Documents\x.sqlite", "sync", "OneDrive (SharePoint/Teams)"),
    (r"C:\Users\anna\Dokumente\partnerdesk.sqlite", None, ""),  # the local Documents folder itself
    (r"D:\Projekte - Archiv\partnerdesk.sqlite", None, ""),  # a dash alone is no library
    # ... and Google Drive's shared drives.
    (r"G:\Geteilte Ablagen\Amt 15\partnerdesk.sqlite", "sync", "Google Drive"),
    (r"G:\Shared drives\Partnerships\partnerdesk.sqlite", "sync", "Google Drive"),
]


@pytest.mark.parametrize(("path", "reason", "service"), WINDOWS_CASES)
def test_windows_paths(path, reason, service):
    verdict = check_location(path, windows())
    if reason is None:
        assert verdict is None
        return
    assert verdict is not None
    assert verdict.reason == reason
    assert verdict.service == service
    assert verdict.refused == (reason != "removable")
    assert path in verdict.message


LINUX_ENV = {"OneDrive": "/home/anna/OneDrive", "HOME": "/home/anna"}
LINUX_FOLDERS = {"/srv/sync": [".nextcloudsync.log"]}
LINUX_CASES = [
    ("/home/anna/.local/share/PartnerDesk/partnerdesk.sqlite", None),
    ("/home/anna/OneDrive/partnerdesk.sqlite", "sync"),
    ("/home/anna/OneDriveArchiv/partnerdesk.sqlite", None),
    ("/home/anna/Dropbox/amt/partnerdesk.sqlite", "sync"),
    ("/home/anna/Nextcloud/partnerdesk.sqlite", "sync"),
    ("/srv/sync/amt/partnerdesk.sqlite", "sync"),
    ("//fileserver/share/partnerdesk.sqlite", "unc"),
    (r"/home/anna/\\server\x.sqlite", None),  # backslashes are ordinary characters here
]


@pytest.mark.parametrize(("path", "reason"), LINUX_CASES)
def test_linux_paths(path, reason):
    system = SystemLookups(windows=False, environ=LINUX_ENV, list_dir=lambda f: LINUX_FOLDERS.get(f, []))
    verdict = check_location(path, system)
    assert (verdict.reason if verdict else None) == reason


def test_messages_are_german_and_explain_why():
    verdict = check_location(r"\\rathaus-fs01\amt15\pd.sqlite", windows())
    assert "Netzwerkfreigabe" in verdict.message and "lokalen Ordner" in verdict.message
    verdict = check_location(r"C:\Users\anna\Dropbox\pd.sqlite", windows())
    assert "Dropbox" in verdict.message and "synchronisiert" in verdict.message
    verdict = check_location(r"E:\pd.sqlite", windows())
    assert "Wechseldatenträger" in verdict.message


def test_real_lookups_are_neutral_here(tmp_path):
    system = location.system_lookups()
    if os.name == "nt":  # pragma: no cover - exercised on Windows
        assert system.windows
    else:
        assert not system.windows
        assert system.drive_type("C:\\") is None
    assert check_location(str(tmp_path / "x.sqlite"), system) is None


@pytest.fixture
def dropbox(tmp_path):
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    return folder


def test_create_and_open_refuse_a_synced_folder(dropbox, tmp_path, content_of):
    with pytest.raises(UnsafeLocationError, match="Dropbox"):
        create_database(dropbox / "new.sqlite")
    assert not (dropbox / "new.sqlite").exists()
    good = tmp_path / "local.sqlite"
    create_database(good).close()
    moved = dropbox / "moved.sqlite"
    good.rename(moved)
    before = content_of(moved)
    with pytest.raises(UnsafeLocationError):
        open_database(moved)
    assert content_of(moved) == before


def test_a_link_into_a_synced_folder_is_refused(dropbox, tmp_path):
    create_database(tmp_path / "local.sqlite").close()
    (tmp_path / "local.sqlite").rename(dropbox / "real.sqlite")
    link = tmp_path / "link.sqlite"
    link.symlink_to(dropbox / "real.sqlite")
    with pytest.raises(UnsafeLocationError):
        open_database(link)


def test_expert_override_opens_in_single_user_mode(dropbox, monkeypatch):
    db = create_database(dropbox / "expert.sqlite", allow_unsafe_location=True)
    assert db.single_user and db.placement.unsafe is not None
    db.close()
    monkeypatch.setenv(location.OVERRIDE_ENV, "1")
    db = open_database(dropbox / "expert.sqlite")
    from partnerdesk.services import OrganisationService
    from partnerdesk.services.example_data import add_example_data

    add_example_data(db)
    assert OrganisationService(db).count() > 0
    with db.write() as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA locking_mode").scalar() == "exclusive"
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    # Another program cannot sneak in while the single-user database is open.
    other = sqlite3.connect(dropbox / "expert.sqlite", timeout=0.1)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("SELECT count(*) FROM organisations").fetchone()
    other.close()
    db.close()


def test_cli_refuses_with_one_german_line_and_honours_the_flag(dropbox, tmp_path, capsys):
    from partnerdesk.cli.main import main

    create_database(tmp_path / "x.sqlite").close()
    (tmp_path / "x.sqlite").rename(dropbox / "x.sqlite")
    assert main(["list", "organisations", "--db", str(dropbox / "x.sqlite")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Dropbox" in err and err.startswith("partnerdesk: ")
    assert main(["list", "organisations", "--db", str(dropbox / "x.sqlite"), "--allow-unsafe-location"]) == 0
    assert "Einzelplatzmodus" in capsys.readouterr().err


def test_wal_probe_still_refuses_what_the_rules_miss(db_path, monkeypatch):
    """A folder that passes the rules but cannot take WAL (simulated) is still refused."""
    from partnerdesk.persistence import engine

    create_database(db_path).close()
    monkeypatch.setattr(engine, "JOURNAL_MODE", "WAL_NOT_SUPPORTED_HERE")
    with pytest.raises(UnsafeLocationError, match="Write-Ahead"):
        with open_database(db_path) as db:
            db.info("database_id")


@pytest.mark.parametrize(
    "name",
    [".dropbox", ".Dropbox", ".dropbox.cache", "dropbox", ".dropbox2", "a.dropbox", ".tmp.drivedownload",
     ".TMP.DRIVEUPLOAD", ".tmp.driveupload.x", ".owncloudsync.log", ".sync_4f2a.db", ".SYNC_.db", "._sync_1.db",
     "._sync_1.db-wal", ".sync_1.dbx", ".nextcloudsync.log", "nextcloudsync.log", "partnerdesk.sqlite", "", ".",
     "ünïcode .sync_x.db", ".sync_x\n.db"],
)
def test_a_folders_names_are_compared_with_the_markers_as_fnmatch_does(name: str) -> None:
    """The markers are compared as one pattern per service (a folder listing may hold hundreds of
    names): the same answer as comparing each name with each pattern by ``fnmatch``."""
    import fnmatch

    expected = next((service for service, patterns in location.SYNC_MARKERS.items()
                     if any(fnmatch.fnmatchcase(name.lower(), p) for p in patterns)), None)
    assert location._marker_service([name]) == expected
    assert location._marker_service(["x", name, ".dropbox"]) == (expected or "Dropbox")
