"""The city's real partnerships as the office describes them, as example data.

Every record is marked ``is_example`` so that ``remove_example_data`` can take
it out again in one step once the office has entered its own records. Contact
persons are invented placeholders (no real personal data is shipped).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from partnerdesk.domain import validation
from partnerdesk.domain.enums import (
    ActivityKind,
    DecisionBody,
    DecisionResult,
    MouStatus,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
)
from partnerdesk.domain.errors import DependentsError
from partnerdesk.domain.records import (
    KINDS_IN_DEPENDENCY_ORDER,
    Activity,
    Contact,
    Decision,
    FollowUp,
    FundingSource,
    Organisation,
    Participant,
    Partnership,
    Project,
    Record,
)
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.services.history_trail import DeletionTrail
from partnerdesk.services.records import ROW_TYPES, upsert_record

K = OrganisationKind
ROLE = ParticipantRole


def _org(name: str, kind: OrganisationKind, country: str = "DE", city: str = "Dortmund", **kw: object) -> Organisation:
    return Organisation(name=name, kind=kind, country=country, city=city, is_example=True, **kw)  # type: ignore[arg-type]


def example_records() -> list[Record]:
    # The city itself (the body that signs: legal name, Oberbürgermeister), its units and local actors.
    # Representatives are invented placeholders like the contacts; legal names and functions are real.
    city = _org(
        "Stadt Dortmund", K.CITY_UNIT, languages=["de"], legal_name="Stadt Dortmund",
        legal_name_translations="en: City of Dortmund\nfr: Ville de Dortmund\nro: Municipiul Dortmund",
        representative="Max Mustermann", representative_function="Oberbürgermeister",
        representative_function_translations=(
            "en: Lord Mayor of the City of Dortmund\nfr: Maire de la Ville de Dortmund\nro: Primarul Municipiului Dortmund"
        ),
    )
    office = _org(
        "Büro für Internationale Beziehungen und Nachhaltige Entwicklung", K.CITY_UNIT, short_name="Büro IB/NE",
        languages=["de"],
    )
    environment = _org("Umweltamt", K.CITY_UNIT, languages=["de"])
    economy = _org("Wirtschaftsförderung", K.CITY_UNIT, languages=["de"])
    dezernat = _org("Dezernat 2", K.CITY_UNIT, languages=["de"])
    cio = _org("Chief Information/Innovation Office", K.CITY_UNIT, short_name="CIO", languages=["de", "en"])
    edg = _org("EDG Entsorgung Dortmund GmbH", K.MUNICIPAL_COMPANY, short_name="EDG", languages=["de"])
    klinikum = _org("Klinikum Dortmund", K.HOSPITAL, languages=["de"])
    weltladen = _org("Weltladen Aplerbeck", K.NGO, city="Dortmund-Aplerbeck", languages=["de"],
                     notes="Fairtrade-Laden; Wasserprojekt „Jeder Tropfen zählt“ in Bondo seit 2008.")
    # Partner municipalities.
    kumasi = _org("Kumasi", K.MUNICIPALITY, "GH", "Kumasi", languages=["en"], latitude=6.6885, longitude=-1.6244,
                  notes="Klimapartnerschaft: beide Städte erarbeiten parallel Masterpläne zur Klimaanpassung.",
                  legal_name="Kumasi Metropolitan Assembly", representative="Kofi Example",
                  representative_function="Mayor of Kumasi Metropolitan Assembly",
                  representative_function_translations="de: Bürgermeister der Kumasi Metropolitan Assembly")
    dabola = _org("Dabola", K.MUNICIPALITY, "GN", "Dabola", population=42000, languages=["fr"],
                  latitude=10.7500, longitude=-11.1167, legal_name="Commune urbaine de Dabola",
                  representative="Mamadou Exemple", representative_function="Maire de la Commune urbaine de Dabola",
                  representative_function_translations="de: Bürgermeister der Commune urbaine de Dabola")
    cluj = _org("Cluj-Napoca", K.MUNICIPALITY, "RO", "Cluj-Napoca", languages=["ro"], latitude=46.7712, longitude=23.6236,
                legal_name="Municipiul Cluj-Napoca", representative="Andrei Exemplu", representative_function="Primar",
                representative_function_translations="de: Bürgermeister\nen: Mayor\nfr: Maire")
    dura = _org("Dura", K.MUNICIPALITY, "PS", "Dura", languages=["ar"], latitude=31.5072, longitude=35.0281,
                notes="دورا – Projektpartnerschaft seit 2018.", legal_name="Dura Municipality",
                legal_name_translations="ar: بلدية دورا\nde: Stadtverwaltung Dura", representative="Yousef Example",
                representative_function="Mayor of Dura",
                representative_function_translations="ar: رئيس بلدية دورا\nde: Bürgermeister der Stadt Dura")
    bondo = _org("Bondo", K.MUNICIPALITY, "KE", "Bondo", languages=["en", "sw"], latitude=-0.0987, longitude=34.2728,
                 legal_name="Bondo Municipality", representative="Achieng Example",
                 representative_function="Municipal Manager, Bondo Municipality",
                 representative_function_translations="de: Stadtverwaltungsleiterin der Bondo Municipality")

    p_kumasi = Partnership(
        title="Klimapartnerschaft Dortmund – Kumasi", partner_id=kumasi.id, type=PartnershipType.CLIMATE_PARTNERSHIP,
        status=PartnershipStatus.ACTIVE, mou_status=MouStatus.IN_PREPARATION,
        themes=["Klimaanpassung", "Klimaschutz"], sdg_goals=[11, 13, 17], coordinator_ids=[office.id, environment.id],
        notes="Beide Städte erarbeiten parallel Masterpläne zur Klimaanpassung. Ein Memorandum of Understanding wird vorbereitet.",
        is_example=True,
    )
    p_dabola = Partnership(
        title="Partnerschaft Dortmund – Dabola", partner_id=dabola.id, type=PartnershipType.PROJECT_PARTNERSHIP,
        status=PartnershipStatus.ACTIVE, themes=["Abfall", "Umweltbildung"], sdg_goals=[4, 11, 12, 17],
        coordinator_ids=[office.id, environment.id],
        notes="Abfallentsorgung und Umweltbildung an Schulen; Austausch mit der EDG Entsorgung Dortmund GmbH.",
        is_example=True,
    )
    p_cluj = Partnership(
        title="Partnerschaft Dortmund – Cluj-Napoca", partner_id=cluj.id, type=PartnershipType.PROJECT_COOPERATION,
        status=PartnershipStatus.ACTIVE, themes=["Energie", "Wasser", "Digitalisierung", "Innovation"],
        sdg_goals=[6, 7, 9, 17], coordinator_ids=[office.id, economy.id, cio.id],
        notes="Energie und Wasser, Technologie und Digitalisierung, Innovationsökosysteme.",
        # Romanian law (OUG 57/2019 art. 89, Legea 590/2003 art. 41) needs a council decision (HCL) of Cluj-Napoca.
        partner_decision_required=True,
        is_example=True,
    )
    p_dura = Partnership(
        title="Projektpartnerschaft Dortmund – Dura", partner_id=dura.id, type=PartnershipType.PROJECT_PARTNERSHIP,
        status=PartnershipStatus.ACTIVE, start_year=2018, themes=["Abfall", "Gesundheit"], sdg_goals=[3, 11, 12, 17],
        coordinator_ids=[office.id, dezernat.id],
        notes="Schenkung eines Müllfahrzeugs durch die EDG; Austausch von Praktikantinnen und Praktikanten mit dem Klinikum Dortmund.",
        is_example=True,
    )

    c_office = Contact(name="Erika Beispiel", organisation_id=office.id, function="Koordination Klimapartnerschaften",
                       email="erika.beispiel@example.org", phone="+49 231 000000", preferred_language="de",
                       legal_basis="Beispieldaten (erfundene Person)", is_example=True)
    c_kumasi = Contact(name="Kwame Example", organisation_id=kumasi.id, function="Climate Desk Officer",
                       email="k.example@example.org", preferred_language="en",
                       legal_basis="Beispieldaten (erfundene Person)", is_example=True)
    c_dabola = Contact(name="Aïssatou Exemple", organisation_id=dabola.id, function="Chargée de l’environnement",
                       preferred_language="fr", legal_basis="Beispieldaten (erfundene Person)", is_example=True)
    c_cluj = Contact(name="Ioana Exemplu", organisation_id=cluj.id, function="Direcția Digitalizare și Inovare",
                     preferred_language="ro", legal_basis="Beispieldaten (erfundene Person)", is_example=True)
    c_deputy = Contact(name="Jörg Beispiel", organisation_id=city.id,
                       function="Stadtdirektor (allgemeiner Vertreter des Oberbürgermeisters)", preferred_language="de",
                       legal_basis="Beispieldaten (erfundene Person)", is_example=True)
    c_edg = Contact(name="Jonas Muster", organisation_id=edg.id, function="Internationale Kooperation",
                    preferred_language="de", legal_basis="Beispieldaten (erfundene Person)", is_example=True)

    pr_kumasi = Project(
        title="Masterpläne Klimaanpassung Dortmund und Kumasi", partnership_id=p_kumasi.id,
        summary="Beide Städte erarbeiten parallel Masterpläne zur Klimaanpassung und tauschen Methoden, Daten und Erfahrungen aus.",
        status=ProjectStatus.RUNNING, start_date=date(2024, 1, 1), sdg_goals=[11, 13, 17],
        sdg_targets=["11.b", "13.2", "17.17"], budget_amount=Decimal("45000.00"), budget_currency="EUR",
        funding_sources=[FundingSource(name="Eigenmittel der Stadt", amount=Decimal("45000.00"))],
        participants=[Participant(organisation_id=office.id, role=ROLE.LEAD),
                      Participant(organisation_id=environment.id, role=ROLE.IMPLEMENTER),
                      Participant(organisation_id=kumasi.id, role=ROLE.PARTNER)],
        contact_ids=[c_office.id, c_kumasi.id], is_example=True,
    )
    pr_dabola = Project(
        title="Abfallentsorgung und Umweltbildung an Schulen in Dabola", partnership_id=p_dabola.id,
        summary="Aufbau einer geordneten Abfallentsorgung und Umweltbildung an Schulen in Dabola (42.000 Einwohnerinnen und Einwohner), im Austausch mit der EDG.",
        status=ProjectStatus.RUNNING, sdg_goals=[4, 11, 12], sdg_targets=["4.7", "11.6", "12.5"],
        participants=[Participant(organisation_id=office.id, role=ROLE.LEAD),
                      Participant(organisation_id=edg.id, role=ROLE.ADVISOR),
                      Participant(organisation_id=dabola.id, role=ROLE.PARTNER)],
        contact_ids=[c_dabola.id, c_edg.id], is_example=True,
    )
    pr_cluj = Project(
        title="Innovationsökosysteme und Digitalisierung Cluj-Napoca – Dortmund", partnership_id=p_cluj.id,
        summary="Austausch zu Energie und Wasser, Technologie und Digitalisierung sowie zum Aufbau von Innovationsökosystemen.",
        status=ProjectStatus.PLANNED, sdg_goals=[6, 7, 9, 17], sdg_targets=["9.5", "17.6"],
        participants=[Participant(organisation_id=economy.id, role=ROLE.LEAD),
                      Participant(organisation_id=cio.id, role=ROLE.PARTNER),
                      Participant(organisation_id=cluj.id, role=ROLE.PARTNER)],
        contact_ids=[c_cluj.id], is_example=True,
    )
    pr_truck = Project(
        title="Müllfahrzeug für Dura", partnership_id=p_dura.id,
        summary="Schenkung eines Müllfahrzeugs durch die EDG Entsorgung Dortmund GmbH an die Stadt Dura.",
        status=ProjectStatus.COMPLETED, sdg_goals=[11, 12], sdg_targets=["11.6"],
        participants=[Participant(organisation_id=edg.id, role=ROLE.FUNDER),
                      Participant(organisation_id=dura.id, role=ROLE.PARTNER)],
        contact_ids=[c_edg.id], is_example=True,
    )
    pr_interns = Project(
        title="Praktikumsaustausch Dura – Klinikum Dortmund", partnership_id=p_dura.id,
        summary="Austausch von Praktikantinnen und Praktikanten zwischen Dura und dem Klinikum Dortmund.",
        status=ProjectStatus.RUNNING, sdg_goals=[3, 4], sdg_targets=["3.c"],
        participants=[Participant(organisation_id=klinikum.id, role=ROLE.IMPLEMENTER),
                      Participant(organisation_id=dura.id, role=ROLE.PARTNER)],
        is_example=True,
    )
    pr_water = Project(
        title="Jeder Tropfen zählt",
        summary="Wasserprojekt des Weltladens Aplerbeck in Bondo (Kenia) seit 2008. Die Stadt unterstützt mit Beratung und Kontakten zu Unternehmen.",
        status=ProjectStatus.RUNNING, start_date=date(2008, 1, 1), sdg_goals=[6, 17], sdg_targets=["6.1", "17.17"],
        participants=[Participant(organisation_id=weltladen.id, role=ROLE.LEAD),
                      Participant(organisation_id=bondo.id, role=ROLE.PARTNER),
                      Participant(organisation_id=office.id, role=ROLE.ADVISOR)],
        is_example=True,
    )

    activities = [
        Activity(title="Workshop Klimaanpassung mit Kumasi", kind=ActivityKind.WORKSHOP, date=date(2025, 3, 12),
                 place="Dortmund", partnership_id=p_kumasi.id, project_id=pr_kumasi.id,
                 contact_ids=[c_office.id, c_kumasi.id], organisation_ids=[environment.id],
                 notes="Abgleich der Gliederung beider Masterpläne.",
                 follow_ups=[FollowUp(text="Entwurf des MoU an Kumasi senden", due_date=date(2026, 12, 15))],
                 is_example=True),
        Activity(title="Übergabe des Müllfahrzeugs in Dura", kind=ActivityKind.DONATION, date=date(2019, 5, 20),
                 place="Dura", partnership_id=p_dura.id, project_id=pr_truck.id, organisation_ids=[edg.id],
                 is_example=True),
        Activity(title="Delegationsreise nach Dabola", kind=ActivityKind.DELEGATION_TRIP, date=date(2025, 10, 6),
                 place="Dabola", partnership_id=p_dabola.id, project_id=pr_dabola.id,
                 contact_ids=[c_dabola.id, c_edg.id], organisation_ids=[edg.id],
                 notes="Besuch von zwei Schulen; Gespräch über Sammelstellen.",
                 follow_ups=[FollowUp(text="Unterrichtsmaterial zur Umweltbildung übersetzen", due_date=date(2026, 2, 1)),
                             FollowUp(text="Bericht an Dezernat 2", due_date=date(2025, 11, 15), done=True)],
                 is_example=True),
        Activity(title="Videokonferenz Innovationsökosysteme", kind=ActivityKind.CALL, date=date(2025, 6, 4),
                 partnership_id=p_cluj.id, project_id=pr_cluj.id, contact_ids=[c_cluj.id],
                 organisation_ids=[cio.id, economy.id], is_example=True),
    ]
    # A committee's decision only: the city council's approval that a final MoU needs is left for
    # the office to enter (the MoU shows the gap).
    decision = Decision(
        title="Bericht über die Zusammenarbeit mit Cluj-Napoca", body=DecisionBody.COMMITTEE,
        committee="Ausschuss für Internationales (Beispiel)", date=date(2025, 9, 18), number="Beispiel-0815-25",
        result=DecisionResult.NOTED, partnership_ids=[p_cluj.id], project_ids=[pr_cluj.id], is_example=True,
    )
    return [
        city, office, environment, economy, dezernat, cio, edg, klinikum, weltladen, kumasi, dabola, cluj, dura, bondo,
        p_kumasi, p_dabola, p_cluj, p_dura,
        c_office, c_deputy, c_kumasi, c_dabola, c_cluj, c_edg,
        pr_kumasi, pr_dabola, pr_cluj, pr_truck, pr_interns, pr_water,
        *activities, decision,
    ]


def add_example_data(db: Database) -> int:
    """Insert the example records in one transaction; returns how many."""
    records = example_records()
    for record in records:
        validation.validate(record)
    order = {k: i for i, k in enumerate(KINDS_IN_DEPENDENCY_ORDER)}
    with db.write() as session:
        for record in sorted(records, key=lambda r: order[r.KIND]):
            upsert_record(session, record)
        db.set_info("example_data", "yes", session)
    return len(records)


def _refuse_if_a_partner_is_example(session: Session) -> None:
    """A partnership of the user's own whose partner is an example organisation would lose its
    partner (the database refuses that); say which, instead of failing on the foreign key."""
    partnerships, organisations = ROW_TYPES["partnerships"], ROW_TYPES["organisations"]
    row = session.execute(
        select(partnerships.title, organisations.name)
        .join(organisations, organisations.id == partnerships.partner_id)
        .where(partnerships.is_example.is_(False), organisations.is_example.is_(True))
        .limit(1)
    ).first()
    if row is not None:
        raise DependentsError(_(
            "The example data cannot be removed: the partnership “{title}” has the example organisation “{name}” "
            "as its partner. Give it another partner or delete it first."
        ).format(title=row.title, name=row.name))


def remove_example_data(db: Database) -> int:
    """Delete every record marked as example data (children first); returns how many."""
    removed = 0
    with db.write() as session:
        _refuse_if_a_partner_is_example(session)
        trail = DeletionTrail(session, {
            kind: session.scalars(select(ROW_TYPES[kind].id).where(ROW_TYPES[kind].is_example.is_(True))).all()
            for kind in KINDS_IN_DEPENDENCY_ORDER
        })
        for kind in reversed(KINDS_IN_DEPENDENCY_ORDER):
            row_type = ROW_TYPES[kind]
            # A DELETE's result is a CursorResult; Session.execute is typed for any statement.
            result = cast("CursorResult[Any]", session.execute(delete(row_type).where(row_type.is_example.is_(True))))
            removed += result.rowcount or 0
        trail.write(session)
        db.set_info("example_data", "removed", session)
    return removed
