"""The due list from its sources, the follow-ups' register column and filters, the responsible
filter, and deleting a responsible contact: on SQLite and on a PostgreSQL server."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnerdesk.domain.due import DueItem, DueSource
from partnerdesk.domain.enums import OrganisationKind, PartnershipStatus
from partnerdesk.domain.records import Activity, Contact, FollowUp, Organisation, Partnership, Project
from partnerdesk.services import due, follow_ups, service_for
from partnerdesk.services.registers import RegisterQuery, RegisterService

pytestmark = pytest.mark.postgresql

TODAY = date(2026, 6, 15)


@pytest.fixture
def office(db):
    create = lambda record: service_for(db, record.KIND).create(record)  # noqa: E731
    unit = create(Organisation(name="Büro IB", kind=OrganisationKind.CITY_UNIT))
    town = create(Organisation(name="Partnerstadt", kind=OrganisationKind.MUNICIPALITY))
    erna = create(Contact(name="Erna Amtlich", organisation_id=unit.id))
    kai = create(Contact(name="Kai Kollege", organisation_id=unit.id))
    lively = create(Partnership(title="Lebendig", partner_id=town.id, status=PartnershipStatus.ACTIVE, responsible_id=kai.id))
    quiet = create(Partnership(title="Still", partner_id=town.id, status=PartnershipStatus.ACTIVE, responsible_id=erna.id))
    create(Partnership(title="Beendet", partner_id=town.id, status=PartnershipStatus.ENDED))
    project = create(Project(title="Projekt", partnership_id=lively.id, responsible_id=erna.id))
    create(Activity(title="Alter Besuch", date=TODAY - timedelta(days=400), partnership_id=quiet.id))
    visit = create(Activity(title="Besuch", date=TODAY - timedelta(days=20), partnership_id=lively.id, project_id=project.id, follow_ups=[
        FollowUp(text="Überfällig", due_date=TODAY - timedelta(days=12), responsible_id=kai.id),
        FollowUp(text="Bald", due_date=TODAY + timedelta(days=5)),  # Erna's through the project
        FollowUp(text="Später", due_date=TODAY + timedelta(days=60)),
        FollowUp(text="Erledigt", due_date=TODAY - timedelta(days=3), done=True),
        FollowUp(text="Ohne Datum"),
    ]))
    create(Activity(title="Ohne Wiedervorlagen", date=TODAY))
    create(Activity(title="Alles erledigt", date=TODAY, follow_ups=[FollowUp(text="x", due_date=TODAY, done=True)]))
    return {"erna": erna, "kai": kai, "quiet": quiet, "visit": visit, "lively": lively}


def test_the_list_holds_every_source_overdue_first(db, office):
    items = due.due_list(db, TODAY)
    assert [(i.source, i.text) for i in items] == [
        (DueSource.PARTNERSHIP_QUIET, "Letzte Aktivität am 11.05.2025"),
        (DueSource.FOLLOW_UP, "Überfällig"),
        (DueSource.FOLLOW_UP, "Bald"),
    ]
    assert items[0].record_id == office["quiet"].id and items[0].days_overdue(TODAY) == 35
    assert items[1].record_kind == "activities" and items[1].record_id == office["visit"].id and items[1].item_id
    assert due.overdue_text(items[1], TODAY) == "seit 12 Tagen überfällig"
    assert "Später" in [i.text for i in due.due_list(db, TODAY, within_days=90)]


def test_mine_follows_the_follow_up_then_its_project_or_partnership(db, office):
    erna, kai = office["erna"].id, office["kai"].id
    assert [i.text for i in due.due_list(db, TODAY, responsible_id=kai)] == ["Überfällig"]
    assert [i.text for i in due.due_list(db, TODAY, responsible_id=erna)] == ["Letzte Aktivität am 11.05.2025", "Bald"]


def test_a_source_is_one_line_in_the_registry(db, office, monkeypatch):
    def council(db, today, within_days):
        return [DueItem(due_on=today, source=DueSource.COUNCIL_DECISION_AWAITED, text="Rat", record_kind="partnerships",
                        record_id=office["lively"].id)]

    monkeypatch.setattr(due, "SOURCES", [*due.SOURCES, council])
    assert "Rat" in [i.text for i in due.due_list(db, TODAY)]


def test_ticking_done_saves_the_activity(db, office):
    item = due.due_list(db, TODAY)[1]
    before, after = follow_ups.set_done(db, item.record_id, item.item_id)
    assert after.version == before.version + 1
    assert "Überfällig" not in [i.text for i in due.due_list(db, TODAY)]
    lines = follow_ups.follow_up_lines(db, TODAY, follow_ups.FollowUpState.DONE)
    assert {line.text for line in lines} == {"Überfällig", "Erledigt", "x"}


def test_the_activities_register_shows_and_filters_follow_ups(db, office):
    register = RegisterService(db, "activities")
    by_filter = {}
    for state in ("open", "overdue", "done"):
        ids = register.ids(RegisterQuery("activities", filters={"follow_ups": state}))
        by_filter[state] = sorted(r.values["title"] for r in register.rows(ids))
    assert by_filter == {"open": ["Besuch"], "overdue": ["Besuch"], "done": ["Alles erledigt"]}
    [row] = register.rows([office["visit"].id])
    assert row.values["next_follow_up"] == TODAY - timedelta(days=12)
    ordered = register.ids(RegisterQuery("activities", sort_column="next_follow_up"))
    assert len(ordered) == 4


def test_the_registers_show_and_filter_the_responsible(db, office):
    register = RegisterService(db, "projects")
    options = register.filter_options()["responsible"]
    assert [o.label for o in options] == ["Erna Amtlich", "Kai Kollege"]
    ids = register.ids(RegisterQuery("projects", filters={"responsible": office["erna"].id}))
    assert [r.values["title"] for r in register.rows(ids)] == ["Projekt"]
    assert register.ids(RegisterQuery("projects", filters={"responsible": office["kai"].id})) == []
    partnerships = RegisterService(db, "partnerships")
    [row] = partnerships.rows([office["quiet"].id])
    assert row.values["responsible"] == "Erna Amtlich"
    ordered = partnerships.ids(RegisterQuery("partnerships", sort_column="responsible"))
    assert [r.values["title"] for r in partnerships.rows(ordered)][-2:] == ["Lebendig", "Still"][::-1] or len(ordered) == 3


def test_deleting_a_responsible_contact_unlinks_and_undo_restores(db, office):
    contacts = service_for(db, "contacts")
    deps = contacts.dependents(office["kai"].id)
    assert {(d.kind, d.name) for d in deps} == {("partnerships", "Lebendig"), ("activities", "Besuch")}
    deletion = contacts.delete(office["kai"].id)
    assert service_for(db, "partnerships").get(office["lively"].id).responsible_id is None
    assert service_for(db, "activities").get(office["visit"].id).follow_ups[0].responsible_id is None
    contacts.restore(deletion)
    assert service_for(db, "partnerships").get(office["lively"].id).responsible_id == office["kai"].id
    assert service_for(db, "activities").get(office["visit"].id).follow_ups[0].responsible_id == office["kai"].id


def test_an_mou_term_ending_within_six_months_is_in_the_list_whatever_its_horizon(db, office):
    """Stages' source in due's registry: a fixed MoU term ending in five months is due (the list's
    own 30 days notwithstanding), on the day it ends, and "mine" follows the partnership's person."""
    from partnerdesk.domain.enums import StageKind
    from partnerdesk.domain.records import PartnershipStage

    service = service_for(db, "partnerships")
    ends = TODAY + timedelta(days=150)
    lively = service.get(office["lively"].id)
    lively.stages = [PartnershipStage(kind=StageKind.MOU_SIGNED, date=date(2022, 11, 12), term_from=date(2022, 11, 12),
                                      term_until=ends)]
    service.update(lively)
    (item,) = [i for i in due.due_list(db, TODAY) if i.source is DueSource.MOU_TERM_ENDING]
    assert (item.due_on, item.record_kind, item.record_id) == (ends, "partnerships", lively.id)
    assert item.text == f"MoU-Laufzeit endet am {ends:%d.%m.%Y}: Verlängerung vorbereiten"
    assert item in due.due_list(db, TODAY, responsible_id=office["kai"].id)
    assert item not in due.due_list(db, TODAY, responsible_id=office["erna"].id)


def test_a_scheduled_council_decision_is_due_on_its_date(db, office):
    """Council's source in due's registry: a decision "vorgesehen" (scheduled) within the list's
    horizon is in the Anstehend list on its date, opening the decision; once its result is entered
    (approved) it is gone, and one beyond the horizon shows only with a longer one."""
    from partnerdesk.domain.enums import DecisionResult
    from partnerdesk.domain.records import Decision

    service = service_for(db, "decisions")
    on = TODAY + timedelta(days=10)
    scheduled = service.create(Decision(title="Zustimmung zur Partnerschaft", date=on, number="04711-26",
                                        result=DecisionResult.SCHEDULED, partnership_ids=[office["lively"].id]))
    service.create(Decision(title="Später", date=TODAY + timedelta(days=80), number="04712-26",
                            result=DecisionResult.SCHEDULED))
    (item,) = [i for i in due.due_list(db, TODAY) if i.source is DueSource.COUNCIL_DECISION_AWAITED]
    assert (item.due_on, item.record_kind, item.record_id) == (on, "decisions", scheduled.id)
    assert item.text == "Rat entscheidet über Drucksache 04711-26"
    assert len([i for i in due.due_list(db, TODAY, within_days=90) if i.source is DueSource.COUNCIL_DECISION_AWAITED]) == 2
    scheduled.result = DecisionResult.APPROVED
    service.update(scheduled)
    assert not [i for i in due.due_list(db, TODAY) if i.source is DueSource.COUNCIL_DECISION_AWAITED]
