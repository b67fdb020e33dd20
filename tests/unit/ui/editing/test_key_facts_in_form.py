"""A municipality's key facts through the real widgets: the organisation form lists Dabola's three
inhabitants figures with the newest shown and the others on hover; a value added by keyboard is
saved with its source and date and undone; a value chosen to be shown wins over the newest; bad
input (no source, a negative or non-numeric number, a date in the future, an address without
scheme) is shown at the field in German and nothing is saved. The register shows the shown value
and lists every value with its source and date in the cell's tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.services.records import OrganisationService

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def _open(qtbot, panel, example_db, name="Dabola"):
    org = OrganisationService(example_db).find(name)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    panel.show_record("organisations", org.id)
    return org, panel.form.fields["key_facts"].widget


def _add(qtbot, editor, kind, value, source, as_of=""):
    """The button adds a row with the cursor in its kind; the rest is typed."""
    editor.add_button.setFocus()
    qtbot.keyClick(editor.add_button, Qt.Key.Key_Space)
    row = editor.rows[-1]
    assert row.kind.hasFocus(), "a new key fact starts in its kind"
    row.kind.setCurrentIndex(row.kind.findData(kind.value))
    for edit, text in ((row.value_edit, value), (row.source, source), (row.as_of, as_of)):
        qtbot.keyClicks(edit, text)
    return row


def test_the_form_shows_the_newest_value_and_the_others_on_hover(qtbot, panel, example_db):
    _org, editor = _open(qtbot, panel, example_db)
    assert [(r.value_edit.text(), r.source.text(), r.as_of.text()) for r in editor.rows if r.current_kind() == "inhabitants"] == [
        ("42.000", "bisheriger Wert", ""), ("21.000", "Reisebericht der Delegation", "2012"),
        ("40.000", "Angabe der Commune urbaine de Dabola beim Besuch", "15.10.2019")]
    assert "Einwohner: <b>40.000</b> (Stand 15.10.2019) + 2 weitere Werte" in editor.summary.text()
    hover = editor.summary.toolTip()
    assert ("40.000 – Angabe der Commune urbaine de Dabola beim Besuch, Stand 15.10.2019 (neuester, angezeigt)\n"
            "21.000 – Reisebericht der Delegation, Stand 2012\n"
            "42.000 – bisheriger Wert, Stand unbekannt") in hover
    assert "Mamadou Exemple, seit 2021 – Schreiben der Commune urbaine, Stand 01.02.2023" in hover


def test_add_a_value_save_and_undo(qtbot, panel, example_db):
    service = OrganisationService(example_db)
    before, editor = _open(qtbot, panel, example_db)
    row = _add(qtbot, editor, KeyFactKind.AREA, "1.234,5 km²", "Katasteramt Dabola", "2020")
    assert not row.name.isVisibleTo(editor), "only the mayor has a name"
    assert "Fläche (km²): <b>1.234,5 km²</b> (Stand 2020)" in editor.summary.text()
    qtbot.keyClick(row.source, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = service.get(before.id)
    assert [(f.value, f.source, f.as_of) for f in saved.key_facts if f.kind == KeyFactKind.AREA] == [
        ("1234.5", "Katasteramt Dabola", "2020")]
    assert panel.undo_stack.undoText() == "Organisation „Dabola“ bearbeiten"
    panel.undo_stack.undo()
    assert service.get(before.id).key_facts == before.key_facts
    assert len(panel.form.fields["key_facts"].widget.rows) == len(before.key_facts), "the form shows the undone state"


def test_a_value_chosen_to_be_shown_wins_over_the_newest(qtbot, panel, example_db):
    service = OrganisationService(example_db)
    before, editor = _open(qtbot, panel, example_db)
    (old,) = [r for r in editor.rows if r.value_edit.text() == "42.000"]
    qtbot.mouseClick(old.chosen, Qt.MouseButton.LeftButton)
    assert "Einwohner: <b>42.000</b>" in editor.summary.text()
    assert "42.000 – bisheriger Wert, Stand unbekannt (gewählt, angezeigt)" in editor.summary.toolTip()
    assert panel.save()
    saved = service.get(before.id)
    assert (saved.population, saved.population_year) == (42000, None)


def test_a_mayor_with_name_and_a_website(qtbot, panel, example_db):
    service = OrganisationService(example_db)
    before, editor = _open(qtbot, panel, example_db, "Kumasi")
    row = _add(qtbot, editor, KeyFactKind.MAYOR, "1.6.2024", "Pressemitteilung", "01.12.2026")
    assert row.name.isVisibleTo(editor)
    qtbot.keyClicks(row.name, "Kofi Example")
    _add(qtbot, editor, KeyFactKind.WEBSITE, "https://kma.gov.gh", "eigene Recherche")
    assert panel.save()
    saved = service.get(before.id)
    assert [(f.kind, f.value, f.name) for f in saved.key_facts] == [
        (KeyFactKind.MAYOR, "2024-06-01", "Kofi Example"), (KeyFactKind.WEBSITE, "https://kma.gov.gh", "")]
    assert saved.website == "https://kma.gov.gh"


@pytest.mark.parametrize(
    ("kind", "value", "source", "as_of", "message"),
    [
        (KeyFactKind.INHABITANTS, "40.000", "", "2019", "Einwohner (Wert 1): Die Quelle fehlt (woher stammt der Wert?)"),
        (KeyFactKind.INHABITANTS, "-5", "Zensus", "", "Einwohner (Wert 1): Die Zahl darf nicht negativ sein"),
        (KeyFactKind.AREA, "groß", "Zensus", "", "Fläche (km²) (Wert 1): „groß“ ist keine Zahl"),
        (KeyFactKind.INHABITANTS, "40.000", "Prognose", "2199", "Einwohner (Wert 1): Der Stand 2199 liegt in der Zukunft"),
        (KeyFactKind.INHABITANTS, "40.000", "Zensus", "31.02.2019",
         "Einwohner (Wert 1): Der Stand „31.02.2019“ ist weder ein Jahr (2014) noch ein Tag (30.06.2014)"),
        (KeyFactKind.WEBSITE, "www.kma.gov.gh", "Recherche", "",
         "Website (Wert 1): „www.kma.gov.gh“ ist keine Webadresse mit http:// oder https:// am Anfang"),
        (KeyFactKind.MAYOR, "2199", "Schreiben", "", "Bürgermeister/in seit (Wert 1): Der Amtsantritt 2199 liegt in der Zukunft"),
    ],
    ids=["no source", "negative", "not a number", "future date", "impossible date", "no scheme", "mayor in future"],
)
def test_bad_key_facts_are_shown_at_the_field_and_nothing_is_saved(qtbot, panel, example_db, db_path, content_of,
                                                                   kind, value, source, as_of, message):
    before = content_of(db_path)
    _org, editor = _open(qtbot, panel, example_db, "Kumasi")
    _add(qtbot, editor, kind, value, source, as_of)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.form.error_of("key_facts") == message
    assert "border" in panel.form.fields["key_facts"].frame.styleSheet()
    assert content_of(db_path) == before


def test_the_register_shows_the_shown_value_and_every_value_on_hover(qtbot, window):
    from partnerdesk.ui.models.register_table_model import VALUE_ROLE

    panel = window.panels["organisations"]
    window.tabs.setCurrentWidget(panel)
    panel.ensure_loaded(wait=True)
    model = panel.model
    column = next(i for i, c in enumerate(model.columns) if c.key == "population")
    row = next(r for r in range(model.rowCount()) if "Dabola" in model.index(r, 0).data())
    cell = model.index(row, column)
    assert cell.data() == "40.000"
    assert cell.data(Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "40.000 – Angabe der Commune urbaine de Dabola beim Besuch, Stand 15.10.2019 (neuester, angezeigt)",
        "21.000 – Reisebericht der Delegation, Stand 2012",
        "42.000 – bisheriger Wert, Stand unbekannt",
    ]
    assert cell.data(VALUE_ROLE).number == 40000
    assert not panel.table.isColumnHidden(column), "Einwohner is shown by default"
