"""The *Übersicht* tab at the window's first size (1080×660, the form beside the tab): the budget
chart draws the example data's EUR budgets, no axis label is elided to "…", counts have integer
ticks, the filters show their whole text and the map is more than a strip."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from partnerdesk.ui.overview.charts import axis_labels, bar_values, money, value_axis


def _first_size(window):
    panel = window.overview_panel
    window.tabs.setCurrentWidget(panel)
    window.resize(1080, 660)
    window.show()
    QApplication.processEvents()
    return panel


def _sql_budgets(db):
    with db.read() as session:
        return {goal: Decimal(total) / 10000 for goal, total in session.execute(text(
            "SELECT g.goal, SUM(p.budget_amount) FROM project_sdg_goals g JOIN projects p ON p.id = g.project_id "
            "WHERE p.budget_currency = 'EUR' AND p.budget_amount IS NOT NULL GROUP BY g.goal"))}


def _charts(panel):
    return [box.chart for box in (panel.sdg_projects, panel.sdg_budget, panel.types_box, panel.years_box)]


def test_the_budget_chart_draws_the_example_datas_eur_budgets_inside_the_view(qtbot, make_window, example_db):
    panel = _first_size(make_window(example_db))
    expected = _sql_budgets(example_db)
    assert expected and all(expected.values())  # the example data links a EUR budget to SDGs
    chart = panel.sdg_budget.chart
    assert chart is not None and not panel.sdg_budget.is_empty()
    drawn = {int(label.split()[0]): values for label, values in bar_values(chart).items()}
    for goal, total in expected.items():
        assert drawn[goal][goal - 1] == pytest.approx(float(total))
    # Each bar lies inside what the tab shows: the chart is not cut off at the tab's right edge.
    view = panel.sdg_budget.view
    assert view is not None
    right = view.mapTo(window_of(panel), view.rect().topRight()).x()
    assert right <= panel.mapTo(window_of(panel), panel.rect().topRight()).x()


def window_of(widget):
    return widget.window()


def test_no_axis_label_is_elided_at_the_first_size_and_counts_have_whole_number_ticks(qtbot, make_window, example_db):
    panel = _first_size(make_window(example_db))
    QApplication.processEvents()
    for chart in _charts(panel):
        assert chart is not None
        labels = axis_labels(chart)
        assert labels, chart
        assert not [label for label in labels if "…" in label or label.endswith("...")], labels
    for chart in (panel.sdg_projects.chart, panel.types_box.chart, panel.years_box.chart):
        axis = value_axis(chart)
        assert axis is not None
        labels = list(axis.categoriesLabels())
        assert labels[0] == "0" and len(labels) >= 2
        assert all(label.isdigit() for label in labels), labels  # whole numbers: counts
        assert set(labels) <= set(axis_labels(chart))  # and drawn, not blank
    # The SDG charts show every goal's number, the budget chart money in short.
    assert {str(n) for n in range(1, 18)} <= set(axis_labels(panel.sdg_projects.chart))
    assert [label for label in axis_labels(panel.sdg_budget.chart) if label.endswith("0 Tsd. €")]


def test_money_labels_are_short():
    assert money(0) == "0 €"
    assert money(500) == "500 €"
    assert money(50_000) == "50 Tsd. €"
    assert money(1_500_000) == "1,5 Mio. €"


def test_the_map_is_more_than_a_strip(qtbot, make_window, example_db):
    panel = _first_size(make_window(example_db))
    assert panel.map.height() >= 220
    assert panel.map.width() >= 1.5 * panel.map.height() or panel.map.width() >= 400


def test_the_filters_show_their_whole_text(qtbot, make_window, example_db):
    panel = _first_size(make_window(example_db))
    for box in (panel.year, panel.partnership, panel.type, panel.unit):
        needed = max(box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count()))
        # the text's room: the box less its frame and drop-down arrow (about 30 px in every style)
        assert box.width() - 30 >= min(needed, box.fontMetrics().horizontalAdvance("x" * 18)), box.objectName()
        assert box.width() >= box.sizeHint().width(), box.objectName()
