"""The register query layer: search, filters and sort run in SQL and return plain rows."""

from __future__ import annotations

from datetime import date

import pytest

from decision_helpers import council_approval
from partnerdesk.domain.enums import OrganisationKind, PartnershipStatus, ProjectStatus
from partnerdesk.domain.records import Contact, Organisation, Partnership, Project
from partnerdesk.services import service_for
from partnerdesk.services.registers import KINDS, Money, RegisterQuery, RegisterService
from partnerdesk.services.relations import related

#: Every test here runs on a SQLite file and on a PostgreSQL server (tests/conftest.py).
pytestmark = pytest.mark.postgresql


def titles(db, query: RegisterQuery, key: str = "title") -> list[str]:
    service = RegisterService(db, query.kind)
    return [row.values[key] for row in service.rows(service.ids(query))]


@pytest.fixture
def small_db(db):
    orgs = service_for(db, "organisations")
    dus = orgs.create(Organisation(name="Landeshauptstadt Düsseldorf", kind=OrganisationKind.MUNICIPALITY, country="DE", city="Düsseldorf"))
    cluj = orgs.create(Organisation(name="Cluj-Napoca", kind=OrganisationKind.MUNICIPALITY, country="RO", city="Cluj-Napoca"))
    ngo = orgs.create(Organisation(name="Weltladen", kind=OrganisationKind.NGO, country="DE"))
    ps = service_for(db, "partnerships")
    p1 = ps.create(Partnership(title="Freundschaft Rhein", partner_id=dus.id, status=PartnershipStatus.ACTIVE, sdg_goals=[11, 13]))
    p2 = ps.create(Partnership(title="Zusammenarbeit Siebenbürgen", partner_id=cluj.id, status=PartnershipStatus.DORMANT, sdg_goals=[6]))
    pj = service_for(db, "projects")
    pj.create(Project(title="Wasser für alle", partnership_id=p2.id, status=ProjectStatus.RUNNING, sdg_goals=[6],
                      start_date=date(2024, 3, 1), budget_amount=__import__("decimal").Decimal("1234.5")))
    pj.create(Project(title="apfelbäume", partnership_id=p1.id, status=ProjectStatus.IDEA))
    pj.create(Project(title="Bildung", participants=[], status=ProjectStatus.PLANNED))
    return {"dus": dus, "cluj": cluj, "ngo": ngo, "p1": p1, "p2": p2}


def test_columns_are_german_and_every_register_answers(example_db):
    council_approval(example_db, service_for(example_db, "partnerships").find("Kumasi").id)  # the example data has none
    for kind in KINDS:
        service = RegisterService(example_db, kind)
        labels = [c.label for c in service.columns()]
        assert labels and all(labels)
        ids = service.ids(service.default_query())
        assert len(ids) == service.count() > 0
        rows = service.rows(ids)
        assert [r.id for r in rows] == ids
    assert [c.label for c in RegisterService(example_db, "partnerships").columns()][:3] == ["Titel", "Partner", "Land"]


def test_search_is_accent_and_case_insensitive_and_sees_the_partner(small_db, db):
    assert titles(db, RegisterQuery("partnerships", search="Dusseldorf")) == ["Freundschaft Rhein"]
    assert titles(db, RegisterQuery("partnerships", search="cluj")) == ["Zusammenarbeit Siebenbürgen"]
    assert titles(db, RegisterQuery("partnerships", search="SIEBENBURGEN")) == ["Zusammenarbeit Siebenbürgen"]
    # Every word must match somewhere; labels of visible enumeration/country columns count.
    assert titles(db, RegisterQuery("partnerships", search="rumänien")) == ["Zusammenarbeit Siebenbürgen"]
    assert titles(db, RegisterQuery("partnerships", search="ruhend")) == ["Zusammenarbeit Siebenbürgen"]
    assert titles(db, RegisterQuery("partnerships", search="ruhend rhein")) == []
    # A hidden column's labels are not searched.
    assert titles(db, RegisterQuery("partnerships", search="ruhend", search_columns=("title",))) == []
    # LIKE wildcards are plain characters.
    assert titles(db, RegisterQuery("partnerships", search="%")) == []


def test_filters_status_country_type_and_goal(small_db, db):
    assert titles(db, RegisterQuery("partnerships", filters={"status": "active"})) == ["Freundschaft Rhein"]
    assert titles(db, RegisterQuery("partnerships", filters={"country": "RO"})) == ["Zusammenarbeit Siebenbürgen"]
    assert titles(db, RegisterQuery("partnerships", filters={"sdg_goal": 13})) == ["Freundschaft Rhein"]
    assert titles(db, RegisterQuery("projects", filters={"sdg_goal": "6"})) == ["Wasser für alle"]
    assert titles(db, RegisterQuery("projects", filters={"country": "RO"})) == ["Wasser für alle"]
    assert titles(db, RegisterQuery("organisations", filters={"type": "ngo"}), "name") == ["Weltladen"]
    assert titles(db, RegisterQuery("organisations", filters={"kind": "ngo", "country": "RO"}), "name") == []
    # Filters a register does not have are ignored; empty values mean "all".
    assert len(titles(db, RegisterQuery("organisations", filters={"status": "active", "country": ""}), "name")) == 3


def test_sort_in_sql_by_index_order_and_by_label(small_db, db):
    # Text sorts in German dictionary order (case and accents do not count), by an indexed key.
    assert titles(db, RegisterQuery("projects", sort_column="title")) == ["apfelbäume", "Bildung", "Wasser für alle"]
    assert titles(db, RegisterQuery("projects", sort_column="title", descending=True)) == [
        "Wasser für alle", "Bildung", "apfelbäume"
    ]
    # The same order with a search (short words scan instead of using the text index).
    assert titles(db, RegisterQuery("projects", search="e", sort_column="title")) == ["apfelbäume", "Bildung", "Wasser für alle"]
    assert titles(db, RegisterQuery("projects", search="ldu", sort_column="title")) == ["Bildung"]
    # Status sorts by its German label: Geplant, Idee, Laufend.
    assert titles(db, RegisterQuery("projects", sort_column="status")) == ["Bildung", "apfelbäume", "Wasser für alle"]
    # Empty values first when ascending, last when descending (SQLite's order).
    assert titles(db, RegisterQuery("projects", sort_column="start_date"))[-1] == "Wasser für alle"
    assert titles(db, RegisterQuery("projects", sort_column="start_date", descending=True))[0] == "Wasser für alle"
    # Also where an outer join leaves the value empty ("Bildung" belongs to no partnership).
    assert titles(db, RegisterQuery("projects", sort_column="partnership"))[0] == "Bildung"
    assert titles(db, RegisterQuery("projects", sort_column="partnership", descending=True))[-1] == "Bildung"
    # Pages.
    service = RegisterService(db, "projects")
    everything = service.ids(RegisterQuery("projects"))
    assert service.ids(RegisterQuery("projects"), 1, 1) == everything[1:2]
    assert service.ids(RegisterQuery("projects"), 1) == everything[1:]
    # An unknown or unsortable column falls back to the default order.
    assert titles(db, RegisterQuery("projects", sort_column="sdg_goals")) == titles(db, RegisterQuery("projects"))


def test_rows_are_plain_display_values(small_db, db):
    service = RegisterService(db, "projects")
    [row] = service.rows(service.ids(RegisterQuery("projects", search="wasser")))
    assert row.values["partnership"] == "Zusammenarbeit Siebenbürgen"
    assert row.values["status"] == "Laufend"
    assert row.values["start_date"] == date(2024, 3, 1)
    assert row.values["budget"] == Money(__import__("decimal").Decimal("1234.50"), "EUR")
    assert row.values["sdg_goals"] == (6,)
    assert row.text("start_date") == "01.03.2024"
    partnerships = RegisterService(db, "partnerships")
    [p] = partnerships.rows([small_db["p2"].id])
    assert p.values["country"] == "Rumänien" and p.values["partner"] == "Cluj-Napoca"
    assert partnerships.rows(["no-such-id"]) == []


def test_filter_options(small_db, db):
    options = RegisterService(db, "partnerships").filter_options()
    assert set(options) == {"status", "country", "type", "sdg_goal", "stage"}
    assert [o.label for o in options["country"]] == ["Deutschland", "Rumänien"]
    goal = options["sdg_goal"][5]
    assert goal.value == "6" and goal.label.startswith("6 – ") and goal.colour and goal.colour.startswith("#")
    assert set(RegisterService(db, "contacts").filter_options()) == {"country", "check"}


def test_relations_of_a_partnership_and_an_organisation(small_db, db):
    groups = {g.title: [i.name for i in g.items] for g in related(db, "partnerships", small_db["p2"].id)}
    assert groups["Partner"] == ["Cluj-Napoca"]
    assert groups["Projekte"] == ["Wasser für alle"]
    groups = {g.title: [i.name for i in g.items] for g in related(db, "organisations", small_db["dus"].id)}
    assert groups == {"Partnerschaften": ["Freundschaft Rhein"]}



def test_related_records_come_in_german_order(small_db, db):
    """By the folded key, not by the database's collation (SQLite's lower() knows only
    ASCII: "Ärztin" came after "Müller" there, first on a German server)."""
    for name in ("Müller", "Ärztin", "de Vries"):
        service_for(db, "contacts").create(Contact(name=name, organisation_id=small_db["ngo"].id))
    groups = {g.title: [i.name for i in g.items] for g in related(db, "organisations", small_db["ngo"].id)}
    assert groups["Kontakte"] == ["Ärztin", "de Vries", "Müller"]


def test_rows_carry_their_sdg_goals_in_ascending_order_and_none_as_empty(small_db, db):
    # On a server the goals come in the rows' own query (array_agg); on a file from a second one.
    ps = service_for(db, "partnerships")
    many = ps.create(Partnership(title="Viele Ziele", partner_id=small_db["dus"].id, sdg_goals=[13, 4, 11]))
    none = ps.create(Partnership(title="Keine Ziele", partner_id=small_db["cluj"].id))
    rows = RegisterService(db, "partnerships").rows([many.id, none.id])
    assert [r.values["sdg_goals"] for r in rows] == [(4, 11, 13), ()]


def test_first_rows_in_one_statement_are_what_ids_and_rows_give(example_db, small_db, db):
    """``first_rows`` (one statement: the page of ids with its first rows' display values) gives
    exactly what ``ids`` and ``rows`` give, for searches, filters, sorts and every register."""
    queries = [RegisterService(db, kind).default_query() for kind in KINDS] + [
        RegisterQuery("partnerships", search="Dusseldorf"),
        RegisterQuery("partnerships", search="rumänien"),
        RegisterQuery("partnerships", search="nichts dergleichen"),
        RegisterQuery("partnerships", sort_column="country", descending=True),
        RegisterQuery("partnerships", sort_column="status"),
        RegisterQuery("projects", sort_column="start_date", descending=True),
        RegisterQuery("projects", sort_column="title", descending=True, search="a"),
        RegisterQuery("organisations", search="stadt", sort_column="country"),
        RegisterQuery("contacts", sort_column="organisation"),
    ]
    for query in queries:
        service = RegisterService(db, query.kind)
        for limit, shown in ((500, 64), (3, 2), (1, 5)):
            ids, rows = service.first_rows(query, limit, shown)
            assert ids == service.ids(query, 0, limit), query
            assert rows == service.rows(ids[:shown]), query


def test_a_relationship_group_counts_all_its_records_beyond_those_it_lists(small_db, db):
    for name in ("Müller", "Ärztin", "de Vries"):
        service_for(db, "contacts").create(Contact(name=name, organisation_id=small_db["ngo"].id))
    [contacts] = [g for g in related(db, "organisations", small_db["ngo"].id, limit=2) if g.kind == "contacts"]
    assert [i.name for i in contacts.items] == ["Ärztin", "de Vries"] and contacts.total == 3
    assert related(db, "organisations", small_db["cluj"].id, limit=2)[0].total == 1  # its partnership


def test_a_projects_participants_come_with_their_roles(small_db, db):
    """The roles are read with the groups (on a server all in one request) and label the organisations."""
    from partnerdesk.domain.enums import ParticipantRole
    from partnerdesk.domain.records import Participant

    project = service_for(db, "projects").create(Project(title="Rollen", participants=[
        Participant(organisation_id=small_db["dus"].id, role=ParticipantRole.LEAD),
        Participant(organisation_id=small_db["ngo"].id),
    ]))
    groups = {g.title: g for g in related(db, "projects", project.id)}
    organisations = groups["Beteiligte Organisationen"]
    assert organisations.total == 2
    assert {i.name: i.detail for i in organisations.items} == {
        "Landeshauptstadt Düsseldorf": ParticipantRole.LEAD.label, "Weltladen": ParticipantRole.PARTNER.label,
    }
