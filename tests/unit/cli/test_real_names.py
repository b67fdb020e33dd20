"""Real partner names: imported through the command line, found by the forms people type.

Data: ``tests/data/twinning/`` (a trimmed copy of the twin-town list, MIT licence, and names
in a dozen scripts; see its README) and the Arabic SDG titles of ``../shared`` when present.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.records import Organisation, Project
from partnerdesk.domain.text import fold, spelled_out
from partnerdesk.exchange.country_names import country_code
from partnerdesk.exchange.table_import import preview_file
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for
from partnerdesk.services.choices import matching_names
from partnerdesk.services.registers import RegisterQuery, RegisterService

DATA = Path(__file__).resolve().parents[2] / "data" / "twinning"
SHARED_SDG_AR = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "sdg" / "ar" / "global_goals.yml"
MAPPING = {"Name": "name", "Land": "country", "Breite": "latitude", "Länge": "longitude"}
#: What a user types instead of the typographic marks (and back).
SWAP = str.maketrans({"’": "'", "'": "’", "–": "-", "-": " ", "ʻ": "'"})


def sample_places() -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """Unique (name, country as written, lat, lng) of both columns, and the countries no import can read."""
    places: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    unknown: list[str] = []
    with (DATA / "twin_cities_sample.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for side in "12":
                name, country = row[f"city{side}"].strip(), row[f"country{side}"].strip()
                code = country_code(country)
                if code is None:
                    unknown.append(country)
                    continue
                places.setdefault((fold(name), code), (name, country, row[f"lat{side}"], row[f"lng{side}"]))
    return list(places.values()), unknown


def write_table(path: Path, places: list[tuple[str, str, str, str]], rename=lambda name: name) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(list(MAPPING))
        for name, country, lat, lng in places:
            writer.writerow([rename(name), country, lat.replace(".", ","), lng.replace(".", ",")])
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The sample's places imported into a new database through ``partnerdesk import-table``."""
    folder = tmp_path_factory.mktemp("real")
    db_path = folder / "office.sqlite"
    places, _unknown = sample_places()
    table = write_table(folder / "orte.csv", places)
    mapping = folder / "map.json"
    mapping.write_text(json.dumps(MAPPING), "utf-8")
    assert main(["init", str(db_path)]) == 0
    assert main(["import-table", str(table), "--into", "organisations", "--mapping", str(mapping), "--db", str(db_path)]) == 0
    return db_path, places, mapping


def test_the_sample_is_real_and_varied():
    places, unknown = sample_places()
    names = [p[0] for p in places]
    assert len(places) > 400
    assert {"Northern Cyprus", "Kazakhstah"} <= set(unknown), "refused, not guessed"
    assert any("’" in n or "'" in n for n in names) and any("–" in n for n in names)
    assert len({ch for n in names for ch in n if ord(ch) > 255}) > 40, "letters far beyond Latin-1"
    assert {country_code(c) for _n, c, _a, _b in places} >= {"DE", "PL", "TR", "XK", "MD", "PS", "RU"}


def test_the_command_line_imports_every_place_with_its_country(imported, capsys):
    db_path, places, _mapping = imported
    capsys.readouterr()
    assert main(["list", "organisations", "--db", str(db_path), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == len(places)
    by_name = {o["name"]: o for o in listed}
    assert by_name["Dortmund"]["country"] == "DE"
    assert {by_name[n]["country"] for n, c, _a, _b in places if c == "Kosovo"} == {"XK"}
    assert {by_name[n]["country"] for n, c, _a, _b in places if c == "Moldavia"} == {"MD"}


def test_every_place_is_found_by_the_forms_people_type(imported):
    db_path, places, _mapping = imported
    db = open_database(db_path, automatic_backup=False)
    try:
        register = RegisterService(db, "organisations")
        missed = []
        for name, _country, _lat, _lng in places:
            if name.isascii() and not any(ch in name for ch in "'-"):
                continue  # nothing to fold
            for typed in {fold(name), spelled_out(name), name.translate(SWAP), name.upper()}:
                found = [r.values["name"] for r in register.rows(register.ids(RegisterQuery("organisations", search=typed)))]
                picked = [n for _i, n in matching_names(db, "organisations", typed)]
                if name not in found or name not in picked:
                    missed.append((name, typed, name in found, name in picked))
        assert missed == []
    finally:
        db.close()


def test_the_command_line_search_finds_typed_forms(imported, tmp_path, capsys):
    db_path, places, _mapping = imported
    names = [p[0] for p in places]
    with_apostrophe = next(n for n in names if "'" in n)
    with_umlaut = next(n for n in names if "ö" in n)
    with_dash = next(n for n in names if "–" in n)
    for typed, expected in [
        (with_apostrophe.replace("'", "’"), with_apostrophe),
        (spelled_out(with_umlaut), with_umlaut),
        (with_dash.replace("–", "-"), with_dash),
    ]:
        out = tmp_path / "found.csv"
        capsys.readouterr()
        assert main(["export-table", "organisations", str(out), "--db", str(db_path), "--search", typed]) == 0
        assert expected in out.read_text("utf-8-sig"), typed


def test_import_duplicate_detection_folds_like_the_search(imported, tmp_path):
    """The same places written with the other apostrophe or dash are found as the records already there."""
    db_path, places, mapping = imported
    marked = [p for p in places if any(ch in p[0] for ch in "'’–-ʻ")]
    table = write_table(tmp_path / "wieder.csv", marked, rename=lambda name: name.translate(SWAP))
    db = open_database(db_path, automatic_backup=False)
    try:
        preview = preview_file(db, table, "organisations", mapping_file=mapping)
    finally:
        db.close()
    assert len(preview.rows) == len(marked) > 50
    # Matched to the record, or offered as its possible duplicate (where the import asks first).
    unmatched = [r for r in preview.rows if r.existing is None and not getattr(r, "candidates", None)]
    assert unmatched == []


def test_names_in_a_dozen_scripts_are_found_as_typed(db):
    organisations = service_for(db, "organisations")
    with (DATA / "names_in_scripts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        organisations.create(Organisation(name=row["name"], country=row["country"]))
    register = RegisterService(db, "organisations")
    for row in rows:
        found = [r.values["name"] for r in register.rows(register.ids(RegisterQuery("organisations", search=row["typed"])))]
        assert row["name"] in found, row
        assert row["name"] in [n for _i, n in matching_names(db, "organisations", row["typed"])], row


@pytest.mark.skipif(not SHARED_SDG_AR.exists(), reason="../shared/ not beside the project")
def test_arabic_titles_are_found_without_their_vowel_marks(db):
    titles = [line.split(": ", 1)[1].strip() for line in SHARED_SDG_AR.read_text("utf-8").splitlines() if "-title: " in line]
    projects = service_for(db, "projects")
    for title in titles:
        projects.create(Project(title=title))
    register = RegisterService(db, "projects")
    for title in titles:
        marked = "\u064e".join(title.split(" ")[0])  # a fatha after each letter of the first word
        typed = f"{marked} {' '.join(title.split(' ')[1:3])}"
        found = [r.values["title"] for r in register.rows(register.ids(RegisterQuery("projects", search=typed)))]
        assert title in found, typed
