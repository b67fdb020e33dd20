from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.domain import validation
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.records import FundingSource, Organisation, Partnership, Project


def fields(record):
    return {e.field for e in validation.problems(record)}


def test_valid_organisation_has_no_problems():
    assert validation.problems(Organisation(name="Kumasi", country="GH", languages=["en"])) == []


def test_missing_name_is_named_in_german():
    with pytest.raises(ValidationError) as info:
        validation.validate(Organisation(name="  "))
    assert info.value.errors[0].field == "name"
    assert "Name darf nicht leer sein" in str(info.value)


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (Organisation(name="X", country="XX"), "country"),
        (Organisation(name="X", country="gh"), "country"),
        (Organisation(name="X", languages=["xx"]), "languages"),
        (Organisation(name="X", latitude=91, longitude=0), "latitude"),
        (Organisation(name="X", latitude=1), "latitude"),
        (Organisation(name="X", website="not a site"), "website"),
        (Organisation(name="X", population=-1), "population"),
        (Partnership(title="P"), "partner_id"),
        (Partnership(title="P", partner_id="x", sdg_goals=[18]), "sdg_goals"),
        (Partnership(title="P", partner_id="x", start_year=2018, start_date=date(2019, 1, 1)), "start_year"),
        (Project(title="P", sdg_targets=["6.9"]), "sdg_targets"),
        (Project(title="P", start_date=date(2025, 1, 2), end_date=date(2025, 1, 1)), "end_date"),
        (Project(title="P", budget_amount=Decimal("-1")), "budget_amount"),
        (Project(title="P", budget_amount=Decimal("NaN")), "budget_amount"),
        (Project(title="P", budget_currency="EURO"), "budget_currency"),
        (Project(title="P", funding_sources=[FundingSource(name="", amount=Decimal(1))]), "funding_sources"),
    ],
)
def test_invalid_fields_are_named(record, field):
    assert field in fields(record)


def test_english_messages_after_switching(monkeypatch):
    from partnerdesk import i18n

    i18n.set_language("en")
    try:
        assert "Name must not be empty" in validation.problems(Organisation(name=""))[0].message
    finally:
        i18n.set_language("de")
