"""Per-language texts in one field ("code: text" per line): what validation refuses, by line."""

from __future__ import annotations

import pytest

from partnerdesk.domain import limits, translations
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.records import Organisation
from partnerdesk.domain.validation import validate


def test_lines_are_read_by_language_code():
    assert translations.parse("en: City of Dortmund\n\nro: Municipiul Dortmund") == {
        "en": "City of Dortmund", "ro": "Municipiul Dortmund"}


def test_a_translation_longer_than_the_field_it_translates_is_refused_naming_its_line():
    longest = limits.TEXT_LENGTHS["organisations"]["legal_name"]
    fine = Organisation(name="Dortmund", kind=OrganisationKind.CITY_UNIT,
                        legal_name_translations="en: " + "x" * longest)
    validate(fine)
    too_long = Organisation(name="Dortmund", kind=OrganisationKind.CITY_UNIT,
                            legal_name_translations="en: ok\nfr: " + "x" * (longest + 1))
    with pytest.raises(ValidationError, match=f"Zeile 2: höchstens {longest} Zeichen"):
        validate(too_long)
