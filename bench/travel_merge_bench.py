"""Merging a travel copy: does the time grow with the changes, not with the database?

    python bench/travel_merge_bench.py [--sizes 10000 100000] [--changes 1000]

For each size: an office database with that many records (organisations, contacts,
partnerships, activities; written in bulk), a travel copy of it (unencrypted here: the
cipher costs the same on both sizes and is not what is measured), then the same 1,000
changes on the travel copy (850 edits, 100 new records, 50 deletions) and 100 edits at
the office, and a timed merge (``--prefer travel``), repeated on fresh copies (median). Prints the merge time per size
split into the backup of the office database (a full copy, so it grows with the file)
and the merge itself (finding, comparing and writing the changes), and the ratios of
the largest to the smallest size (target for the merge: at most 1.2).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import insert  # noqa: E402

from partnerdesk.domain.records import Contact, Organisation  # noqa: E402
from partnerdesk.persistence import backup as backup_module  # noqa: E402
from partnerdesk.persistence.database import create_database, open_database  # noqa: E402
from partnerdesk.persistence.tables import ActivityRow, ContactRow, OrganisationRow, PartnershipRow  # noqa: E402
from partnerdesk.services import service_for  # noqa: E402
from partnerdesk.services.upserts import upsert_record  # noqa: E402
from partnerdesk.travel import apply, travelfile  # noqa: E402


def fill(db, size: int) -> None:
    """``size`` records in bulk: 40 % organisations, 40 % contacts, 10 % partnerships, 10 % activities."""
    now = datetime.now(UTC)
    n_org, n_contact, n_partner = size * 4 // 10, size * 4 // 10, size // 10
    n_activity = size - n_org - n_contact - n_partner
    common = {"created_at": now, "updated_at": now, "version": 1, "is_example": False}
    orgs = [
        {**common, "id": f"00000000-0000-4000-8000-{i:012d}", "name": f"Organisation {i}", "kind": "other",
         "search_text": f"organisation {i}", "languages": ["de"]}
        for i in range(n_org)
    ]
    with db.write() as session:
        session.execute(insert(OrganisationRow), orgs)
        session.execute(insert(ContactRow), [
            {**common, "id": f"00000000-0000-4000-9000-{i:012d}", "name": f"Person {i}",
             "organisation_id": orgs[i % n_org]["id"], "search_text": f"person {i}"}
            for i in range(n_contact)
        ])
        session.execute(insert(PartnershipRow), [
            {**common, "id": f"00000000-0000-4000-a000-{i:012d}", "title": f"Partnerschaft {i}",
             "partner_id": orgs[i % n_org]["id"], "type": "twinning", "status": "active", "themes": ["Klima"],
             "search_text": f"partnerschaft {i}"}
            for i in range(n_partner)
        ])
        session.execute(insert(ActivityRow), [
            {**common, "id": f"00000000-0000-4000-b000-{i:012d}", "title": f"Treffen {i}", "kind": "meeting",
             "date": date(2025, 1, 1 + i % 28), "search_text": f"treffen {i}"}
            for i in range(n_activity)
        ])


def change_travel(travel, changes: int) -> None:
    """850 edits, 100 creations, 50 deletions (scaled to ``changes``), in one transaction."""
    creations, deletions = changes // 10, changes // 20
    edits = changes - creations - deletions
    step = max(1, service_for(travel, "organisations").count() // edits)  # spread over the file
    orgs = service_for(travel, "organisations").get_many(
        [f"00000000-0000-4000-8000-{i:012d}" for i in range(0, edits * step, step)]
    )
    with travel.write() as session:
        for org in orgs:
            org.notes = "auf Reisen geändert"
            upsert_record(session, org)
        for i in range(creations):
            upsert_record(session, Contact(name=f"Neu auf Reisen {i}"))
    for i in range(deletions):
        service_for(travel, "activities").delete(f"00000000-0000-4000-b000-{i:012d}")


def change_office(office, changes: int) -> None:
    with office.write() as session:
        for org in service_for(office, "organisations").get_many(
            [f"00000000-0000-4000-8000-{i:012d}" for i in range(3, changes * 3, 3)]
        ):
            org.city = "Dortmund"
            upsert_record(session, org)
        upsert_record(session, Organisation(name="Neu im Büro"))


def prepare(folder: Path, size: int) -> dict[str, object]:
    """The office database of ``size`` records and its travel copy, kept pristine for the runs."""
    pristine_office = folder / f"office-{size}.sqlite"
    office = create_database(pristine_office)
    fill(office, size)
    pristine_trip = folder / f"trip-{size}.pdtravel"
    started = time.perf_counter()
    travelfile.checkout(office, pristine_trip, None)
    checkout_time = time.perf_counter() - started
    office.close()
    return {"office": pristine_office, "trip": pristine_trip, "checkout": checkout_time,
            "file_mb": pristine_office.stat().st_size / 1e6}


def one_run(folder: Path, prepared: dict[str, object], changes: int, run: int) -> dict[str, float]:
    """One merge on fresh copies of the pristine files."""
    office_path = folder / f"run-{run}.sqlite"
    trip_path = folder / f"run-{run}.pdtravel"
    backup_module.backup_database(prepared["office"], office_path)  # type: ignore[arg-type]
    shutil.copyfile(prepared["trip"], trip_path)  # type: ignore[arg-type]  # closed: one self-contained file
    office = open_database(office_path)
    travel = travelfile.open_travel(trip_path, None)
    try:
        change_travel(travel, changes)
        change_office(office, changes // 10)
        return timed_merge(office, travel, changes)
    finally:
        travel.close()
        office.close()


def timed_merge(office, travel, changes: int) -> dict[str, float]:
    backup_time = 0.0
    original = backup_module.backup_database

    def timed_backup(source: Path, target: Path) -> Path:
        nonlocal backup_time
        t = time.perf_counter()
        result = original(source, target)
        backup_time += time.perf_counter() - t
        return result

    apply.backup_database = timed_backup  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        report = apply.merge(office, travel, prefer="travel", keep_report=False)
        total = time.perf_counter() - started
    finally:
        apply.backup_database = original  # type: ignore[assignment]
    assert len(report.entries) >= changes, len(report.entries)
    return {"total": total, "backup": backup_time, "merge": total - backup_time, "entries": len(report.entries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="merges per size; the median is shown")
    args = parser.parse_args()
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["PARTNERDESK_DATA_DIR"] = name
        prepared = {size: prepare(folder, size) for size in args.sizes}
        # Sizes alternate, so a busy moment of the machine hits both alike; the median counts.
        timings: dict[int, list[dict[str, float]]] = {size: [] for size in args.sizes}
        run = 0
        for _ in range(args.runs):
            for size in args.sizes:
                timings[size].append(one_run(folder, prepared[size], args.changes, run))
                run += 1
    for size in args.sizes:
        middle = sorted(timings[size], key=lambda t: t["merge"])[len(timings[size]) // 2]
        results[size] = r = {**middle, "checkout": prepared[size]["checkout"], "file_mb": prepared[size]["file_mb"]}  # type: ignore[dict-item]
        print(
            f"{size:>7} records ({r['file_mb']:.1f} MB): merge of {int(r['entries'])} changes {r['merge']:.2f} s "
            f"+ backup {r['backup']:.2f} s = {r['total']:.2f} s   (check-out took {r['checkout']:.1f} s)"
        )
    small, large = results[min(args.sizes)], results[max(args.sizes)]
    print(f"ratio {max(args.sizes)}/{min(args.sizes)}: merge {large['merge'] / small['merge']:.2f} (target <= 1.2), "
          f"with backup {large['total'] / small['total']:.2f}")


if __name__ == "__main__":
    main()
