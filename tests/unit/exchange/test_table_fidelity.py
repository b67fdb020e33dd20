"""Imports never rewrite, merge or garble (issue 16): look-alike names, encodings, columns, choice words,
and export → import of awkward text through .xlsx and CSV without any change."""

from __future__ import annotations

import json

import openpyxl
import pytest

from awkward_text import awkward_records, comparable
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Organisation
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.exchange.table_read import TableFileError, read_table
from partnerdesk.services import service_for


def org(db, name, country="", **kw):
    return service_for(db, "organisations").create(Organisation(name=name, country=country, **kw))


def names(db, kind="organisations"):
    return sorted(r.display_name for r in service_for(db, kind).list())


# Look-alike names are candidates, never the same record ---------------------------------------


def test_folded_names_are_possible_duplicates_not_updates(db, tmp_path):
    munster = org(db, "Münster", "DE", notes="NRW")
    org(db, "Solférino", "FR")
    org(db, "İzmir", "TR")
    path = tmp_path / "orte.csv"
    path.write_text("Name;Land;Notizen\nMunster;Deutschland;Niedersachsen\nSolferino;Frankreich;\nIzmir;;\n", "utf-8")
    preview = preview_file(db, path, "organisations")
    assert [r.action for r in preview.rows] == ["create", "create", "create"]
    assert [c.name for c in preview.rows[0].candidates] == ["Münster"]
    assert [c.name for c in preview.rows[2].candidates] == ["İzmir"]
    assert any("möglicherweise" in line and "„Münster“ (DE)" in line for line in preview.duplicate_lines())
    apply_import(db, preview)
    assert names(db) == sorted(["Münster", "Munster", "Solférino", "Solferino", "İzmir", "Izmir"])
    assert service_for(db, "organisations").get(munster.id).notes == "NRW"


def test_merging_a_look_alike_keeps_the_stored_spelling(db, tmp_path):
    munster = org(db, "Münster", "DE")
    path = tmp_path / "orte.csv"
    path.write_text("Name;Land;Einwohner\nMUNSTER;Deutschland;320.000\n", "utf-8")
    preview = preview_file(db, path, "organisations", merge_similar=True)
    assert [r.action for r in preview.rows] == ["update"]
    apply_import(db, preview)
    stored = service_for(db, "organisations").get(munster.id)
    assert (stored.name, stored.population) == ("Münster", 320000)


def test_an_update_by_id_never_respells_the_name(db, tmp_path):
    munster = org(db, "Münster", "DE")
    path = tmp_path / "orte.csv"
    path.write_text(f"ID;Name;Einwohner\n{munster.id};Munster;315.000\n", "utf-8")
    preview = preview_file(db, path, "organisations")
    assert any("Schreibweise" in p.message for p in preview.rows[0].problems)
    apply_import(db, preview)
    stored = service_for(db, "organisations").get(munster.id)
    assert (stored.name, stored.population) == ("Münster", 315000)


def test_the_exact_name_decides_when_look_alikes_exist(db, tmp_path):
    org(db, "Münster", "DE")
    munster = org(db, "Munster", "DE")
    path = tmp_path / "orte.csv"
    path.write_text("Name;Land;Einwohner\nMunster;Deutschland;15.000\n", "utf-8")
    preview = preview_file(db, path, "organisations")
    assert [r.action for r in preview.rows] == ["update"] and preview.rows[0].existing.id == munster.id
    # References too: the partner "Munster" is Munster, not an ambiguity with Münster.
    path = tmp_path / "p.csv"
    path.write_text("Titel;Partner\nFreundschaft mit Munster;Munster\n", "utf-8")
    preview = preview_file(db, path, "partnerships")
    assert preview.problem_lines() == [] and preview.rows[0].record.partner_id == munster.id


def test_preview_shows_what_an_update_changes(db, tmp_path):
    munster = org(db, "Münster", "DE", population=300000)
    path = tmp_path / "orte.csv"
    path.write_text("Name;Land;Einwohner;Art\nMünster;Deutschland;315.000;Kommune\n", "utf-8")
    preview = preview_file(db, path, "organisations")
    row = preview.rows[0]
    assert row.action == "update" and row.existing.id == munster.id
    changes = {title: (old, new) for _c, title, old, new in row.changes}
    assert changes == {"Einwohner": ("300000", "315000"), "Art": ("Sonstiges", "Partnerkommune oder -region")}
    assert any("„300000“ → „315000“" in line for line in preview.problem_lines(notes=True))


# Encodings ------------------------------------------------------------------------------------


def test_utf8_with_one_bad_byte_is_refused_not_read_as_windows_1252(db, tmp_path):
    path = tmp_path / "orte.csv"
    path.write_bytes("Name;Stadt\nDüsseldorf;Düsseldorf\nMünster;M".encode() + b"\xfc" + b"nster\n")
    with pytest.raises(TableFileError) as caught:
        preview_file(db, path, "organisations")
    message = caught.value.message
    assert "Zeile 3" in message and "Byte 11" in message and "0xFC" in message
    assert "UTF-8, Windows-1252" in message
    # The user may choose the encoding (the assistant shows a preview first).
    assert read_table(path, encoding="cp1252").rows[0][1][0] == "DÃ¼sseldorf"


def test_bom_with_a_bad_byte_and_odd_utf16_get_german_messages(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbfName;Land\nM\xfcnster;DE\n")
    with pytest.raises(TableFileError, match="Zeile 2, Byte 2.*Byte-Order-Mark"):
        read_table(bom)
    odd = tmp_path / "utf16.csv"
    odd.write_bytes("Name;Land\nKumasi;GH\n".encode("utf-16") + b"\x00")
    with pytest.raises(TableFileError, match="ungerade"):
        read_table(odd)


def test_windows_1252_without_any_utf8_is_still_read(tmp_path):
    path = tmp_path / "alt.csv"
    path.write_bytes("Name;Stadt\nStädtepartnerschaft;Düsseldorf\n".encode("cp1252"))
    assert read_table(path).rows[0][1] == ["Städtepartnerschaft", "Düsseldorf"]


def test_control_characters_and_long_cells_in_csv(db, tmp_path):
    path = tmp_path / "notizen.csv"
    long_note = "Wort " * 40_000  # 200,000 characters: more than the csv module's default field limit
    rows = ["Name;Notizen"] + [f'Ort {i};"eins\x0bzwei\x1edrei\x07"' for i in range(30)] + [f"Lang;{long_note}"]
    path.write_text("\r\n".join(rows) + "\r\n", "utf-8")
    preview = preview_file(db, path, "organisations")
    # The cell is read whole (the csv module alone stops at 131,072 characters); the domain's
    # limit for notes (100,000) then refuses that row by name, and the others import.
    assert preview.problem_lines() == ["Zeile 32, Spalte B (Notizen): Notizen ist länger als 100.000 Zeichen"]
    apply_import(db, preview, skip_invalid=True)
    stored = {o.name: o.notes for o in service_for(db, "organisations").list()}
    assert stored["Ort 3"] == "eins\x0bzwei\x1edrei\x07" and "Lang" not in stored
    too_long = tmp_path / "zu_lang.csv"
    too_long.write_text("Name;Notizen\nA;" + "x" * 1_100_000 + "\n", "utf-8")
    with pytest.raises(TableFileError, match="Zeile 2.*1.000.000 Zeichen"):
        read_table(too_long)


# Columns --------------------------------------------------------------------------------------


def test_a_column_without_field_is_refused_unless_ignored(db, tmp_path, content_of):
    path = tmp_path / "orte.csv"
    path.write_text("Name;Spalte X\nKumasi;wichtig\n", "utf-8")
    before = content_of(db.path)
    preview = preview_file(db, path, "organisations")
    assert preview.unmapped == [1] and preview.has_errors
    assert any("Spalte X" in line and "--ignore-column" in line for line in preview.column_lines())
    with pytest.raises(UserError, match="keinem Feld"):
        apply_import(db, preview, skip_invalid=True)
    assert content_of(db.path) == before
    assert not preview_file(db, path, "organisations", ignore_columns=["Spalte X"]).has_errors
    assert not preview_file(db, path, "organisations", ignore_columns=["B"]).has_errors
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Spalte X": None}), "utf-8")
    ignored = preview_file(db, path, "organisations", mapping_file=mapping)
    assert not ignored.has_errors and ignored.ignored == [1]
    with pytest.raises(UserError, match="Spalte Y"):
        preview_file(db, path, "organisations", ignore_columns=["Spalte Y"])


def test_two_columns_on_one_field_are_joined_or_refused(db, tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_text("Vorname;Nachname;Datum 1;Datum 2\nAnna;Schmidt;;\n", "utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Vorname": "name", "Nachname": "name", "Datum 1": None, "Datum 2": None}), "utf-8")
    preview = preview_file(db, path, "contacts", mapping_file=mapping)
    assert preview.rows[0].record.name == "Anna Schmidt"
    path = tmp_path / "termine.csv"
    path.write_text("Titel;Datum 1;Datum 2\nBesuch;01.02.2026;03.02.2026\n", "utf-8")
    mapping.write_text(json.dumps({"Datum 1": "date", "Datum 2": "date"}), "utf-8")
    preview = preview_file(db, path, "activities", mapping_file=mapping)
    assert preview.blocked and "nur einen Wert" in preview.column_errors[0]
    assert "A (Titel)" not in preview.column_errors[0] and "C (Datum 2)" in preview.column_errors[0]


# Choice words ---------------------------------------------------------------------------------


def test_choice_values_accept_their_usual_words(db, tmp_path):
    path = tmp_path / "orte.csv"
    path.write_text(
        'Name;Art;Sprachen\nA;Kommune;"ro, hu"\nB;Stadt;ro; hu\nC;Gemeinde;de\nD;municipality;\nE;Dorfladen;\n', "utf-8"
    )
    preview = preview_file(db, path, "organisations")
    records = [r.record for r in preview.rows]
    assert [r.kind for r in records[:4]] == ["municipality"] * 4
    assert records[0].languages == ["ro", "hu"]
    message = preview.rows[4].errors[0].message
    assert "Dorfladen" in message and "Kommune" in message and "Verein" in message


# Lossless round trips -------------------------------------------------------------------------



@pytest.mark.postgresql  # on a server too: the text must come back from its columns unchanged
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_awkward_text_round_trips_through_every_register(db, second_db, tmp_path, suffix):
    from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER

    awkward_records(db)
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        records = service_for(db, kind).list()
        out = tmp_path / f"{kind}{suffix}"
        export_table(db, kind, records, out)
        preview = preview_file(second_db, out, kind)
        assert preview.problem_lines() == [] and not preview.has_errors
        apply_import(second_db, preview)
        imported = {r.id: comparable(r) for r in service_for(second_db, kind).list()}
        assert imported == {r.id: comparable(r) for r in records}, kind
        # And once more into the database it came from: nothing changes.
        again = preview_file(db, out, kind)
        assert {r.action for r in again.rows} == {"unchanged"}, kind


def test_xlsx_holds_control_characters_as_excel_does(db, tmp_path):
    org(db, "Umbruch", notes="eins\x0bzwei\rdrei_x0041_")
    out = tmp_path / "o.xlsx"
    export_table(db, "organisations", service_for(db, "organisations").list(), out)
    sheet = openpyxl.load_workbook(out).active
    notes = [c.value for c in sheet[2] if c.value and "eins" in str(c.value)][0]
    assert notes == "eins_x000B_zwei_x000D_drei_x005F_x0041_"  # what Excel writes for these characters


def test_text_longer_than_an_excel_cell_is_refused_for_xlsx_and_kept_in_csv(db, second_db, tmp_path):
    org(db, "Langer Text", notes="x" * 40_000)
    records = service_for(db, "organisations").list()
    with pytest.raises(UserError, match="Organisation „Langer Text“.*„Notizen“.*40.000 Zeichen.*32.767"):
        export_table(db, "organisations", records, tmp_path / "o.xlsx")
    assert not (tmp_path / "o.xlsx").exists()
    export_table(db, "organisations", records, tmp_path / "o.csv")
    apply_import(second_db, preview_file(second_db, tmp_path / "o.csv", "organisations"))
    assert service_for(second_db, "organisations").list()[0].notes == "x" * 40_000


def test_a_cell_of_spaces_never_erases_a_name_or_city(db, tmp_path):
    kumasi = org(db, "Kumasi", "GH", city="Kumasi", notes="alt")
    path = tmp_path / "orte.csv"
    path.write_text(f"ID;Name;Stadt;Notizen\n{kumasi.id};Kumasi;   ;neu\n", "utf-8")
    apply_import(db, preview_file(db, path, "organisations"))
    stored = service_for(db, "organisations").get(kumasi.id)
    assert (stored.city, stored.notes) == ("Kumasi", "neu")
