"""The register table model: qtmodeltester, lazy rows, SQL sort, vanished rows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from partnerdesk.services import service_for
from partnerdesk.services.registers import KINDS, RegisterQuery, RegisterService
from partnerdesk.ui.models.register_table_model import ID_ROLE, VALUE_ROLE, RegisterTableModel


def test_every_register_model_passes_qtmodeltester(example_db, qtmodeltester):
    for kind in KINDS:
        model = RegisterTableModel(RegisterService(example_db, kind))
        model.refresh()
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_display_values_are_formatted_german(example_db):
    model = RegisterTableModel(RegisterService(example_db, "activities"))
    model.set_query(RegisterQuery("activities", sort_column="date", descending=True))
    date_column = [c.key for c in model.columns].index("date")
    text = model.index(0, date_column).data()
    assert len(text) == 10 and text[2] == "." and text[5] == "."
    assert model.index(0, 0).data(ID_ROLE) == model.id_at(0)
    assert model.headerData(date_column, Qt.Orientation.Horizontal) == "Datum"


def test_sort_runs_in_sql(example_db):
    model = RegisterTableModel(RegisterService(example_db, "organisations"))
    model.refresh()
    first_id = model.id_at(0)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.id_at(model.rowCount() - 1) == first_id
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names, reverse=True)


def test_a_row_deleted_meanwhile_is_shown_disabled(example_db):
    model = RegisterTableModel(RegisterService(example_db, "contacts"))
    model.refresh()
    victim = model.id_at(0)
    service_for(example_db, "contacts").delete(victim)
    assert model.index(0, 0).data() == "—"
    assert model.flags(model.index(0, 0)) == Qt.ItemFlag.NoItemFlags
    assert model.index(0, 0).data(VALUE_ROLE) is None
    model.refresh()
    assert victim not in model.ids()


def test_rows_come_a_page_at_a_time_and_the_total_is_counted_aside(example_db, qtbot, qtmodeltester, monkeypatch):
    from partnerdesk.ui.models import register_table_model as module

    monkeypatch.setattr(module, "PAGE", 5)
    service = RegisterService(example_db, "organisations")
    everything = service.ids(service.default_query())
    assert len(everything) > 10
    model = RegisterTableModel(service)
    with qtbot.waitSignal(model.count_changed, timeout=5000) as counted:
        model.refresh()
    assert counted.args == [len(everything)]
    assert model.rowCount() == 5 and model.canFetchMore()
    model.fetchMore()
    assert model.ids() == everything[:10]
    # A record further down is found on request.
    assert model.row_of(everything[-1]) == -1
    assert model.load_rest() is True  # the SQL answered within the model's patience
    assert model.row_of(everything[-1]) == len(everything) - 1
    assert model.exhausted and not model.canFetchMore()
    # refresh keeps as many rows loaded as before.
    model.refresh()
    assert model.rowCount() == len(everything)
    model.set_query(service.default_query())
    qtmodeltester.check(model, force_py=True)
