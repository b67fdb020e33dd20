"""Partnership stages in the services: saved whole with the record, the fields they decide,
the register's current-stage column and filter, the history, search, and the due source
"MoU term ending"."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from partnerdesk.domain.due import DueSource
from partnerdesk.domain.enums import MouStatus, PartnershipStatus, StageKind
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.records import PartnershipStage
from partnerdesk.services import service_for
from partnerdesk.services.due_mou import mou_terms_ending
from partnerdesk.services.history import History
from partnerdesk.services.registers import NO_STAGE, RegisterQuery, RegisterService

TODAY = date(2026, 12, 7)


def _with_mou(db, title, until, *, renews=False, signed=date(2022, 1, 10)):
    service = service_for(db, "partnerships")
    p = service.find(title)
    p.stages = [*p.stages, PartnershipStage(kind=StageKind.MOU_SIGNED, date=signed, term_from=signed,
                                            term_until=until, automatic_renewal=renews)]
    return service.update(p)


@pytest.mark.postgresql  # also on a server
def test_an_mou_term_ending_in_five_months_is_due_one_in_eight_months_not(example_db):
    soon = _with_mou(example_db, "Dabola", TODAY + timedelta(days=152))  # five months
    _with_mou(example_db, "Dura", TODAY + timedelta(days=243))  # eight months
    _with_mou(example_db, "Cluj", TODAY + timedelta(days=30), renews=True)  # renews itself: nothing due
    items = mou_terms_ending(example_db, TODAY)
    assert [(i.record_id, i.due_on, i.source) for i in items] == [
        (soon.id, TODAY + timedelta(days=152), DueSource.MOU_TERM_ENDING)]
    assert items[0].record_kind == "partnerships" and items[0].record_title == soon.title
    assert items[0].text == "MoU-Laufzeit endet am 08.05.2027: Verlängerung vorbereiten"
    assert not items[0].is_overdue(TODAY)
    assert len(mou_terms_ending(example_db, TODAY, within_days=300)) == 2


def test_an_ended_term_stays_due_until_the_office_records_it(example_db):
    ended = _with_mou(example_db, "Dabola", TODAY - timedelta(days=20))
    (item,) = mou_terms_ending(example_db, TODAY)
    assert item.is_overdue(TODAY) and item.days_overdue(TODAY) == 20
    assert "beendet" not in item.text and "abgelaufen" in item.text
    service = service_for(example_db, "partnerships")
    service.update(dataclasses.replace(ended, mou_status=MouStatus.EXPIRED))
    assert mou_terms_ending(example_db, TODAY) == []


def test_a_newer_mou_replaces_the_old_term(example_db):
    _with_mou(example_db, "Dabola", TODAY + timedelta(days=60))
    _with_mou(example_db, "Dabola", TODAY + timedelta(days=5 * 365), signed=date(2026, 11, 1))
    assert mou_terms_ending(example_db, TODAY) == []


def test_the_register_shows_and_filters_by_the_current_stage(example_db):
    register = RegisterService(example_db, "partnerships")
    assert "current_stage" in [c.key for c in register.columns()]
    stored = _with_mou(example_db, "Dabola", date(2027, 1, 1))

    def titles(stage):
        rows = register.rows(register.ids(RegisterQuery("partnerships", filters={"stage": stage})))
        return {r.values["title"]: r.text("current_stage") for r in rows}

    assert titles(StageKind.MOU_SIGNED.value) == {stored.title: "MoU unterzeichnet"}
    assert titles(StageKind.PROJECT_PARTNERSHIP.value) == {"Klimapartnerschaft Dortmund – Kumasi": "Projekt- oder Klimapartnerschaft"}
    assert set(titles(NO_STAGE)) == {"Partnerschaft Dortmund – Cluj-Napoca", "Projektpartnerschaft Dortmund – Dura"}
    assert register.filter_options()["stage"][-1].label == "keine Stufe eingetragen"
    # A later stage becomes the current one; removing it makes the earlier one current again.
    service = service_for(example_db, "partnerships")
    dormant = service.update(dataclasses.replace(stored, stages=[
        *stored.stages, PartnershipStage(kind=StageKind.DORMANT, date=date(2026, 6, 1))]))
    assert titles(StageKind.DORMANT.value) == {stored.title: "Ruhend"}
    assert dormant.status == PartnershipStatus.ACTIVE, "the status stays the office's own field"
    service.update(dataclasses.replace(dormant, stages=dormant.stages[:1]))
    assert titles(StageKind.MOU_SIGNED.value) == {stored.title: "MoU unterzeichnet"}


@pytest.mark.postgresql  # also on a server
def test_the_history_holds_the_stages_with_their_record(example_db):
    stored = _with_mou(example_db, "Dabola", date(2027, 1, 1))
    newest = History(example_db).for_record("partnerships", stored.id)[0]
    changes = {c.field: c for c in newest.changes}
    assert set(changes) == {"mou_signed_on", "mou_status", "stages"}
    assert changes["stages"].old == [] and changes["stages"].new[0]["term_until"] == "2027-01-01"


def test_signing_date_without_stage_becomes_one_and_stages_sort_by_date(example_db):
    service = service_for(example_db, "partnerships")
    dura = service.find("Dura")
    saved = service.update(dataclasses.replace(dura, mou_signed_on=date(2019, 4, 2), stages=[
        PartnershipStage(kind=StageKind.CERTIFICATE, date=date(2020, 9, 9)),
        PartnershipStage(kind=StageKind.FIRST_CONTACT, date=date(2017, 1, 5)),
    ]))
    assert [s.kind for s in saved.stages] == [StageKind.FIRST_CONTACT, StageKind.MOU_SIGNED, StageKind.CERTIFICATE]
    assert (saved.mou_signed_on, saved.mou_status) == (date(2019, 4, 2), MouStatus.SIGNED)


def test_stage_texts_are_searchable(example_db):
    service = service_for(example_db, "partnerships")
    dura = service.find("Dura")
    service.update(dataclasses.replace(dura, stages=[
        PartnershipStage(kind=StageKind.COUNCIL_DECISION, date=date(2018, 3, 1), document="Drucksache 10815-18")]))
    register = RegisterService(example_db, "partnerships")
    found = register.rows(register.ids(RegisterQuery("partnerships", search="10815")))
    assert [r.values["title"] for r in found] == [dura.title]


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (PartnershipStage(kind=StageKind.LETTER_OF_INTENT), "Stufe 1 (Absichtserklärung) braucht ein Datum"),
        (PartnershipStage(kind=StageKind.MOU_SIGNED, date=date(2024, 5, 12), term_from=date(2024, 5, 12),
                          term_until=date(2024, 5, 1)),
         "Stufe 1 (MoU unterzeichnet): Die Laufzeit endet (01.05.2024), bevor sie beginnt (12.05.2024)"),
    ],
    ids=["no date", "until before from"],
)
def test_bad_stages_are_refused_and_nothing_saved(example_db, content_of, stage, message):
    service = service_for(example_db, "partnerships")
    dura = service.find("Dura")
    before = content_of(example_db.path)
    with pytest.raises(ValidationError) as caught:
        service.update(dataclasses.replace(dura, stages=[stage]))
    assert [(e.field, e.message) for e in caught.value.errors] == [("stages", message)]
    assert content_of(example_db.path) == before
