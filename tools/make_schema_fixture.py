"""Write the filled test database of the CURRENT schema version: tests/data/schemas/<revision>.sqlite.

Every schema version gets one committed database filled with the example data and
generated records (links, goals, targets, funding, follow-ups: everything a
migration can break), so ``tests/reliability/test_migrations.py`` upgrades real
data from each version to the newest. Workflow for a new Alembic revision:

1. before adding it, make sure the fixture of the current newest revision exists
   (run this script on the code *without* the new revision);
2. add the revision; 3. run this script again to write the new revision's fixture.

Usage: ``python tools/make_schema_fixture.py [--out tests/data/schemas] [--seed 9]``
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from partnerdesk.domain.enums import (  # noqa: E402
    ActivityKind,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
)
from partnerdesk.domain.records import (  # noqa: E402
    Activity,
    Contact,
    FollowUp,
    FundingSource,
    Organisation,
    Participant,
    Partnership,
    Project,
)
from partnerdesk.persistence import migrate  # noqa: E402
from partnerdesk.persistence.backup import backup_database  # noqa: E402
from partnerdesk.persistence.database import create_database  # noqa: E402
from partnerdesk.services import service_for  # noqa: E402
from partnerdesk.services.example_data import add_example_data  # noqa: E402

#: Whether the records have the fields of revision 0007 (signatories, council decisions).
NEW_FIELDS = hasattr(Organisation(), "legal_name")
#: Revision 0009 on: translations of names, titles and summaries (and the theme glossary).
TRANSLATIONS = hasattr(Organisation(), "name_translations")
#: Whether records name a responsible person (revision 0010).
RESPONSIBLE = hasattr(Project(), "responsible_id")
#: Whether partnerships have their stages (revision 0011).
STAGES = hasattr(Partnership(), "stages")
#: Whether organisations have key facts with source and date (revision 0020).
KEY_FACTS = hasattr(Organisation(), "key_facts")


def population_of(i: int, drawn: int | None) -> int | None:
    """The drawn population (drawn always: the other records stay those of older fixtures), or
    None where the key facts give it (the shown inhabitants value decides it)."""
    return drawn if not key_facts_of(i) else None


def key_facts_of(i: int) -> dict:
    """From revision 0020 on, every fourth organisation: values of every kind side by side, a
    chosen one, a mayor with and without a name, dates as years and days, one with none."""
    if not KEY_FACTS or i % 4:
        return {}
    from partnerdesk.domain.enums import KeyFactKind as F
    from partnerdesk.domain.records import KeyFact

    def fid(n: int) -> str:
        return str(uuid.uuid5(uuid.UUID("0c6b1c9e-31f2-4b1d-8f45-2a9e6d7c5b17"), f"{i}/{n}"))

    return {"key_facts": [
        KeyFact(id=fid(1), kind=F.INHABITANTS, value=str(21000 + i), source=f"Reisebericht {i} – „Ș“", as_of="2012"),
        KeyFact(id=fid(2), kind=F.INHABITANTS, value=str(40000 + i), source="Angabe der Partnerkommune", as_of="2019-10-15",
                chosen=bool(i % 8)),
        KeyFact(id=fid(3), kind=F.AREA, value=f"{1234 + i}.5", source="Katasteramt der Partnerkommune"),
        KeyFact(id=fid(4), kind=F.MAYOR, value="2021", name=f"Bürgermeisterin {i} ț", source="Schreiben", as_of="2023-02-01"),
        KeyFact(id=fid(5), kind=F.WEBSITE, value=f"https://stadt{i}.example.org", source="eigene Recherche"),
    ]}


def stages_of(i: int) -> dict:
    """From revision 0011 on: a timeline for most generated partnerships (no random draws)."""
    if not STAGES or i % 4 == 3:
        return {}
    from partnerdesk.domain.enums import StageKind
    from partnerdesk.domain.records import PartnershipStage

    def sid(n: int) -> str:
        return str(uuid.UUID(int=(i + 1) * 100 + n, version=4))

    stages = [PartnershipStage(id=sid(1), kind=StageKind.FIRST_CONTACT, date=date(2010 + i, 3, 1), note=f"Erster Besuch {i} – „Ș“")]
    if i % 2 == 0:
        stages.append(PartnershipStage(id=sid(2), kind=StageKind.MOU_SIGNED, date=date(2012 + i, 5, 12), term_from=date(2012 + i, 5, 12),
                                       term_until=date(2017 + i, 5, 11), automatic_renewal=bool(i % 3), document=f"DS {i}/12"))
    if i % 3 == 0:
        stages.append(PartnershipStage(id=sid(3), kind=StageKind.PROJECT_PARTNERSHIP, date=date(2013 + i, 1, 1),
                                       programme="SKEW – Kommunale Klimapartnerschaften", phase=f"Phase {i % 3 + 1}"))
    if i == 8:
        stages.append(PartnershipStage(id=sid(4), kind=StageKind.DORMANT, date=date(2024, 6, 30), note="ruht"))
    return {"stages": stages}


#: Whether partnerships have their joint action programme (revision 0022, lane "programme").
PROGRAMME = hasattr(Partnership(), "programme")


def programme_of(i: int) -> dict:
    """Revision 0022 on: a filled action programme for every third generated partnership."""
    if not PROGRAMME or i % 3 != 1:
        return {}
    from partnerdesk.domain.programme_sample import sample_programme

    return {"programme": sample_programme(seed=i, language=["en", "fr"][i % 2])}


#: Whether projects have the project sheet's facts (revision 0013).
SHEET_FACTS = hasattr(Project(), "funding_programme")


def sheet_facts(i: int) -> dict:
    """Revision 0013 on: results, funding programme and file reference of the generated projects."""
    if not SHEET_FACTS:
        return {}
    return {"results": f"Ergebnis {i}\n– Indikator „ș“" if i % 2 else "", "funding_programme": ["Nakopa", "FKKP", ""][i % 3],
            "file_reference": f"61/{i:03d}" if i % 4 else ""}


#: Whether contacts have the fields of revision 0012 (name in parts, consent as a record).
CONTACT_PARTS = hasattr(Contact(), "first_name")
#: Whether contacts have the restriction of processing (Art. 18, revision 0017 of privacy-person).
RESTRICTION = hasattr(Contact(), "processing_restricted")
FIRST_NAMES = ["Ama", "Ion", "Kwame", "Ioana", "Yousef", "Aïssatou", "Jörg", "Seán"]
LAST_NAMES = ["Mensah", "Popescu", "Boateng", "Ștefănescu", "van der Berg", "Diallo", "Müller", "O'Brien"]


def contact_fields(i: int) -> dict:
    """Revision 0012 on: names in parts, salutations, titles, consent records, addresses (no random draws)."""
    if not CONTACT_PARTS:
        return {"name": f"Kontakt {i}"}
    from partnerdesk.domain.enums import LegalBasis, Salutation

    return {
        "salutation": list(Salutation)[i % 3], "title": ["", "Dr.", "Prof. Dr."][i % 3],
        "first_name": FIRST_NAMES[i % 8], "last_name": f"{LAST_NAMES[i % 8]} {i}" if i % 5 == 0 else LAST_NAMES[i % 8],
        "name_to_check": i % 5 == 0, "languages": ["de", "en", "ar"][: i % 3 + 1],
        "phone": f"Büro: +49 231 {i}\nMobil: +49 171 {i}" if i % 2 else "",
        "address": f"Straße {i}\n44135 Dortmund" if i % 3 else "", "do_not_contact": i % 7 == 0,
        "legal_basis": list(LegalBasis)[i % 4] if i % 6 else None,
        "consent_given_on": date(2024, 1, 1) + timedelta(days=i) if i % 6 and i % 4 == 0 else None,
        "consent_withdrawn_on": date(2025, 6, 1) if i % 6 and i % 8 == 0 else None,
        "consent_source": f"Formular {i}" if i % 6 else "", "consent_to_check": i % 6 == 0,
        **({"processing_restricted": i % 9 == 4} if RESTRICTION else {}),
    }


#: Whether activities have the fields of the visits revision (last day, direction, participant list).
VISIT_FIELDS = hasattr(Activity(), "attendees")


def visit_fields(i: int, start: date, contacts: list, orgs: list) -> dict:
    """Revision 0015 on (no random draws: the older fixtures' records stay the same)."""
    if not VISIT_FIELDS or i % 3 == 0:
        return {}
    from partnerdesk.domain.enums import ActivityDirection
    from partnerdesk.domain.records import Attendee

    attendees = [
        Attendee(id=str(uuid.UUID(int=10_000 + i * 10 + j, version=4)), contact_id=contacts[(i + j) % 25].id,
                 name=contacts[(i + j) % 25].name, role="Delegationsleitung" if j == 0 else "",
                 dietary="vegetarisch" if j == 1 else "")
        for j in range(2)
    ]
    attendees.append(Attendee(id=str(uuid.UUID(int=10_000 + i * 10 + 9, version=4)), name=f"Gast {i} „Ș“",
                              organisation_id=orgs[i % 30].id, organisation=orgs[i % 30].name,
                              accessibility="Rollstuhl" if i % 2 else ""))
    return {"end_date": start + timedelta(days=i % 4), "direction": list(ActivityDirection)[i % 5],
            "attendees": attendees}


#: Whether partnerships hold the council decision themselves (revisions 0007 to 0015; from 0016 on
#: it is a record of the register of council decisions).
COUNCIL_FIELDS = hasattr(Partnership(), "council_decision_on")


def generated(rng: random.Random) -> list:
    def uid() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    countries = ["DE", "GH", "GN", "RO", "PS", "KE", "FR", "PL"]
    orgs = [
        Organisation(
            id=uid(),
            name=f"Generierte Organisation {i} – Ä Ö Ü ß ș ț",
            kind=rng.choice(list(OrganisationKind)),
            country=rng.choice(countries),
            city=f"Stadt {i}",
            population=population_of(i, rng.choice([None, rng.randrange(1000, 3_000_000)])),
            languages=rng.sample(["de", "en", "fr", "ro"], rng.randrange(0, 3)),
            latitude=round(rng.uniform(-60, 60), 4) if i % 3 else None,
            longitude=round(rng.uniform(-170, 170), 4) if i % 3 else None,
            notes=f"Notiz {i}\nzweite Zeile",
            # Revision 0007 on (no random draws: the older fixtures' records stay the same).
            **({"legal_name": f"Körperschaft {i} „Ș“", "legal_name_translations": f"en: Body {i}\nro: Municipiul {i}",
                "representative": f"Vertreterin {i}", "representative_function": "Oberbürgermeisterin",
                "representative_function_translations": "en: Lord Mayor\nfr: Maire"} if i % 2 and NEW_FIELDS else {}),
            **({"name_translations": f"en: Generated organisation {i}\nar: منظمة {i}"} if i % 3 == 1 and TRANSLATIONS
               else {}),
            **key_facts_of(i),
        )
        for i in range(30)
    ]
    partnerships = [
        Partnership(
            id=uid(),
            title=f"Generierte Partnerschaft {i}",
            partner_id=orgs[i].id,
            type=rng.choice(list(PartnershipType)),
            status=rng.choice(list(PartnershipStatus)),
            start_year=2000 + i,
            themes=["Klima", "Wasser"][: rng.randrange(0, 3)],
            sdg_goals=sorted(rng.sample(range(1, 18), 3)),
            coordinator_ids=[orgs[(i + 1) % 30].id, orgs[(i + 2) % 30].id],
            **({"council_decision_on": date(2020, 1, 1) + timedelta(days=i), "council_decision_number": f"{i}/2020"}
               if i % 2 and COUNCIL_FIELDS else {}),
            **({"partner_decision_required": bool(i % 3), "partner_decision_on": date(2021, 2, 2) if i % 3 else None,
                "partner_decision_number": f"HCL {i}/2021" if i % 3 else ""} if i % 2 and NEW_FIELDS else {}),
            **stages_of(i),
            **programme_of(i),
        )
        for i in range(10)
    ]
    contacts = [
        Contact(id=uid(), **contact_fields(i), organisation_id=rng.choice([None, orgs[i % 30].id]), email=f"k{i}@example.org")
        for i in range(25)
    ]
    projects = []
    for i in range(12):
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        projects.append(
            Project(
                id=uid(),
                title=f"Generiertes Projekt {i}",
                partnership_id=rng.choice([None, partnerships[i % 10].id]),
                status=rng.choice(list(ProjectStatus)),
                start_date=start,
                end_date=start + timedelta(days=365),
                sdg_goals=[6, 11],
                sdg_targets=["6.1", "11.a"],
                budget_amount=Decimal(rng.randrange(1000, 900000)) / 4,
                funding_sources=[FundingSource(id=uid(), name="BMZ", amount=Decimal("1234.5"))],
                participants=[
                    Participant(organisation_id=orgs[(i + j) % 30].id, role=rng.choice(list(ParticipantRole)))
                    for j in range(3)
                ],
                contact_ids=[contacts[i].id, contacts[i + 1].id],
                **({"title_translations": f"en: Generated project {i}\nfr: Projet généré {i}",
                    "summary_translations": "ro: Rezumat „ș ț“"} if i % 2 and TRANSLATIONS else {}),
                **sheet_facts(i),
            )
        )
    activities = [
        Activity(
            id=uid(),
            title=f"Generierte Aktivität {i}",
            kind=rng.choice(list(ActivityKind)),
            date=date(2024, 1, 1) + timedelta(days=i * 9),
            partnership_id=rng.choice([None, partnerships[i % 10].id]),
            project_id=rng.choice([None, projects[i % 12].id]),
            contact_ids=[contacts[(i + 3) % 25].id],
            organisation_ids=[orgs[(i + 5) % 30].id],
            follow_ups=[FollowUp(id=uid(), text="Nachfassen", due_date=date(2025, 1, 1), done=bool(i % 2))],
            **visit_fields(i, date(2024, 1, 1) + timedelta(days=i * 9), contacts, orgs),
        )
        for i in range(15)
    ]
    if RESPONSIBLE:  # no random draws: the older fixtures' records stay the same
        kinds = {o.id: o.kind for o in orgs}
        staff = [c.id for c in contacts if c.organisation_id and kinds[c.organisation_id] is OrganisationKind.CITY_UNIT]
        if not staff:
            orgs[0].kind = OrganisationKind.CITY_UNIT
            contacts[0].organisation_id = orgs[0].id
            staff = [contacts[0].id]
        for i, record in enumerate([*partnerships, *projects]):
            record.responsible_id = staff[i % len(staff)] if i % 3 else None
        for i, activity in enumerate(activities):
            for follow_up in activity.follow_ups:
                follow_up.responsible_id = staff[i % len(staff)] if i % 2 else None
    return [*orgs, *contacts, *partnerships, *projects, *activities, *council_decisions(partnerships, projects),
            *grants_of(projects)]


def grants_of(projects: list) -> list:
    """From revision 0019 on: funding programmes and grants in every status, with plan lines,
    draw-downs, expenses (exact cents) and transfers (no random draws)."""
    from partnerdesk.domain import records

    programme, grant = getattr(records, "FundingProgramme", None), getattr(records, "Grant", None)
    if programme is None or grant is None:
        return []
    from partnerdesk.domain.enums import FinancingKind, GrantStatus
    from partnerdesk.domain.grant_records import Drawdown, Expense, PlanLine, Transfer

    def gid(n: int) -> str:
        return str(uuid.UUID(int=5000 + n, version=4))

    programmes = [programme(id=gid(i), name=f"Programm {i} – Ä ș", funder="SKEW / Engagement Global",
                            typical_rate=Decimal(90), min_amount=Decimal(50000), max_amount=Decimal(250000),
                            link="https://skew.engagement-global.de/") for i in range(2)]
    found = []
    for i, status in enumerate(GrantStatus):
        start = date(2024, 1 + i % 12, 1)
        lines = [PlanLine(id=gid(100 + i * 10 + n), name=name, planned=Decimal("10000.10") * (n + 1))
                 for n, name in enumerate(["Personal", "Reisekosten", "Sachkosten – Ș"])]
        found.append(grant(
            id=gid(20 + i), title=f"Zuwendung {i} – Ä Ö Ü ß ș ț", programme_id=programmes[i % 2].id,
            project_ids=[projects[i % 12].id, projects[(i + 5) % 12].id][: 1 + i % 2],
            file_reference=f"AZ 1.23-{i}", decision_date=start - timedelta(days=30), period_from=start,
            period_until=date(2026, 12, 31), approved_amount=Decimal("180000.00"), funding_rate=Decimal(90),
            financing_kind=list(FinancingKind)[i % 3], own_share=Decimal("20000.00"),
            third_party_funds=Decimal("0.01") * i, min_own_share_rate=Decimal(10), status=status,
            passed_on_limit=Decimal(50) if i % 2 else None, special_conditions="Nr. 5.1 gilt nicht" if i % 2 else "",
            final_proof_due=date(2027, 9, 30) if i % 3 == 0 else None, plan_lines=lines,
            drawdowns=[Drawdown(id=gid(300 + i), requested_on=start + timedelta(days=20), amount=Decimal("5000.55"),
                                received_on=start + timedelta(days=30), spent=Decimal("4000.44"))],
            expenses=[Expense(id=gid(400 + i * 10 + n), date=start + timedelta(days=40 + n), payee=f"Firma {n} – Ä",
                              purpose=f"Zweck {n}", amount=Decimal("123.45") + n, plan_line_id=lines[n % 3].id,
                              receipt=f"B-{i}-{n}") for n in range(4)],
            transfers=[Transfer(id=gid(600 + i), contract=f"Vertrag {i}", amount=Decimal("1000.00"),
                                transferred_on=start + timedelta(days=50), proof_due=start + timedelta(days=400))]
            if i % 2 else [],
        ))
    return [*programmes, *found]


def council_decisions(partnerships: list, projects: list) -> list:
    """From revision 0016 on: decisions of the council and a committee, every result, linked to
    partnerships and projects (no random draws: the older fixtures' records stay the same)."""
    from partnerdesk.domain import records

    decision = getattr(records, "Decision", None)
    if decision is None:
        return []
    from partnerdesk.domain.enums import DecisionBody, DecisionResult

    results = list(DecisionResult)
    return [
        decision(
            id=str(uuid.UUID(int=1000 + i, version=4)),
            title=f"Beschluss {i} – Ä Ö Ü ß ș ț",
            body=DecisionBody.COMMITTEE if i % 3 == 2 else DecisionBody.COUNCIL,
            committee="Ausschuss für Bürgerdienste und Internationales" if i % 3 == 2 else "",
            date=date(2022, 3, 1) + timedelta(days=40 * i),
            number=f"{20000 + i}-22",
            result=results[i % len(results)],
            notes=f"Notiz {i}" if i % 2 else "",
            partnership_ids=[partnerships[i % 10].id, partnerships[(i + 3) % 10].id][: 1 + i % 2],
            project_ids=[projects[i % 12].id] if i % 3 else [],
        )
        for i in range(8)
    ]


def documents(db) -> None:
    """From revision 0008 on: the documents registry holds drafts and a final version (PDF and Word)."""
    from partnerdesk.persistence import tables

    row = getattr(tables, "GeneratedDocumentRow", None)
    if row is None:
        return
    from sqlalchemy import select

    with db.write() as session:
        ids = session.scalars(select(tables.PartnershipRow.id).order_by(tables.PartnershipRow.id).limit(3)).all()
        for n, (pid, fmt, draft) in enumerate(
            [(ids[0], "pdf", 1), (ids[0], "docx", 2), (ids[0], "pdf", None), (ids[1], "pdf", 1), (ids[2], "docx", 4)]
        ):
            session.add(row(
                id=str(uuid.UUID(int=n + 1, version=4)), partnership_id=pid, kind="mou", format=fmt, draft=draft,
                languages="de,en", document_date=date(2026, 12, 1 + n), created_at=datetime(2026, 12, 1 + n, 9, 30, tzinfo=UTC),
                created_by="mmuster", file_name=f"/home/mmuster/MoU/MoU-Entwurf-{n}.{fmt}",
            ))


def attached_files(db) -> None:
    """From revision 0014 on: files attached to records of several registers, one of a deleted
    record (hidden, kept for its restore), one with a hostile name and binary content."""
    from partnerdesk.persistence import tables

    row = getattr(tables, "AttachmentRow", None)
    if row is None:
        return
    import hashlib

    from sqlalchemy import select

    with db.write() as session:
        targets = [
            ("partnerships", session.scalars(select(tables.PartnershipRow.id).order_by(tables.PartnershipRow.id)).first()),
            ("contacts", session.scalars(select(tables.ContactRow.id).order_by(tables.ContactRow.id)).first()),
            ("activities", session.scalars(select(tables.ActivityRow.id).order_by(tables.ActivityRow.id)).first()),
            ("organisations", str(uuid.UUID(int=999, version=4))),  # a deleted record's file
        ]
        files = [("MoU unterschrieben.pdf", b"%PDF-1.7 MoU"), ("CON.txt", bytes(range(256))),
                 ("Foto Besuch.jpg", b"\xff\xd8\xff\xe0 JFIF"), ("Organigramm.pdf", b"%PDF-1.7 alt")]
        for n, ((kind, record_id), (name, content)) in enumerate(zip(targets, files, strict=True)):
            session.add(row(
                id=str(uuid.UUID(int=100 + n, version=4)), record_kind=kind, record_id=record_id, name=name,
                description="", size=len(content), media_type="", sha256=hashlib.sha256(content).hexdigest(),
                added_at=datetime(2026, 12, 7, 10, n, tzinfo=UTC), added_by="mmuster",
                record_deleted_at=datetime(2026, 12, 7, 11, 0, tzinfo=UTC) if kind == "organisations" else None,
                content=content,
            ))


def deletion_log(db) -> None:
    """From revision 0018 on: entries of the deletion log (an erased contact's id, who, when, why;
    written directly: erasing one of the generated contacts would change the older fixtures' records)."""
    from partnerdesk.persistence import tables

    row = getattr(getattr(tables, "_tables_erasure", None), "DeletionLogRow", None)
    if row is None:
        return
    with db.write() as session:
        for n, reason in enumerate(["Art. 17 Abs. 1 lit. a DSGVO", "Widerruf der Einwilligung „Ș“"]):
            session.add(row(
                erased_at=datetime(2026, 12, 7, 12, n, tzinfo=UTC), erased_by="mmuster", kind="contacts",
                record_id=str(uuid.UUID(int=500 + n, version=4)), legal_reason=reason,
                summary='{"history_entries": 3, "records_changed": 2}',
            ))


def retention_rows(db) -> None:
    """From revision 0021 on: retention reviews ("behalten" with a reason) and the register of
    travel copies: one out, one merged back, one lost (with the records it held), one destroyed."""
    from partnerdesk.persistence import tables

    review = getattr(getattr(tables, "_tables_retention", None), "ContactReviewRow", None)
    if review is None:
        return
    from sqlalchemy import select

    from partnerdesk.persistence.tables_retention import TravelCopyRecordRow, TravelCopyRow

    with db.write() as session:
        contacts = session.scalars(select(tables.ContactRow.id).order_by(tables.ContactRow.id).limit(3)).all()
        partnerships = session.scalars(select(tables.PartnershipRow.id).order_by(tables.PartnershipRow.id).limit(2)).all()
        for n, cid in enumerate(contacts):
            session.add(review(id=str(uuid.UUID(int=200 + n, version=4)), contact_id=cid, decided_on=date(2026, 6, 1 + n),
                               decided_by="mmuster", decision="keep", reason=f"Laufendes Projekt „ș“ {n}",
                               legal_basis="legitimate_interest" if n % 2 else ""))
        states = [("", None, None), ("", datetime(2026, 11, 2, 9, 0, tzinfo=UTC), None),
                  ("lost", None, datetime(2026, 11, 20, 8, 0, tzinfo=UTC)), ("destroyed", None, datetime(2026, 11, 21, 8, 0, tzinfo=UTC))]
        for n, (how, merged, ended) in enumerate(states):
            cid = str(uuid.UUID(int=300 + n, version=4))
            session.add(TravelCopyRow(
                checkout_id=cid, file_name=f"C:\\Users\\mmuster\\Reise {n}.pdtravel", checked_out_by="mmuster",
                checked_out_at=datetime(2026, 10, 1 + n, 8, 0, tzinfo=UTC), encrypted=n != 3, personal_data=n != 1,
                partnerships="Klimapartnerschaft Dortmund – Kumasi" if n % 2 else "", merged_at=merged,
                merged_by="mmuster" if merged else "", ended_how=how, ended_at=ended, ended_by="mmuster" if how else "",
                ended_note="Laptop im Zug" if how == "lost" else "",
            ))
            session.flush()
            for rid in [*contacts[: 1 + n % 3]]:
                session.add(TravelCopyRecordRow(checkout_id=cid, kind="contacts", record_id=rid))
            for rid in partnerships[: 1 + n % 2]:
                session.add(TravelCopyRecordRow(checkout_id=cid, kind="partnerships", record_id=rid))


def make_fixture(out_dir: Path, seed: int = 9) -> Path:
    revision = migrate.head_revision()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{revision}.sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "fixture.sqlite"
        db = create_database(work)
        add_example_data(db)
        for record in generated(random.Random(seed)):
            service_for(db, record.KIND).create(record)
        documents(db)
        attached_files(db)
        deletion_log(db)
        retention_rows(db)
        db.close()
        target.unlink(missing_ok=True)
        backup_database(work, target)
    with sqlite3.connect(target) as conn:
        conn.execute("VACUUM")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "schemas")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    path = make_fixture(args.out, args.seed)
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
