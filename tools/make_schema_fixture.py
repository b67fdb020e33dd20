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
#: Whether partnerships hold the council decision themselves (revisions 0007 and 0008; from 0009 on
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
            population=rng.choice([None, rng.randrange(1000, 3_000_000)]),
            languages=rng.sample(["de", "en", "fr", "ro"], rng.randrange(0, 3)),
            latitude=round(rng.uniform(-60, 60), 4) if i % 3 else None,
            longitude=round(rng.uniform(-170, 170), 4) if i % 3 else None,
            notes=f"Notiz {i}\nzweite Zeile",
            # Revision 0007 on (no random draws: the older fixtures' records stay the same).
            **({"legal_name": f"Körperschaft {i} „Ș“", "legal_name_translations": f"en: Body {i}\nro: Municipiul {i}",
                "representative": f"Vertreterin {i}", "representative_function": "Oberbürgermeisterin",
                "representative_function_translations": "en: Lord Mayor\nfr: Maire"} if i % 2 and NEW_FIELDS else {}),
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
        )
        for i in range(10)
    ]
    contacts = [
        Contact(id=uid(), name=f"Kontakt {i}", organisation_id=rng.choice([None, orgs[i % 30].id]), email=f"k{i}@example.org")
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
        )
        for i in range(15)
    ]
    return [*orgs, *partnerships, *contacts, *projects, *activities, *council_decisions(partnerships, projects)]


def council_decisions(partnerships: list, projects: list) -> list:
    """From revision 0009 on: decisions of the council and a committee, every result, linked to
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
