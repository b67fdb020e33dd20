"""Revision 0020 on filled databases: every stored population and website becomes a key fact with
the source "bisheriger Wert" (the population year as its date, "https://" put before an address
without a scheme), nothing else is lost, and the records read back consistent (a save changes
nothing); the fixture of 0020 holds values of every kind side by side."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from partnerdesk.domain import key_facts
from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schemas"


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _write(path: Path, sql: str, *args: object) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, args)
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", sorted(p for p in FIXTURES.glob("*.sqlite") if p.stem in ("0001", "0011", "0016", "0018", "0019")),
                         ids=lambda p: p.stem)
def test_populations_and_websites_become_key_facts(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    ids = [r[0] for r in _rows(path, "SELECT id FROM organisations ORDER BY name")]
    # What a real office database holds besides the fixture: a year, an address with and without scheme.
    _write(path, "UPDATE organisations SET population = 42000, population_year = 2014, website = 'www.dabola.gn' "
                 "WHERE id = ?", ids[0])
    _write(path, "UPDATE organisations SET website = 'http://example.org/x' WHERE id = ?", ids[1])
    before = {r[0]: r[1:] for r in _rows(path, "SELECT id, population, population_year, website, name FROM organisations")}
    with_population = {i for i, (population, *_rest) in before.items() if population is not None}
    with_website = {i for i, (_p, _y, website, _n) in before.items() if website}
    assert len(with_population) >= 5 and len(with_website) == 2

    with open_database(path, automatic_backup=False) as db:
        facts = _rows(path, "SELECT organisation_id, kind, value, source, as_of, chosen FROM organisation_key_facts")
        assert len(facts) == len(with_population) + len(with_website), "one value per stored population and website"
        assert {(o, k) for o, k, *_rest in facts} == {(i, "inhabitants") for i in with_population} | {
            (i, "website") for i in with_website}
        for organisation_id, kind, value, source, as_of, chosen in facts:
            population, year, website, _name = before[organisation_id]
            assert (source, chosen) == ("bisheriger Wert", 0)
            if kind == "inhabitants":
                assert (value, as_of) == (str(population), str(year) if year is not None else "")
            else:
                assert value == key_facts.with_scheme(website) and as_of == ""
        assert before[ids[0]][:2] == (42000, 2014)
        first = service_for(db, "organisations").get(ids[0])
        assert (first.population, first.population_year, first.website) == (42000, 2014, "https://www.dabola.gn")
        assert [(f.kind, f.value, f.as_of) for f in first.key_facts] == [
            (KeyFactKind.INHABITANTS, "42000", "2014"), (KeyFactKind.WEBSITE, "https://www.dabola.gn", "")]
        assert service_for(db, "organisations").get(ids[1]).website == "http://example.org/x"
        # Read back consistent: saving every organisation as it is changes nothing.
        service = service_for(db, "organisations")
        for record in service.list():
            assert key_facts.reconciled(record) == record, record.name
    after = {r[0]: r[1:] for r in _rows(path, "SELECT id, population, population_year, website, name FROM organisations")}
    assert set(after) == set(before)
    for organisation_id, (population, year, website, name) in before.items():
        assert after[organisation_id] == (population, year, key_facts.with_scheme(website), name)


def test_the_0020_fixture_holds_key_facts_side_by_side():
    path = FIXTURES / "0020.sqlite"
    rows = _rows(path, "SELECT organisation_id, kind, count(*), sum(chosen), min(as_of) FROM organisation_key_facts "
                       "GROUP BY organisation_id, kind")
    kinds = {kind for _o, kind, *_rest in rows}
    assert kinds == {"inhabitants", "area", "mayor", "website"}
    assert any(kind == "inhabitants" and count >= 2 and chosen == 1 for _o, kind, count, chosen, _a in rows)
    assert any(kind == "inhabitants" and count >= 2 and chosen == 0 for _o, kind, count, chosen, _a in rows)
    assert _rows(path, "SELECT count(*) FROM organisation_key_facts WHERE source = 'bisheriger Wert'")[0][0] >= 5
    dabola = _rows(path, "SELECT f.value, f.source, f.as_of FROM organisation_key_facts f JOIN organisations o "
                         "ON o.id = f.organisation_id WHERE o.name = 'Dabola' AND f.kind = 'inhabitants' ORDER BY f.value")
    assert [v for v, _s, _a in dabola] == ["21000", "40000", "42000"]
