"""Attachments travel: whole and partial copies carry those of the records they hold, and a merge
brings in what the laptop added and takes out what it removed, keeping both sides' additions."""

from __future__ import annotations

import pytest

from partnerdesk.services import attachments
from partnerdesk.services.records import PartnershipService
from partnerdesk.travel import apply, travelfile

pytestmark = pytest.mark.postgresql

KUMASI = "Klimapartnerschaft Dortmund – Kumasi"


def _names(db, record_id):
    return sorted(a.name for a in attachments.list_for(db, "partnerships", record_id))


@pytest.mark.parametrize("partial", [False, True])
def test_a_copy_carries_them_and_a_merge_brings_additions_and_removals(example_db, trip_path, partial):
    kumasi = PartnershipService(example_db).find("Kumasi").id
    dabola = PartnershipService(example_db).find("Dabola").id
    kept = attachments.add_bytes(example_db, "partnerships", kumasi, "Einladung.pdf", b"%PDF Einladung")
    gone = attachments.add_bytes(example_db, "partnerships", kumasi, "Entwurf.docx", b"docx")
    attachments.add_bytes(example_db, "partnerships", dabola, "Dabola.jpg", b"jpeg")
    travelfile.checkout(example_db, trip_path, None, partnerships=[KUMASI] if partial else None)
    travel = travelfile.open_travel(trip_path, None)
    try:
        assert _names(travel, kumasi) == ["Einladung.pdf", "Entwurf.docx"]
        assert attachments.content(travel, kept.id) == b"%PDF Einladung"
        assert _names(travel, dabola) == ([] if partial else ["Dabola.jpg"])
        # On the laptop: one added, one removed, one renamed; in the office meanwhile one added.
        photo = attachments.add_bytes(travel, "partnerships", kumasi, "Foto Besuch.jpg", b"\xff\xd8 photo")
        attachments.remove(travel, gone.id)
        attachments.rename(travel, kept.id, "Einladung Bürgermeister.pdf")
        attachments.add_bytes(example_db, "partnerships", kumasi, "Protokoll.pdf", b"%PDF office")
        report = apply.merge(example_db, travel, prefer="office", keep_report=False)
        assert _names(example_db, kumasi) == ["Einladung Bürgermeister.pdf", "Foto Besuch.jpg", "Protokoll.pdf"]
        assert attachments.content(example_db, photo.id) == b"\xff\xd8 photo"
        assert _names(example_db, dabola) == ["Dabola.jpg"]  # outside the part, or untouched: still there
        assert any("Anhang" in note for note in report.notes)
        # Merging the same copy again changes nothing, and does not bring back what the office removed since.
        attachments.remove(example_db, photo.id)
        apply.merge(example_db, travel, prefer="office", keep_report=False)
        assert _names(example_db, kumasi) == ["Einladung Bürgermeister.pdf", "Protokoll.pdf"]
    finally:
        travel.close()


def test_an_addition_alone_is_merged_again(example_db, trip_path):
    """A second merge of a copy whose only change since is a new attachment brings it in."""
    kumasi = PartnershipService(example_db).find("Kumasi").id
    travelfile.checkout(example_db, trip_path, None)
    travel = travelfile.open_travel(trip_path, None)
    try:
        apply.merge(example_db, travel, prefer="office", keep_report=False)
        attachments.add_bytes(travel, "partnerships", kumasi, "Nachtrag.pdf", b"%PDF")
        apply.merge(example_db, travel, prefer="office", keep_report=False)
        assert _names(example_db, kumasi) == ["Nachtrag.pdf"]
    finally:
        travel.close()


def test_files_on_a_record_made_on_the_laptop_and_on_one_the_office_deleted(example_db, trip_path):
    from partnerdesk.domain.records import Contact
    from partnerdesk.services.records import ContactService

    kumasi = PartnershipService(example_db).find("Kumasi").id
    dabola = PartnershipService(example_db).find("Dabola").id
    attachments.add_bytes(example_db, "partnerships", dabola, "alt.pdf", b"old")
    PartnershipService(example_db).delete(dabola)  # hidden in the office: does not travel
    travelfile.checkout(example_db, trip_path, None)
    travel = travelfile.open_travel(trip_path, None)
    try:
        assert attachments.list_for(travel, "partnerships", dabola) == []
        new = ContactService(travel).create(Contact(id="", name="Ama Mensah"))
        attachments.add_bytes(travel, "contacts", new.id, "Visitenkarte.jpg", b"card")
        attachments.add_bytes(travel, "partnerships", kumasi, "Foto.jpg", b"photo")
        deletion = PartnershipService(example_db).delete(kumasi)  # the office deletes it meanwhile
        report = apply.merge(example_db, travel, prefer="office", keep_report=False)
        assert [a.name for a in attachments.list_for(example_db, "contacts", new.id)] == ["Visitenkarte.jpg"]
        # The laptop changed no field of Kumasi, so it stays deleted; its photo is kept hidden
        # with it, and restoring the partnership brings the photo.
        assert not PartnershipService(example_db).exists(kumasi)
        PartnershipService(example_db).restore(deletion)
        assert _names(example_db, kumasi) == ["Foto.jpg"]
        assert any("gelöschten Datensatz" in note for note in report.notes), report.notes
    finally:
        travel.close()
