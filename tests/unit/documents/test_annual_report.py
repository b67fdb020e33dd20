"""The annual report (issue 24): its tables read back from the PDF and the Word file match the
database (counted and summed in SQL here), a year without data says what is missing, hostile
names print as typed, the office's wording replaces ours."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from pdf_checks import HOSTILE, assert_fonts_embedded, assert_qpdf_ok, flat, pdf_text, storable
from sqlalchemy import text

from awkward_text import AWKWARD, awkward_records
from partnerdesk.documents.annual_report import write_annual_report
from partnerdesk.documents.annual_report.texts import ReportTemplateError, load_texts
from partnerdesk.documents.world_map import Place, WorldMap
from partnerdesk.domain.enums import ActivityKind, OrganisationKind, PartnershipType, ProjectStatus, StageKind
from partnerdesk.domain.grants import money_text
from partnerdesk.domain.records import (
    Activity,
    Contact,
    Decision,
    FundingSource,
    Organisation,
    Partnership,
    PartnershipStage,
    Project,
)
from partnerdesk.geography.projection import WORLD
from partnerdesk.services import service_for
from partnerdesk.services.annual_report import ReportYearError, collect
from partnerdesk.services.annual_report_data import ReportFilter

# Every test that reads the database runs on a PostgreSQL server too (window function-free
# LIMIT subqueries, EXISTS, sums of the Amount type).
pytestmark = pytest.mark.postgresql

YEAR = 2026
FIRST, LAST = "2026-01-01", "2026-12-31"


def _create(db, kind, record):
    return service_for(db, kind).create(record)


@pytest.fixture
def office(db):
    """Three partnerships with short names (table rows stay on one line), activities in and
    around the year, projects with budgets, funding and goals, decisions of two years."""
    unit = _create(db, "organisations", Organisation(name="Amt Int", kind=OrganisationKind.CITY_UNIT, city="Dortmund",
                                                      legal_name="Stadt Dortmund"))
    other_unit = _create(db, "organisations", Organisation(name="Amt Umw", kind=OrganisationKind.CITY_UNIT, city="Dortmund"))
    staff = _create(db, "contacts", Contact(name="Erika Muster", organisation_id=unit.id))
    staff2 = _create(db, "contacts", Contact(name="Otto Umwelt", organisation_id=other_unit.id))
    places = {"Kumasi": (6.69, -1.62, "GH"), "Cluj": (46.77, 23.59, "RO"), "Dura": (None, None, "PS")}
    partners = {n: _create(db, "organisations", Organisation(name=n, kind=OrganisationKind.MUNICIPALITY, country=c,
                                                              latitude=lat, longitude=lon))
                for n, (lat, lon, c) in places.items()}
    alpha = _create(db, "partnerships", Partnership(
        title="Alpha", partner_id=partners["Kumasi"].id, type=PartnershipType.PROJECT_PARTNERSHIP, responsible_id=staff.id,
        stages=[PartnershipStage(kind=StageKind.FIRST_CONTACT, date=date(2019, 5, 1)),
                PartnershipStage(kind=StageKind.MOU_SIGNED, date=date(2026, 6, 1)),
                PartnershipStage(kind=StageKind.PROJECT_PARTNERSHIP, date=date(2027, 2, 1))]))
    beta = _create(db, "partnerships", Partnership(title="Beta", partner_id=partners["Cluj"].id, type=PartnershipType.TWINNING,
                                                   start_year=1990, responsible_id=staff2.id))
    later = _create(db, "partnerships", Partnership(title="Gamma", partner_id=partners["Dura"].id, start_year=2030))
    for i in range(13):
        _create(db, "activities", Activity(title=f"Treffen {i}", date=date(YEAR, 1 + i % 12, 3), partnership_id=alpha.id,
                                           kind=ActivityKind.MEETING if i % 3 else ActivityKind.WORKSHOP))
    for i in range(4):
        _create(db, "activities", Activity(title=f"Besuch {i}", date=date(YEAR, 5, 10 + i), partnership_id=beta.id,
                                           kind=ActivityKind.DELEGATION_VISIT_HERE if hasattr(ActivityKind, "DELEGATION_VISIT_HERE")
                                           else ActivityKind.MEETING))
    _create(db, "activities", Activity(title="Vorjahr", date=date(YEAR - 1, 12, 31), partnership_id=beta.id))
    _create(db, "activities", Activity(title="Folgejahr", date=date(YEAR + 1, 1, 1), partnership_id=alpha.id))
    _create(db, "projects", Project(
        title="Wasser", partnership_id=alpha.id, status=ProjectStatus.RUNNING, start_date=date(2025, 3, 1),
        budget_amount=Decimal("120000.50"), sdg_goals=[6, 17],
        funding_sources=[FundingSource(name="SKEW", amount=Decimal("90000")), FundingSource(name="Stadt", amount=Decimal("30000.50"))]))
    _create(db, "projects", Project(
        title="Schule", partnership_id=beta.id, status=ProjectStatus.COMPLETED, start_date=date(2024, 1, 1),
        end_date=date(2026, 2, 28), budget_amount=Decimal("8000"), sdg_goals=[4]))
    _create(db, "projects", Project(title="Alt", partnership_id=beta.id, status=ProjectStatus.COMPLETED,
                                    start_date=date(2020, 1, 1), end_date=date(2025, 12, 31), budget_amount=Decimal("5")))
    _create(db, "decisions", Decision(title="Partnerschaft Alpha", date=date(YEAR, 3, 12), number="0815-26",
                                      result="approved", partnership_ids=[alpha.id]))
    _create(db, "decisions", Decision(title="Bericht Beta", body="committee", committee="AusschussX", date=date(YEAR, 9, 1),
                                      number="0900-26", result="noted", partnership_ids=[beta.id]))
    _create(db, "decisions", Decision(title="Vorjahresbeschluss", date=date(YEAR - 1, 3, 12), number="1-25", result="approved"))
    del later
    return db


def _sql(db, query, **params):
    with db.read() as session:
        return session.execute(text(query), params).all()


def _docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]


def _layout_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_tables_in_pdf_and_word_match_the_database(office, tmp_path):
    data = collect(office, YEAR)
    pdf, _c = write_annual_report(data, tmp_path / "bericht.pdf", on=date(2027, 1, 15))
    word, _c = write_annual_report(data, tmp_path / "bericht.docx", on=date(2027, 1, 15))
    tables = _docx_tables(Path(word))
    layout = _layout_text(Path(pdf))

    # Partnerships and their activities of the year: counted in SQL.
    expected = {
        title: count for title, count in _sql(office, """
            SELECT p.title, COUNT(a.id) FROM partnerships p
            LEFT JOIN activities a ON a.partnership_id = p.id AND a.date BETWEEN :first AND :last
            WHERE p.title IN ('Alpha', 'Beta') GROUP BY p.title""", first=FIRST, last=LAST)
    }
    assert expected == {"Alpha": 13, "Beta": 4}
    partnerships = tables[0]
    assert partnerships[0][:2] == ["Partnerschaft", "Partner"]
    assert {row[0]: int(row[-1]) for row in partnerships[1:-1]} == expected  # Gamma begins in 2030: not in 2026
    assert partnerships[-1][-1] == str(sum(expected.values()))
    for title, count in expected.items():
        assert re.search(rf"^\s*{title}\s.*\s{count}\s*$", layout, re.M), title
    assert "Gamma" not in layout
    # The stage reached by 31 December (the 2027 stage is not yet).
    alpha = next(row for row in partnerships if row[0] == "Alpha")
    assert alpha[3].startswith("MoU unterzeichnet") and "01.06.2026" in alpha[3]

    # Kinds of activity.
    kinds = _sql(office, "SELECT kind, COUNT(*) FROM activities WHERE date BETWEEN :first AND :last GROUP BY kind",
                 first=FIRST, last=LAST)
    assert sorted(int(row[1]) for row in tables[1][1:]) == sorted(count for _k, count in kinds)

    # Projects of the year with budget and funding: summed in SQL (Amount is ten-thousandths).
    projects = {title: (Decimal(budget).scaleb(-4), Decimal(funding or 0).scaleb(-4)) for title, budget, funding in _sql(
        office, """SELECT p.title, p.budget_amount, (SELECT SUM(f.amount) FROM funding_sources f WHERE f.project_id = p.id)
                   FROM projects p WHERE (p.end_date IS NULL OR p.end_date >= :first) AND p.start_date <= :last""",
        first=FIRST, last=LAST)}
    assert set(projects) == {"Wasser", "Schule"}
    rows = {row[0]: row for row in tables[2][1:-1]}
    assert set(rows) == set(projects)
    for title, (budget, funding) in projects.items():
        assert rows[title][3] == money_text(budget, "EUR")
        assert rows[title][4] == (money_text(funding, "EUR") if funding else "–")
        assert money_text(budget, "EUR") in layout
    assert tables[2][-1][3] == money_text(sum(b for b, _f in projects.values()), "EUR")

    # SDG coverage: projects and euro budget per goal.
    goals = {int(goal): (count, Decimal(total).scaleb(-4)) for goal, count, total in _sql(office, """
        SELECT g.goal, COUNT(*), SUM(p.budget_amount) FROM project_sdg_goals g JOIN projects p ON p.id = g.project_id
        WHERE (p.end_date IS NULL OR p.end_date >= :first) AND p.start_date <= :last GROUP BY g.goal""",
        first=FIRST, last=LAST)}
    sdg_rows = {int(row[0].split()[0]): (int(row[1]), row[2]) for row in tables[3][1:]}
    assert {g: c for g, (c, _b) in sdg_rows.items() if c} == {g: c for g, (c, _t) in goals.items()}
    for goal, (_count, total) in goals.items():
        assert sdg_rows[goal][1] == money_text(total, "EUR")

    # Decisions of the year.
    decided = _sql(office, "SELECT number FROM decisions WHERE date BETWEEN :first AND :last ORDER BY date",
                   first=FIRST, last=LAST)
    decisions = next(t for t in tables if t[0][0] == "Datum")
    assert [row[2] for row in decisions[1:]] == [n for (n,) in decided]
    assert any(row[1] == "AusschussX" for row in decisions[1:])
    assert "1-25" not in layout

    # The SDG 17 answers and what is missing.
    text_pdf = flat(pdf_text(Path(pdf)))
    assert "2 Partnerschaften" in text_pdf and "Partner in Ghana (1), Rumänien (1)" in text_pdf
    assert "Partner ohne Koordinaten" not in text_pdf  # Dura's partnership is not in 2026
    assert_fonts_embedded(Path(pdf))
    assert_qpdf_ok(Path(pdf))


def test_each_partnership_lists_its_newest_activities_and_counts_the_rest(office, tmp_path):
    data = collect(office, YEAR)
    alpha = next(p for p in data.partnerships if p.title == "Alpha")
    assert alpha.activities == 13 and len(alpha.listed) == 8
    assert [a.day for a in alpha.listed] == sorted((a.day for a in alpha.listed), reverse=True)
    word, _c = write_annual_report(data, tmp_path / "b.docx")
    paragraphs = [p.text for p in docx.Document(word).paragraphs]
    assert "… und 5 weitere" in paragraphs


def test_a_year_without_data_gives_a_report_that_says_what_is_missing(db, tmp_path):
    data = collect(db, 1950)
    assert data.empty
    for name in ("leer.pdf", "leer.docx"):
        path, _c = write_annual_report(data, tmp_path / name)
        shown = flat(pdf_text(Path(path))) if name.endswith("pdf") else " ".join(
            p.text for p in docx.Document(path).paragraphs)
        assert "Was noch fehlt" in shown
        assert "Für 1950 ist keine Partnerschaft erfasst." in shown
        assert "Für 1950 ist keine Aktivität erfasst." in shown
        assert "Für 1950 ist kein Beschluss erfasst." in shown
        assert "Die Karte entfällt" in shown or "Koordinaten" in shown


@pytest.mark.parametrize("year", ["20x6", "", "99999", "-1", "2026.5", "\x00"])
def test_a_year_that_is_no_year_is_refused_with_a_german_message(db, year):
    with pytest.raises(ReportYearError) as caught:
        collect(db, year)
    assert "ist kein Jahr für den Jahresbericht" in caught.value.message


def test_filters_narrow_partnerships_projects_and_activities(office):
    twinning = collect(office, YEAR, ReportFilter(partnership_type="twinning"))
    assert [p.title for p in twinning.partnerships] == ["Beta"]
    assert [p.title for p in twinning.projects] == ["Schule"]
    assert twinning.activity_count == 4
    unit = service_for(office, "organisations").find("Amt Int")
    mine = collect(office, YEAR, ReportFilter(responsible_unit_id=unit.id, responsible_unit_name=unit.name))
    assert [p.title for p in mine.partnerships] == ["Alpha"]
    assert [p.title for p in mine.projects] == ["Wasser"]
    assert [d.number for d in mine.decisions] == ["0815-26"]


def test_under_a_filter_what_is_missing_is_missing_from_the_selection_not_from_the_year(office, tmp_path):
    """A report narrowed to friendships (the office has none) must not tell the council that nothing at all
    is recorded for the year: the lines and sections name the selection."""
    chosen = ReportFilter(partnership_type="friendship")
    data = collect(office, YEAR, chosen)
    assert data.partnerships == [] and data.projects == [] and data.decisions == []
    selection = PartnershipType.FRIENDSHIP.label
    assert f"Für {YEAR} ist in der Auswahl ({selection}) keine Partnerschaft erfasst." in data.missing
    assert f"Für {YEAR} ist in der Auswahl ({selection}) keine Aktivität erfasst." in data.missing
    assert f"Für {YEAR} ist in der Auswahl ({selection}) kein laufendes Projekt erfasst." in data.missing
    assert f"Für {YEAR} ist in der Auswahl ({selection}) kein Beschluss erfasst." in data.missing
    assert not any(line.startswith(f"Für {YEAR} ist kein") for line in data.missing)
    word, _c = write_annual_report(data, tmp_path / "auswahl.docx")
    shown = [p.text for p in docx.Document(word).paragraphs]
    assert f"Für {YEAR} ist in der Auswahl ({selection}) keine Partnerschaft erfasst." in shown
    assert f"Für {YEAR} ist in der Auswahl ({selection}) kein laufendes Projekt erfasst." in shown
    assert f"Für {YEAR} ist in der Auswahl ({selection}) kein Beschluss erfasst." in shown
    assert not any(t.startswith(f"Für {YEAR} ist kein") for t in shown)
    unit = service_for(office, "organisations").find("Amt Umw")
    theirs = collect(office, YEAR, ReportFilter(responsible_unit_id=unit.id, responsible_unit_name=unit.name))
    assert f"Für {YEAR} ist in der Auswahl (Amt Umw) kein Beschluss erfasst." not in theirs.missing  # Beta's report
    # Unfiltered, the year's own words stay.
    assert f"Für {YEAR} ist kein Beschluss erfasst." not in collect(office, YEAR).missing
    assert "Für 1950 ist keine Partnerschaft erfasst." in collect(office, 1950).missing


def test_hostile_names_print_as_typed_in_pdf_and_word(db, database_kind, tmp_path):
    partner = _create(db, "organisations", Organisation(name="Partner", kind=OrganisationKind.MUNICIPALITY))
    names = storable(HOSTILE, database_kind)
    for i, name in enumerate(names):
        p = _create(db, "partnerships", Partnership(title=f"{i:02} {name}"[:300], partner_id=partner.id))
        _create(db, "activities", Activity(title=name[:300], date=date(YEAR, 4, 1), partnership_id=p.id, place=name[:300]))
        _create(db, "projects", Project(title=f"P{i:02} {name}"[:300], partnership_id=p.id, start_date=date(YEAR, 1, 1),
                                        funding_sources=[FundingSource(name=name[:300], amount=Decimal(1))]))
    awkward_records(db)
    data = collect(db, YEAR)
    pdf, _c = write_annual_report(data, tmp_path / "h.pdf")
    word, _c = write_annual_report(data, tmp_path / "h.docx")
    shown = flat(pdf_text(Path(pdf)))
    for needle in ("Fa. Müller & Söhne <GmbH>", '<a href="https://evil.example">klick</a>', "<font size=40>GROSS</font>",
                   "{partner_city} $home_city %(x)s {0}", "R&D; &amp; &#169;", "Ş ș Ţ ț"):
        assert needle in shown
    cells = {c for t in _docx_tables(Path(word)) for row in t for c in row}
    assert "01 x <b>bold" in cells and "Beschluss; =1+1" in cells
    assert any(AWKWARD[0] in c for c in cells) or "Partnerschaft; mit Semikolon" in cells
    assert_qpdf_ok(Path(pdf))


def test_the_office_changes_a_sentence_in_its_own_template(db, tmp_path, monkeypatch):
    folder = tmp_path / "vorlagen"
    (folder / "annual_report" / "de").mkdir(parents=True)
    (folder / "annual_report" / "de" / "texts.txt").write_text(
        "% nur der Titel\ntitle = Bericht {year} über die Städtepartnerschaften\n", "utf-8")
    word, content = write_annual_report(collect(db, YEAR), tmp_path / "t.docx", templates=[folder])
    assert content.title == f"Bericht {YEAR} über die Städtepartnerschaften"
    assert docx.Document(word).paragraphs[0].text == content.title
    assert content.footer == f"Jahresbericht {YEAR} · Entwurf"  # the rest from the shipped file


@pytest.mark.parametrize(("line", "says"), [
    ("title = Bericht {jahr}", "unbekannter Platzhalter „{jahr}“"),
    ("title = Bericht {year", "geschweifte Klammer"),
    ("titel = Bericht", "unbekannter Schlüssel „titel“"),
    ("nur Text", "schlüssel = text"),
])
def test_a_mistake_in_the_office_template_names_file_and_line(tmp_path, line, says):
    folder = tmp_path / "vorlagen"
    (folder / "annual_report" / "de").mkdir(parents=True)
    path = folder / "annual_report" / "de" / "texts.txt"
    path.write_text(f"% Kommentar\n{line}\n", "utf-8")
    with pytest.raises(ReportTemplateError) as caught:
        load_texts([folder])
    assert str(path) in caught.value.message and "Zeile 2" in caught.value.message
    assert says.casefold() in caught.value.message.casefold()


def test_the_world_map_puts_places_where_they_are():
    world = WorldMap([Place(0.0, 0.0, "twinning", "x"), Place(51.51, 7.47, "twinning", "Dortmund"),
                      Place(-33.92, 18.42, "contact", "Kapstadt"), Place(95.0, 0.0, "twinning", "kaputt")], 360)
    assert len(world.places) == 3  # out of range: not drawn
    x0, y0 = world.xy(0.0, 0.0)
    assert x0 == pytest.approx(180) and y0 == pytest.approx(14 + 60 / (84 + 60) * world.map_height)
    x, y = world.xy(7.47, 51.51)
    assert x == pytest.approx(187.47) and y > y0
    west, south = world.xy(WORLD.west, WORLD.south)
    assert (west, south) == (0, 14)


def test_grants_of_the_year_with_money_received_match_the_database(office, tmp_path):
    from partnerdesk.domain.grant_records import Drawdown, Grant, GrantStatus

    projects = {p.title: p for p in service_for(office, "projects").list()}
    _create(office, "grants", Grant(
        title="Nakopa Wasser", file_reference="NK-26", status=GrantStatus.RUNNING, approved_amount=Decimal("90000"),
        period_from=date(2025, 10, 1), period_until=date(2027, 9, 30), project_ids=[projects["Wasser"].id],
        drawdowns=[Drawdown(amount=Decimal("20000"), received_on=date(2026, 2, 1)),
                   Drawdown(amount=Decimal("15000.25"), received_on=date(2026, 11, 30)),
                   Drawdown(amount=Decimal("5000"), received_on=date(2025, 12, 31))]))
    _create(office, "grants", Grant(title="Nur beantragt", status=GrantStatus.APPLICATION, approved_amount=Decimal("1")))
    _create(office, "grants", Grant(title="Abgelaufen", status=GrantStatus.CLOSED, approved_amount=Decimal("7"),
                                    period_from=date(2020, 1, 1), period_until=date(2022, 12, 31)))
    received = _sql(office, """SELECT g.title, SUM(d.amount) FROM grants g JOIN grant_drawdowns d ON d.grant_id = g.id
                               WHERE d.received_on BETWEEN :first AND :last GROUP BY g.title""", first=FIRST, last=LAST)
    assert [(t, Decimal(a).scaleb(-4)) for t, a in received] == [("Nakopa Wasser", Decimal("35000.25"))]
    data = collect(office, YEAR)
    word, _c = write_annual_report(data, tmp_path / "z.docx")
    table = next(t for t in _docx_tables(Path(word)) if t[0][0] == "Zuwendung")
    assert [row[0] for row in table[1:-1]] == ["Nakopa Wasser · NK-26"]
    assert table[1][2:] == [money_text(Decimal("90000"), "EUR"), money_text(Decimal("35000.25"), "EUR"), "Wasser"]
    assert table[-1][3] == money_text(Decimal("35000.25"), "EUR")
    pdf, _c = write_annual_report(data, tmp_path / "z.pdf")
    assert "Im Jahr erhaltene Zuwendungen: 35.000,25 EUR" in flat(pdf_text(Path(pdf)))
    twinning = collect(office, YEAR, ReportFilter(partnership_type="twinning"))
    assert twinning.grants == []  # it funds no project of the twinning


def test_indicators_from_a_source_print_against_their_targets(db, tmp_path, monkeypatch):
    """The hook for the action programmes: what a source gives stands in the table."""
    from partnerdesk.services import annual_report
    from partnerdesk.services.annual_report_data import IndicatorLine

    line = IndicatorLine("Alpha", "Solaranlagen auf Schulen", "Anlagen", "2 (2024)", "12 (2028)", "7 (2026)", "50 %")
    monkeypatch.setattr(annual_report, "INDICATOR_SOURCES", [lambda session, year, ids: [line]])
    data = collect(db, YEAR)
    assert "Die Indikatoren der Handlungsprogramme sind in PartnerDesk noch nicht erfasst." not in data.missing
    word, _c = write_annual_report(data, tmp_path / "i.docx")
    table = next(t for t in _docx_tables(Path(word)) if t[0][1] == "Indikator")
    assert table[1] == ["Alpha", "Solaranlagen auf Schulen", "Anlagen", "2 (2024)", "12 (2028)", "7 (2026)", "50 %"]
