"""The field widgets driven like a user would: typing, Enter, Space, Del."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from partnerdesk.domain import countries, sdg
from partnerdesk.domain.records import Participant
from partnerdesk.ui.widgets import (
    CountryPicker,
    DateField,
    FollowUpsEditor,
    LanguageListPicker,
    MoneyField,
    ParticipantsEditor,
    SdgGoalPicker,
    SdgTargetPicker,
    TagsEditor,
    YearOrDateField,
)
from partnerdesk.ui.widgets.money_field import AmountInputError, format_money, parse_amount

# Completion popups ask the offscreen test platform for things only real screens do.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1.234,56", Decimal("1234.56")), ("1234,5", Decimal("1234.5")), ("1.234,56 €", Decimal("1234.56")),
     ("1.000.000", Decimal("1000000")), ("0,05", Decimal("0.05")), ("", None), ("12 EUR", Decimal("12"))],
)
def test_german_amounts_parse_to_decimal(text, amount):
    parsed = parse_amount(text)
    assert parsed == amount
    assert parsed is None or isinstance(parsed, Decimal)


@pytest.mark.parametrize("text", ["1,234.56", "abc", "1.23", "12,3,4", "-5"])
def test_amounts_that_are_not_german_numbers_are_refused(text):
    with pytest.raises(AmountInputError, match="kein Betrag"):
        parse_amount(text)


def test_money_is_formatted_the_german_way():
    assert format_money(Decimal("1234.56"), "EUR") == "1.234,56\u00a0€"
    assert format_money(Decimal("45000"), "EUR") == "45.000,00\u00a0€"
    assert format_money(Decimal("0.1234"), "EUR") == "0,1234\u00a0€"


def test_money_field_typed_and_tidied(qtbot):
    field = MoneyField()
    qtbot.addWidget(field)
    assert field.currency.itemData(0) == "EUR"
    with qtbot.waitSignal(field.changed):
        qtbot.keyClicks(field.amount, "1234,5")
    field.amount.editingFinished.emit()
    assert field.amount.text() == "1.234,50"
    assert field.value() == (Decimal("1234.5"), "EUR")
    field.currency.setCurrentIndex(field.currency.findData("RON"))
    assert field.value()[1] == "RON"
    field.amount.setText("zwölf")
    assert field.problem() == "„zwölf“ ist kein Betrag (zum Beispiel 1.234,56)"
    field.setValue((Decimal("45000.00"), "USD"))
    assert field.amount.text() == "45.000,00" and field.value() == (Decimal("45000.00"), "USD")


def test_date_field_reads_german_dates_and_allows_empty(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert field.value() is None and field.problem() is None
    qtbot.keyClicks(field.edit, "5.3.2025")
    assert field.value() == date(2025, 3, 5)
    field.edit.editingFinished.emit()
    assert field.text() == "05.03.2025"
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == date(2025, 3, 6)
    field.edit.setText("31.02.2025")
    assert field.value() is None
    assert field.problem() == "Den „31.02.2025“ gibt es nicht, der Monat hat nur 28 Tage"
    field.setValue(None)
    assert field.text() == "" and field.problem() is None


def test_an_impossible_day_is_named_as_such_not_as_a_typing_mistake(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "29.02.2025")
    assert field.problem() == "Den „29.02.2025“ gibt es nicht, der Monat hat nur 28 Tage"
    field.edit.clear()
    qtbot.keyClicks(field.edit, "29.02.2024")
    assert field.problem() is None and field.value() == date(2024, 2, 29)
    field.edit.clear()
    qtbot.keyClicks(field.edit, "15.13.2025")
    assert field.problem() == "„15.13.2025“: einen Monat 13 gibt es nicht"
    field.edit.clear()
    qtbot.keyClicks(field.edit, "3.5.")
    assert field.problem() == "„3.5.“ ist kein Datum (TT.MM.JJJJ)", "a typing mistake still names the form"
    start = YearOrDateField()
    qtbot.addWidget(start)
    qtbot.keyClicks(start.edit, "31.04.2019")
    assert start.problem() == "Den „31.04.2019“ gibt es nicht, der Monat hat nur 30 Tage"


def test_the_goal_list_shows_all_17_goals_in_a_narrow_form(qtbot):
    picker = SdgGoalPicker()
    qtbot.addWidget(picker)
    picker.resize(picker.fontMetrics().averageCharWidth() * 30, picker.sizeHint().height())
    picker.show()
    qtbot.waitExposed(picker)
    assert not picker.horizontalScrollBar().isVisible()
    assert not picker.verticalScrollBar().isVisible()
    last = picker.visualItemRect(picker.item(16))
    assert last.bottom() < picker.viewport().height(), "goal 17 is not hidden under a scroll bar"
    assert last.right() > picker.viewport().width(), "the long titles are wider than the list: they end in …"
    assert picker.item(16).toolTip() == sdg.goal(17).title("de")


def test_the_empty_target_list_says_where_its_entries_come_from(qtbot):
    goals, targets = SdgGoalPicker(), SdgTargetPicker()
    for widget in (goals, targets):
        qtbot.addWidget(widget)
    goals.changed.connect(lambda: targets.set_goals(goals.value()))
    targets.show()
    targets.grab()
    assert targets.painted_hint == "Wählen Sie oben Ziele; deren Unterziele erscheinen hier."
    goals.item(6).setCheckState(Qt.CheckState.Checked)  # goal 7, as Space does
    assert targets.count() > 0
    targets.grab()
    assert targets.painted_hint == ""


def test_year_or_date_field(qtbot):
    field = YearOrDateField()
    qtbot.addWidget(field)
    qtbot.keyClicks(field.edit, "2018")
    assert field.value() == (2018, None)
    field.edit.clear()
    qtbot.keyClicks(field.edit, "12.05.2019")
    assert field.value() == (2019, date(2019, 5, 12))
    field.edit.setText("Frühjahr")
    assert "weder ein Jahr noch ein Datum" in field.problem()
    field.setValue((2010, None))
    assert field.text() == "2010"


def test_country_picker_finds_german_names_and_stores_iso_code(qtbot):
    picker = CountryPicker()
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.lineEdit(), "Deutschland")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert picker.value() == "DE"
    picker.setValue("GH")
    assert picker.currentText() == "Ghana"
    picker.setEditText("Atlantis")
    assert picker.value() == "" and "nicht in der Liste" in picker.problem()


def test_country_picker_takes_the_one_name_that_begins_with_the_typed_text(qtbot):
    picker = CountryPicker()
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.lineEdit(), "serb")  # Aserbaidschan contains it, only Serbien begins with it
    offered = picker.completer().completionModel()
    assert [offered.index(r, 0).data() for r in range(offered.rowCount())] == ["Serbien", "Aserbaidschan"], "beginnings first"
    picker.lineEdit().editingFinished.emit()  # Tab
    assert picker.value() == "RS" and picker.problem() is None
    picker.setEditText("ghan")
    assert picker.value() == "GH"
    picker.setEditText("guinea")  # the exact name wins over Guinea-Bissau and Äquatorialguinea
    assert picker.value() == "GN"
    picker.setEditText("bahr")
    assert picker.value() == "BH"
    picker.setEditText("s")  # many begin with it: still a question for the user
    assert picker.value() == "" and "nicht in der Liste" in picker.problem()


def test_language_list_picker_adds_with_enter_and_removes_with_del(qtbot):
    picker = LanguageListPicker()
    qtbot.addWidget(picker)
    # QTest types ASCII only; the picker finds "Französisch" from "franz", "Rumänisch" from "rumanisch".
    for name in ("franz", "Rumanisch"):
        qtbot.keyClicks(picker.input.lineEdit(), name)
        qtbot.keyClick(picker.input.lineEdit(), Qt.Key.Key_Return)
    assert picker.value() == ["fr", "ro"]
    picker.chips.item(0).setSelected(True)
    qtbot.keyClick(picker.chips, Qt.Key.Key_Delete)
    assert picker.value() == ["ro"]
    picker.setValue(["de", "ro"])
    assert [picker.chips.item(i).text() for i in range(2)] == ["Deutsch", "Rumänisch"]


def test_tags_editor_splits_on_comma_and_keeps_pending_text(qtbot):
    tags = TagsEditor()
    qtbot.addWidget(tags)
    tags.set_known_tags(["Klimaanpassung", "Wasser"])
    qtbot.keyClicks(tags.input.lineEdit(), "klimaanpassung, Abfall,")
    assert tags.value() == ["Klimaanpassung", "Abfall"]
    qtbot.keyClicks(tags.input.lineEdit(), "Energie")
    tags.commit_pending()
    assert tags.value() == ["Klimaanpassung", "Abfall", "Energie"]


def test_sdg_goal_picker_shows_number_title_and_official_colour(qtbot):
    picker = SdgGoalPicker()
    qtbot.addWidget(picker)
    assert picker.count() == 17
    assert picker.item(0).text() == "1  Keine Armut"
    for row in (0, 5, 12, 16):
        goal = sdg.goal(row + 1)
        assert picker.colour_of_row(row).name().lower() == goal.colour.lower()
    picker.show()
    picker.setCurrentRow(12)
    qtbot.keyClick(picker, Qt.Key.Key_Space)
    assert picker.value() == [13]
    picker.setValue([11, 17])
    assert picker.value() == [11, 17]


def test_sdg_target_picker_offers_targets_of_chosen_goals(qtbot):
    picker = SdgTargetPicker()
    qtbot.addWidget(picker)
    picker.set_goals([6])
    codes = [picker.item(i).text().split()[0] for i in range(picker.count())]
    assert codes[:2] == ["6.1", "6.2"] and all(c.startswith("6.") for c in codes)
    picker.item(0).setCheckState(Qt.CheckState.Checked)
    picker.set_goals([11])
    assert picker.value() == ["6.1"], "a chosen target stays when its goal is unticked"


def test_participants_editor(qtbot):
    editor = ParticipantsEditor()
    qtbot.addWidget(editor)
    editor.set_choices([("o1", "Umweltamt"), ("o2", "Kumasi")])
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    row = editor.rows[0]
    qtbot.keyClicks(row.organisation.lineEdit(), "Kumasi")
    qtbot.keyClick(row.organisation.lineEdit(), Qt.Key.Key_Return)
    row.role.setCurrentIndex(row.role.findText("Federführung"))
    assert [(p.organisation_id, p.role.value) for p in editor.value()] == [("o2", "lead")]
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.problem() == "Bitte für jede Beteiligung eine Organisation wählen oder die Zeile entfernen"
    qtbot.mouseClick(editor.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert editor.problem() is None and len(editor.value()) == 1
    editor.setValue([Participant(organisation_id="o1")])
    assert editor.rows[0].organisation.currentText() == "Umweltamt"


def test_follow_ups_editor_keeps_task_ids(qtbot):
    editor = FollowUpsEditor()
    qtbot.addWidget(editor)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    row = editor.rows[0]
    qtbot.keyClicks(row.text, "MoU senden")  # ASCII only: QTest cannot type umlauts
    qtbot.keyClicks(row.due.edit, "15.12.2026")
    row.done.setChecked(True)
    (task,) = editor.value()
    assert (task.text, task.due_date, task.done) == ("MoU senden", date(2026, 12, 15), True)
    editor.setValue([task])
    assert editor.value()[0].id == task.id


def test_funding_sources_editor(qtbot):
    from partnerdesk.ui.widgets import FundingSourcesEditor

    editor = FundingSourcesEditor()
    qtbot.addWidget(editor)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    row = editor.rows[0]
    qtbot.keyClicks(row.name, "Engagement Global")
    qtbot.keyClicks(row.money.amount, "20.000,50")
    (source,) = editor.value()
    assert (source.name, source.amount, source.currency) == ("Engagement Global", Decimal("20000.50"), "EUR")
    row.money.amount.setText("viel")
    assert editor.problem() == "„viel“ ist kein Betrag (zum Beispiel 1.234,56)"


@pytest.mark.parametrize(
    ("typed", "offered", "code"),
    [
        ("cote d'ivoire", "Côte d’Ivoire", "CI"),  # the typed apostrophe finds the typographic one
        ("oesterreich", "Österreich", "AT"),  # German transliteration finds the umlaut
        ("guinea bissau", "Guinea-Bissau", "GW"),  # a space finds the hyphen
        ("palaestinensische", "Palästinensische Gebiete", "PS"),
        ("KONGO", "Demokratische Republik Kongo", ""),  # several: offered, not chosen
    ],
)
def test_country_picker_folds_as_the_register_search(qtbot, typed, offered, code):
    picker = CountryPicker()
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.lineEdit(), typed)
    shown = picker.completer().completionModel()
    names = [shown.index(r, 0).data() for r in range(shown.rowCount())]
    assert offered in names
    picker.lineEdit().editingFinished.emit()
    assert picker.value() == code


def test_country_picker_list_is_chosen_from_with_the_keyboard_and_never_guesses(qtbot):
    picker = CountryPicker()
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.lineEdit(), "s")
    popup = picker.completer().popup()
    assert popup.isVisible() and not popup.currentIndex().isValid(), "nothing taken before the user arrows in"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.value() == ""
    picker.setEditText("")
    qtbot.keyClicks(picker.lineEdit(), "oester")
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.value() == "AT" and picker.currentText() == "Österreich"


_LETTERS = "aäåæbcčçdđðeéëəfgğhħiıíjklłmnñoöøœpqrsßšştþuüvwxyýzž"
_NAMES = st.lists(st.text(alphabet=_LETTERS + _LETTERS.upper(), min_size=1, max_size=8), min_size=1, max_size=3).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "-", "–", "’", "'"]), min_size=len(words) - 1, max_size=len(words) - 1)
    .map(lambda seps: words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True)))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAMES)
def test_the_combo_picker_finds_every_name_by_the_forms_people_type(qtbot, name):
    """Property: as the register search (tests/unit/services/test_search_folding.py), the combo's filter
    finds a name by its folded, written-out, apostrophe/dash-swapped and upper-case forms."""
    from partnerdesk.domain.text import fold, spelled_out
    from partnerdesk.ui.widgets.pickers import SearchCombo

    combo = SearchCombo()
    qtbot.addWidget(combo)
    combo.set_choices([("XX", name), ("YY", "Zzzz")])
    swapped = name.translate(str.maketrans({"’": "'", "'": "’", "–": "-", "-": " "}))
    for typed in {fold(name), spelled_out(name), swapped, name.upper()}:
        combo._order.set_needle(typed)
        offered = [combo._order.index(r, 0).data() for r in range(combo._order.rowCount())]
        assert name in offered, typed
        combo.setEditText(typed)
        assert combo.value() == "XX", typed


@pytest.mark.parametrize(("typed", "code"), [("Palaestina", "PS"), ("Russische Foederation", "RU"), ("Russia", "RU"), ("Moldova", "MD")])
def test_country_picker_finds_a_country_by_its_other_names(qtbot, typed, code):
    """The names changed ("Palästina, Staat" is "Palästinensische Gebiete" now); the old ones still find it."""
    picker = CountryPicker()
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.lineEdit(), typed)
    shown = picker.completer().completionModel()
    names = [shown.index(r, 0).data() for r in range(shown.rowCount())]
    assert countries.country_name(code) in names
    picker.lineEdit().editingFinished.emit()
    assert picker.value() == code
