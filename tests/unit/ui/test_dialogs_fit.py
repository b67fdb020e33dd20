"""Every dialog fits a screen of 1280×720 logical pixels with its buttons inside.

1920×1080 at 150 % and 2560×1440 at 200 % both leave 1280×720 logical pixels, a 1366×768 laptop
a little more; the task bar takes another 48. The dialogs size themselves against the screen's
free area (``screen_fit.available_area``), which the tests set to such a screen. Sizes depend
on the font, so the tests use the bundled Noto Sans at 10 pt (a little larger than Windows'
Segoe UI 9 pt) instead of whatever font this machine has.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QWidget

from partnerdesk.ui import screen_fit

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

SCREENS = {"1280x720": QRect(0, 0, 1280, 720), "1280x672 (task bar)": QRect(0, 0, 1280, 672)}
WRONG = "Die Passphrase ist falsch, oder die Datei ist beschädigt oder keine Reisekopie. "
LONG_TITLE = "Klimapartnerschaft Dortmund – Kumasi: Wasser, Abwasser und Stadtgrün für die wachsenden Stadtteile"


@pytest.fixture(params=list(SCREENS))
def screen(request, monkeypatch, noto_sans):
    area = SCREENS[request.param]
    monkeypatch.setattr(screen_fit, "available_area", lambda widget=None: area)
    return area


def check_fits(qtbot, dialog: QWidget, area: QRect) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    limit = screen_fit.room(dialog)
    assert limit.width() < area.width() and limit.height() < area.height(), "room for the window frame"
    assert dialog.width() <= limit.width() and dialog.height() <= limit.height(), (dialog.size(), limit)
    hint = dialog.minimumSizeHint()
    assert hint.width() <= limit.width() and hint.height() <= limit.height(), ("minimum", hint, limit)
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
    assert buttons, "the dialog has buttons"
    for button in buttons:
        top_left = button.mapTo(dialog, QPoint(0, 0))
        assert dialog.rect().contains(QRect(top_left, button.size())), (button.text(), top_left, dialog.size())
    for label in dialog.findChildren(QLabel):
        if label.isVisibleTo(dialog) and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), ("label cut off", label.text())


def test_pdf_preview_fits(qtbot, screen, example_db, tmp_path):
    from partnerdesk.documents.mou.builder import MouOptions, build_mou
    from partnerdesk.documents.mou.data import load_mou_data
    from partnerdesk.services.records import PartnershipService
    from partnerdesk.ui.documents.preview import PdfPreviewDialog

    path = tmp_path / "mou.pdf"
    partnership = PartnershipService(example_db).find("Kumasi")
    build_mou(load_mou_data(example_db, partnership), path, MouOptions(language="en", on=date(2026, 11, 25)))
    dialog = PdfPreviewDialog(path, "MoU", "MoU-Entwurf-3-Kumasi.pdf")
    check_fits(qtbot, dialog, screen)
    assert dialog.view.height() > dialog.height() // 2, "the page gets most of the room"


def test_pdf_preview_uses_a_large_screen(qtbot, noto_sans, monkeypatch, tmp_path):
    """On a large screen the preview is as tall as the screen allows, about a page wide."""
    from partnerdesk.ui.documents.preview import PdfPreviewDialog

    monkeypatch.setattr(screen_fit, "available_area", lambda widget=None: QRect(0, 0, 1920, 1040))
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    dialog = PdfPreviewDialog(path, "MoU", "x.pdf")
    qtbot.addWidget(dialog)
    assert dialog.height() == 1000
    assert 800 <= dialog.width() <= 900


def test_mou_options_fit(qtbot, screen):
    from partnerdesk.ui.documents.options_dialog import MouOptionsDialog

    check_fits(qtbot, MouOptionsDialog(LONG_TITLE), screen)


def test_sheet_options_fit_with_a_long_letterhead(qtbot, screen, settings):
    from partnerdesk.ui.documents.sheet_dialog import SheetOptionsDialog

    settings.set("letterhead_name", "Stadt Dortmund · Büro für Internationale Beziehungen und Nachhaltige Entwicklung")
    settings.set("letterhead_address", "Friedensplatz 1\n44135 Dortmund\nTelefon 0231 50-0")
    check_fits(qtbot, SheetOptionsDialog(LONG_TITLE, settings), screen)


def test_settings_fit(qtbot, screen, settings):
    from partnerdesk.ui.settings_dialog import SettingsDialog

    check_fits(qtbot, SettingsDialog(settings), screen)


@pytest.mark.parametrize("create", [True, False])
def test_passphrase_dialogs_fit_also_after_an_error(qtbot, screen, create):
    from partnerdesk.ui.travel.passphrase_dialog import PassphraseDialog

    dialog = PassphraseDialog(None, create=create, file_name="partnerdesk-reise.pdtravel")
    check_fits(qtbot, dialog, screen)
    if create:
        assert dialog.rule.text() == "Mindestens 8 Zeichen." and dialog.rule.isVisible(), "said up front"
    dialog.first.setText("kurz")
    dialog.second.setText("kurz")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    if not create:  # a wrong passphrase: the dialog comes again with the reason
        dialog = PassphraseDialog(None, create=False, file_name="partnerdesk-reise.pdtravel", problem=WRONG * 2)
        check_fits(qtbot, dialog, screen)
    assert dialog.problem.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    check_fits(qtbot, dialog, screen)
    if create:
        dialog.unencrypted.click()
        check_fits(qtbot, dialog, screen)


def _conflicts():
    from partnerdesk.travel.plan import Conflict

    return [
        Conflict("projects", f"id-{n}", f"{LONG_TITLE} {n}", "description", "both_changed",
                 "Alt " * 40, "Büro " * 60, "Reise " * 60)
        for n in range(30)
    ]


def test_travel_conflict_dialog_fits_with_record_and_field_in_view(qtbot, screen):
    from partnerdesk.ui.travel.conflict_dialog import ConflictDialog

    dialog = ConflictDialog(_conflicts())
    check_fits(qtbot, dialog, screen)
    table = dialog.table
    # Once the dialog has settled (its focus on the first decision came after the show):
    qtbot.waitUntil(lambda: table.horizontalScrollBar().value() == 0)
    viewport = table.viewport().width()
    for column in (0, 1):
        x = table.columnViewportPosition(column)
        assert x >= 0 and x + table.columnWidth(column) <= viewport, (column, x, table.columnWidth(column), viewport)


def test_travel_report_dialog_fits(qtbot, screen):
    from partnerdesk.travel.report import MergeReport
    from partnerdesk.ui.travel.report_dialog import ReportDialog

    report = MergeReport("c1", "Anna", "2026-11-20T08:00:00+00:00", "/büro/partnerdesk.sqlite",
                         "/usb/partnerdesk-reise.pdtravel", "Ben", "2026-11-28T16:30:00+00:00",
                         notes=["x" * 300], report_file="/büro/berichte/" + "lang/" * 30 + "bericht.txt")
    check_fits(qtbot, ReportDialog(report), screen)


def test_edit_conflict_dialog_fits(qtbot, screen, example_db):
    from partnerdesk.services.records import ProjectService
    from partnerdesk.ui.editing.conflict_dialog import ConflictDialog

    project = ProjectService(example_db).list()[0]
    mine = dataclasses.replace(project, title=LONG_TITLE, summary="Mein Text " * 80)
    theirs = dataclasses.replace(project, title=LONG_TITLE + " (neu)", summary="Ihr Text " * 80)
    check_fits(qtbot, ConflictDialog({}, project, mine, theirs), screen)


def test_import_wizard_fits(qtbot, screen, example_db):
    from partnerdesk.ui.exchange.import_wizard import ImportWizard

    check_fits(qtbot, ImportWizard(example_db, "projects"), screen)


def test_fit_dialog_keeps_a_small_dialog_small(qtbot, noto_sans, monkeypatch):
    monkeypatch.setattr(screen_fit, "available_area", lambda widget=None: QRect(0, 0, 1280, 720))
    dialog = QDialog()
    qtbot.addWidget(dialog)
    assert screen_fit.fit_dialog(dialog, 300, 200).width() == 300
    assert screen_fit.fit_dialog(dialog, 3000, 2000) == screen_fit.room(dialog)


def _many_dependents(records):
    from partnerdesk.services.records import Dependent

    kinds = (("contacts", "unlinked"), ("projects", "unlinked"), ("partnerships", "unlinked"), ("activities", "unlinked"))
    return {
        r.id: [Dependent(kind, f"{kind}{i}", f"{LONG_TITLE[:60]} {i}", effect) for kind, effect in kinds for i in range(7)]
        for r in records
    }


@pytest.mark.parametrize("count", [1, 12])
def test_delete_questions_fit_with_many_linked_records(qtbot, screen, example_db, monkeypatch, count):
    """Twelve records with 28 linked records each made a question box 3,500 pixels tall."""
    from PySide6.QtWidgets import QMessageBox

    from partnerdesk.services.records import OrganisationService
    from partnerdesk.ui.editing.delete_confirmation import confirm_delete

    shown = []

    def show(box):
        check_fits(qtbot, box, screen)
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    records = OrganisationService(example_db).list()[:count]
    confirm_delete(None, records, _many_dependents(records))
    box = shown[0]
    everything = box.informativeText() + box.detailedText()
    assert everything.count(LONG_TITLE[:60]) >= 20, "every linked record is still named, in the details if need be"


def test_the_crash_and_unsafe_place_messages_fit(qtbot, screen, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from partnerdesk.domain.errors import UnsafeLocationError
    from partnerdesk.ui import errors, safe_place

    shown = []

    def show(box):
        check_fits(qtbot, box, screen)
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    traceback = "\n".join(f'  File "/pfad/{n}.py", line {n}, in f{n}' for n in range(300))
    errors._CrashDialogs()._show("RuntimeError: " + "sehr lange Meldung " * 40, traceback)
    safe_place.ask_for_local_copy(None, UnsafeLocationError("\\\\server\\freigabe\\partnerdesk.sqlite liegt im Netz. " * 5))
    assert len(shown) == 2


def test_retention_settings_fit(qtbot, screen, settings):
    from partnerdesk.ui.privacy.keep_settings import RetentionSettingsDialog

    check_fits(qtbot, RetentionSettingsDialog(settings), screen)
