"""The inputs that ended in a traceback (issue 16, "No tracebacks, ever"): each now gets one
German line naming the record, field or line, exit status 1, and the database is unchanged.

Old data that breaks today's limits (written before they existed) still opens; the documents
and the calendar refuse it with the same kind of message instead of crashing or running for
minutes.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from partnerdesk.cli.main import main
from partnerdesk.domain.records import Activity, Organisation


@pytest.fixture
def archive(office, tmp_path, capsys):
    path = tmp_path / "all.json"
    assert main(["export", "--db", str(office), str(path)]) == 0
    capsys.readouterr()
    return json.loads(path.read_text("utf-8"))


@pytest.fixture
def empty(tmp_path, capsys):
    path = tmp_path / "empty.sqlite"
    assert main(["init", str(path)]) == 0
    capsys.readouterr()
    return path


def _import(tmp_path, target, text, capsys):
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    code = main(["import", "--db", str(target), str(path)])
    err = capsys.readouterr().err
    return code, err


def _with(archive, mutate):
    data = json.loads(json.dumps(archive))
    mutate(data["records"])
    return json.dumps(data, ensure_ascii=False)


def _first_org(records):
    return next(o for o in records["organisations"] if o["name"].startswith("Kumasi"))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: _first_org(r).__setitem__("population", 2**63), "Einwohner muss eine ganze Zahl von 0 bis 2.147.483.647 sein"),
        (lambda r: _first_org(r).__setitem__("version", 2**63), "Version muss eine ganze Zahl von 0 bis 2.147.483.647 sein"),
        (lambda r: r["activities"][0].__setitem__("date", "9999-12-31"), "Datum muss zwischen 01.01.1900 und 31.12.2200 liegen"),
        (lambda r: _first_org(r).__setitem__("city", "X" * 3000), "Ort ist länger als 200 Zeichen"),
        (lambda r: _first_org(r).__setitem__("name", "Kumasi\x00"), "Name enthält ein Zeichen, das nicht gespeichert werden kann (NUL, U+0000)"),
        (lambda r: _first_org(r).__setitem__("created_at", "2020-01-01T00:00:00"), "Angelegt ist kein Zeitpunkt mit Zeitzone"),
        (lambda r: _first_org(r).__setitem__("created_at", "0001-01-01T00:00:00+14:00"), "Angelegt muss zwischen"),
        (lambda r: _first_org(r).__setitem__("created_at", "2024-01-01T25:99"), "].created_at: ungültiger Wert '2024-01-01T25:99'"),
        (lambda r: _first_org(r).__setitem__("latitude", 2**2000), "].latitude: ungültiger Wert"),
        (lambda r: _first_org(r).__setitem__("id", "Kumasi" * 100), "die ID ist keine UUID"),
        (lambda r: r["partnerships"][0].__setitem__("partner_id", "X" * 100), "Partner: der Verweis ist keine UUID"),
    ],
)
def test_a_hostile_value_in_a_json_import_is_one_german_line(archive, empty, tmp_path, capsys, content_of, mutate, expected):
    before = content_of(empty)
    code, err = _import(tmp_path, empty, _with(archive, mutate), capsys)
    assert code == 1
    assert expected in err
    assert err.startswith("partnerdesk: ") and err.count("\n") == 1, err
    assert content_of(empty) == before


def test_a_lone_surrogate_in_json_is_refused_naming_record_and_field(archive, empty, tmp_path, capsys):
    text = _with(archive, lambda r: _first_org(r).__setitem__("city", "Zity")).replace('"Zity"', '"\\ud800Zity"', 1)
    code, err = _import(tmp_path, empty, text, capsys)
    assert code == 1
    assert "Ort enthält ein Zeichen, das nicht gespeichert werden kann (U+D800)" in err


def test_json_nested_100000_deep_is_refused(empty, tmp_path, capsys):
    code, err = _import(tmp_path, empty, "[" * 100_000 + "]" * 100_000, capsys)
    assert code == 1
    assert "ist kein JSON-Export von PartnerDesk: er ist zu tief verschachtelt" in err


def test_a_number_of_5000_digits_is_refused(empty, tmp_path, capsys):
    code, err = _import(tmp_path, empty, '{"format": ' + "9" * 5000 + "}", capsys)
    assert code == 1 and "ist kein JSON-Export von PartnerDesk" in err


def test_json_that_is_not_utf8_names_the_byte(empty, tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_bytes(b'{"format": "partnerdesk-archive", "x": "\xff"}')
    assert main(["import", "--db", str(empty), str(path)]) == 1
    assert "Byte 40 ist kein UTF-8" in capsys.readouterr().err


def test_an_id_of_another_register_is_refused(archive, office, tmp_path, capsys, content_of):
    contact_id = archive["records"]["contacts"][0]["id"]
    before = content_of(office)

    def mutate(records):
        org = dict(_first_org(records), id=contact_id)
        records.clear()
        records["organisations"] = [org]

    code, err = _import(tmp_path, office, _with(archive, mutate), capsys)
    assert code == 1
    assert f"seine ID {contact_id} gehört in der Datenbank einem Datensatz des Registers Kontakte" in err
    assert content_of(office) == before


@pytest.mark.parametrize(("kind", "part"), [("projects", "funding_sources"), ("activities", "follow_ups")])
def test_a_funding_source_or_follow_up_of_another_record_is_refused(archive, office, tmp_path, capsys, content_of, kind, part):
    before = content_of(office)

    def mutate(records):
        owner = next(r for r in records[kind] if r[part])
        other = next(r for r in records[kind] if r is not owner)
        other[part] = [dict(owner[part][0])]
        records.clear()
        records[kind] = [other]

    code, err = _import(tmp_path, office, _with(archive, mutate), capsys)
    assert code == 1
    assert "die in der Datenbank einem anderen Datensatz gehört" in err
    assert content_of(office) == before


def test_an_id_twice_in_one_archive_across_registers_is_refused(archive, empty, tmp_path, capsys):
    def mutate(records):
        records["contacts"][0]["id"] = records["organisations"][0]["id"]

    code, err = _import(tmp_path, empty, _with(archive, mutate), capsys)
    assert code == 1 and "kommt doppelt vor" in err


# Old data, written before the limits ---------------------------------------------------------


def _store_unchecked(path, record):
    """Write ``record`` as an older PartnerDesk could have (no limits checked)."""
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.upserts import upsert_record

    with open_database(path) as db, db.write() as session:
        upsert_record(session, record, keep_meta=False)


def _kumasi(path):
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import OrganisationService

    with open_database(path) as db:
        return OrganisationService(db).find("Kumasi")


def test_old_data_beyond_the_limits_still_opens_and_lists(office, capsys):
    org = _kumasi(office)
    org.city = "K" * 3000
    _store_unchecked(office, org)
    assert main(["list", "organisations", "--db", str(office)]) == 0
    assert main(["check", "--db", str(office)]) == 0


@pytest.mark.parametrize("length", [3000, 1_000_000])
def test_a_partner_city_too_long_for_the_mou_is_named(office, tmp_path, capsys, length):
    org = _kumasi(office)
    org.city = "K" * length
    _store_unchecked(office, org)
    out = tmp_path / "mou.pdf"
    assert main(["mou", "Kumasi", "--db", str(office), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Ort ist länger als 200 Zeichen" in err and "Kumasi" in err
    assert not out.exists()


def test_an_activity_dated_9999_in_old_data_stops_the_calendar_with_its_name(office, tmp_path, capsys):
    _store_unchecked(office, Activity(title="Jahrtausendtreffen", date=date(9999, 12, 31)))
    out = tmp_path / "cal.ics"
    assert main(["export-ics", "--db", str(office), str(out)]) == 1
    err = capsys.readouterr().err
    assert "Aktivität „Jahrtausendtreffen“" in err and "31.12.9999" in err
    assert not out.exists()


def test_documents_with_every_field_at_its_limit_are_written(tmp_path, capsys):
    """The longest allowed values lay out (no ReportLab LayoutError, no endless run)."""
    from decimal import Decimal

    from partnerdesk.domain import limits
    from partnerdesk.domain.enums import LegalBasis
    from partnerdesk.domain.records import Contact, FundingSource, Participant, Partnership, Project
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services import service_for

    def text(n, word="Wort "):
        return (word * (n // len(word) + 1))[:n]

    lengths = limits.TEXT_LENGTHS
    path = tmp_path / "max.sqlite"
    with create_database(path) as db:
        partner = service_for(db, "organisations").create(Organisation(
            **{name: ("en: " + text(lengths["organisations"][name.removesuffix("_translations")])
                      if name.endswith("_translations") else text(n))
               for name, n in lengths["organisations"].items() if name != "website"},
            country="GH", languages=["en"], website="https://a." + "w" * 490,
        ))
        service_for(db, "contacts").create(Contact(
            **{name: text(n) for name, n in lengths["contacts"].items() if name != "email"},
            email="a@b." + "e" * 296, organisation_id=partner.id, legal_basis=LegalBasis.CONSENT,
        ))
        partnership = service_for(db, "partnerships").create(Partnership(
            title="P" + "x" * 299, notes=text(limits.LONG_TEXT), partner_id=partner.id,
            themes=[text(limits.THEME_LENGTH)] * 30, sdg_goals=list(range(1, 18)),
        ))
        service_for(db, "projects").create(Project(
            title="Q" + "y" * 299, summary=text(limits.LONG_TEXT), notes=text(limits.LONG_TEXT),
            partnership_id=partnership.id, participants=[Participant(organisation_id=partner.id)],
            funding_sources=[FundingSource(name=text(limits.FUNDING_SOURCE_NAME_LENGTH), amount=Decimal("99999999999.9999"))],
        ))
    assert main(["mou", "Pxxx", "--db", str(path), "--out", str(tmp_path / "mou.pdf")]) == 0
    assert main(["sheet", "--all", "--db", str(path), "--out", str(tmp_path / "sheet.pdf")]) == 0
    assert (tmp_path / "mou.pdf").stat().st_size > 0 and (tmp_path / "sheet.pdf").stat().st_size > 0


def test_a_file_name_too_long_is_named_not_a_traceback(tmp_path, capsys):
    name = tmp_path / ("9" * 400 + ".sqlite")
    assert main(["init", str(name)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("partnerdesk: ") and "kann nicht verwendet werden: der Name ist zu lang" in err


def test_example_data_with_a_users_partnership_says_which_blocks_it(office, capsys, content_of):
    from partnerdesk.domain.records import Partnership
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services.records import PartnershipService

    kumasi = _kumasi(office)
    with open_database(office) as db:
        PartnershipService(db).create(Partnership(title="Unsere eigene Partnerschaft", partner_id=kumasi.id))
    before = content_of(office)
    assert main(["remove-example-data", "--db", str(office)]) == 1
    err = capsys.readouterr().err
    assert "Die Partnerschaft „Unsere eigene Partnerschaft“ hat die Beispielorganisation „Kumasi“ als Partner" in err
    assert content_of(office) == before


def test_an_iati_identifier_with_control_characters_is_refused(office, tmp_path, capsys):
    assert main(["export-iati", "--db", str(office), "--reporting-org-ref", "DE\x1b]0;x\x07", str(tmp_path / "i.xml")]) == 1
    assert "ist keine IATI-Organisationskennung" in capsys.readouterr().err
    assert not (tmp_path / "i.xml").exists()


@pytest.mark.parametrize("argv", [["export-table", "organisations", "{out}/t.csv", "--search", "M\udcfcnster"],
                                  ["mou", "Kumasi", "--out", "{out}/m.pdf", "--author", "M\udcfcller"]])
def test_text_arguments_with_bytes_that_are_not_utf8_are_refused(office, tmp_path, capsys, argv):
    """What a shell passes for "Münster" typed in Latin-1: Python's surrogate stand-ins for the bytes."""
    assert main([a.format(out=tmp_path) for a in argv] + ["--db", str(office)]) == 1
    assert "enthält Bytes, die kein UTF-8 sind" in capsys.readouterr().err


def test_a_file_name_with_bytes_that_are_not_utf8_is_used_and_logged(tmp_path, capsys):
    assert main(["init", str(tmp_path / "M\udcfcnster.sqlite")]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Logging error" not in captured.err
    assert "M\\udcfcnster.sqlite" in captured.out  # shown as an escape, not raised


@pytest.mark.parametrize("name", ["Partner?2024.sqlite", "50%20Prozent.sqlite", "Nr.#1.sqlite", "etc%00passwd.sqlite"])
def test_a_database_named_like_a_url_is_that_file(tmp_path, capsys, name):
    """The engine's URL was a string: "?" ended the name, "%20" became a space, "%00" a NUL byte."""
    path = tmp_path / name
    assert main(["init", str(path)]) == 0
    assert path.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [name]
    assert main(["check", "--db", str(path)]) == 0


def test_a_name_of_100000_characters_finds_nothing_in_one_line(office, tmp_path, capsys):
    """SQLite's LIKE refuses a pattern of 50,000 characters ("pattern too complex")."""
    assert main(["sheet", "Wort " * 20_000, "--db", str(office), "--out", str(tmp_path / "s.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("partnerdesk: Kein Datensatz (Projekt) passt zu „Wort Wort") and err.count("\n") == 1
