"""The *Übersicht* tab driven in the real window: places on the map where they belong, none for
partners without coordinates (those are listed, one click from their coordinates), a click on a
place opens its record, the charts draw what SQL counts, filters, a year without data, PNG/SVG
export, the CEMR export, the model tester, and no reading while the tab is in the back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QAbstractItemModelTester, QTest
from PySide6.QtWidgets import QApplication, QGraphicsEllipseItem
from sqlalchemy import text

from partnerdesk.domain.enums import OrganisationKind, PartnershipStatus, PartnershipType, ProjectStatus
from partnerdesk.domain.records import Contact, Organisation, Partnership, Project
from partnerdesk.services import service_for
from partnerdesk.services.overview import OverviewFilter
from partnerdesk.ui.overview.charts import bar_values, categories, export_chart


def _let_go(window):
    """Closing would ask about the unsaved form (a modal nobody answers in a test)."""
    panel = window.editor_panel
    if panel is not None and panel.form is not None:
        panel.form.dirty = False


def _show(window):
    panel = window.overview_panel
    window.tabs.setCurrentWidget(panel)
    window.resize(1400, 900)
    window.show()
    return panel


@pytest.fixture
def office(example_db):
    """The example data plus a partner without coordinates (Nowhere) and a twinning with a
    budget in another currency."""
    db = example_db
    orgs = service_for(db, "organisations")
    nowhere = orgs.create(Organisation(name="Nirgendwo", kind=OrganisationKind.MUNICIPALITY, country="FR"))
    service_for(db, "partnerships").create(Partnership(title="Freundschaft Nirgendwo", partner_id=nowhere.id,
                                                       type=PartnershipType.FRIENDSHIP, status=PartnershipStatus.DORMANT,
                                                       start_year=1975))
    return db, nowhere


def test_every_partner_with_coordinates_is_on_the_map_at_its_place_and_none_without(qtbot, make_window, office):
    db, nowhere = office
    window = make_window(db)
    panel = _show(window)
    with db.read() as session:
        expected = {row[0]: (row[1], row[2]) for row in session.execute(text(
            "SELECT p.id, o.latitude, o.longitude FROM partnerships p JOIN organisations o ON o.id = p.partner_id "
            "WHERE o.latitude IS NOT NULL"))}
    shown = {p.record_id: p for p in panel.map.points if p.record_kind == "partnerships"}
    assert set(shown) == set(expected)
    assert all(p.organisation_id != nowhere.id for p in panel.map.points)
    # Each place's marker sits where the projection puts its coordinates.
    for point in panel.map.points:
        marker = panel.map.marker_at(point)
        assert marker is not None
        if marker.places.count == 1:
            x, y = panel.map.projection.xy(point.longitude, point.latitude)
            assert (marker.pos().x(), marker.pos().y()) == pytest.approx((x, y))
    # Nirgendwo is listed beside the map instead.
    model = panel.missing_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Nirgendwo"]
    assert model.index(0, 1).data() == "Freundschaft Nirgendwo"
    assert "1 Partnerkommune ohne Koordinaten" in panel.missing_label.text()


def test_known_cities_land_at_their_place_on_the_world_map(qtbot, make_window, office):
    db, _nowhere = office
    panel = _show(make_window(db))
    world = panel.map.projection
    places = {p.place: p for p in panel.map.points}
    # Kumasi (6.69 N, 1.62 W) and Cluj-Napoca (46.77 N, 23.62 E) in scene units of 10 per degree,
    # from 180 W and 84 N (y downwards).
    assert world.xy(places["Kumasi"].longitude, places["Kumasi"].latitude) == pytest.approx((1783.756, 773.115))
    assert world.xy(places["Cluj-Napoca"].longitude, places["Cluj-Napoca"].latitude) == pytest.approx((2036.236, 372.288))
    assert world.xy(0.0, 0.0) == pytest.approx((1800.0, 840.0))
    # On screen, Kumasi is left of and below Cluj-Napoca, and Bondo (Kenya) right of Kumasi.
    view = panel.map
    kumasi = view.mapFromScene(*world.xy(places["Kumasi"].longitude, places["Kumasi"].latitude))
    cluj = view.mapFromScene(*world.xy(places["Cluj-Napoca"].longitude, places["Cluj-Napoca"].latitude))
    bondo = view.mapFromScene(*world.xy(places["Bondo"].longitude, places["Bondo"].latitude))
    assert kumasi.x() < cluj.x() and kumasi.y() > cluj.y() and bondo.x() > kumasi.x()


def test_a_click_on_a_place_opens_its_record_in_the_register_and_the_form(qtbot, make_window, office):
    db, _nowhere = office
    window = make_window(db)
    panel = _show(window)
    qtbot.waitExposed(window)
    point = next(p for p in panel.map.points if p.place == "Kumasi")
    panel.map.zoom_to(panel.map.sceneRect().adjusted(1700, 700, -1700, -900))  # West Africa: Kumasi alone
    marker = panel.map.marker_at(point)
    assert marker is not None and marker.places.count == 1
    assert marker.toolTip().startswith("Kumasi: Klimapartnerschaft Dortmund – Kumasi (Projektpartnerschaft")
    where = panel.map.mapFromScene(marker.pos())
    # The text is made when the mouse comes (not for every marker at every zoom step); Qt's tooltip then has it.
    for at in (where + QPoint(40, 40), where):  # as the mouse moves onto it
        QApplication.sendEvent(panel.map.viewport(), QMouseEvent(QEvent.Type.MouseMove, QPointF(at), QPointF(panel.map.viewport().mapToGlobal(at)),
                                                                   Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    assert QGraphicsEllipseItem.toolTip(marker) == marker.toolTip()
    QTest.mouseClick(panel.map.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    assert window.current_register() == "partnerships"
    assert window.tabs.currentWidget() is window.panels["partnerships"]
    assert window.selected_ids() == [point.record_id]
    assert window.editor_panel.record_id == point.record_id


def test_close_places_cluster_with_their_count_and_a_click_on_the_cluster_zooms_in(qtbot, make_window, example_db):
    db = example_db
    orgs = service_for(db, "organisations")
    partnerships = service_for(db, "partnerships")
    for number in range(5):  # five towns near Lyon, about 11 km apart
        town = orgs.create(Organisation(name=f"Ort {number}", kind=OrganisationKind.MUNICIPALITY, country="FR",
                                        latitude=45.75 + number * 0.1, longitude=4.85))
        partnerships.create(Partnership(title=f"Partnerschaft {number}", partner_id=town.id, type=PartnershipType.TWINNING))
    window = make_window(db)
    panel = _show(window)
    qtbot.waitExposed(window)
    panel.map.fit_world()
    cluster = next(m for m in panel.map.markers if any(p.place == "Ort 0" for p in m.places.members))
    assert cluster.places.count == 5
    assert cluster.toolTip().startswith("5 Orte")
    zoom = panel.map.zoom()
    QTest.mouseClick(panel.map.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     panel.map.mapFromScene(cluster.pos()))
    assert panel.map.zoom() > zoom * 10
    assert window.tabs.currentWidget() is panel  # nothing opened
    assert max(m.places.count for m in panel.map.markers if any(p.place.startswith("Ort") for p in m.places.members)) < 5


def test_enter_coordinates_opens_the_partner_with_the_cursor_in_its_coordinates(qtbot, make_window, office):
    db, nowhere = office
    window = make_window(db)
    try:
        _enter_coordinates(qtbot, window, db, nowhere)
    finally:
        _let_go(window)


def _enter_coordinates(qtbot, window, db, nowhere):
    panel = _show(window)
    qtbot.waitExposed(window)
    assert not panel.fill_button.isEnabled()
    panel.missing.selectRow(0)
    QTest.mouseClick(panel.fill_button, Qt.MouseButton.LeftButton)
    form = window.editor_panel.form
    field = form.fields["latitude"].widget
    qtbot.waitUntil(lambda: field.latitude.hasFocus())
    assert window.current_register() == "organisations"
    assert window.editor_panel.record_id == nowhere.id
    # Out of range: the German message at the field, nothing saved.
    QTest.keyClicks(field.latitude, "95")
    QTest.keyClicks(field.longitude, "2,35")
    window.editor_panel.save()
    assert "Die Breite muss zwischen -90 und 90 liegen" in form.fields["latitude"].error.text()
    assert service_for(db, "organisations").get(nowhere.id).latitude is None
    # Paris, pasted as a map gives it: saved, and the place moves onto the map.
    field.latitude.clear()
    field.longitude.clear()
    QApplication.clipboard().setText("48.8566, 2.3522")
    field.latitude.setFocus()
    QTest.keyClick(field.latitude, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert (field.latitude.text(), field.longitude.text()) == ("48.8566", "2.3522")
    window.editor_panel.save()
    saved = service_for(db, "organisations").get(nowhere.id)
    assert (saved.latitude, saved.longitude) == (48.8566, 2.3522)
    window.tabs.setCurrentWidget(panel)
    assert any(p.organisation_id == nowhere.id for p in panel.map.points)
    assert panel.missing_model.rowCount() == 0


def test_unreadable_coordinates_are_refused_at_the_field_in_german(qtbot, make_window, office):
    db, nowhere = office
    window = make_window(db)
    window.open_record("organisations", nowhere.id)
    form = window.editor_panel.form
    field = form.fields["latitude"].widget
    try:
        QTest.keyClicks(field.latitude, "Norden")
        QTest.keyClicks(field.longitude, "3")
        window.editor_panel.save()
        assert "Breitengrad: „Norden“ ist keine Gradzahl" in form.fields["latitude"].error.text()
        assert service_for(db, "organisations").get(nowhere.id).longitude is None
    finally:
        _let_go(window)


def _sql_goals(db, where=""):
    with db.read() as session:
        return {goal: (n, Decimal(total or 0) / 10000) for goal, n, total in session.execute(text(
            "SELECT g.goal, COUNT(*), SUM(CASE WHEN p.budget_currency = 'EUR' THEN p.budget_amount END) "
            "FROM project_sdg_goals g JOIN projects p ON p.id = g.project_id " + where + " GROUP BY g.goal"))}


def test_the_charts_draw_what_the_database_counts_and_sums(qtbot, make_window, office):
    db, _nowhere = office
    service_for(db, "projects").create(Project(title="Wasser für Kumasi", sdg_goals=[6, 11], budget_amount=Decimal("1234.5"),
                                               status=ProjectStatus.RUNNING))
    service_for(db, "projects").create(Project(title="Dollarprojekt", sdg_goals=[6], budget_amount=Decimal("999"),
                                               budget_currency="USD"))
    panel = _show(make_window(db))
    goals = _sql_goals(db)
    projects = bar_values(panel.sdg_projects.chart)
    budget = bar_values(panel.sdg_budget.chart)
    for number in range(1, 18):
        label = next(k for k in projects if k.startswith(f"{number} "))
        count, total = goals.get(number, (0, Decimal(0)))
        assert projects[label][number - 1] == count
        assert sum(projects[label]) == count  # each goal's set draws only its own bar
        assert budget[label][number - 1] == pytest.approx(float(total))
    assert goals[6][0] >= 3  # the example's two plus the new two
    # Official colours: SDG 6 is #26BDE2.
    sets = panel.sdg_projects.chart.series()[0].barSets()
    assert sets[5].color().name().upper() == "#26BDE2"

    with db.read() as session:
        by_type = {(t, s): n for t, s, n in session.execute(text("SELECT type, status, COUNT(*) FROM partnerships GROUP BY type, status"))}
        by_year = [tuple(r) for r in session.execute(text(
            "SELECT CAST(strftime('%Y', date) AS INTEGER) y, COUNT(*) FROM activities GROUP BY y ORDER BY y"))]
    types = bar_values(panel.types_box.chart)
    type_order = list(PartnershipType)
    for status in PartnershipStatus:
        for index, type_ in enumerate(type_order):
            assert types[status.label][index] == by_type.get((type_.value, status.value), 0)
    assert categories(panel.types_box.chart) == [t.label for t in type_order]
    years = bar_values(panel.years_box.chart)["Aktivitäten"]
    assert list(zip([int(c) for c in categories(panel.years_box.chart)], years, strict=True)) == by_year
    assert "1 Projektbudget nicht in EUR" in panel.summary.text()


def test_filters_apply_to_map_and_charts(qtbot, make_window, office):
    db, _nowhere = office
    window = make_window(db)
    panel = _show(window)
    panel.set_filter(OverviewFilter(type=PartnershipType.FRIENDSHIP))
    assert panel.map.points == []  # Nirgendwo, the only friendship, has no coordinates
    assert panel.missing_model.rowCount() == 1
    assert bar_values(panel.types_box.chart)[PartnershipStatus.DORMANT.label] == [0, 1, 0, 0]
    assert panel.sdg_projects.is_empty()

    kumasi = next(i for i, t in panel.choices.partnerships if "Kumasi" in t)
    panel.set_filter(OverviewFilter(partnership_id=kumasi))
    assert [p.place for p in panel.map.points] == ["Kumasi"]
    with db.read() as session:
        projects = session.execute(text("SELECT COUNT(*) FROM projects WHERE partnership_id = :p"), {"p": kumasi}).scalar()
    assert panel.data.projects == projects
    assert sum(sum(v) for v in bar_values(panel.sdg_projects.chart).values()) == sum(
        n for n, _b in _sql_goals_for(db, kumasi).values())


def _sql_goals_for(db, partnership_id):
    with db.read() as session:
        return {g: (n, 0) for g, n in session.execute(text(
            "SELECT g.goal, COUNT(*) FROM project_sdg_goals g JOIN projects p ON p.id = g.project_id "
            "WHERE p.partnership_id = :p GROUP BY g.goal"), {"p": partnership_id})}


@pytest.fixture
def unit_office(office):
    db, nowhere = office
    unit = service_for(db, "organisations").create(Organisation(name="Amt für Tests", kind=OrganisationKind.CITY_UNIT))
    person = service_for(db, "contacts").create(Contact(name="Erika Muster", organisation_id=unit.id))
    partnerships = service_for(db, "partnerships")
    cluj = next(p for p in partnerships.list() if "Cluj" in p.title)
    cluj.responsible_id = person.id
    partnerships.update(cluj)
    return db, nowhere


def test_the_responsible_unit_filter_keeps_that_units_partnerships(qtbot, make_window, unit_office):
    db, _nowhere = unit_office
    panel = _show(make_window(db))
    unit = next(i for i, n in panel.choices.units if n == "Amt für Tests")
    panel.set_filter(OverviewFilter(unit_id=unit))
    assert [p.place for p in panel.map.points] == ["Cluj-Napoca"]
    assert panel.data.partnerships == 1


def test_a_year_without_data_shows_an_empty_state_not_a_crash(qtbot, make_window, office):
    db, _nowhere = office
    panel = _show(make_window(db))
    # As a user chooses: 1975 (Nirgendwo's start, so in the list), then "Partnerschaft" (no twinnings).
    for box, value in ((panel.year, 1975), (panel.type, PartnershipType.TWINNING.value)):
        index = box.findData(value)
        assert index > 0
        box.setCurrentIndex(index)
        box.activated.emit(index)
    assert panel.current_filter() == OverviewFilter(year=1975, type=PartnershipType.TWINNING)
    for box in (panel.sdg_projects, panel.sdg_budget, panel.types_box, panel.years_box):
        assert box.is_empty()
        assert box.empty.text() == "Keine Daten für 1975 unter diesem Filter."
        assert not box.export_button.isEnabled()
    assert panel.summary.text() == "Für 1975 ist unter diesem Filter nichts verzeichnet."
    assert panel.map.points == []
    # A year nobody recorded anything in, asked for directly: the same, no crash.
    panel.set_filter(OverviewFilter(year=1901))
    assert panel.year.currentText() == "1901"
    assert panel.years_box.empty.text() == "Keine Daten für 1901 unter diesem Filter."


def test_charts_export_as_png_and_svg(qtbot, make_window, office, tmp_path):
    db, _nowhere = office
    panel = _show(make_window(db))
    png = export_chart(panel.sdg_projects.chart, "Projekte je SDG", tmp_path / "sdg.png")
    svg = export_chart(panel.sdg_projects.chart, "Projekte je SDG", tmp_path / "sdg.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    content = svg.read_text("utf-8")
    assert content.lstrip().startswith("<?xml") and "<svg" in content
    assert "#26bde2" in content.lower()  # SDG 6's bar in its colour
    assert "Projekte je SDG" in content


def test_cemr_export_from_the_tab_writes_the_filtered_partnerships(qtbot, make_window, office, tmp_path):
    from openpyxl import load_workbook

    db, _nowhere = office
    panel = _show(make_window(db))
    panel.set_filter(OverviewFilter(type=PartnershipType.FRIENDSHIP))
    path = panel.write_cemr(tmp_path / "cemr.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == ("Partnerkommune", "Land", "Ländercode (ISO)", "Art (RGRE-Kategorie)", "Seit", "Status", "Partnerschaft")
    assert rows[1:] == [("Nirgendwo", "Frankreich", "FR", "Freundschaft", 1975, "Ruhend", "Freundschaft Nirgendwo")]


def test_the_missing_places_model_passes_the_model_tester(qtbot, make_window, office):
    db, _nowhere = office
    panel = _show(make_window(db))
    tester = QAbstractItemModelTester(panel.missing_model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    panel.refresh()
    panel.set_filter(OverviewFilter(type=PartnershipType.CONTACT))
    assert tester is not None


def test_the_tab_reads_nothing_while_in_the_back_and_once_when_it_comes_to_the_front(qtbot, make_window, office, monkeypatch):
    from partnerdesk.ui import background

    db, _nowhere = office
    calls = []
    real = background.call

    def counting(db_, fn, *args, **kwargs):
        calls.append(getattr(fn, "__name__", ""))
        return real(db_, fn, *args, **kwargs)

    monkeypatch.setattr(background, "call", counting)
    window = make_window(db)
    panel = window.overview_panel
    window.refresh()  # F5 while another tab is in front
    window.records_changed.emit("partnerships")
    assert panel.reads == 0 and "read_all" not in calls
    # Nor is anything slow built before then (the countries' outlines, the charts' views).
    assert panel.map.land is None and panel.sdg_projects.view is None
    window.tabs.setCurrentWidget(panel)
    assert panel.reads == 1 and calls.count("read_all") == 1
    window.tabs.setCurrentWidget(window.panels["projects"])
    window.tabs.setCurrentWidget(panel)  # nothing changed meanwhile: not read again
    assert panel.reads == 1
    window.records_changed.emit("projects")  # a save while in front reads again
    assert panel.reads == 2


def test_the_tab_has_its_handbook_page():
    from partnerdesk.ui.help import pages

    assert pages.TAB_PAGES["overview_panel"] == "uebersicht"
    assert "uebersicht" in {p.name for p in pages.contents()}


def _visible(view):
    """The part of the scene (projected map units) the map view shows."""
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_the_map_opens_fitted_to_the_partners_shown_and_refits_when_the_filter_changes(qtbot, make_window, office):
    db, _nowhere = office
    window = make_window(db)
    panel = _show(window)
    qtbot.waitExposed(window)
    view, world = panel.map, panel.map.sceneRect()
    places = [view.projection.xy(p.longitude, p.latitude) for p in view.points]
    assert len(places) >= 4  # Kumasi, Dabola, Cluj-Napoca, Dura, Bondo (Africa, Europe, the Middle East)
    shown = _visible(view)
    # Every place inside, with a margin, and not the whole world: Africa and Europe, not the Americas.
    for x, y in places:
        assert shown.adjusted(20, 20, -20, -20).contains(x, y)
    assert shown.width() < world.width() * 0.5 and shown.height() < world.height() * 0.9
    america = view.projection.xy(-74.0, 40.7)  # New York
    assert not shown.contains(*america)
    # One partnership: the view closes in on Kumasi (Dabola and Bondo outside), still with a margin around it.
    kumasi = next(i for i, t in panel.choices.partnerships if "Kumasi" in t)
    panel.set_filter(OverviewFilter(partnership_id=kumasi))
    [point] = view.points
    x, y = view.projection.xy(point.longitude, point.latitude)
    narrow = _visible(view)
    assert narrow.adjusted(20, 20, -20, -20).contains(x, y)
    assert narrow.width() < shown.width() / 2
    assert not narrow.contains(*view.projection.xy(34.2728, -0.0987))  # Bondo
    # All partnerships again: back to the first view; a filter with no place shows the world.
    panel.set_filter(OverviewFilter())
    assert _visible(view).toRect() == shown.toRect()
    panel.set_filter(OverviewFilter(type=PartnershipType.FRIENDSHIP))
    assert view.points == [] and _visible(view).contains(world.adjusted(1, 1, -1, -1))


def test_reading_the_same_places_again_keeps_the_users_view_and_the_markers(qtbot, make_window, office):
    db, _nowhere = office
    window = make_window(db)
    panel = _show(window)
    qtbot.waitExposed(window)
    view = panel.map
    view.zoom_to(view.sceneRect().adjusted(1700, 700, -1700, -900))  # the user zooms to West Africa
    zoomed, markers = _visible(view).toRect(), view.markers
    panel.refresh()  # as after a save elsewhere: the same places
    assert _visible(view).toRect() == zoomed
    assert view.markers is markers
    panel.set_filter(OverviewFilter(type=PartnershipType.TWINNING))  # other places: fitted to them
    assert view.markers is not markers and _visible(view).toRect() != zoomed
