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


def test_date_and_state_columns_fit_their_widest_text(qtbot, make_window, office):
    """Without Qt's ResizeToContents (it read a thousand rows' cells on every refresh, more than the
    list itself cost on a large database) the date and the state still show whole, however overdue."""
    db, _erna, _kai, _activity = office
    window = make_window(db)
    panel = window.due_panel
    window.tabs.setCurrentWidget(panel)
    header, metrics = panel.table.horizontalHeader(), panel.table.fontMetrics()
    assert panel.model.rowCount() > 2
    for column in (0, 1):
        texts = [panel.model.index(r, column).data() for r in range(panel.model.rowCount())]
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        assert widest < header.sectionSize(column), (column, max(texts, key=metrics.horizontalAdvance))
        assert header.sectionResizeMode(column) != header.ResizeMode.ResizeToContents


def test_selecting_an_item_shows_its_record_beside_the_list_and_the_splitters_stay(qtbot, make_window, office):
    """The form beside "Anstehend" used to stay empty (half the window for nothing): the selected
    item's record shows there with its relationships, as a register's selected row does. Nothing is
    hidden or resized, so the positions the user gave the splitters stay (hiding the side lost them)."""
    db, _erna, _kai, activity = office
    window = make_window(db)
    panel = window.due_panel
    window.tabs.setCurrentWidget(panel)
    sizes = (window.splitter.sizes(), window.side.sizes())
    panel.table.selectRow(_row_of(panel, "Dankesbrief schicken"))
    editor = window.editor_panel
    assert (editor.kind, editor.record_id) == ("activities", activity.id)
    assert editor.form.fields["title"].widget.text() == "Besuch aus Testhausen"
    assert window.relations._shown == ("activities", activity.id)
    quiet = next(i for i in panel.model.items if i.record_kind == "partnerships")
    panel.table.selectRow(panel.model.items.index(quiet))
    assert (editor.kind, editor.record_id) == ("partnerships", quiet.record_id)
    assert (window.splitter.sizes(), window.side.sizes()) == sizes
    assert not window.side.isHidden()
    # Another register in front shows its own selection; back on "Anstehend", the item's record again.
    window.tabs.setCurrentWidget(window.panels["projects"])
    assert editor.kind != "partnerships" or editor.record_id != quiet.record_id
    window.tabs.setCurrentWidget(panel)
    assert (editor.kind, editor.record_id) == ("partnerships", quiet.record_id)
    # "Wiedervorlagen" likewise: the follow-up's activity.
    view = window.follow_ups_view
    window.tabs.setCurrentWidget(view)
    view.table.selectRow([line.text for line in view.model.lines].index("Fotos ablegen"))
    assert (editor.kind, editor.record_id) == ("activities", activity.id)
    assert (window.splitter.sizes(), window.side.sizes()) == sizes


def test_the_wiedervorlagen_tab_shows_only_mine_and_sorts_by_its_headers(qtbot, make_window, office, qtmodeltester):
    """"nur meine": the follow-ups the contact I am is responsible for, their own or through the
    project or partnership (as "Anstehend" counts them); a click on a header sorts by that column,
    a second click the other way round, and the order stays when the list is read again."""
    db, erna, kai, activity = office
    window = make_window(db)
    view = window.follow_ups_view
    window.tabs.setCurrentWidget(view)
    qtmodeltester.check(view.model, force_py=True)
    view.mine.setChecked(True)
    assert view.model.lines == [] and "Ich bin" in view.summary.text()  # nobody chosen yet
    me.choose(db, erna.id)
    view.refresh()
    assert [line.text for line in view.model.lines] == ["Dankesbrief schicken"]
    # Kai is responsible for a project: its activity's follow-up without a person of its own is his.
    project = service_for(db, "projects").find("Tropfen")
    service_for(db, "projects").update(dataclasses.replace(project, responsible_id=kai.id))
    inherited = service_for(db, "activities").create(Activity(title="Projekttreffen", date=date.today(), project_id=project.id,
                                                              follow_ups=[FollowUp(text="Zahlen nachreichen", due_date=date.today())]))
    me.choose(db, kai.id)
    view.refresh()
    assert sorted(line.text for line in view.model.lines) == ["Fotos ablegen", "Zahlen nachreichen"]
    row = [line.text for line in view.model.lines].index("Zahlen nachreichen")
    assert view.model.index(row, 4).data() == "Kai Kollege"  # the inherited person shows
    assert view.model.lines[row].activity_id == inherited.id
    view.mine.setChecked(False)
    texts = [line.text for line in view.model.lines]
    assert {"Dankesbrief schicken", "Fotos ablegen", "Zahlen nachreichen"} <= set(texts)

    header = view.table.horizontalHeader()
    dates = [line.due_date for line in view.model.lines]
    assert dates == sorted(dates)  # by date at first
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_header_point(header, 2))
    texts = [view.model.index(r, 2).data() for r in range(view.model.rowCount())]
    assert texts == sorted(texts, key=str.casefold) and header.sortIndicatorSection() == 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_header_point(header, 2))
    assert [view.model.index(r, 2).data() for r in range(view.model.rowCount())] == texts[::-1]
    view.refresh()  # read again (F5, a save): the order stays
    assert [view.model.index(r, 2).data() for r in range(view.model.rowCount())] == texts[::-1]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_header_point(header, 3))
    activities = [view.model.index(r, 3).data() for r in range(view.model.rowCount())]
    assert activities == sorted(activities, key=str.casefold)


def _header_point(header, section):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


def test_the_text_of_what_is_due_is_not_squeezed_beside_the_form(qtbot, make_window, office):
    """Seen in the window at its first size (about 1080 pixels wide, the form beside the list): the
    kind, record and person columns kept their fixed widths and left the text of what is due a few
    letters ("Letz…"). The text now shares the room with the kind and the record."""
    db, _erna, _kai, _activity = office
    window = make_window(db)
    window.resize(1080, 660)
    panel = window.due_panel
    window.tabs.setCurrentWidget(panel)
    window.show()
    qtbot.waitExposed(window)
    header = panel.table.horizontalHeader()
    text_width = header.sectionSize(3)
    assert text_width >= header.sectionSize(2) - 2, (text_width, header.sectionSize(2))
    assert text_width >= header.sectionSize(4) - 2, (text_width, header.sectionSize(4))
    visible = panel.table.viewport().width()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= visible + 2


def test_the_contacts_without_a_legal_basis_are_one_line_that_opens_the_reviews_due(qtbot, make_window, office):
    """Older data holds thousands of contacts without a legal basis: one line says how many, and
    Enter on it opens *Datenschutz → Fällige Prüfungen*, which lists them one by one."""
    db, erna, kai, _activity = office
    window = make_window(db)
    panel = window.due_panel
    window.tabs.setCurrentWidget(panel)
    lines = [i for i in panel.model.items if i.record_kind == "contact_reviews"]
    assert [(i.text, i.record_title) for i in lines] == [("2 Kontakte ohne Rechtsgrundlage", "Datenschutz → Fällige Prüfungen")]
    assert not [i for i in panel.model.items if i.record_id in (erna.id, kai.id)]
    shown_before = (window.editor_panel.kind, window.editor_panel.record_id)
    panel.table.selectRow(panel.model.items.index(lines[0]))
    assert (window.editor_panel.kind, window.editor_panel.record_id) == shown_before  # no record of its own
    assert not panel.done_button.isEnabled()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = window.contact_reviews_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert {erna.id, kai.id} <= {i.contact_id for i in dialog.items}


def test_the_wiedervorlagen_columns_fit_the_rows_in_view_not_the_whole_list(qtbot, make_window, office):
    """Sizing every column to a thousand rows' texts cost half of each refresh of a long list (bench
    data: 4,079 open follow-ups): the columns fit the rows in view; the whole text is in the tooltip."""
    db, _erna, _kai, _activity = office
    today = date.today()
    far = " ".join(["Sehr lange Delegationsreise"] * 6)
    activities = service_for(db, "activities")
    activities.create(Activity(title="Viele", date=today - timedelta(days=10), follow_ups=[
        FollowUp(text=f"Kurz {n}", due_date=today + timedelta(days=1)) for n in range(150)]))
    activities.create(Activity(title=far, date=today - timedelta(days=10), follow_ups=[
        FollowUp(text="Zuletzt", due_date=today + timedelta(days=20))]))
    window = make_window(db)
    window.show()  # "in view" needs a window on the screen
    qtbot.waitExposed(window)
    view = window.follow_ups_view
    window.tabs.setCurrentWidget(view)
    row = [line.text for line in view.model.lines].index("Zuletzt")
    assert row > 100
    metrics = view.table.fontMetrics()
    assert view.table.columnWidth(3) < metrics.horizontalAdvance(far) / 2  # far below: not measured
    assert view.model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole) == far
    # The same title due first, in view: its column fits it.
    activities.create(Activity(title=far + " 2", date=today - timedelta(days=10), follow_ups=[
        FollowUp(text="Zuerst", due_date=today - timedelta(days=300))]))
    view.refresh()
    assert [line.text for line in view.model.lines].index("Zuerst") < 5
    assert view.table.columnWidth(3) >= metrics.horizontalAdvance(far + " 2")
