"""Contacts in tables (issue 21): a whole-name column split with the migration's rules, names that
cannot be split shown in the preview with a German note and imported whole (marked, never half),
the consent record and the parts written and read back, first/last name tables matched."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.domain.enums import LegalBasis, Salutation
from partnerdesk.domain.records import Contact
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.services import service_for

TABLE = (
    "Name;Funktion;Rechtsgrundlage;Einwilligung vom\r\n"
    "Dr. Ama Mensah;Climate Desk Officer;Einwilligung;01.03.2025\r\n"
    "Frau Ioana Ștefănescu;Direcția Digitalizare;öffentliche Aufgabe;\r\n"
    "Jan van der Berg;Wethouder;berechtigtes Interesse;\r\n"
    "يوسف مثال;مسؤول الشراكات;Einwilligung vom 1.4.2019;\r\n"
)


@pytest.mark.postgresql
def test_names_that_cannot_be_split_are_shown_in_the_preview_and_imported_whole(db, tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_text(TABLE, encoding="utf-8")
    preview = preview_file(db, path, "contacts")
    assert not preview.has_errors
    notes = preview.problem_lines(notes=True)
    assert notes == [
        "Zeile 4, Spalte A (Name): der Name „Jan van der Berg“ lässt sich nicht sicher in Vor- und Nachname "
        "trennen; er wird ganz als Nachname übernommen und mit „Name prüfen“ markiert (Filter im Register)",
        "Zeile 5, Spalte A (Name): der Name „يوسف مثال“ lässt sich nicht sicher in Vor- und Nachname "
        "trennen; er wird ganz als Nachname übernommen und mit „Name prüfen“ markiert (Filter im Register)",
    ]
    apply_import(db, preview)
    contacts = {c.display_name: c for c in service_for(db, "contacts").list()}
    assert len(contacts) == 4  # every row, none half
    ama = contacts["Dr. Ama Mensah"]
    assert (ama.title, ama.first_name, ama.last_name, ama.name_to_check) == ("Dr.", "Ama", "Mensah", False)
    assert (ama.legal_basis, ama.consent_given_on) == (LegalBasis.CONSENT, date(2025, 3, 1))
    ioana = contacts["Ioana Ștefănescu"]
    assert (ioana.salutation, ioana.legal_basis) == (Salutation.MS, LegalBasis.PUBLIC_TASK)
    assert contacts["Jan van der Berg"].name_to_check and contacts["Jan van der Berg"].last_name == "Jan van der Berg"
    assert contacts["يوسف مثال"].name_to_check and contacts["يوسف مثال"].legal_basis is LegalBasis.CONSENT


def test_an_unknown_legal_basis_is_refused_in_german_and_nothing_is_imported(db, tmp_path):
    path = tmp_path / "kontakte.csv"
    path.write_text("Name;Rechtsgrundlage\r\nIon Popescu;Vertrag und Einwilligung\r\n", encoding="utf-8")
    preview = preview_file(db, path, "contacts")
    assert preview.has_errors
    assert preview.problem_lines()[0].startswith(
        "Zeile 2, Spalte B (Rechtsgrundlage): „Vertrag und Einwilligung“ nennt keine Rechtsgrundlage")
    assert service_for(db, "contacts").list() == []


def test_the_parts_and_the_consent_record_go_out_and_come_back(db, second_db, tmp_path):
    made = service_for(db, "contacts").create(Contact(
        salutation=Salutation.MR, title="Prof. Dr.", first_name="Jan", last_name="van der Berg",  # split by hand
        languages=["nl", "de"], phone="Büro: +31 1\nMobil: +31 6", address="Stadhuis\nUtrecht", do_not_contact=True,
        legal_basis=LegalBasis.CONSENT, consent_given_on=date(2024, 5, 2), consent_source="Formular",
        consent_withdrawn_on=date(2026, 1, 15)))
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"kontakte{suffix}"
        export_table(db, "contacts", [made], out)
        preview = preview_file(second_db, out, "contacts")
        assert not preview.has_errors and preview.count("error") == 0
        apply_import(second_db, preview)
        back = service_for(second_db, "contacts").get(made.id)
        assert _content(back) == _content(made), suffix
        assert not back.name_to_check  # the hand-made split survives the whole-name column


def _content(contact):
    from partnerdesk.domain.serialization import record_to_dict

    return {k: v for k, v in record_to_dict(contact).items() if k not in ("version", "created_at", "updated_at")}


def test_a_table_of_first_and_last_names_finds_the_contact(db, tmp_path):
    made = service_for(db, "contacts").create(Contact(first_name="Ama", last_name="Mensah"))
    path = tmp_path / "kontakte.csv"
    path.write_text("Vorname;Nachname;Funktion\r\nAma;Mensah;Leiterin\r\n", encoding="utf-8")
    preview = preview_file(db, path, "contacts")
    assert [r.action for r in preview.rows] == ["update"]
    apply_import(db, preview)
    assert service_for(db, "contacts").get(made.id).function == "Leiterin"
