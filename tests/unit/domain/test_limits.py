"""Lengths, number and date ranges and characters are refused where records are checked
(domain/validation), so no later step (database, server, archive, merge, PDF, calendar) meets them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from partnerdesk.domain import limits, validation
from partnerdesk.domain.grant_records import FundingProgramme, Grant
from partnerdesk.domain.records import (
    Activity,
    Contact,
    Decision,
    FollowUp,
    FundingSource,
    Organisation,
    Partnership,
    Project,
)


def fields(record):
    return {e.field for e in validation.problems(record)}


def messages(record):
    return "; ".join(e.message for e in validation.problems(record))


def test_every_text_field_has_a_limit_and_its_limit_is_allowed():
    """The longest allowed text is accepted, one character more is refused, naming the field."""
    types = {"organisations": Organisation, "partnerships": Partnership, "projects": Project,
             "contacts": Contact, "activities": Activity, "decisions": Decision, "programmes": FundingProgramme,
             "grants": Grant}
    base = {"organisations": {"name": "N"}, "partnerships": {"title": "T", "partner_id": "p"},
            "projects": {"title": "T"}, "contacts": {"name": "N"},
            "activities": {"title": "T", "date": date(2025, 1, 1)},
            "decisions": {"title": "T", "date": date(2025, 1, 1), "number": "1"},
            "programmes": {"name": "N"}, "grants": {"title": "T"}}
    for kind, lengths in limits.TEXT_LENGTHS.items():
        for name, limit in lengths.items():
            text = "x" * limit
            if name == "email":
                text = "a@b." + "x" * (limit - 4)
            if name in ("website", "link"):
                text = "a." + "x" * (limit - 2)
            if name.endswith("_translations"):  # "code: text" lines, each at most the translated field's length
                line = lengths[name.removesuffix("_translations")]
                codes = iter(["en", "fr", "ro", "ar", "es", "it", "pl", "pt", "nl", "de", "tr", "el"])
                lines: list[str] = []
                while sum(len(x) + 1 for x in lines) + line + 1 <= limit:
                    lines.append(f"{next(codes)}: " + "x" * (line - 4))
                rest = limit - sum(len(x) + 1 for x in lines)
                text = "\n".join([*lines, f"{next(codes)}: " + "x" * (rest - 4)])
            fine = types[kind](**{**base[kind], name: text})
            assert name not in fields(fine), (kind, name)
            too_long = types[kind](**{**base[kind], name: text + "x"})
            assert name in fields(too_long), (kind, name)


def test_a_too_long_city_is_named_with_its_limit():
    assert "Ort ist länger als 200 Zeichen" in messages(Organisation(name="X", city="X" * 3000))
    assert "Notizen ist länger als 100.000 Zeichen" in messages(Organisation(name="X", notes="n" * 100_001))


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (Partnership(title="P", partner_id="x", themes=["t" * 201]), "themes"),
        (Project(title="P", funding_sources=[FundingSource(name="f" * 301)]), "funding_sources"),
        (Activity(title="A", date=date(2025, 1, 1), follow_ups=[FollowUp(text="f" * 2001)]), "follow_ups"),
        (Project(title="P", contact_ids=["c"] * 1001), "contact_ids"),
    ],
)
def test_list_entries_and_lists_have_limits(record, field):
    assert field in fields(record)


@pytest.mark.parametrize("population", [2**63, 2**31, -1, True, 1.5])
def test_population_fits_an_integer_column_on_every_database(population):
    assert "population" in fields(Organisation(name="X", population=population))


def test_the_largest_population_is_allowed():
    assert fields(Organisation(name="X", population=limits.MAX_INTEGER)) == set()


@pytest.mark.parametrize("version", [2**63, 2**31, -1])
def test_row_version_fits_too(version):
    assert "version" in fields(Organisation(name="X", version=version))


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (Activity(title="A", date=date(9999, 12, 31)), "date"),
        (Activity(title="A", date=date(1899, 12, 31)), "date"),
        (Activity(title="A", date=date(2025, 1, 1), follow_ups=[FollowUp(text="t", due_date=date(2201, 1, 1))]),
         "follow_ups"),
        (Project(title="P", start_date=date(1, 1, 1)), "start_date"),
        (Project(title="P", end_date=date(9999, 1, 1)), "end_date"),
        (Partnership(title="P", partner_id="x", start_year=799), "start_year"),
        (Partnership(title="P", partner_id="x", start_date=date(2201, 1, 1)), "start_date"),
        (Organisation(name="X", population_year=1899), "population_year"),
        (Organisation(name="X", created_at=datetime(9999, 1, 1, tzinfo=UTC)), "created_at"),
        (Organisation(name="X", updated_at=datetime(2025, 1, 1)), "updated_at"),
    ],
)
def test_dates_lie_between_1900_and_2200(record, field):
    assert field in fields(record)


def test_date_messages_name_the_range_in_german():
    assert "Datum muss zwischen 01.01.1900 und 31.12.2200 liegen" in messages(Activity(title="A", date=date(9999, 12, 31)))


def test_a_partnership_may_start_in_836():
    """Paderborn and Le Mans: the field that needs more than 1900."""
    assert fields(Partnership(title="Paderborn – Le Mans", partner_id="x", start_year=836)) == set()


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "x\udfffy"])
def test_characters_no_database_can_store_are_refused(text):
    assert "name" in fields(Organisation(name=text))
    assert "themes" in fields(Partnership(title="P", partner_id="x", themes=[text]))
    assert "follow_ups" in fields(Activity(title="A", date=date(2025, 1, 1), follow_ups=[FollowUp(text=text)]))


def test_control_characters_and_right_to_left_marks_are_kept():
    """Word's manual line break, tabs, U+202E: awkward but storable; shown escaped where it matters."""
    assert fields(Organisation(name="A\x0bB\t\u202eC\x1b[2J")) == set()


def test_huge_amounts_stay_refused():
    assert "budget_amount" in fields(Project(title="P", budget_amount=Decimal("1e999999")))
