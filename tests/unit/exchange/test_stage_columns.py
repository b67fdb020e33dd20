"""Partnership stages and CEMR's partnership types in tables and the JSON archive: the stages
column round-trips, former types are mapped with a note in the preview, bad stages are
reported in the preview and nothing is written."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest

from partnerdesk.domain.enums import MouStatus, PartnershipType, StageKind
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import PartnershipStage
from partnerdesk.domain.serialization import record_from_dict
from partnerdesk.domain.stages import SKEW_CLIMATE_PROGRAMME
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.services import service_for


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_stages_export_as_lines_and_read_back(example_db, tmp_path):
    service = service_for(example_db, "partnerships")
    dabola = service.find("Dabola")
    dabola.stages = [
        PartnershipStage(kind=StageKind.FIRST_CONTACT, date=date(2019, 3, 1), note="Besuch | mit Schulen"),
        PartnershipStage(kind=StageKind.MOU_SIGNED, date=date(2021, 5, 12), term_from=date(2021, 5, 12),
                         term_until=date(2026, 5, 11), automatic_renewal=True, document="DS 1234/21"),
    ]
    stored = service.update(dabola)
    path = tmp_path / "partnerschaften.xlsx"
    export_table(example_db, "partnerships", service.list(), path)
    sheet = openpyxl.load_workbook(path).active
    headers = [c.value for c in sheet[1]]
    cell = next(row[headers.index("Stufen")].value for row in sheet.iter_rows(min_row=2) if row[1].value == stored.title)
    assert cell.splitlines() == [
        r"01.03.2019 Erstkontakt | Notiz: Besuch \| mit Schulen",
        "12.05.2021 MoU unterzeichnet | Laufzeit: 12.05.2021 bis 11.05.2026, verlängert sich | Dokument: DS 1234/21",
    ]
    # Read back into the same database: nothing changed, the stages keep their ids.
    preview = preview_file(example_db, path, "partnerships")
    row = next(r for r in preview.rows if r.record.id == stored.id)
    assert row.action == "unchanged", row.problems
    assert row.record.stages == stored.stages


def test_former_and_cemr_types_are_mapped_with_a_note(example_db, tmp_path):
    kumasi = service_for(example_db, "organisations").find("Kumasi")
    path = _xlsx(tmp_path / "typen.xlsx", [
        ["Titel", "Partnerkommune", "Typ", "Startjahr"],
        ["Klima alt", kumasi.name, "Klimapartnerschaft", 2015],
        ["Kooperation alt", kumasi.name, "project_cooperation", ""],
        ["Kontakt neu", kumasi.name, "Kontakt", ""],
        ["Freundschaft neu", kumasi.name, "Freundschaft", ""],
        ["Partnerschaft neu", kumasi.name, "Partnerschaft", ""],
    ])
    preview = preview_file(example_db, path, "partnerships")
    by_title = {r.record.title: r for r in preview.rows}
    assert [r.action for r in preview.rows] == ["create"] * 5
    climate = by_title["Klima alt"]
    assert climate.record.type == PartnershipType.PROJECT_PARTNERSHIP
    assert [(s.kind, s.date, s.programme) for s in climate.record.stages] == [
        (StageKind.PROJECT_PARTNERSHIP, date(2015, 1, 1), SKEW_CLIMATE_PROGRAMME)]
    note = next(p.message for p in climate.problems if p.severity == "note")
    assert "„Klimapartnerschaft“ wird als Projektpartnerschaft gelesen" in note and "SKEW" in note
    cooperation = by_title["Kooperation alt"]
    assert cooperation.record.type == PartnershipType.PROJECT_PARTNERSHIP and cooperation.record.stages == []
    assert any("Projektpartnerschaft" in p.message for p in cooperation.problems if p.severity == "note")
    assert by_title["Kontakt neu"].record.type == PartnershipType.CONTACT
    assert by_title["Freundschaft neu"].record.type == PartnershipType.FRIENDSHIP
    assert by_title["Partnerschaft neu"].record.type == PartnershipType.TWINNING
    apply_import(example_db, preview)
    saved = service_for(example_db, "partnerships").find("Klima alt")
    assert saved.stages[0].programme == SKEW_CLIMATE_PROGRAMME


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("MoU unterzeichnet | Notiz: ohne Datum", "eine Stufe beginnt mit ihrem Datum und ihrer Art"),
        ("12.05.2024 MoU unterzeichnet | Laufzeit: 12.05.2024 bis 11.05.2023",
         "Stufe 1 (MoU unterzeichnet): Die Laufzeit endet (11.05.2023), bevor sie beginnt (12.05.2024)"),
        ("12.05.2024 irgendwas", "„irgendwas“ ist keiner dieser Werte"),
        ("12.05.2024 MoU unterzeichnet | Farbe: blau", "„Farbe: blau“ ist keiner von Laufzeit, Programm, Phase, Dokument, Notiz"),
    ],
    ids=["no date", "until before from", "unknown kind", "unknown part"],
)
def test_bad_stages_are_reported_in_the_preview_and_nothing_written(example_db, tmp_path, content_of, cell, message):
    kumasi = service_for(example_db, "organisations").find("Kumasi")
    path = _xlsx(tmp_path / "schlecht.xlsx", [["Titel", "Partnerkommune", "Stufen"], ["Neu", kumasi.name, cell]])
    before = content_of(example_db.path)
    preview = preview_file(example_db, path, "partnerships")
    assert preview.rows[0].action == "error"
    assert message in preview.rows[0].errors[0].message
    assert any(line.startswith("Zeile 2, Spalte C (Stufen):") for line in preview.problem_lines())
    with pytest.raises(UserError, match="nichts importiert"):
        apply_import(example_db, preview)
    assert content_of(example_db.path) == before


def test_a_signing_date_column_becomes_a_stage(example_db, tmp_path):
    """Tables of earlier versions carry "MoU unterzeichnet am": it becomes an MoU stage."""
    service = service_for(example_db, "partnerships")
    dabola = service.find("Dabola")
    path = _xlsx(tmp_path / "alt.xlsx", [["ID", "MoU unterzeichnet"], [dabola.id, "03.04.2022"]])
    apply_import(example_db, preview_file(example_db, path, "partnerships"))
    saved = service.get(dabola.id)
    assert [(s.kind, s.date) for s in saved.stages] == [(StageKind.MOU_SIGNED, date(2022, 4, 3))]
    assert (saved.mou_signed_on, saved.mou_status) == (date(2022, 4, 3), MouStatus.SIGNED)


def test_archives_of_earlier_versions_read_the_former_types():
    old = {"title": "Alt", "partner_id": "", "type": "climate_partnership", "status": "active"}
    record = record_from_dict("partnerships", json.loads(json.dumps(old)))
    assert (record.type, record.stages) == (PartnershipType.PROJECT_PARTNERSHIP, [])


def test_the_json_archive_carries_the_stages(example_db, second_db, tmp_path):
    from partnerdesk.exchange.json_archive import export_archive, import_archive

    archive = tmp_path / "archiv.json"
    export_archive(example_db, archive)
    written = json.loads(archive.read_text("utf-8"))["records"]["partnerships"]
    kumasi = next(p for p in written if "Kumasi" in p["title"])
    assert [(s["kind"], s["date"], s["programme"]) for s in kumasi["stages"]] == [
        ("first_contact", "2021-03-15", ""), ("project_partnership", "2022-01-01", SKEW_CLIMATE_PROGRAMME)]
    import_archive(second_db, archive)
    assert service_for(second_db, "partnerships").find("Kumasi").stages == service_for(example_db, "partnerships").find("Kumasi").stages
