"""Annual report (issue 24): 100,000 activities in the report's year (target: the whole report,
collected and written as PDF, in <= 5 s), against a baseline measured in the same run on the
same file: SQLite alone (``sqlite3``, no SQLAlchemy, no documents) building the same tables with
the same query shapes: activities per partnership and kind, the newest eight per partnership, projects of the year
with budget and funding sums, projects and budget per SDG, the year's decisions, the
organisations that took part.

Printed: collecting (``services.annual_report.collect``), the PDF and the Word file each, as
milliseconds and as a ratio to the SQL baseline. The data is inserted in bulk (no history, no
search text: what is measured is the report, not filling the file).
Run: ``python bench/annual_report_bench.py [--activities 100000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import insert  # noqa: E402

from partnerdesk import i18n  # noqa: E402
from partnerdesk.documents.annual_report import write_annual_report  # noqa: E402
from partnerdesk.domain.enums import ActivityKind, OrganisationKind, PartnershipType, ProjectStatus  # noqa: E402
from partnerdesk.persistence.database import create_database  # noqa: E402
from partnerdesk.persistence.tables import (  # noqa: E402
    ActivityOrganisationRow,
    ActivityRow,
    DecisionPartnershipRow,
    DecisionRow,
    FundingSourceRow,
    OrganisationRow,
    PartnershipRow,
    PartnershipStageRow,
    ProjectGoalRow,
    ProjectRow,
)
from partnerdesk.services.annual_report import collect  # noqa: E402

YEAR = 2026
PARTNERSHIPS, PROJECTS, DECISIONS = 300, 2_000, 150


def _id() -> str:
    return str(uuid.uuid4())


def fill(path: Path, activities: int, rng: random.Random) -> None:
    db = create_database(path)
    orgs = [dict(id=_id(), name=f"Partnerstadt {i}", name_key=f"partnerstadt {i:05}", kind=OrganisationKind.MUNICIPALITY.value,
                 country=rng.choice(["GH", "RO", "FR", "PL", "TZ", "PS", "GN", "UA"]),
                 latitude=rng.uniform(-40, 60), longitude=rng.uniform(-100, 140)) for i in range(PARTNERSHIPS)]
    units = [dict(id=_id(), name=f"Amt {i}", name_key=f"amt {i}", kind=OrganisationKind.CITY_UNIT.value, city="Dortmund",
                  legal_name="Stadt Dortmund" if i == 0 else "") for i in range(20)]
    types = PartnershipType.values()
    partnerships = [dict(id=_id(), title=f"Partnerschaft {i}", title_key=f"partnerschaft {i:05}", partner_id=orgs[i]["id"],
                         type=types[i % len(types)], status="active", start_year=1950 + i % 70) for i in range(PARTNERSHIPS)]
    stages = [dict(id=_id(), partnership_id=p["id"], kind="mou_signed", date=date(2000 + i % 27, 1 + i % 12, 1), position=0)
              for i, p in enumerate(partnerships)]
    kinds = ActivityKind.values()
    start = date(YEAR, 1, 1)
    acts = [dict(id=_id(), title=f"Aktivität {i}", title_key=f"aktivitat {i:06}", kind=rng.choice(kinds),
                 date=start + timedelta(days=rng.randrange(365)), place="Dortmund",
                 partnership_id=rng.choice(partnerships)["id"]) for i in range(activities)]
    links = [dict(activity_id=a["id"], organisation_id=rng.choice(units)["id"], position=0) for a in acts[::10]]
    projects = [dict(id=_id(), title=f"Projekt {i}", title_key=f"projekt {i:05}", partnership_id=rng.choice(partnerships)["id"],
                     status=rng.choice([ProjectStatus.RUNNING.value, ProjectStatus.COMPLETED.value]),
                     start_date=date(2020 + i % 7, 1, 1), budget_amount=rng.randrange(1_000, 500_000), budget_currency="EUR")
                for i in range(PROJECTS)]
    goals = [dict(project_id=p["id"], goal=g) for p in projects for g in rng.sample(range(1, 18), 3)]
    funding = [dict(id=_id(), project_id=p["id"], name="SKEW", amount=rng.randrange(0, 100_000), currency="EUR", position=0)
               for p in projects]
    decisions = [dict(id=_id(), title=f"Beschluss {i}", title_key=f"beschluss {i:04}", body="council",
                      date=start + timedelta(days=i % 365), number=f"{i:04}-26", result="approved") for i in range(DECISIONS)]
    decision_links = [dict(decision_id=d["id"], partnership_id=rng.choice(partnerships)["id"], position=0) for d in decisions]
    with db.write() as session:
        for row_type, rows in ((OrganisationRow, orgs + units), (PartnershipRow, partnerships), (PartnershipStageRow, stages),
                               (ActivityRow, acts), (ActivityOrganisationRow, links), (ProjectRow, projects),
                               (ProjectGoalRow, goals), (FundingSourceRow, funding), (DecisionRow, decisions),
                               (DecisionPartnershipRow, decision_links)):
            for chunk in range(0, len(rows), 20_000):
                session.execute(insert(row_type), rows[chunk:chunk + 20_000])
    db.close()


BASELINE = [
    "SELECT partnership_id, kind, COUNT(*) FROM activities WHERE date BETWEEN :a AND :b GROUP BY partnership_id, kind",
    """SELECT a.partnership_id, a.date, a.title, a.kind, a.place FROM partnerships p JOIN activities a ON a.id IN (
       SELECT b.id FROM activities b WHERE b.partnership_id = p.id AND b.date BETWEEN :a AND :b
       ORDER BY b.date DESC, b.id LIMIT 8) ORDER BY a.partnership_id, a.date DESC""",
    """SELECT p.id, p.title, p.partner_id, o.name, o.country, o.latitude, o.longitude,
       (SELECT kind FROM partnership_stages s WHERE s.partnership_id = p.id AND s.date <= :b ORDER BY s.date DESC LIMIT 1)
       FROM partnerships p JOIN organisations o ON o.id = p.partner_id ORDER BY p.title_key""",
    """SELECT p.id, p.title, p.status, p.budget_amount, (SELECT SUM(amount) FROM funding_sources f WHERE f.project_id = p.id)
       FROM projects p WHERE (p.start_date IS NULL OR p.start_date <= :b) AND (p.end_date IS NULL OR p.end_date >= :a)
       ORDER BY p.title_key""",
    """SELECT g.goal, COUNT(*), SUM(p.budget_amount) FROM project_sdg_goals g JOIN projects p ON p.id = g.project_id
       WHERE (p.start_date IS NULL OR p.start_date <= :b) AND (p.end_date IS NULL OR p.end_date >= :a) GROUP BY g.goal""",
    "SELECT * FROM decisions WHERE date BETWEEN :a AND :b ORDER BY date",
    """SELECT o.kind, COUNT(DISTINCT o.id) FROM activity_organisations x JOIN organisations o ON o.id = x.organisation_id
       WHERE EXISTS (SELECT 1 FROM activities a WHERE a.id = x.activity_id AND a.date BETWEEN :a AND :b) GROUP BY o.kind""",
]


def baseline(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        for query in BASELINE:
            connection.execute(query, {"a": f"{YEAR}-01-01", "b": f"{YEAR}-12-31"}).fetchall()
    finally:
        connection.close()


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    i18n.set_language("de")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.sqlite"
        filling = time.perf_counter()
        fill(path, args.activities, random.Random(24))
        print(f"filled {args.activities:,} activities, {PARTNERSHIPS} partnerships, {PROJECTS:,} projects "
              f"in {time.perf_counter() - filling:.1f} s")
        from partnerdesk.persistence.database import open_database

        db = open_database(path)
        try:
            sql = best(lambda: baseline(path), args.repeat)
            collected = best(lambda: collect(db, YEAR), args.repeat)
            data = collect(db, YEAR)
            pdf = best(lambda: write_annual_report(data, folder / "bericht.pdf"), args.repeat)
            word = best(lambda: write_annual_report(data, folder / "bericht.docx"), args.repeat)
            whole = best(lambda: write_annual_report(collect(db, YEAR), folder / "ganz.pdf"), args.repeat)
        finally:
            db.close()
        pages = (folder / "ganz.pdf").read_bytes().count(b"/Type /Page\n") or (folder / "ganz.pdf").read_bytes().count(b"/Type /Page")
        print(f"SQL baseline (sqlite3, same tables): {sql * 1000:8.0f} ms")
        print(f"collect (services.annual_report):    {collected * 1000:8.0f} ms  ratio {collected / sql:5.1f}")
        print(f"PDF from collected data:             {pdf * 1000:8.0f} ms  ratio {pdf / sql:5.1f}")
        print(f"Word from collected data:            {word * 1000:8.0f} ms  ratio {word / sql:5.1f}")
        print(f"whole report (collect + PDF):        {whole * 1000:8.0f} ms  ratio {whole / sql:5.1f}  "
              f"target <= 5000 ms: {'met' if whole <= 5 else 'NOT met'} (about {pages} pages)")


if __name__ == "__main__":
    main()
