"""The city's real partnerships as the office describes them, as example data.

Every record is marked ``is_example`` so that ``remove_example_data`` can take
it out again in one step once the office has entered its own records. Contact
persons are invented placeholders (no real personal data is shipped).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from partnerdesk.domain import validation
from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    KeyFactKind,
    LegalBasis,
    MouStatus,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    Salutation,
    StageKind,
)
from partnerdesk.domain.errors import DependentsError
from partnerdesk.domain.records import (
    KINDS_IN_DEPENDENCY_ORDER,
    Activity,
    Attendee,
    Contact,
    Decision,
    FollowUp,
    FundingSource,
    KeyFact,
    Organisation,
    Participant,
    Partnership,
    PartnershipStage,
    Project,
    Record,
)
from partnerdesk.domain.stages import SKEW_CLIMATE_PROGRAMME
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables_beside import ThemeTranslationRow
from partnerdesk.services.example_grants import example_grants
from partnerdesk.services.example_programme import kumasi_programme
from partnerdesk.services.history_trail import DeletionTrail
from partnerdesk.services.records import ROW_TYPES
from partnerdesk.services.upserts import upsert_record

K = OrganisationKind
ROLE = ParticipantRole


def _org(name: str, kind: OrganisationKind, country: str = "DE", city: str = "Dortmund", **kw: object) -> Organisation:
    return Organisation(name=name, kind=kind, country=country, city=city, is_example=True, **kw)  # type: ignore[arg-type]


def _lines(**by_language: str) -> str:
    """A translations field: one "code: text" line per language."""
    return "\n".join(f"{code}: {text}" for code, text in by_language.items())


#: The theme glossary of the example data: each example theme in the languages of the example MoUs.
EXAMPLE_THEMES: dict[str, str] = {
    "Klimaanpassung": _lines(en="Climate change adaptation", fr="Adaptation au changement climatique",
                             ro="Adaptarea la schimbările climatice", ar="التكيف مع تغير المناخ"),
    "Klimaschutz": _lines(en="Climate protection", fr="Protection du climat", ro="Protecția climei",
                          ar="حماية المناخ"),
    "Abfall": _lines(en="Waste management", fr="Gestion des déchets", ro="Gestionarea deșeurilor",
                     ar="إدارة النفايات"),
    "Umweltbildung": _lines(en="Environmental education", fr="Éducation à l’environnement",
                            ro="Educație ecologică", ar="التربية البيئية"),
    "Energie": _lines(en="Energy", fr="Énergie", ro="Energie", ar="الطاقة"),
    "Wasser": _lines(en="Water", fr="Eau", ro="Apă", ar="المياه"),
    "Digitalisierung": _lines(en="Digitalisation", fr="Transformation numérique", ro="Digitalizare",
                              ar="التحول الرقمي"),
    "Innovation": _lines(en="Innovation", fr="Innovation", ro="Inovare", ar="الابتكار"),
    "Gesundheit": _lines(en="Health", fr="Santé", ro="Sănătate", ar="الصحة"),
}


def example_records() -> list[Record]:
    # The city itself (the body that signs: legal name, Oberbürgermeister), its units and local actors.
    # Representatives are invented placeholders like the contacts; legal names and functions are real.
    city = _org(
        "Stadt Dortmund", K.CITY_UNIT, languages=["de"], legal_name="Stadt Dortmund",
        name_translations="en: City of Dortmund\nfr: Ville de Dortmund\nro: Municipiul Dortmund\nar: مدينة دورتموند",
        legal_name_translations="en: City of Dortmund\nfr: Ville de Dortmund\nro: Municipiul Dortmund\nar: مدينة دورتموند",
        representative="Max Mustermann", representative_function="Oberbürgermeister",
        representative_function_translations=(
            "en: Lord Mayor of the City of Dortmund\nfr: Maire de la Ville de Dortmund\nro: Primarul Municipiului Dortmund"
            "\nar: عمدة مدينة دورتموند"
        ),
    )
    office = _org(
        "Büro für Internationale Beziehungen und Nachhaltige Entwicklung", K.CITY_UNIT, short_name="Büro IB/NE",
        languages=["de"], name_translations=_lines(
            en="Office for International Relations and Sustainable Development",
            fr="Bureau des relations internationales et du développement durable",
            ro="Biroul pentru Relații Internaționale și Dezvoltare Durabilă",
            ar="مكتب العلاقات الدولية والتنمية المستدامة"),
    )
    environment = _org("Umweltamt", K.CITY_UNIT, languages=["de"], name_translations=_lines(
        en="Environment Department", fr="Service de l’environnement", ro="Direcția de Mediu", ar="دائرة البيئة"))
    economy = _org("Wirtschaftsförderung", K.CITY_UNIT, languages=["de"], name_translations=_lines(
        en="Economic Development Agency", fr="Agence de développement économique",
        ro="Agenția de Dezvoltare Economică", ar="دائرة التنمية الاقتصادية"))
    dezernat = _org("Dezernat 2", K.CITY_UNIT, languages=["de"], name_translations=_lines(
        en="Executive Department 2", fr="Département 2 de l’administration municipale",
        ro="Departamentul 2 al administrației municipale", ar="الدائرة الثانية في الإدارة البلدية"))
    cio = _org("Chief Information/Innovation Office", K.CITY_UNIT, short_name="CIO", languages=["de", "en"],
               name_translations=_lines(
                   en="Chief Information/Innovation Office", fr="Bureau de l’information et de l’innovation",
                   ro="Biroul pentru Informație și Inovare", ar="مكتب المعلومات والابتكار"))
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
    # Dabola's inhabitants as the office met them: side by side with source and date, the newest shown.
    dabola = _org("Dabola", K.MUNICIPALITY, "GN", "Dabola", languages=["fr"], key_facts=[
        KeyFact(kind=KeyFactKind.INHABITANTS, value="42000", source="bisheriger Wert"),
        KeyFact(kind=KeyFactKind.INHABITANTS, value="21000", source="Reisebericht der Delegation", as_of="2012"),
        KeyFact(kind=KeyFactKind.INHABITANTS, value="40000", source="Angabe der Commune urbaine de Dabola beim Besuch",
                as_of="2019-10-15"),
        KeyFact(kind=KeyFactKind.MAYOR, name="Mamadou Exemple", value="2021", source="Schreiben der Commune urbaine",
                as_of="2023-02-01"),
    ],
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
        title="Klimapartnerschaft Dortmund – Kumasi", partner_id=kumasi.id, type=PartnershipType.PROJECT_PARTNERSHIP,
        status=PartnershipStatus.ACTIVE, mou_status=MouStatus.IN_PREPARATION,
        themes=["Klimaanpassung", "Klimaschutz"], sdg_goals=[11, 13, 17], coordinator_ids=[office.id, environment.id],
        notes="Beide Städte erarbeiten parallel Masterpläne zur Klimaanpassung. Ein Memorandum of Understanding wird vorbereitet.",
        stages=[
            PartnershipStage(kind=StageKind.FIRST_CONTACT, date=date(2021, 3, 15), note="Erstes Gespräch auf einer Fachkonferenz"),
            PartnershipStage(kind=StageKind.PROJECT_PARTNERSHIP, date=date(2022, 1, 1), programme=SKEW_CLIMATE_PROGRAMME,
                             phase="Phase 1", note="Aufnahme in das Programm der SKEW"),
        ],
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
        title="Partnerschaft Dortmund – Cluj-Napoca", partner_id=cluj.id, type=PartnershipType.PROJECT_PARTNERSHIP,
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

    example = "Beispieldaten (erfundene Person)"
    c_office = Contact(salutation=Salutation.MS, first_name="Erika", last_name="Beispiel", organisation_id=office.id,
                       function="Koordination Klimapartnerschaften", email="erika.beispiel@example.org",
                       phone="Büro: +49 231 000000", languages=["de", "en"],
                       address="Stadt Dortmund, Büro für Internationales\nFriedensplatz 1\n44135 Dortmund",
                       legal_basis=LegalBasis.PUBLIC_TASK, consent_source=example, is_example=True)
    c_kumasi = Contact(salutation=Salutation.MR, first_name="Kwame", last_name="Example", organisation_id=kumasi.id,
                       function="Climate Desk Officer", email="k.example@example.org", languages=["en"],
                       legal_basis=LegalBasis.CONSENT, consent_given_on=date(2025, 3, 1),
                       consent_source="Einwilligungserklärung beim Besuch in Kumasi (Beispieldaten)", is_example=True)
    c_dabola = Contact(salutation=Salutation.MS, title="Dr.", first_name="Aïssatou", last_name="Exemple",
                       organisation_id=dabola.id, function="Chargée de l’environnement", languages=["fr"],
                       legal_basis=LegalBasis.LEGITIMATE_INTEREST, consent_source=example, is_example=True)
    c_cluj = Contact(salutation=Salutation.MS, first_name="Ioana", last_name="Exemplu", organisation_id=cluj.id,
                     function="Direcția Digitalizare și Inovare", languages=["ro", "en"],
                     legal_basis=LegalBasis.CONSENT, consent_given_on=date(2024, 5, 2), consent_source=example,
                     is_example=True)
    c_deputy = Contact(salutation=Salutation.MR, first_name="Jörg", last_name="Beispiel", organisation_id=city.id,
                       function="Stadtdirektor (allgemeiner Vertreter des Oberbürgermeisters)", languages=["de"],
                       phone="Vorzimmer: +49 231 000001\nMobil: +49 171 0000002",
                       legal_basis=LegalBasis.PUBLIC_TASK, consent_source=example, is_example=True)
    # No salutation: letters greet with the full name ("Guten Tag Jonas Muster").
    c_edg = Contact(first_name="Jonas", last_name="Muster", organisation_id=edg.id, function="Internationale Kooperation",
                    languages=["de"], legal_basis=LegalBasis.CONTRACT, consent_source=example, is_example=True)
    # Written in Arabic script as the partner writes it ("Yousef Example"); consent withdrawn and
    # "do not contact": kept on record, left out of every letter and mail merge.
    c_dura = Contact(salutation=Salutation.MR, first_name="يوسف", last_name="مثال", organisation_id=dura.id,
                     function="مسؤول الشراكات – Partnerschaftsbeauftragter", languages=["ar", "en"],
                     legal_basis=LegalBasis.CONSENT, consent_given_on=date(2019, 4, 1),
                     consent_withdrawn_on=date(2025, 9, 30), consent_source=example, do_not_contact=True,
                     is_example=True)

    pr_kumasi = Project(
        title="Masterpläne Klimaanpassung Dortmund und Kumasi", partnership_id=p_kumasi.id,
        title_translations=_lines(en="Climate adaptation master plans for Dortmund and Kumasi"),
        summary="Beide Städte erarbeiten parallel Masterpläne zur Klimaanpassung und tauschen Methoden, Daten und Erfahrungen aus.",
        summary_translations=_lines(en="Both cities are drawing up climate adaptation master plans in parallel and "
                                       "exchange methods, data and experience."),
        status=ProjectStatus.RUNNING, start_date=date(2024, 1, 1), sdg_goals=[11, 13, 17],
        results="Je ein Masterplan Klimaanpassung für beide Städte; gemeinsame Indikatoren für Hitze- und Starkregenvorsorge.",
        sdg_targets=["11.b", "13.2", "17.17"], budget_amount=Decimal("45000.00"), budget_currency="EUR",
        funding_sources=[FundingSource(name="Eigenmittel der Stadt", amount=Decimal("45000.00"))],
        participants=[Participant(organisation_id=office.id, role=ROLE.LEAD),
                      Participant(organisation_id=environment.id, role=ROLE.IMPLEMENTER),
                      Participant(organisation_id=kumasi.id, role=ROLE.PARTNER)],
        contact_ids=[c_office.id, c_kumasi.id], is_example=True,
    )
    pr_dabola = Project(
        title="Abfallentsorgung und Umweltbildung an Schulen in Dabola", partnership_id=p_dabola.id,
        title_translations=_lines(en="Waste management and environmental education in schools in Dabola",
                                  fr="Gestion des déchets et éducation à l’environnement dans les écoles de Dabola"),
        summary_translations=_lines(
            en="Setting up orderly waste management and environmental education in schools in Dabola "
               "(42,000 inhabitants), in exchange with EDG.",
            fr="Mise en place d’une gestion ordonnée des déchets et d’une éducation à l’environnement dans les écoles "
               "de Dabola (42 000 habitants), en échange avec l’EDG."),
        summary="Aufbau einer geordneten Abfallentsorgung und Umweltbildung an Schulen in Dabola (42.000 Einwohnerinnen und Einwohner), im Austausch mit der EDG.",
        status=ProjectStatus.RUNNING, sdg_goals=[4, 11, 12], sdg_targets=["4.7", "11.6", "12.5"],
        participants=[Participant(organisation_id=office.id, role=ROLE.LEAD),
                      Participant(organisation_id=edg.id, role=ROLE.ADVISOR),
                      Participant(organisation_id=dabola.id, role=ROLE.PARTNER)],
        contact_ids=[c_dabola.id, c_edg.id], is_example=True,
    )
    pr_cluj = Project(
        title="Innovationsökosysteme und Digitalisierung Cluj-Napoca – Dortmund", partnership_id=p_cluj.id,
        title_translations=_lines(en="Innovation ecosystems and digitalisation Cluj-Napoca – Dortmund",
                                  ro="Ecosisteme de inovare și digitalizare Cluj-Napoca – Dortmund"),
        summary_translations=_lines(
            en="Exchange on energy and water, technology and digitalisation, and on building innovation ecosystems.",
            ro="Schimb de experiență privind energia și apa, tehnologia și digitalizarea, precum și dezvoltarea "
               "ecosistemelor de inovare."),
        summary="Austausch zu Energie und Wasser, Technologie und Digitalisierung sowie zum Aufbau von Innovationsökosystemen.",
        status=ProjectStatus.PLANNED, sdg_goals=[6, 7, 9, 17], sdg_targets=["9.5", "17.6"],
        participants=[Participant(organisation_id=economy.id, role=ROLE.LEAD),
                      Participant(organisation_id=cio.id, role=ROLE.PARTNER),
                      Participant(organisation_id=cluj.id, role=ROLE.PARTNER)],
        contact_ids=[c_cluj.id], is_example=True,
    )
    pr_truck = Project(
        title="Müllfahrzeug für Dura", partnership_id=p_dura.id,
        title_translations=_lines(en="A refuse collection vehicle for Dura", ar="مركبة لجمع النفايات لمدينة دورا"),
        summary_translations=_lines(
            en="Donation of a refuse collection vehicle by EDG Entsorgung Dortmund GmbH to the City of Dura.",
            ar="تبرّعت شركة EDG Entsorgung Dortmund GmbH بمركبة لجمع النفايات لمدينة دورا."),
        summary="Schenkung eines Müllfahrzeugs durch die EDG Entsorgung Dortmund GmbH an die Stadt Dura.",
        status=ProjectStatus.COMPLETED, sdg_goals=[11, 12], sdg_targets=["11.6"],
        participants=[Participant(organisation_id=edg.id, role=ROLE.FUNDER),
                      Participant(organisation_id=dura.id, role=ROLE.PARTNER)],
        contact_ids=[c_edg.id], is_example=True,
    )
    pr_interns = Project(
        title="Praktikumsaustausch Dura – Klinikum Dortmund", partnership_id=p_dura.id,
        title_translations=_lines(en="Internship exchange Dura – Klinikum Dortmund hospital",
                                  ar="تبادل المتدربين بين دورا ومستشفى دورتموند"),
        summary_translations=_lines(
            en="Exchange of interns between Dura and Klinikum Dortmund hospital.",
            ar="تبادل المتدربين والمتدربات بين مدينة دورا ومستشفى دورتموند."),
        summary="Austausch von Praktikantinnen und Praktikanten zwischen Dura und dem Klinikum Dortmund.",
        status=ProjectStatus.RUNNING, sdg_goals=[3, 4], sdg_targets=["3.c"],
        participants=[Participant(organisation_id=klinikum.id, role=ROLE.IMPLEMENTER),
                      Participant(organisation_id=dura.id, role=ROLE.PARTNER)],
        is_example=True,
    )
    pr_water = Project(
        title="Jeder Tropfen zählt", title_translations=_lines(en="Every Drop Counts"),
        summary="Wasserprojekt des Weltladens Aplerbeck in Bondo (Kenia) seit 2008. Die Stadt unterstützt mit Beratung und Kontakten zu Unternehmen.",
        status=ProjectStatus.RUNNING, start_year=2008, sdg_goals=[6, 17], sdg_targets=["6.1", "17.17"],
        participants=[Participant(organisation_id=weltladen.id, role=ROLE.LEAD),
                      Participant(organisation_id=bondo.id, role=ROLE.PARTNER),
                      Participant(organisation_id=office.id, role=ROLE.ADVISOR)],
        is_example=True,
    )

    activities = [
        Activity(title="Workshop Klimaanpassung mit Kumasi", kind=ActivityKind.WORKSHOP, date=date(2025, 3, 12),
                 direction=ActivityDirection.AT_HOME, place="Dortmund", partnership_id=p_kumasi.id, project_id=pr_kumasi.id,
                 contact_ids=[c_office.id, c_kumasi.id], organisation_ids=[environment.id],
                 notes="Abgleich der Gliederung beider Masterpläne.",
                 follow_ups=[FollowUp(text="Entwurf des MoU an Kumasi senden", due_date=date(2026, 12, 15))],
                 is_example=True),
        Activity(title="Übergabe des Müllfahrzeugs in Dura", kind=ActivityKind.DONATION, date=date(2019, 5, 20),
                 direction=ActivityDirection.OUTGOING, place="Dura", partnership_id=p_dura.id, project_id=pr_truck.id, organisation_ids=[edg.id],
                 is_example=True),
        Activity(title="Delegationsreise nach Dabola", kind=ActivityKind.OUTGOING_DELEGATION, date=date(2025, 10, 6),
                 end_date=date(2025, 10, 10), direction=ActivityDirection.OUTGOING, place="Dabola",
                 attendees=[Attendee(contact_id=c_edg.id, name=c_edg.name, organisation_id=edg.id, organisation=edg.name,
                                     role="Delegationsleitung")], partnership_id=p_dabola.id, project_id=pr_dabola.id,
                 contact_ids=[c_dabola.id, c_edg.id], organisation_ids=[edg.id],
                 notes="Besuch von zwei Schulen; Gespräch über Sammelstellen.",
                 follow_ups=[FollowUp(text="Unterrichtsmaterial zur Umweltbildung übersetzen", due_date=date(2026, 2, 1)),
                             FollowUp(text="Bericht an Dezernat 2", due_date=date(2025, 11, 15), done=True)],
                 is_example=True),
        Activity(title="Videokonferenz Innovationsökosysteme", kind=ActivityKind.ONLINE_MEETING, date=date(2025, 6, 4),
                 direction=ActivityDirection.ONLINE, partnership_id=p_cluj.id, project_id=pr_cluj.id, contact_ids=[c_cluj.id],
                 organisation_ids=[cio.id, economy.id], is_example=True),
        # A visit of four days with its participant list (one from the contacts, two free names).
        Activity(title="Besuch der Delegation aus Kumasi", kind=ActivityKind.INCOMING_DELEGATION,
                 direction=ActivityDirection.INCOMING, date=date(2026, 1, 14), end_date=date(2026, 1, 17),
                 place="Dortmund, Rathaus", partnership_id=p_kumasi.id, project_id=pr_kumasi.id,
                 contact_ids=[c_kumasi.id, c_office.id], organisation_ids=[kumasi.id],
                 attendees=[
                     Attendee(contact_id=c_kumasi.id, name=c_kumasi.name, organisation_id=kumasi.id,
                              organisation=kumasi.name, role="Delegationsleitung"),
                     Attendee(name="Abena Beispiel", organisation_id=kumasi.id, organisation=kumasi.name,
                              role="Stadtplanung", dietary="vegetarisch"),
                     Attendee(name="Kofi Muster", organisation="Kwame Nkrumah University of Science and Technology",
                              role="Forschung Abfallwirtschaft", accessibility="Rollstuhl: ebenerdige Zugänge"),
                 ],
                 notes="Besuch der Kläranlage und des Wertstoffhofs; Empfang im Rathaus.", is_example=True),
    ]
    # A committee's decision only: the city council's approval that a final MoU needs is left for
    # the office to enter (the MoU shows the gap).
    decision = Decision(
        title="Bericht über die Zusammenarbeit mit Cluj-Napoca", body=DecisionBody.COMMITTEE,
        committee="Ausschuss für Internationales (Beispiel)", date=date(2025, 9, 18), number="Beispiel-0815-25",
        result=DecisionResult.NOTED, partnership_ids=[p_cluj.id], project_ids=[pr_cluj.id], is_example=True,
    )
    grants = example_grants(pr_kumasi.id)
    # The climate partnership's joint action programme (German and English), linked to its project and grant.
    p_kumasi = dataclasses.replace(p_kumasi, programme=kumasi_programme(pr_kumasi.id, grants[-1].id))
    return [
        city, office, environment, economy, dezernat, cio, edg, klinikum, weltladen, kumasi, dabola, cluj, dura, bondo,
        p_kumasi, p_dabola, p_cluj, p_dura,
        c_office, c_deputy, c_kumasi, c_dabola, c_cluj, c_edg, c_dura,
        pr_kumasi, pr_dabola, pr_cluj, pr_truck, pr_interns, pr_water,
        *activities, decision, *grants,
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
        known = set(session.scalars(select(ThemeTranslationRow.theme)))
        session.add_all(ThemeTranslationRow(theme=theme, translations=text)
                        for theme, text in EXAMPLE_THEMES.items() if theme not in known)
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
        for theme, text in EXAMPLE_THEMES.items():  # the glossary entries as shipped (not ones the office changed)
            session.execute(delete(ThemeTranslationRow).where(
                ThemeTranslationRow.theme == theme, ThemeTranslationRow.translations == text))
        db.set_info("example_data", "removed", session)
    return removed
