"""Round trips of every register, lost-update protection, deletion and its undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.domain.enums import ActivityKind, LegalBasis, OrganisationKind, ParticipantRole, ProjectStatus
from partnerdesk.domain.errors import (
    AmbiguousNameError,
    DependentsError,
    NotFoundError,
    StaleRecordError,
    UserError,
    ValidationError,
)
from partnerdesk.domain.records import (
    Activity,
    Contact,
    FollowUp,
    FundingSource,
    Organisation,
    Participant,
    Partnership,
    Project,
)
from partnerdesk.services import (
    ActivityService,
    ContactService,
    OrganisationService,
    PartnershipService,
    ProjectService,
)

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql

UNICODE = "Cluj-Napoca ș ț ă – دورا – 🌍💧"


def content(record):
    import dataclasses

    data = dataclasses.asdict(record)
    for key in ("version", "created_at", "updated_at"):
        data.pop(key)
    return data


@pytest.fixture
def orgs(db):
    service = OrganisationService(db)
    partner = service.create(Organisation(name=UNICODE, kind=OrganisationKind.MUNICIPALITY, country="RO", languages=["ro"]))
    unit = service.create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT, country="DE"))
    return partner, unit


def test_every_register_round_trips_unicode(db, orgs):
    partner, unit = orgs
    contact = ContactService(db).create(
        Contact(name="Ioana Ștefănescu 🙂", organisation_id=partner.id, email="i@example.ro", languages=["ro", "de"],
                legal_basis=LegalBasis.CONSENT, consent_given_on=date(2025, 3, 1), consent_source="Formular „Ș“ 🙂",
                address="Str. Ștefan cel Mare 1\nCluj-Napoca", phone="Birou: +40 264 1\nMobil: +40 7")
    )
    partnership = PartnershipService(db).create(
        Partnership(title=f"Partnerschaft {UNICODE}", partner_id=partner.id, start_year=2018, themes=["Wasser", "ș"],
                    sdg_goals=[17, 6], coordinator_ids=[unit.id])
    )
    project = ProjectService(db).create(
        Project(title="Jeder Tropfen zählt", partnership_id=partnership.id, summary="Zeile 1\nZeile 2 <b>&",
                status=ProjectStatus.RUNNING, start_date=date(2008, 1, 1), sdg_goals=[6], sdg_targets=["6.1", "6.a"],
                budget_amount=Decimal("1234.56"), budget_currency="EUR",
                funding_sources=[FundingSource(name="Eigenmittel", amount=Decimal("0.1"))],
                participants=[Participant(organisation_id=unit.id, role=ParticipantRole.LEAD),
                              Participant(organisation_id=partner.id, role=ParticipantRole.PARTNER)],
                contact_ids=[contact.id])
    )
    activity = ActivityService(db).create(
        Activity(title="Besprechung", kind=ActivityKind.MEETING, date=date(2025, 3, 1), partnership_id=partnership.id,
                 project_id=project.id, contact_ids=[contact.id], organisation_ids=[unit.id],
                 follow_ups=[FollowUp(text="Bericht", due_date=date(2025, 4, 1))])
    )
    for service, saved in (
        (OrganisationService(db), partner),
        (ContactService(db), contact),
        (PartnershipService(db), partnership),
        (ProjectService(db), project),
        (ActivityService(db), activity),
    ):
        loaded = service.get(saved.id)
        assert loaded == saved
        assert loaded.version == 1 and loaded.created_at is not None
    assert ProjectService(db).get(project.id).budget_amount == Decimal("1234.56")
    assert PartnershipService(db).get(partnership.id).sdg_goals == [6, 17]


def test_invalid_record_leaves_database_unchanged(db, db_path, orgs, content_of):
    before = content_of(db_path)
    with pytest.raises(ValidationError):
        ProjectService(db).create(Project(title="", sdg_goals=[99]))
    with pytest.raises(UserError, match="den es nicht \\(mehr\\) gibt"):
        PartnershipService(db).create(Partnership(title="X", partner_id="no-such-organisation"))
    assert ProjectService(db).count() == 0 and PartnershipService(db).count() == 0
    db.close()
    assert content_of(db_path) == before


def test_update_counts_version_and_refuses_lost_update(db, orgs):
    service = OrganisationService(db)
    partner, _ = orgs
    mine = service.get(partner.id)
    theirs = service.get(partner.id)
    theirs.notes = "their change"
    saved = service.update(theirs)
    assert saved.version == 2
    mine.notes = "my change"
    with pytest.raises(StaleRecordError) as info:
        service.update(mine)
    assert info.value.current.notes == "their change"
    assert service.get(partner.id).notes == "their change"
    assert service.update(mine, force=True).notes == "my change"


def test_delete_reports_dependents_and_undo_restores_them(db, orgs):
    partner, unit = orgs
    partnership = PartnershipService(db).create(Partnership(title="P", partner_id=partner.id, coordinator_ids=[unit.id]))
    project = ProjectService(db).create(
        Project(title="Pr", partnership_id=partnership.id,
                participants=[Participant(organisation_id=unit.id, role=ParticipantRole.LEAD)])
    )
    # The partner of a partnership cannot go while the partnership exists.
    with pytest.raises(DependentsError):
        OrganisationService(db).delete(partner.id)
    deps = {(d.kind, d.effect) for d in OrganisationService(db).dependents(unit.id)}
    assert deps == {("projects", "unlinked"), ("partnerships", "unlinked")}
    deletion = OrganisationService(db).delete(unit.id)
    assert ProjectService(db).get(project.id).participants == []
    assert PartnershipService(db).get(partnership.id).coordinator_ids == []
    OrganisationService(db).restore(deletion)
    assert OrganisationService(db).get(unit.id) == unit
    assert content(ProjectService(db).get(project.id)) == content(project)
    assert PartnershipService(db).get(partnership.id).coordinator_ids == [unit.id]


def test_undoing_several_deletions_in_reverse_order_restores_the_shared_project(db, orgs):
    """Two deleted organisations both took part in one project: undone last-first, each
    restore finds the project exactly as its deletion left it."""
    partner, unit = orgs
    project = ProjectService(db).create(
        Project(title="Pr", participants=[Participant(organisation_id=o.id, role=ParticipantRole.PARTNER) for o in orgs])
    )
    first = OrganisationService(db).delete(unit.id)
    second = OrganisationService(db).delete(partner.id)
    assert ProjectService(db).get(project.id).participants == []
    OrganisationService(db).restore(second)
    OrganisationService(db).restore(first)
    assert content(ProjectService(db).get(project.id)) == content(project)


def test_undoing_a_deletion_refuses_to_overwrite_a_later_change(db, db_path, orgs, content_of):
    """Somebody edited the unlinked project (another window, the command line): restoring it
    as it was would silently throw their edit away, so nothing is restored."""
    _partner, unit = orgs
    project = ProjectService(db).create(
        Project(title="Pr", participants=[Participant(organisation_id=unit.id, role=ParticipantRole.LEAD)])
    )
    deletion = OrganisationService(db).delete(unit.id)
    later = ProjectService(db).get(project.id)
    later.notes = "written meanwhile"
    ProjectService(db).update(later)
    before = content_of(db_path)
    with pytest.raises(StaleRecordError, match="Pr"):
        OrganisationService(db).restore(deletion)
    assert content_of(db_path) == before
    assert not OrganisationService(db).exists(unit.id)


def test_undoing_a_deletion_refuses_when_the_record_is_back_already(db, orgs):
    _partner, unit = orgs
    deletion = OrganisationService(db).delete(unit.id)
    OrganisationService(db).restore(deletion)  # e.g. the other window's undo, or an import
    with pytest.raises(StaleRecordError, match="Umweltamt"):
        OrganisationService(db).restore(deletion)


def test_delete_partnership_keeps_projects(db, orgs):
    partner, _ = orgs
    partnership = PartnershipService(db).create(Partnership(title="P", partner_id=partner.id))
    project = ProjectService(db).create(Project(title="Pr", partnership_id=partnership.id))
    PartnershipService(db).delete(partnership.id)
    assert ProjectService(db).get(project.id).partnership_id is None
    with pytest.raises(NotFoundError):
        PartnershipService(db).get(partnership.id)


def test_find_by_id_or_unambiguous_name(example_db):
    service = PartnershipService(example_db)
    assert service.find("kumasi").title == "Klimapartnerschaft Dortmund – Kumasi"
    with pytest.raises(AmbiguousNameError) as info:
        service.find("Dortmund")
    assert len(info.value.candidates) == 4
    with pytest.raises(NotFoundError):
        service.find("Timbuktu")


def test_example_data_is_complete_and_removable(example_db):
    titles = {p.title for p in PartnershipService(example_db).list()}
    assert len(titles) == 4
    assert all(17 in p.sdg_goals for p in PartnershipService(example_db).list())
    dabola = OrganisationService(example_db).find("Dabola")
    # Three inhabitants figures side by side (issue 21); the newest (Stand 15.10.2019) is shown.
    assert dabola.population == 40000 and dabola.population_year == 2019 and dabola.country == "GN"
    assert sorted(f.value for f in dabola.key_facts if f.kind == "inhabitants") == ["21000", "40000", "42000"]
    water = ProjectService(example_db).find("Jeder Tropfen")
    assert water.partnership_id is None
    from partnerdesk.services.example_data import remove_example_data

    assert remove_example_data(example_db) > 20
    assert OrganisationService(example_db).count() == 0
