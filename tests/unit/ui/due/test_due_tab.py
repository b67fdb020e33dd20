"""The "Anstehend" tab driven in the real window: overdue in red with its days, ticked done and
back by undo, "only mine", the record one Enter away, opening on the tab, the model tester."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Activity, Contact, FollowUp, Organisation
from partnerdesk.services import me, service_for
from partnerdesk.ui.due.model import OVERDUE_COLOUR


@pytest.fixture
def office(example_db):
    """A city unit with two staff, an activity with a follow-up 12 days overdue (Erna's) and one
    due in 5 days (Kai's)."""
    db = example_db
    unit = service_for(db, "organisations").create(Organisation(name="Amt für Test", kind=OrganisationKind.CITY_UNIT))
    erna = service_for(db, "contacts").create(Contact(name="Erna Amtlich", organisation_id=unit.id))
    kai = service_for(db, "contacts").create(Contact(name="Kai Kollege", organisation_id=unit.id))
    today = date.today()
    activity = service_for(db, "activities").create(Activity(title="Besuch aus Testhausen", date=today - timedelta(days=40), follow_ups=[
        FollowUp(text="Dankesbrief schicken", due_date=today - timedelta(days=12), responsible_id=erna.id),
        FollowUp(text="Fotos ablegen", due_date=today + timedelta(days=5), responsible_id=kai.id),
    ]))
    return db, erna, kai, activity


def _rows(panel):
    model = panel.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _row_of(panel, text):
    for r, item in enumerate(panel.model.items):
        if item.text == text:
            return r
    return None


def test_overdue_follow_up_shows_in_red_with_its_days_and_ticking_it_done_removes_it(qtbot, make_window, office):
    db, _erna, _kai, activity = office
    window = make_window(db)
    panel = window.due_panel
    assert window.tabs.tabText(0) == "Anstehend"
    row = _row_of(panel, "Dankesbrief schicken")
    assert row is not None
    assert panel.model.index(row, 1).data() == "seit 12 Tagen überfällig"
    assert panel.model.index(row, 3).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    upcoming = _row_of(panel, "Fotos ablegen")
    assert panel.model.index(upcoming, 1).data() == "fällig in 5 Tagen"
    assert panel.model.index(upcoming, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert row < upcoming  # overdue first

    panel.table.selectRow(row)
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert _row_of(panel, "Dankesbrief schicken") is None
    saved = service_for(db, "activities").get(activity.id)
    assert [f.done for f in saved.follow_ups] == [True, False]

    window.undo_stack.undo()
    assert _row_of(panel, "Dankesbrief schicken") is not None
    assert [f.done for f in service_for(db, "activities").get(activity.id).follow_ups] == [False, False]
    window.undo_stack.redo()
    assert _row_of(panel, "Dankesbrief schicken") is None


def test_only_mine_filters_by_the_contact_i_am(qtbot, make_window, office):
    db, erna, _kai, _activity = office
    window = make_window(db)
    panel = window.due_panel
    panel.mine.setChecked(True)
    assert panel.model.items == [] and "Ich bin" in panel.summary.text()  # nobody chosen yet
    panel.mine.setChecked(False)
    panel.me_box.setCurrentIndex(panel.me_box.findData(erna.id))
    panel.me_box.activated.emit(panel.me_box.currentIndex())
    assert me.chosen(db) == erna.id
    panel.mine.setChecked(True)
    assert [i.text for i in panel.model.items] == ["Dankesbrief schicken"]
    panel.mine.setChecked(False)
    assert {"Dankesbrief schicken", "Fotos ablegen"} <= {i.text for i in panel.model.items}


def test_enter_opens_the_record(qtbot, make_window, office):
    db, _erna, _kai, activity = office
    window = make_window(db)
    panel = window.due_panel
    window.tabs.setCurrentWidget(panel)
    panel.table.selectRow(_row_of(panel, "Fotos ablegen"))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.current_register() == "activities"
    assert window.selected_ids() == [activity.id]


def test_the_window_opens_on_anstehend_when_something_is_overdue_unless_switched_off(qtbot, make_window, office, settings):
    db = office[0]
    window = make_window(db)
    assert window.tabs.currentWidget() is window.due_panel
    window.close()
    settings.set("open_on_due", "no")
    other = make_window(db)
    assert other.tabs.currentWidget() is not other.due_panel


def test_edits_elsewhere_refresh_the_list(qtbot, make_window, office):
    db, _erna, _kai, activity = office
    window = make_window(db)
    panel = window.due_panel
    service = service_for(db, "activities")
    current = service.get(activity.id)
    service.update(dataclasses.replace(current, follow_ups=[dataclasses.replace(f, done=True) for f in current.follow_ups]))
    window.records_changed.emit("activities")
    assert _row_of(panel, "Fotos ablegen") is None


def test_the_model_passes_the_model_tester(qtbot, qtmodeltester, make_window, office):
    window = make_window(office[0])
    qtmodeltester.check(window.due_panel.model, force_py=True)
    window.due_panel.refresh()  # a reset under the tester's eyes
    assert _rows(window.due_panel)


def _due_row(window, text):
    """The row of ``text`` in "Anstehend" as a user sees it: with that tab in front, then back."""
    back = window.tabs.currentWidget()
    window.tabs.setCurrentWidget(window.due_panel)
    row = _row_of(window.due_panel, text)
    window.tabs.setCurrentWidget(back)
    return row


def test_the_wiedervorlagen_tab_lists_filters_ticks_and_opens(qtbot, make_window, office, qtmodeltester):
    db, _erna, _kai, activity = office
    window = make_window(db)
    view = window.follow_ups_view
    assert window.tabs.tabText(window.tabs.indexOf(view)) == "Wiedervorlagen"
    window.tabs.setCurrentWidget(view)
    qtmodeltester.check(view.model, force_py=True)
    texts = [line.text for line in view.model.lines]
    assert "Dankesbrief schicken" in texts and "Bericht an Dezernat 2" not in texts  # open ones (a done one is not)
    row = texts.index("Dankesbrief schicken")
    assert view.model.index(row, 1).data() == "überfällig"
    assert view.model.index(row, 1).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    view.table.selectRow(row)
    qtbot.mouseClick(view.toggle_button, Qt.MouseButton.LeftButton)
    assert "Dankesbrief schicken" not in [line.text for line in view.model.lines]
    assert not window.due_panel.loaded  # in the back it is read when it comes to the front, not now
    assert _due_row(window, "Dankesbrief schicken") is None
    view.state.setCurrentIndex(view.state.findData("done"))
    assert "Dankesbrief schicken" in [line.text for line in view.model.lines]
    window.undo_stack.undo()
    assert "Dankesbrief schicken" not in [line.text for line in view.model.lines]
    assert _due_row(window, "Dankesbrief schicken") is not None
    view.state.setCurrentIndex(view.state.findData("overdue"))
    assert [line.text for line in view.model.lines if line.activity_id == activity.id] == ["Dankesbrief schicken"]
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.current_register() == "activities"
