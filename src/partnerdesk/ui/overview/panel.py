"""The *Übersicht* tab: the partner map, partners without coordinates, and the charts (SDG
coverage, partnerships per type and status, activities per year), under one filter (year,
partnership, type, responsible unit); and the CEMR statistics export.

Installed as a window extension (``ui/extensions.py``), as the last tab. It reads only while it
is in front, through ``ui.background.call`` in one call (on a server one read transaction off
the GUI thread): when it comes to the front after a change, after a save or F5 while in front,
and when a filter changes. The filters' choices are read once per database and after records
of partnerships or organisations changed.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.domain.chart_colours import PROJECT_PLACE_COLOUR, TYPE_COLOURS
from partnerdesk.domain.enums import PartnershipType
from partnerdesk.i18n import _, ngettext
from partnerdesk.services import overview
from partnerdesk.services.overview import MissingPlace, Overview, OverviewChoices, OverviewFilter
from partnerdesk.ui import background
from partnerdesk.ui.errors import user_errors
from partnerdesk.ui.file_dialogs import save_file_name
from partnerdesk.ui.overview.chart_box import ChartBox
from partnerdesk.ui.overview.map_view import WorldMap

Index = QModelIndex | QPersistentModelIndex

#: How long after the tab is installed (right after the window's first paint) the window, idle by
#: then, prepares the tab's first show (``OverviewPanel.warm_up``): later than the start's own work.
WARM_UP_MS = 1_000


class MissingModel(QAbstractTableModel):
    """Partner municipalities without coordinates: name, and the partnerships they are partner of."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.places: list[MissingPlace] = []

    def set_places(self, places: list[MissingPlace]) -> None:
        self.beginResetModel()
        self.places = list(places)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else len(self.places)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        return 0 if parent.isValid() else 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.places):
            return None
        place = self.places[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return place.name if index.column() == 0 else "; ".join(place.partnerships)
        if role == Qt.ItemDataRole.UserRole:
            return place.organisation_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Partner municipality"), _("Partnerships"))[section] if 0 <= section < 2 else None
        return None


def _legend() -> QLabel:
    items = [(TYPE_COLOURS[t], t.label) for t in PartnershipType] + [(PROJECT_PLACE_COLOUR, _("Project place"))]
    label = QLabel(" ".join(f'<span style="color:{c}">●</span>&nbsp;{text}&nbsp;' for c, text in items))
    label.setObjectName("overview_legend")
    label.setWordWrap(True)
    return label


class OverviewPanel(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__(window.tabs)
        self.main = window
        self.setObjectName("overview_panel")
        self.loaded = False
        self.choices: OverviewChoices | None = None
        self.data = Overview()
        #: How many times the tab read the database (tests: nothing is read while it is in the back).
        self.reads = 0
        #: The worker building the world map's outlines (``warm_up``); None before it started.
        self.warm_up_worker: threading.Thread | None = None
        #: True once ``warm_up`` ran (or was not needed: the tab had shown already).
        self.warmed_up = False

        self.year = QComboBox(self)
        self.year.setObjectName("overview_year")
        self.partnership = QComboBox(self)
        self.partnership.setObjectName("overview_partnership")
        self.partnership.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.partnership.setMinimumContentsLength(18)
        self.type = QComboBox(self)
        self.type.setObjectName("overview_type")
        self.unit = QComboBox(self)
        self.unit.setObjectName("overview_unit")
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit.setMinimumContentsLength(14)
        self.summary = QLabel(self)
        self.summary.setObjectName("overview_summary")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cemr_button = QPushButton(_("CEMR statistics…"), self)
        self.cemr_button.setObjectName("overview_cemr")
        self.cemr_button.setToolTip(_("Save the partnerships shown in the categories of CEMR's partnership database "
                                      "(type, country, since) as Excel or CSV"))
        # Each box as wide as its longest entry ("alle Jahre", not "alle Jahr"): a fixed width from the
        # contents, so the scroll area does not squeeze them; in two rows, so that the ~620 px the tab
        # gets beside the form hold them.
        for box in (self.year, self.type):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for box in (self.year, self.partnership, self.type, self.unit):
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        bar = QVBoxLayout()
        rows = (((_("Year:"), self.year), (_("Type:"), self.type), (_("Responsible unit:"), self.unit)),
                ((_("Partnership:"), self.partnership),))
        for number, row in enumerate(rows):
            line = QHBoxLayout()
            for text, box in row:
                label = QLabel(text, self)
                label.setBuddy(box)
                line.addWidget(label)
                line.addWidget(box)
            line.addStretch(1)
            if number == 1:
                line.addWidget(self.cemr_button)
            bar.addLayout(line)

        self.map = WorldMap(self)
        self.missing_model = MissingModel(self)
        self.missing = QTableView(self)
        self.missing.setObjectName("overview_missing")
        self.missing.setModel(self.missing_model)
        self.missing.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.missing.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.missing.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.missing.horizontalHeader().setStretchLastSection(True)
        self.missing.verticalHeader().hide()
        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.fill_button = QPushButton(_("Enter coordinates…"), self)
        self.fill_button.setObjectName("overview_fill")
        self.fill_button.setToolTip(_("Open the partner municipality with the cursor in its coordinates"))
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.missing_label)
        side_layout.addWidget(self.missing, 1)
        side_layout.addWidget(self.fill_button)
        map_box = QWidget(self)
        map_layout = QVBoxLayout(map_box)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.addWidget(self.map, 1)
        map_layout.addWidget(_legend())
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(map_box)
        top.addWidget(side)
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 1)

        self.sdg_projects = ChartBox(_("Projects per SDG"), "overview_sdg_projects", self)
        self.sdg_budget = ChartBox(_("Budget per SDG (EUR)"), "overview_sdg_budget", self)
        self.types_box = ChartBox(_("Partnerships per type and status"), "overview_types", self)
        self.years_box = ChartBox(_("Activities per year"), "overview_years", self)
        charts = QWidget(self)
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        # One below the other: side by side in the ~620 px the tab gets beside the form, each chart had
        # half of it, the value axis' labels were elided to "…" and the right chart's goals 10–17 (the
        # example data's budget) lay outside the view. The tab scrolls down instead.
        for number, chart_box in enumerate((self.sdg_projects, self.sdg_budget, self.types_box, self.years_box)):
            grid.addWidget(chart_box, number, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(charts)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        # In a scroll area: the register tabs share one tab widget, whose least width is its widest
        # page's, and a narrow window must still be able to put the form below the table.
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._fill_choices(None)
        for box in (self.year, self.partnership, self.type, self.unit):
            box.activated.connect(lambda _i: self.refresh())
        self.map.open_requested.connect(self.open_record)
        self.missing.doubleClicked.connect(lambda _index: self.fill_coordinates())
        self.fill_button.clicked.connect(self.fill_coordinates)
        self.cemr_button.clicked.connect(self.export_cemr)
        self.missing.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())

    # Filters -----------------------------------------------------------------------------------

    def current_filter(self) -> OverviewFilter:
        type_value = self.type.currentData()
        return OverviewFilter(
            year=self.year.currentData(),
            partnership_id=self.partnership.currentData(),
            type=PartnershipType(type_value) if type_value else None,
            unit_id=self.unit.currentData(),
        )

    def set_filter(self, f: OverviewFilter) -> None:
        """Choose ``f`` in the four boxes (as a user would) and read again."""
        if f.year is not None and self.year.findData(f.year) < 0:
            self.year.addItem(str(f.year), f.year)  # a year without data may be asked for too
        for box, value in ((self.year, f.year), (self.partnership, f.partnership_id),
                           (self.type, f.type.value if f.type else None), (self.unit, f.unit_id)):
            box.setCurrentIndex(max(box.findData(value), 0))
        self.refresh()

    def _fill_choices(self, choices: OverviewChoices | None) -> None:
        chosen = self.current_filter() if self.year.count() else OverviewFilter()

        def fill(box: QComboBox, everything: str, items: list[tuple[Any, str]], current: Any) -> None:
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for value, text in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)

        years = choices.years if choices else []
        if chosen.year is not None and chosen.year not in years:
            years = sorted([*years, chosen.year], reverse=True)  # a year without data stays chosen
        fill(self.year, _("all years"), [(y, str(y)) for y in years], chosen.year)
        fill(self.partnership, _("all partnerships"), list(choices.partnerships) if choices else [], chosen.partnership_id)
        fill(self.type, _("all types"), [(t.value, t.label) for t in PartnershipType], chosen.type.value if chosen.type else None)
        fill(self.unit, _("all units"), list(choices.units) if choices else [], chosen.unit_id)

    def forget_choices(self) -> None:
        self.choices = None

    def warm_up(self) -> None:
        """Prepare the tab's first show while the window is idle, reading nothing from the database:
        the world map's 40,000 outline points in a worker thread (plain data, ``map_view.prepare_land``),
        and, on the GUI thread, Qt Charts imported and one chart made and painted (``charts.warm_up``).
        The first show then costs about what a later one does."""
        if self.warmed_up:
            return
        self.warmed_up = True
        if self.loaded:
            return  # shown already: it has paid for all this
        from partnerdesk.ui.overview.map_view import prepare_land

        self.warm_up_worker = prepare_land()
        from partnerdesk.ui.overview import charts  # Qt Charts: imported here, not at the window's start

        charts.warm_up()

    # Reading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.loaded = True
        db = self.main.db
        with user_errors(self):
            self.reads += 1
            choices, data = background.call(db, overview.read_all, db, self.current_filter(), self.choices)
            if choices is not self.choices:
                self.choices = choices
                self._fill_choices(choices)
            self.show_overview(data)

    def show_overview(self, data: Overview) -> None:
        from partnerdesk.ui.overview.charts import sdg_chart, types_chart, years_chart  # Qt Charts, once in front

        self.data = data
        f = self.current_filter()
        self.map.set_points(data.points)
        self.missing_model.set_places(data.missing)
        self.missing_label.setText(
            ngettext("{n} partner municipality without coordinates (not on the map):",
                     "{n} partner municipalities without coordinates (not on the map):", len(data.missing)).format(n=len(data.missing))
            if data.missing else _("Every partner municipality shown has coordinates.")
        )
        self.missing.resizeColumnToContents(0)
        parts = [
            ngettext("{n} partnership", "{n} partnerships", data.partnerships).format(n=data.partnerships),
            ngettext("{n} project", "{n} projects", data.projects).format(n=data.projects),
            ngettext("{n} activity", "{n} activities", data.activities).format(n=data.activities),
        ]
        if data.other_currency:
            parts.append(ngettext("{n} project budget not in EUR (not in the budget chart)",
                                  "{n} project budgets not in EUR (not in the budget chart)", data.other_currency)
                         .format(n=data.other_currency))
        text = " · ".join(parts)
        if f.year is not None and data.is_empty:
            text = _("Nothing is recorded for {year} under this filter.").format(year=f.year)
        self.summary.setText(text)
        nothing = (_("No data for {year} under this filter.").format(year=f.year) if f.year is not None
                   else _("No data under this filter."))
        has_goals = any(g.projects for g in data.goals)
        self.sdg_projects.show_chart(sdg_chart(data.goals, lambda g: float(g.projects)) if has_goals else None,
                                     nothing if not data.projects else _("No project names an SDG."))
        has_budget = any(g.budget for g in data.goals)
        self.sdg_budget.show_chart(sdg_chart(data.goals, lambda g: float(g.budget), money_axis=True) if has_budget else None,
                                   nothing if not data.projects else _("No project with an SDG has a budget in EUR."))
        self.types_box.show_chart(types_chart(data.types) if data.types else None, nothing)
        self.years_box.show_chart(years_chart(data.activities_per_year) if data.activities_per_year else None, nothing)
        self._update_buttons()

    # Acting ------------------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: str) -> None:
        """Show the record in its register, in the form."""
        self.main.open_record(kind, record_id)

    def current_missing(self) -> str | None:
        index = self.missing.currentIndex()
        if not index.isValid():
            return None
        value = self.missing_model.data(index, Qt.ItemDataRole.UserRole)
        return value if isinstance(value, str) else None

    def fill_coordinates(self) -> None:
        """Open the selected partner municipality with the cursor in its coordinates."""
        org_id = self.current_missing()
        if org_id is None:
            return
        self.main.open_record("organisations", org_id)
        controller = self.main.edit_controller
        if controller is not None and hasattr(controller, "focus_field"):
            # After the selection has shown the record in the form.
            QTimer.singleShot(0, lambda: controller.focus_field("organisations", org_id, "latitude"))

    def _update_buttons(self) -> None:
        self.fill_button.setEnabled(self.current_missing() is not None)

    def export_cemr(self) -> Path | None:
        path = save_file_name(self, "overview", _("CEMR statistics"), "cemr-partnerschaften.xlsx",
                              _("Excel workbook (*.xlsx);;CSV file (*.csv)"))
        if path is None:
            return None
        return self.write_cemr(path)

    def write_cemr(self, path: Path) -> Path | None:
        from partnerdesk.exchange.cemr_statistics import export_cemr

        db = self.main.db
        written: Path | None = None
        with user_errors(self):
            count = background.call(db, export_cemr, db, path, self.current_filter())
            self.main.statusBar().showMessage(
                ngettext("Wrote {count} partnership to {name}.", "Wrote {count} partnerships to {name}.", count)
                .format(count=count, name=path), 10_000)
            written = path
        return written


def install(window: Any) -> None:
    panel = OverviewPanel(window)
    window.overview_panel = panel
    window.tabs.blockSignals(True)
    current = window.tabs.currentWidget()
    window.tabs.addTab(panel, _("Overview"))
    window.tabs.setCurrentWidget(current)
    window.tabs.blockSignals(False)

    def in_front() -> bool:
        return bool(window.tabs.currentWidget() is panel)

    def reload(*_args: Any) -> None:
        # Read only while in front: on a server every read is a round trip, and a save or F5
        # must not pay for a tab nobody looks at.
        if in_front():
            panel.refresh()
        else:
            panel.loaded = False

    def records_changed(kind: str) -> None:
        if kind in ("partnerships", "organisations"):
            panel.forget_choices()
        reload()

    def colleagues_changed(_entries: list[Any]) -> None:
        panel.forget_choices()
        reload()

    def database_changed() -> None:
        panel.forget_choices()
        reload()

    window.records_changed.connect(records_changed)
    window.refreshed.connect(reload)
    window.colleague_changes.connect(colleagues_changed)
    window.database_changed.connect(database_changed)
    window.tabs.currentChanged.connect(lambda _i: panel.refresh() if in_front() and not panel.loaded else None)
    # Once the start's own work is done and the window idles: the first show's one-time builds.
    QTimer.singleShot(WARM_UP_MS, panel, panel.warm_up)
