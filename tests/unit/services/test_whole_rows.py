"""A record with its link lists read in one round trip on a server (``persistence.whole_rows``):
the save writes exactly what a save that read them one by one would have written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.domain.enums import ParticipantRole, ProjectStatus
from partnerdesk.domain.errors import StaleRecordError
from partnerdesk.domain.records import Activity, Contact, FollowUp, FundingSource, Organisation, Participant, Project
from partnerdesk.persistence.tables import ActivityRow, ProjectRow
from partnerdesk.persistence.whole_rows import get_whole
from partnerdesk.services import service_for
from partnerdesk.services.mapping import FROM_ROW

pytestmark = pytest.mark.postgresql


@pytest.fixture
def project(db):
    orgs = service_for(db, "organisations")
    a, b, c = (orgs.create(Organisation(name=n, country="DE")) for n in ("Umweltamt", "Weltladen", "Stadtwerke"))
    x = service_for(db, "contacts").create(Contact(name="Anna Berger", organisation_id=a.id))
    y = service_for(db, "contacts").create(Contact(name="Kwame Mensah", organisation_id=b.id))
    made = service_for(db, "projects").create(Project(
        title="Wasser für alle", status=ProjectStatus.RUNNING, start_date=date(2024, 3, 1),
        sdg_goals=[13, 6], sdg_targets=["6.1", "13.2"], budget_amount=Decimal("1234.50"),
        funding_sources=[FundingSource(name="Land NRW", amount=Decimal("1000.25")), FundingSource(name="Stadt")],
        participants=[Participant(organisation_id=a.id, role=ParticipantRole.LEAD), Participant(organisation_id=b.id)],
        contact_ids=[x.id, y.id],
    ))
    return made, (a, b, c), (x, y)


def test_the_row_and_its_lists_are_what_a_query_loads(db, project):
    made, _orgs, _contacts = project
    with db.write() as session:
        whole = FROM_ROW["projects"](get_whole(session, ProjectRow, made.id))
    with db.read() as session:
        loaded = FROM_ROW["projects"](session.get(ProjectRow, made.id))
    assert whole == loaded == service_for(db, "projects").get(made.id)
    with db.write() as session:
        assert get_whole(session, ProjectRow, "no-such-id") is None


def test_a_save_changes_every_list_as_asked_and_nothing_else(db, project):
    made, (a, b, c), (x, y) = project
    projects = service_for(db, "projects")
    same = projects.update(replace(made, title="Wasser für alle!"))  # the lists untouched
    assert replace(projects.get(made.id), title=made.title, version=made.version, updated_at=made.updated_at) == made
    changed = replace(
        same, sdg_goals=[6, 11], sdg_targets=["11.a"],
        funding_sources=[replace(same.funding_sources[1], amount=Decimal("99.99")), FundingSource(name="EU", amount=Decimal("5"))],
        participants=[Participant(organisation_id=c.id), Participant(organisation_id=a.id, role=ParticipantRole.LEAD)],
        contact_ids=[y.id],
    )
    saved = projects.update(changed)
    again = projects.get(made.id)
    assert again == saved
    assert (again.sdg_goals, again.sdg_targets, again.contact_ids) == ([6, 11], ["11.a"], [y.id])
    assert [(f.name, f.amount) for f in again.funding_sources] == [("Stadt", Decimal("99.99")), ("EU", Decimal("5.00"))]
    assert [p.organisation_id for p in again.participants] == [c.id, a.id]
    with pytest.raises(StaleRecordError):
        projects.update(replace(changed, title="zu spät"))  # the version read before the last save


def test_an_activity_with_its_follow_ups_saves_alike(db, project):
    _made, (a, b, _c), (x, _y) = project
    activities = service_for(db, "activities")
    made = activities.create(Activity(title="Besuch", date=date(2024, 5, 2), organisation_ids=[a.id, b.id],
                                      contact_ids=[x.id], follow_ups=[FollowUp(text="Protokoll schicken")]))
    saved = activities.update(replace(made, organisation_ids=[b.id], follow_ups=[*made.follow_ups, FollowUp(text="Fotos")]))
    assert activities.get(made.id) == saved
    with db.write() as session:
        assert FROM_ROW["activities"](get_whole(session, ActivityRow, made.id)) == saved
