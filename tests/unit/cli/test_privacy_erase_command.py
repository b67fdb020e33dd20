"""``partnerdesk privacy erase``: preview first, then the erasure; bad input in German; and the
log files of the command line and the window hold no name or e-mail typed or stored (issue 22)."""

from __future__ import annotations

import logging
import logging.handlers

import pytest

from partnerdesk.cli.main import main
from partnerdesk.persistence.database import open_database
from partnerdesk.services import ContactService

NAME, EMAIL = "Kwame Example", "k.example@example.org"


@pytest.fixture
def own_log(tmp_path, monkeypatch):
    """The log files of this test alone: the root logger's file handlers set aside meanwhile."""
    monkeypatch.setenv("PARTNERDESK_DATA_DIR", str(tmp_path / "userdata"))
    root = logging.getLogger()
    kept = [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    for handler in kept:
        root.removeHandler(handler)
    yield tmp_path / "userdata" / "logs"
    for handler in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()
    for handler in kept:
        root.addHandler(handler)


def _contacts(path) -> set[str]:
    with open_database(path, automatic_backup=False) as db:
        return {c.name for c in ContactService(db).list()}


def test_the_preview_changes_nothing_and_the_erasure_needs_yes_and_a_reason(office, capsys):
    assert main(["privacy", "erase", "--db", str(office), NAME]) == 0
    shown = capsys.readouterr().out
    assert f"Löschen mit Nachweis: {NAME}" in shown
    assert "Aktivität „Besuch der Delegation aus Kumasi“: von der Teilnehmendenliste entfernt" in shown
    assert "Nichts wurde gelöscht. Zum Löschen: --yes mit --reason" in shown
    assert NAME in _contacts(office)

    assert main(["privacy", "erase", "--db", str(office), NAME, "--yes"]) == 1
    assert "Bitte geben Sie die Rechtsgrundlage der Löschung an" in capsys.readouterr().err
    assert NAME in _contacts(office)

    assert main(["privacy", "erase", "--db", str(office), EMAIL, "--yes", "--reason", "Art. 17 Abs. 1 lit. a DSGVO"]) == 0
    assert "Gelöscht. Eintrag Nr. 1 im Löschprotokoll." in capsys.readouterr().out
    assert NAME not in _contacts(office)


def test_unknown_and_ambiguous_people_are_named_in_german(office, capsys):
    assert main(["privacy", "erase", "--db", str(office), "Niemand Unbekannt", "--yes", "--reason", "x"]) == 1
    assert "Kein Kontakt passt zu „Niemand Unbekannt“" in capsys.readouterr().err
    assert main(["privacy", "erase", "--db", str(office), "Beispiel", "--yes", "--reason", "x"]) == 1
    err = capsys.readouterr().err
    assert "passt auf 2 Kontakte" in err and "Erika Beispiel" in err and "Jörg Beispiel" in err


def test_the_log_files_hold_no_name_or_e_mail(office, own_log, tmp_path, monkeypatch, capsys):
    """Command-line and window actions with known names and e-mails, failing and succeeding, then
    the log files are searched for them (seen failing before log_privacy: the window's log held
    "user error: Kontakt „Ama Kwarteng“: …" and the command line's the file name)."""
    from partnerdesk.domain import validation
    from partnerdesk.domain.errors import ValidationError
    from partnerdesk.domain.records import Contact

    secret_name, secret_mail = "Ama Kwarteng", "ama.kwarteng@kumasi.example"
    # The command line: an erasure, a person not found, a file that cannot be written.
    assert main(["privacy", "erase", "--db", str(office), NAME, "--yes", "--reason", "Art. 17",
                 "--purge-backups", "--blank-mentions", "all"]) == 0
    assert main(["privacy", "erase", "--db", str(office), secret_name, "--yes", "--reason", "x"]) == 1
    assert main(["export", "--db", str(office), str(tmp_path / "fehlt" / secret_name / f"{secret_mail}.json")]) == 1
    # The window: a contact saved with an e-mail that is none (what every form's error passes through).
    from PySide6.QtWidgets import QApplication, QMessageBox

    from partnerdesk.ui import errors
    from partnerdesk.ui.logging_setup import setup_logging

    QApplication.instance() or QApplication([])
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(handler)  # the command line's file: the window writes its own
        handler.close()
    setup_logging()
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: None)
    with pytest.raises(ValidationError) as caught:
        validation.validate(Contact(first_name="Ama", last_name="Kwarteng", email=f"{secret_mail} (privat)"))
    errors.show_problem(None, caught.value)
    capsys.readouterr()

    logs = sorted(own_log.glob("*.log"))
    assert {p.name for p in logs} == {"partnerdesk-cli.log", "partnerdesk.log"}
    text = "\n".join(p.read_text("utf-8") for p in logs)
    assert "user error: ValidationError: contacts " in text  # what happened, by record id and field
    for secret in (NAME, EMAIL, secret_name, secret_mail, "Kwarteng"):
        assert secret not in text, secret
