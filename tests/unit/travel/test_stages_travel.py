"""A partnership's stages travel with it: copied out whole, merged stage by stage, a stage
changed on both sides differently is a conflict, and the derived signing date follows."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from partnerdesk.domain.enums import StageKind
from partnerdesk.domain.records import PartnershipStage
from partnerdesk.services import service_for
from partnerdesk.travel import apply
from partnerdesk.travel.apply import UnresolvedConflictsError

pytestmark = pytest.mark.postgresql  # an office file and an office database on a server


def _kumasi(db):
    return service_for(db, "partnerships").find("Kumasi")


def test_the_travel_copy_holds_the_stages(example_db, trip):
    assert _kumasi(trip).stages == _kumasi(example_db).stages != []


def test_stages_added_on_both_sides_are_merged(example_db, trip):
    office = _kumasi(example_db)
    service_for(example_db, "partnerships").update(dataclasses.replace(office, stages=[
        *office.stages, PartnershipStage(kind=StageKind.MOU_SIGNED, date=date(2026, 11, 20), term_until=date(2031, 11, 19))]))
    travel = _kumasi(trip)
    service_for(trip, "partnerships").update(dataclasses.replace(travel, stages=[
        *travel.stages, PartnershipStage(kind=StageKind.CERTIFICATE, date=date(2026, 12, 3), note="Festakt in Kumasi")]))
    apply.merge(example_db, trip)
    merged = _kumasi(example_db)
    assert [s.kind for s in merged.stages] == [StageKind.FIRST_CONTACT, StageKind.PROJECT_PARTNERSHIP,
                                               StageKind.MOU_SIGNED, StageKind.CERTIFICATE]
    assert merged.mou_signed_on == date(2026, 11, 20)


def test_one_stage_changed_differently_on_both_sides_is_a_conflict(example_db, trip):
    for db, phase in ((example_db, "Phase 2"), (trip, "Phase 3")):
        p = _kumasi(db)
        stages = [dataclasses.replace(s, phase=phase) if s.kind == StageKind.PROJECT_PARTNERSHIP else s for s in p.stages]
        service_for(db, "partnerships").update(dataclasses.replace(p, stages=stages))
    with pytest.raises(UnresolvedConflictsError):
        apply.merge(example_db, trip)
    apply.merge(example_db, trip, prefer="travel")
    (climate,) = [s for s in _kumasi(example_db).stages if s.kind == StageKind.PROJECT_PARTNERSHIP]
    assert climate.phase == "Phase 3"
