"""Art. 18: a contact whose processing is restricted is kept, but appears in no table export,
document (MoU, project sheet), participant list or mail merge; the JSON archive (a backup)
keeps it. Every test runs twice: as built, and with its exclusion broken (``broken``), where
the same check must find the person - so each test is shown able to fail."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pypdf import PdfReader

from partnerdesk.domain import consent
from partnerdesk.exchange.json_archive import export_archive
from partnerdesk.exchange.participant_list import export_participant_list
from partnerdesk.exchange.table_export import export_table, register_records
from partnerdesk.services import service_for
from restricted_person import EMAIL, NAME_PART, place_restricted_person

BROKEN = pytest.mark.parametrize("broken", [False, True], ids=["as-built", "exclusion-broken"])


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _xlsx_text(path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value)


def _found(text: str) -> bool:
    return NAME_PART in text or EMAIL in text


@BROKEN
@pytest.mark.parametrize("kind", ["contacts", "projects", "activities", "partnerships"])
def test_no_table_export_names_her(example_db, tmp_path, kind, broken, monkeypatch):
    placed = place_restricted_person(example_db)
    if broken:
        from partnerdesk.exchange import table_cells, table_export

        monkeypatch.setattr(table_export, "restricted_contact_ids", lambda db: frozenset())
        original = table_cells.reference_names
        monkeypatch.setattr(table_export, "reference_names", lambda db, kinds, **kw: original(db, kinds))
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"{kind}{suffix}"
        export_table(example_db, kind, register_records(example_db, kind), out)
        text = _xlsx_text(out) if suffix == ".xlsx" else out.read_text(encoding="utf-8-sig")
        assert _found(text) == broken, (kind, suffix)
    if kind == "projects" and not broken:  # the link stays as an id that names nobody (a re-import keeps it)
        assert placed.contact.id in (tmp_path / "projects.csv").read_text(encoding="utf-8-sig")


def test_the_contacts_export_keeps_everybody_else(example_db, tmp_path):
    place_restricted_person(example_db)
    others = [c for c in service_for(example_db, "contacts").list() if not c.processing_restricted]
    out = tmp_path / "k.csv"
    assert export_table(example_db, "contacts", register_records(example_db, "contacts"), out) == len(others)


@BROKEN
def test_no_participant_list_names_her(example_db, tmp_path, broken, monkeypatch):
    placed = place_restricted_person(example_db)
    if broken:
        from partnerdesk.exchange import participant_list

        monkeypatch.setattr(participant_list, "restricted", lambda contact: False)
    out = tmp_path / "liste.xlsx"
    report = export_participant_list(example_db, placed.activity.id, out)
    assert _found(_xlsx_text(out)) == broken
    assert (report.written, report.restricted) == ((2, 0) if broken else (1, 1))
    assert report.lines() == ([] if broken else ["1 Teilnehmende/r ausgelassen: Verarbeitung eingeschränkt."])
    assert "Gast Ohne Kontakt" in _xlsx_text(out)


@BROKEN
def test_no_mail_merge_file_names_her(example_db, tmp_path, broken, monkeypatch):
    from partnerdesk.exchange import mail_merge

    placed = place_restricted_person(example_db)
    if broken:
        monkeypatch.setattr(consent, "restricted", lambda contact: False)
    out = tmp_path / "serienbrief.csv"
    report = mail_merge.export_mail_merge(example_db, placed.activity.id, out)
    assert _found(out.read_text(encoding="utf-8-sig")) == broken
    assert report.left_out[mail_merge.RESTRICTED] == (0 if broken else 1)
    if not broken:
        assert "1 Kontakt ausgelassen: Verarbeitung eingeschränkt." in report.lines()


@BROKEN
def test_no_project_sheet_names_her(example_db, tmp_path, broken, monkeypatch):
    from partnerdesk.documents import project_sheet_data
    from partnerdesk.documents.project_sheet import build_sheets

    placed = place_restricted_person(example_db)
    if broken:
        monkeypatch.setattr(project_sheet_data, "restricted", lambda contact: False)
    out = tmp_path / "blatt.pdf"
    build_sheets(project_sheet_data.load_sheet_data(example_db, [placed.project.id]), out)
    assert (NAME_PART in _pdf_text(out)) == broken


@BROKEN
def test_no_mou_offers_or_lists_her(example_db, tmp_path, broken, monkeypatch):
    from partnerdesk.documents.mou import data as mou_data
    from partnerdesk.documents.mou.builder import MouOptions, build_mou
    from partnerdesk.domain.errors import UserError

    placed = place_restricted_person(example_db)
    if broken:
        monkeypatch.setattr(mou_data, "restricted", lambda contact: False)
    data = mou_data.load_mou_data(example_db, placed.partnership.id)
    offered = {c.id for c in [*data.home_contacts, *data.partner_contacts, *data.deputy_candidates]}
    assert (placed.contact.id in offered) == broken
    out = tmp_path / "mou.pdf"
    # Chosen as the deputy who signs (by id, as the command line allows): refused, nothing written.
    options = MouOptions(language="en", invariant=True, deputy_id=placed.contact.id, clauses={"contacts": True})
    if broken:
        build_mou(data, out, options)
        assert NAME_PART in _pdf_text(out)
    else:
        with pytest.raises(UserError):
            build_mou(data, out, options)
        assert not out.exists()
        build_mou(data, out, MouOptions(language="en", invariant=True, clauses={"contacts": True}))
        assert NAME_PART not in _pdf_text(out)


@BROKEN
def test_she_may_not_be_written_to(example_db, broken, monkeypatch):
    placed = place_restricted_person(example_db)
    if broken:
        monkeypatch.setattr(consent, "restricted", lambda contact: False)
    assert consent.may_be_written_to(placed.contact) == broken
    assert consent.may_be_written_to(replace(placed.contact, processing_restricted=False))


def test_the_json_archive_keeps_her_as_a_backup_does(example_db, tmp_path):
    place_restricted_person(example_db)
    out = tmp_path / "archiv.json"
    export_archive(example_db, out)
    text = out.read_text(encoding="utf-8")
    assert NAME_PART in text and '"processing_restricted": true' in text
