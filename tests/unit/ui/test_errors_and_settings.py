"""Crash handler, settings dialog and the automatic backup at start."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from partnerdesk import paths
from partnerdesk.domain.errors import DiskFullError
from partnerdesk.ui import errors
from partnerdesk.ui.settings import Settings
from partnerdesk.ui.settings_dialog import SettingsDialog


def test_an_unexpected_exception_writes_a_crash_log_and_shows_details(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText(), box.detailedText())) or 0)
    errors.install_exception_hook()
    try:
        try:
            raise ZeroDivisionError("durch null")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    finally:
        errors.uninstall_exception_hook()
    text, summary, details = shown[0]
    assert "unerwarteter Fehler" in text
    assert "ZeroDivisionError: durch null" in summary
    assert "Traceback" in details
    [log] = list(errors.crash_log_dir().glob("crash-*.txt"))
    assert "durch null" in log.read_text("utf-8")
    assert sys.excepthook is sys.__excepthook__


def test_environment_problems_are_messages_not_crashes(qtbot, messages):
    with errors.user_errors(None):
        raise DiskFullError("Die Festplatte ist voll.")
    assert messages == [("critical", "Problem mit der Datenbankdatei", "Die Festplatte ist voll.")]


def test_settings_dialog_saves_options_and_they_are_remembered(qtbot, settings):
    assert settings.get("language") == "de" and settings.get("backups_to_keep") == 10
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.editors["language"].setCurrentIndex(dialog.editors["language"].findData("en"))
    dialog.editors["author_name"].setText("Erika Beispiel")
    dialog.editors["backups_to_keep"].setValue(3)
    dialog.accept()
    again = Settings()
    assert (again.get("language"), again.get("author_name"), again.get("backups_to_keep")) == ("en", "Erika Beispiel", 3)
    # Geometry and layout live apart from the options.
    state = settings.folder / "state.ini"
    assert "Erika" in (settings.folder / "settings.ini").read_text("utf-8")
    assert not state.exists() or "Erika" not in state.read_text("utf-8")


def test_settings_dialog_wording_and_switching_backups_off(qtbot, make_window, example_db, settings, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from partnerdesk.persistence.auto_backup import automatic_backups
    from partnerdesk.ui.database_actions import automatic_backup_in_background

    monkeypatch.delenv("PARTNERDESK_BACKUP_KEEP", raising=False)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    # The name the README uses; colons like every form; the restart is said once, below the fields.
    assert labels == [
        "Sprache:", "Verfasser/in (in den PDF-Eigenschaften):", "Automatische Sicherungen behalten:",
        "Bürodatenbank auf einem Server (Dienstname oder Adresse; leer: die lokale Datei):",
        "Mit „Anstehend“ öffnen, wenn etwas überfällig ist:",
        "Name des Büros im Briefkopf:", "Anschrift im Briefkopf (je Zeile eine):",
        "Logo im Briefkopf (PNG-, JPEG- oder GIF-Datei; freiwillig):", "Sprache der Projektsteckbriefe:",
        "Größter Anhang (MB):",
    ]
    spin = dialog.editors["backups_to_keep"]
    spin.setValue(0)
    assert spin.text() == "keine (abgeschaltet)"
    dialog.accept()
    assert Settings().get("backups_to_keep") == 0

    window = make_window(example_db)
    automatic_backup_in_background(window).join()
    assert automatic_backups(example_db.path) == [], "0 means no daily copy (it used to write one anyway)"


def test_a_hand_edited_recent_files_entry_that_is_no_list_is_ignored(private_data_dir):
    # A type QSettings reads back as neither text nor a list (here a size) used to raise TypeError.
    Settings()  # creates the folder
    (private_data_dir / "state.ini").write_text("[General]\nrecent_files=@Size(3 4)\n", "utf-8")
    settings = Settings()
    assert settings.recent_files() == []
    settings.add_recent_file(private_data_dir / "b.sqlite")
    assert settings.recent_files() == [str((private_data_dir / "b.sqlite").resolve())]


def test_a_nonsense_option_value_falls_back_to_the_default(settings):
    settings._options.setValue("options/language", "klingonisch")
    settings._options.setValue("options/backups_to_keep", "viele")
    assert settings.get("language") == "de"
    assert settings.get("backups_to_keep") == 10


def test_the_program_starts_logs_and_makes_its_daily_backup(example_db, private_data_dir, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PARTNERDESK_SMOKE_QUIT_MS="0", PYTHONPATH=os.pathsep.join(sys.path))
    example_db.close()
    result = subprocess.run(
        [sys.executable, "-m", "partnerdesk", "--db", str(example_db.path)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "qt_yes=&Ja" in result.stdout  # Qt's own dialogs speak German
    assert (paths.log_dir() / "partnerdesk.log").read_text("utf-8").count("starting") == 1
    backups = list(paths.backups_dir(example_db.path).glob("*-auto.sqlite"))
    assert len(backups) == 1
    QApplication.processEvents()
