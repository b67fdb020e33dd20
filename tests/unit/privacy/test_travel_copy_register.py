"""The register of travel copies: check-out, merge, destroyed, lost (with what it held), overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from partnerdesk.domain.due import DueSource
from partnerdesk.domain.errors import NotFoundError, UserError
from partnerdesk.persistence.tables_retention import TravelCopyRow
from partnerdesk.services import due, service_for
from partnerdesk.travel import apply, register, travelfile

PASSPHRASE = "Reise-Passwort-2026"


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    from partnerdesk.persistence import encrypted

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})


def test_a_check_out_is_registered_with_what_the_copy_holds(example_db, tmp_path):
    out = tmp_path / "laptop" / "trip.pdtravel"
    info = travelfile.checkout(example_db, out, PASSPHRASE)
    [copy] = register.copies(example_db)
    assert (copy.checkout_id, copy.file_name, copy.checked_out_by) == (info.checkout_id, str(out.resolve()), info.checked_out_by)
    assert copy.encrypted is True and copy.personal_data is True and copy.out
    assert copy.partnerships == () and copy.scope_text() == "ganze Datenbank"
    assert copy.counts["contacts"] == service_for(example_db, "contacts").count()
    assert copy.counts["partnerships"] == service_for(example_db, "partnerships").count()


def test_a_partial_unencrypted_copy_names_its_partnerships(example_db, tmp_path):
    travelfile.checkout(example_db, tmp_path / "kumasi.pdtravel", None, partnerships=["Klimapartnerschaft Dortmund – Kumasi"])
    [copy] = register.copies(example_db)
    assert copy.encrypted is False and copy.encryption_text() == "nicht verschlüsselt"
    assert len(copy.partnerships) == 1 and "Kumasi" in copy.partnerships[0]
    assert copy.counts["partnerships"] == 1


def test_merging_back_marks_the_copy(example_db, tmp_path):
    out = tmp_path / "trip.pdtravel"
    travelfile.checkout(example_db, out, PASSPHRASE)
    with travelfile.open_travel(out, PASSPHRASE) as travel:
        apply.merge(example_db, travel)
    [copy] = register.copies(example_db)
    assert copy.merged_at is not None and not copy.out
    assert copy.status_text().startswith("zurückgeführt am ")


def test_a_lost_copy_is_recorded_and_lists_the_persons_it_held(example_db, tmp_path):
    out = tmp_path / "trip.pdtravel"
    info = travelfile.checkout(example_db, out, PASSPHRASE)
    copy = register.declare(example_db, info.checkout_id[:8], register.LOST, "mmuster", "Laptop im Zug liegen gelassen")
    assert (copy.ended_how, copy.ended_by, copy.ended_note) == ("lost", "mmuster", "Laptop im Zug liegen gelassen")
    held = register.contents(example_db, info.checkout_id)
    names = {h.name for h in held if h.kind == "contacts"}
    assert {"Erika Beispiel", "Kwame Example", "Dr. Aïssatou Exemple"} <= names
    lines = register.lost_report(copy, held)
    assert any("Personen in der Kopie (7)" in line for line in lines)
    assert "  Kwame Example" in lines
    with pytest.raises(UserError, match="bereits als verloren gemeldet"):
        register.declare(example_db, info.checkout_id, register.DESTROYED, "mmuster")


def test_a_person_deleted_since_is_listed_by_id(example_db, tmp_path):
    from partnerdesk.domain.records import Contact

    extra = service_for(example_db, "contacts").create(Contact(last_name="Später gelöscht"))
    info = travelfile.checkout(example_db, tmp_path / "trip.pdtravel", PASSPHRASE)
    service_for(example_db, "contacts").delete(extra.id)
    copy = register.declare(example_db, info.checkout_id, register.LOST, "mmuster")
    lines = register.lost_report(copy, register.contents(example_db, info.checkout_id))
    assert f"  (inzwischen gelöscht; ID {extra.id})" in lines


def test_unknown_or_ambiguous_copies_are_named(example_db, tmp_path, content_of):
    travelfile.checkout(example_db, tmp_path / "a.pdtravel", None)
    before = content_of(example_db.path)
    with pytest.raises(NotFoundError, match="Keine Reisekopie passt"):
        register.declare(example_db, "zzz", register.LOST, "mmuster")
    with pytest.raises(NotFoundError):
        register.declare(example_db, "  ", register.LOST, "mmuster")
    assert content_of(example_db.path) == before


def _checked_out(db, checkout_id: str, when: datetime) -> None:
    with db.write() as session:
        session.execute(update(TravelCopyRow).where(TravelCopyRow.checkout_id == checkout_id).values(checked_out_at=when))


def test_a_copy_out_longer_than_the_set_days_is_due(example_db, tmp_path):
    info = travelfile.checkout(example_db, tmp_path / "trip.pdtravel", PASSPHRASE)
    _checked_out(example_db, info.checkout_id, datetime(2026, 10, 1, 10, 0, tzinfo=UTC))
    [copy] = register.copies(example_db)
    assert copy.overdue_since(60) == date(2026, 11, 30)
    assert not copy.is_overdue(date(2026, 11, 29), 60) and copy.is_overdue(date(2026, 11, 30), 60)
    items = [i for i in due.due_list(example_db, date(2026, 11, 30), within_days=0) if i.source is DueSource.TRAVEL_COPY_OUT]
    assert [(i.due_on, i.record_kind, i.record_id) for i in items] == [(date(2026, 11, 30), "travel_copies", info.checkout_id)]
    assert "länger als 60 Tage" in items[0].text
    assert [i for i in due.due_list(example_db, date(2026, 11, 29), within_days=0)
            if i.source is DueSource.TRAVEL_COPY_OUT] == []
    register.declare(example_db, info.checkout_id, register.DESTROYED, "mmuster")
    assert [i for i in due.due_list(example_db, date(2027, 1, 1)) if i.source is DueSource.TRAVEL_COPY_OUT] == []


def test_the_warning_days_come_from_the_settings(example_db, tmp_path):
    from partnerdesk.paths import settings_file

    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text("[options]\ntravel_copy_warn_days=14\n", encoding="utf-8")
    assert register.warn_days() == 14
    info = travelfile.checkout(example_db, tmp_path / "trip.pdtravel", PASSPHRASE)
    stamp = datetime.now(UTC) - timedelta(days=15)
    _checked_out(example_db, info.checkout_id, stamp)
    assert [c.is_overdue(date.today(), register.warn_days()) for c in register.copies(example_db)] == [True]


def test_a_check_out_that_cannot_be_registered_leaves_no_copy(example_db, tmp_path, monkeypatch):
    out = tmp_path / "laptop" / "trip.pdtravel"

    def refuse(*args, **kwargs):
        raise UserError("Die Bürodatenbank ist gesperrt.")

    monkeypatch.setattr(register, "record_checkout", refuse)
    with pytest.raises(UserError, match="gesperrt"):
        travelfile.checkout(example_db, out, PASSPHRASE)
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if "trip" in p.name] == []  # no copy, no half-written file


def test_the_auskunft_lists_the_copies_that_held_the_person(example_db, tmp_path):
    from partnerdesk.domain.records import Contact
    from partnerdesk.services.privacy_copies import copies_of

    kwame = next(c for c in service_for(example_db, "contacts").list() if c.last_name == "Example")
    whole = travelfile.checkout(example_db, tmp_path / "ganz.pdtravel", PASSPHRASE)
    part = travelfile.checkout(example_db, tmp_path / "dabola.pdtravel", None,
                               partnerships=["Partnerschaft Dortmund – Dabola"])
    later = service_for(example_db, "contacts").create(Contact(last_name="Später"))
    places, notes = copies_of(example_db, kwame)
    travel = {p.where.split(",")[0]: p.holds for p in places if p.kind == "travel"}
    assert travel == {str((tmp_path / "ganz.pdtravel").resolve()): True, str((tmp_path / "dabola.pdtravel").resolve()): False}
    assert not any("Reisekopien" in n and "Verzeichnis" in n for n in notes)  # the register knows the copies out
    places, _notes = copies_of(example_db, later)
    assert {p.holds for p in places if p.kind == "travel"} == {False}
    assert whole.checkout_id != part.checkout_id
