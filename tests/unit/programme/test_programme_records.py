"""The action programme as part of its partnership: saved and read whole, refused whole when an
item is wrong (German message naming the item), in the history, search, JSON archive, travel copy
and merge, and copied with new ids when the partnership is duplicated."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from partnerdesk.domain import programme as domain
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.programme import ItemKind, MeasuredValue, ProgrammeItem
from partnerdesk.domain.programme_sample import sample_programme
from partnerdesk.exchange.json_archive import all_records, export_archive, import_archive
from partnerdesk.services import programme
from partnerdesk.services.history import History
from partnerdesk.services.registers import RegisterQuery, RegisterService

pytestmark = pytest.mark.postgresql  # on a SQLite file and on a server


def _items(db):
    return programme.load(db, "Kumasi").items


def test_the_programme_is_saved_and_read_back_in_tree_order(programme_db):
    items = _items(programme_db)
    assert items == domain.ordered(sample_programme())
    assert [(depth, item.kind) for depth, item in domain.walk(items)][:4] == [
        (0, ItemKind.FIELD), (1, ItemKind.GOAL), (2, ItemKind.MEASURE), (3, ItemKind.INDICATOR)]
    indicator = items[3]
    assert (indicator.unit, indicator.baseline_value, indicator.target_year) == ("Anzahl", Decimal("2"), 2027)
    assert [(v.year, v.value, v.source) for v in indicator.measured] == [
        (2024, Decimal("4"), "Schulamt"), (2025, Decimal("7.5"), "Bericht Phase 2")]
    assert programme.load(programme_db, "Kumasi").language == "en"


@pytest.mark.parametrize(("change", "message"), [
    (lambda i: dataclasses.replace(i, unit=""),
     "Handlungsprogramm: Indikator „Begrünte Schulhöfe“: Ein Indikator braucht eine Einheit (z. B. „t CO₂ pro Jahr“, „%“, „Anzahl Schulen“)"),
    (lambda i: dataclasses.replace(i, baseline_year=2030),
     "Handlungsprogramm: Indikator „Begrünte Schulhöfe“: Das Zieljahr (2027) liegt vor dem Ausgangsjahr (2030)"),
    (lambda i: dataclasses.replace(i, measured=[MeasuredValue(year=2024, value=Decimal("NaN"))]),
     "Handlungsprogramm: Indikator „Begrünte Schulhöfe“: Messwert 1 ist keine Zahl (höchstens 14 Stellen vor und 4 nach dem Komma)"),
    (lambda i: dataclasses.replace(i, parent_id=None),
     "Handlungsprogramm: Indikator „Begrünte Schulhöfe“: Ein Element der Art „Indikator“ kann nicht auf der obersten Ebene stehen"),
], ids=["no unit", "target before baseline", "not a number", "indicator at the top"])
def test_a_wrong_item_is_refused_in_german_and_nothing_is_saved(programme_db, change, message):
    view = programme.load(programme_db, "Kumasi")
    items = [change(i) if i.title == "Begrünte Schulhöfe" else i for i in view.items]
    with pytest.raises(ValidationError) as caught:
        programme.save(programme_db, view.partnership, items)
    assert [(e.field, e.message) for e in caught.value.errors] == [("programme", message)]
    assert _items(programme_db) == view.items


def test_the_history_holds_the_programme_with_its_partnership(programme_db):
    view = programme.load(programme_db, "Kumasi")
    items = [dataclasses.replace(i, target_value=Decimal("15")) if i.title == "Begrünte Schulhöfe" else i for i in view.items]
    programme.save(programme_db, view.partnership, items)
    newest = History(programme_db).for_record("partnerships", view.partnership.id)[0]
    (change,) = newest.changes
    assert change.field == "programme"
    assert [i["target_value"] for i in change.old if i["unit"] == "Anzahl"] == ["12"]
    assert [i["target_value"] for i in change.new if i["unit"] == "Anzahl"] == ["15"]


def test_programme_words_are_searchable_in_both_languages(programme_db):
    register = RegisterService(programme_db, "partnerships")
    for word in ("Schulhöfe", "schoolyards", "Grünflächenamt"):
        found = register.rows(register.ids(RegisterQuery("partnerships", search=word)))
        assert [r.values["title"] for r in found] == ["Klimapartnerschaft Dortmund – Kumasi"], word


def test_the_json_archive_carries_the_programme(programme_db, second_db, tmp_path):
    archive = tmp_path / "archiv.json"
    export_archive(programme_db, archive)
    import_archive(second_db, archive)
    assert all_records(second_db) == all_records(programme_db)
    assert len(_items(second_db)) == len(sample_programme())


def test_a_duplicated_partnership_gets_its_own_programme_ids():
    from partnerdesk.domain.records import Partnership
    from partnerdesk.ui.editing.controller import duplicate_of  # Qt-free function of the window's controller

    original = Partnership(title="A", partner_id="x", programme=sample_programme())
    copy = duplicate_of(original)
    assert not {i.id for i in copy.programme} & {i.id for i in original.programme}
    assert [(d, i.title) for d, i in domain.walk(copy.programme)] == [(d, i.title) for d, i in domain.walk(original.programme)]


def test_items_changed_on_both_sides_merge_item_by_item(programme_db, tmp_path):
    from partnerdesk.travel import apply, travelfile

    path = tmp_path / "trip.pdtravel"
    travelfile.checkout(programme_db, path, "Reise-Passwort-2026")
    trip = travelfile.open_travel(path, "Reise-Passwort-2026")
    try:
        assert _items(trip) == _items(programme_db)
        office = programme.load(programme_db, "Kumasi")
        programme.save(programme_db, office.partnership, [
            dataclasses.replace(i, status=domain.MeasureStatus.DONE) if i.kind == ItemKind.MEASURE else i for i in office.items])
        away = programme.load(trip, "Kumasi")
        new = ProgrammeItem(parent_id=away.items[0].id, kind=ItemKind.GOAL, title="Grüne Dächer")
        programme.save(trip, away.partnership, [*away.items, new])
        apply.merge(programme_db, trip)
        merged = _items(programme_db)
        assert "Grüne Dächer" in [i.title for i in merged]
        assert {i.status for i in merged if i.kind == ItemKind.MEASURE} == {domain.MeasureStatus.DONE}
    finally:
        trip.close()
