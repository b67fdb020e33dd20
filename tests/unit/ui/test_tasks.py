"""run_with_progress: worker thread, responsive window, result or exception on the main thread."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from partnerdesk.domain.errors import DatabaseLockedError
from partnerdesk.services import service_for
from partnerdesk.ui.tasks import Cancelled, run_with_progress


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_result_comes_back_and_work_ran_in_another_thread(parent):
    main = threading.get_ident()
    seen = []

    def work(a, b, *, progress, factor):
        seen.append(threading.get_ident())
        for i in range(5):
            progress(i, 5, "Schritt")
        return (a + b) * factor

    assert run_with_progress(parent, "Rechnen", work, 1, 2, factor=3) == 9
    assert seen and seen[0] != main


def test_the_window_stays_responsive_and_the_dialog_shows_progress(parent):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    labels = []

    def peek():
        dialog = parent.findChild(QProgressDialog)
        if dialog is not None:
            labels.append((dialog.labelText(), dialog.maximum()))

    probe = QTimer()
    probe.timeout.connect(peek)
    probe.start(100)

    def slow(*, progress):
        for i in range(10):
            progress(i, 10, f"Datensatz {i}")
            time.sleep(0.07)
        return "fertig"

    assert run_with_progress(parent, "Langsam", slow) == "fertig"
    timer.stop()
    probe.stop()
    assert len(ticks) > 20  # the event loop kept running during 0.7 s of work
    assert any(text.startswith("Datensatz") and maximum == 10 for text, maximum in labels)


def test_the_workers_exception_is_raised_on_the_main_thread(parent):
    def fails(*, progress):
        raise DatabaseLockedError("gesperrt")

    with pytest.raises(DatabaseLockedError, match="gesperrt"):
        run_with_progress(parent, "Fehler", fails)


def test_cancel_raises_cancelled_in_the_worker_and_rolls_back(parent, example_db, content_of):
    before = content_of(example_db.path)
    contacts = service_for(example_db, "contacts").list()

    def press_cancel():
        dialog = parent.findChild(QProgressDialog)
        if dialog is not None and dialog.isVisible():
            dialog.cancel()
        else:
            QTimer.singleShot(50, press_cancel)

    QTimer.singleShot(50, press_cancel)

    def slow_write(db, *, progress):
        # One transaction; the Cancelled exception passing through rolls it back.
        with db.write() as session:
            from partnerdesk.persistence.tables import ContactRow

            for i in range(400):
                progress(i, 400)
                session.get(ContactRow, contacts[0].id).name = f"geändert {i}"
                session.flush()
                time.sleep(0.01)
        return "nicht abgebrochen"

    with pytest.raises(Cancelled):
        run_with_progress(parent, "Abbrechbar", slow_write, example_db)
    assert content_of(example_db.path) == before
    QApplication.processEvents()
    dialog = parent.findChild(QProgressDialog)
    assert dialog is None or not dialog.isVisible()


def test_work_that_cannot_stop_has_no_cancel_button_and_escape_does_not_cancel_it(parent, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    seen = []

    def press_escape():
        dialog = parent.findChild(QProgressDialog)
        if dialog is not None and dialog.isVisible() and not seen:
            seen.append([b.text() for b in dialog.findChildren(QPushButton)])
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    probe = QTimer()
    probe.timeout.connect(press_escape)
    probe.start(50)

    def update(*, progress):
        for i in range(12):
            progress(i, 12)  # would raise Cancelled if Escape had cancelled it
            time.sleep(0.07)
        return "aktualisiert"

    try:
        assert run_with_progress(parent, "Schema", update, cancellable=False) == "aktualisiert"
    finally:
        probe.stop()
    assert seen == [[]]  # the dialog showed, without any button
