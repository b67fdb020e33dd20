"""Benchmark: import the cities of 25,917 real town twinnings as partner municipalities.

Reads ``../shared/reference/twinning/twin_cities.csv`` (beside the checkout; or give the path
as the first argument), takes every city once (same name and same country text), writes them
to a German CSV (Name;Land;Art;Breitengrad;Längengrad) with the file's messy country names as
they are, and imports that through PartnerDesk's real import path (read, map columns, resolve
countries, validate, preview, apply in one transaction). Rows whose country cannot be mapped
to an ISO code are reported (not guessed) and left out (``skip_invalid``).

Baseline in the same run: a bare ``sqlite3`` ``executemany`` of the same finished rows into
the same table of a fresh PartnerDesk database, in one transaction.

    python bench/import_twinning_bench.py [twin_cities.csv]
"""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from partnerdesk.domain.enums import OrganisationKind  # noqa: E402
from partnerdesk.domain.text import fold  # noqa: E402
from partnerdesk.exchange import table_values  # noqa: E402
from partnerdesk.exchange.country_names import country_code  # noqa: E402
from partnerdesk.exchange.table_import import _row_values, apply_import, preview_file  # noqa: E402
from partnerdesk.persistence.database import create_database  # noqa: E402

ROUNDS = 3


def shared_csv() -> Path:
    for folder in ROOT.parents:
        candidate = folder / "shared" / "reference" / "twinning" / "twin_cities.csv"
        if candidate.exists():
            return candidate
    raise SystemExit("twin_cities.csv not found beside the checkout; give its path as the first argument")


def unique_cities(source: Path) -> list[tuple[str, str, str, str]]:
    """Each city once: same name and same country (the ISO code when the name maps to one)."""
    seen: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    with source.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for n in ("1", "2"):
                city, country = row[f"city{n}"].strip(), row[f"country{n}"].strip()
                if city:
                    seen.setdefault((fold(city), country_code(country) or fold(country)), (city, country, row[f"lat{n}"], row[f"lng{n}"]))
    return list(seen.values())


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else shared_csv()
    work = Path(tempfile.mkdtemp(prefix="pd-bench-"))
    os.environ["PARTNERDESK_DATA_DIR"] = str(work / "data")
    cities = unique_cities(source)
    unmapped = Counter(country for _city, country, _lat, _lng in cities if country and country_code(country) is None)
    without_country = sum(1 for _city, country, _lat, _lng in cities if not country)

    table = work / "partnerkommunen.csv"
    kind_label = OrganisationKind.MUNICIPALITY.label
    with table.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Name", "Land", "Art", "Breitengrad", "Längengrad"])
        for city, country, lat, lng in cities:
            writer.writerow([city, country, kind_label, lat.replace(".", ","), lng.replace(".", ",")])

    import json

    def plain(value: object) -> object:
        if isinstance(value, list):
            return json.dumps(value)
        if hasattr(value, "isoformat"):
            return value.isoformat(sep=" ")  # type: ignore[call-arg]
        return value

    # Best of ``ROUNDS`` (the machine may be busy); every round on a fresh database.
    preview_times, apply_times, bare_times = [], [], []
    for round_number in range(ROUNDS):
        # Cold caches in every round: the import resolves the country names itself, timed.
        country_code.cache_clear()
        table_values._valid_country.cache_clear()
        table_values._fold_word.cache_clear()
        db = create_database(work / f"import{round_number}.sqlite")
        ticks: list[int] = []
        t0 = time.perf_counter()
        preview = preview_file(db, table, "organisations")
        t1 = time.perf_counter()
        result = apply_import(db, preview, skip_invalid=True, progress=lambda done, total: ticks.append(done))  # noqa: B023 - runs within this round
        t2 = time.perf_counter()
        db.close()
        preview_times.append(t1 - t0)
        apply_times.append(t2 - t1)

        # Baseline: the same finished rows, bare sqlite3, one transaction.
        rows = [_row_values(r.record) for r in preview.rows if r.action == "create" and r.record is not None]
        base = create_database(work / f"baseline{round_number}.sqlite")
        base.close()
        columns = list(rows[0])
        sql = f"INSERT INTO organisations ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        values = [[plain(row[c]) for c in columns] for row in rows]
        conn = sqlite3.connect(work / f"baseline{round_number}.sqlite")
        conn.execute("PRAGMA synchronous=FULL")
        t3 = time.perf_counter()
        with conn:
            conn.executemany(sql, values)
        t4 = time.perf_counter()
        conn.close()
        bare_times.append(t4 - t3)

    errors = preview.count("error")
    bare, previewed, applied = min(bare_times), min(preview_times), min(apply_times)
    print(f"source: {source.name}, {len(cities):,} distinct cities (same name and country once)")
    print(f"imported: {len(result.created_ids):,} organisations; left out: {errors:,} rows with errors")
    print(f"countries that cannot be mapped to ISO 3166 (reported, not guessed): {len(unmapped)} names, "
          f"{sum(unmapped.values()):,} cities")
    for name, count in unmapped.most_common():
        print(f"    {name!r}: {count}")
    print(f"cities without any country in the file (imported without one): {without_country}")
    kinds = Counter(p.message.split(" „")[0].split(" “")[0] for r in preview.rows for p in r.errors)
    print(f"problems in the preview: {dict(kinds.most_common(8))}")
    print(f"best of {ROUNDS} rounds, each on a fresh database:")
    print(f"preview (read, map, resolve, validate, match): {previewed:6.2f} s")
    print(f"apply (one transaction, {len(ticks)} progress ticks):  {applied:6.2f} s")
    print(f"whole import path:                              {previewed + applied:6.2f} s")
    print(f"bare sqlite3 executemany of the same rows:      {bare:6.2f} s")
    print(f"ratio apply / bare insert:       {applied / bare:6.1f}x")
    print(f"ratio whole import / bare insert: {(previewed + applied) / bare:6.1f}x  (target <= 5x)")


if __name__ == "__main__":
    main()
