"""A slow query (a sort no index serves, on a huge register) never freezes the window.

The register's SQL runs in a worker thread. These tests hold it back with a gate, so
"slow" is decided by the test, not by the machine: the model must keep the old rows
usable, say that it is busy, and show the new rows when they come; a newer query makes
an older one void; an error is reported and changes nothing.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt

from partnerdesk.domain.errors import DatabaseLockedError
from partnerdesk.services.registers import RegisterQuery, RegisterService
from partnerdesk.ui.models import register_table_model as module
from partnerdesk.ui.models.register_table_model import RegisterTableModel
from partnerdesk.ui.register_panel import RegisterPanel


class GatedService(RegisterService):
    """The real register queries, each held until the test opens the gate."""

    def __init__(self, db, kind: str) -> None:
        super().__init__(db, kind)
        self.gate = threading.Event()
        self.gate.set()
        self.calls: list[tuple[RegisterQuery, int, int | None]] = []
        self.fail_with: Exception | None = None

    def ids(self, query, offset=0, limit=None):
        self.calls.append((query, offset, limit))
        assert self.gate.wait(10), "the test never opened the gate"
        if self.fail_with is not None:
            raise self.fail_with
        return super().ids(query, offset, limit)


@pytest.fixture
def impatient(monkeypatch):
    """The window's real patience is 0.1 s; here every query counts as slow unless the gate is open."""
    monkeypatch.setattr(RegisterTableModel, "patience", 0.05)


def names(model: RegisterTableModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_a_slow_sort_finishes_in_the_background_and_the_old_rows_stay_usable(example_db, qtbot, qtmodeltester, impatient):
    service = GatedService(example_db, "organisations")
    model = RegisterTableModel(service)
    model.refresh()
    ascending = names(model)
    assert ascending == sorted(ascending)

    service.gate.clear()
    busy: list[bool] = []
    model.busy_changed.connect(busy.append)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    # Nothing waited for the SQL: the old rows are still there, and the model says it is busy.
    assert model.busy and busy == [True]
    assert names(model) == ascending
    assert model.wanted_query.descending and not model.query.descending
    assert not model.canFetchMore()

    with qtbot.waitSignal(model.query_applied, timeout=5000):
        service.gate.set()
    assert names(model) == sorted(ascending, reverse=True)
    assert model.query.descending and not model.busy and busy == [True, False]
    qtmodeltester.check(model, force_py=True)


def test_a_newer_query_makes_the_older_one_void(example_db, qtbot, impatient):
    service = GatedService(example_db, "organisations")
    model = RegisterTableModel(service)
    model.refresh()
    service.gate.clear()
    model.sort(0, Qt.SortOrder.DescendingOrder)  # slow, still running
    search = RegisterQuery("organisations", search="stadt", sort_column=model.query.sort_column)
    expected = RegisterService(example_db, "organisations").ids(search)
    assert 0 < len(expected) < len(model.ids())
    with qtbot.waitSignal(model.query_applied, timeout=5000):
        model.request_query(search)
        service.gate.set()
    assert model.ids() == expected and not model.query.descending
    # The older sort's rows arrive too, and are ignored.
    qtbot.wait(200)
    assert model.ids() == expected and model.query.search == "stadt" and not model.busy


def test_a_slow_query_that_fails_is_reported_and_changes_nothing(example_db, qtbot, impatient):
    service = GatedService(example_db, "contacts")
    model = RegisterTableModel(service)
    model.refresh()
    before = model.ids()
    service.gate.clear()
    service.fail_with = DatabaseLockedError("Die Datenbank ist gesperrt.")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(model.query_failed, timeout=5000) as failed:
        service.gate.set()
    assert isinstance(failed.args[0], DatabaseLockedError)
    assert model.ids() == before and not model.query.descending and not model.busy


def test_a_slow_query_that_fails_at_once_still_raises_for_the_caller(example_db, qtbot):
    service = GatedService(example_db, "contacts")
    model = RegisterTableModel(service)
    model.refresh()
    before = model.ids()
    service.fail_with = DatabaseLockedError("Die Datenbank ist gesperrt.")
    with pytest.raises(DatabaseLockedError):
        model.request_query(RegisterQuery("contacts", descending=True))
    assert model.ids() == before and not model.busy


def test_further_pages_of_a_slow_query_come_in_the_background_and_bigger(example_db, qtbot, impatient, monkeypatch):
    monkeypatch.setattr(module, "PAGE", 3)
    monkeypatch.setattr(module, "BIG_PAGE", 6)
    service = GatedService(example_db, "organisations")
    everything = RegisterService(example_db, "organisations").ids(service.default_query())
    assert len(everything) > 9
    model = RegisterTableModel(service)
    service.gate.clear()
    with qtbot.waitSignal(model.query_applied, timeout=5000):
        assert model.request_query(service.default_query()) is False
        qtbot.wait(100)  # the query now took longer than the model's patience
        service.gate.set()
    assert model.ids() == everything[:3]

    service.gate.clear()
    model.fetchMore()
    assert model.busy and not model.canFetchMore() and model.rowCount() == 3
    with qtbot.waitSignal(model.busy_changed, timeout=5000):
        service.gate.set()
    # The page after a slow query is the big one: fewer round trips, each a whole sort.
    assert service.calls[-1][1:] == (3, 6)
    assert model.ids() == everything[:9]


def test_the_panel_shows_a_busy_bar_while_a_header_click_sorts(example_db, qtbot, impatient):
    service = GatedService(example_db, "organisations")
    panel = RegisterPanel(service)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.ensure_loaded(wait=True)
    assert not panel.busy_bar.isVisible()
    second = panel.model.id_at(1)
    panel.select_ids([second])

    service.gate.clear()
    header = panel.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(0) + 5, 5))
    assert panel.busy_bar.isVisible()
    assert panel.count_label.text() == "wird geladen…"
    assert panel.table.viewport().cursor().shape() == Qt.CursorShape.BusyCursor
    # The table still answers while the SQL runs: the user can move the selection.
    assert panel.selected_ids() == [second]

    with qtbot.waitSignal(panel.model.query_applied, timeout=5000):
        service.gate.set()
    assert not panel.busy_bar.isVisible()
    assert panel.table.viewport().cursor().shape() != Qt.CursorShape.BusyCursor
    shown = names(panel.model)
    assert shown == sorted(shown, reverse=True)
    assert panel.selected_ids() == [second]  # the selection follows the record
    assert panel.count_label.text() == f"{len(shown)} Datensätze"


def test_a_row_chosen_while_the_query_runs_stays_chosen(example_db, qtbot, impatient):
    service = GatedService(example_db, "organisations")
    panel = RegisterPanel(service)
    qtbot.addWidget(panel)
    panel.ensure_loaded(wait=True)
    panel.select_ids([panel.model.id_at(0)])
    service.gate.clear()
    panel.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert panel.model.busy
    # The user moves on in the old rows meanwhile: that choice wins, not the one from before.
    chosen = panel.model.id_at(2)
    panel.select_ids([chosen])
    with qtbot.waitSignal(panel.model.query_applied, timeout=5000):
        service.gate.set()
    assert panel.selected_ids() == [chosen]


def test_reloading_after_an_edit_does_not_wait_for_a_slow_query(example_db, qtbot, impatient):
    from partnerdesk.services import service_for

    service = GatedService(example_db, "organisations")
    panel = RegisterPanel(service)
    qtbot.addWidget(panel)
    panel.ensure_loaded(wait=True)
    record_id = panel.model.id_at(1)
    panel.select_ids([record_id])
    organisations = service_for(example_db, "organisations")
    record = organisations.get(record_id)
    record.name = "Umbenannt nach dem Speichern"
    organisations.update(record)

    service.gate.clear()
    panel.refresh()  # what the window does after a save, on F5 and when it regains focus
    assert panel.model.busy and panel.busy_bar.isVisibleTo(panel)
    with qtbot.waitSignal(panel.model.query_applied, timeout=5000):
        service.gate.set()
    row = panel.model.row_of(record_id)
    assert panel.model.index(row, 0).data() == "Umbenannt nach dem Speichern"
    assert panel.selected_ids() == [record_id] and not panel.model.busy




@pytest.fixture
def organisations_panel(example_db, qtbot, impatient, monkeypatch):
    """A shown organisations panel over a gated service, its first page (3 rows) loaded."""
    monkeypatch.setattr(module, "PAGE", 3)
    service = GatedService(example_db, "organisations")
    panel = RegisterPanel(service)
    qtbot.addWidget(panel)
    panel.show()
    panel.ensure_loaded(wait=True)
    everything = RegisterService(example_db, "organisations").ids(service.default_query())
    assert panel.model.ids() == everything[:3] and len(everything) > 6
    return panel, service, everything


def test_opening_a_record_far_down_a_slow_register_loads_the_rows_in_the_background(organisations_panel, qtbot):
    panel, service, everything = organisations_panel
    service.gate.clear()
    panel.reveal(everything[-1])
    # Nothing waited for the SQL: the first rows stay usable, the panel says it is loading.
    assert panel.model.busy and panel.model.rowCount() == 3 and not panel.busy_bar.isHidden()
    assert panel.selected_ids() == []
    with qtbot.waitSignal(panel.model.rows_appended, timeout=5000):
        service.gate.set()
    assert service.calls[-1][1:] == (3, None)  # the rest in one query
    assert panel.model.ids() == everything
    assert panel.selected_ids() == [everything[-1]] and panel.busy_bar.isHidden()


def test_a_record_hidden_by_the_search_is_revealed_after_a_slow_reload_without_it(organisations_panel, qtbot):
    panel, service, everything = organisations_panel
    panel.search.setText("stadt")
    panel.apply_query(wait=True)
    hidden = next(i for i in everything if i not in panel.model.ids())

    service.gate.clear()
    panel.reveal(hidden)
    assert panel.model.busy  # the rest of the search's rows, then the register without it
    service.gate.set()
    qtbot.waitUntil(lambda: panel.selected_ids() == [hidden], timeout=5000)
    assert panel.search.text() == "" and panel.model.query.search == "" and not panel.model.busy


def test_a_search_typed_while_a_record_is_being_revealed_takes_over(organisations_panel, qtbot):
    panel, service, everything = organisations_panel
    service.gate.clear()
    panel.reveal(everything[-1])  # slow: the rest is loading
    assert panel.model.busy
    panel.search.setText("stadt")
    with qtbot.waitSignal(panel.model.query_applied, timeout=5000):
        panel.apply_query()
        service.gate.set()
    qtbot.wait(100)
    # The user's search stands and nothing was selected behind their back.
    assert panel.search.text() == "stadt" and panel.model.query.search == "stadt"
    assert everything[-1] not in panel.selected_ids()


def test_a_row_the_user_picks_while_a_record_is_being_revealed_stays_picked(organisations_panel, qtbot):
    panel, service, everything = organisations_panel
    service.gate.clear()
    panel.reveal(everything[-1])
    second_row = panel.table.visualRect(panel.model.index(1, 0)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=second_row)
    assert panel.selected_ids() == [everything[1]]
    with qtbot.waitSignal(panel.model.rows_appended, timeout=5000):
        service.gate.set()
    assert panel.selected_ids() == [everything[1]]


def test_a_revealed_record_is_scrolled_into_view(organisations_panel, qtbot):
    panel, service, everything = organisations_panel
    panel.resize(500, 160)  # room for a few rows only
    service.gate.clear()
    panel.reveal(everything[-1])
    with qtbot.waitSignal(panel.model.rows_appended, timeout=5000):
        service.gate.set()
    qtbot.wait(50)
    row = panel.table.visualRect(panel.model.index(len(everything) - 1, 0))
    assert panel.table.viewport().rect().contains(row.center())
