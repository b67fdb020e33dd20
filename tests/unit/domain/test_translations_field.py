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


def test_translated_says_whether_a_value_has_its_translation():
    """The helper the MoU and the project sheet use: the text and whether it is a translation."""
    field = "en: Waste management\nfr: Gestion des déchets"
    assert translations.translated("Abfall", field, "fr") == ("Gestion des déchets", True)
    assert translations.translated("Abfall", field, "ro") == ("Abfall", False)
    assert translations.translated("Abfall", field, "de") == ("Abfall", True)  # the value's own language
    assert translations.translated("Abfall", "fr Gestion", "fr") == ("Abfall", False)  # does not parse: none
    assert translations.translated("", "", "fr") == ("", True)  # nothing to translate


@pytest.mark.parametrize(("record", "field", "label"), [
    (lambda text: Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT, name_translations=text),
     "name_translations", "Name in anderen Sprachen"),
    (lambda text: __import__("partnerdesk.domain.records", fromlist=["Project"]).Project(
        title="Müllfahrzeug", title_translations=text), "title_translations", "Titel in anderen Sprachen"),
    (lambda text: __import__("partnerdesk.domain.records", fromlist=["Project"]).Project(
        title="Müllfahrzeug", summary_translations=text), "summary_translations", "Zusammenfassung in anderen Sprachen"),
])
def test_new_translation_fields_are_checked_line_by_line(record, field, label):
    validate(record("en: fine\n\nfr: bien"))
    with pytest.raises(ValidationError) as caught:
        validate(record("en: fine\nxx: nein"))
    assert f"{label}, Zeile 2: „xx“ ist kein Sprachcode" in str(caught.value)
    with pytest.raises(ValidationError, match=f"{label}, Zeile 1: Sprachcode, Doppelpunkt und Text"):
        validate(record("just text"))


def test_a_translated_name_or_title_may_be_as_long_as_the_name_or_title():
    from partnerdesk.domain.records import Project

    longest = limits.TEXT_LENGTHS["projects"]["title"]
    validate(Project(title="T", title_translations="en: " + "x" * longest))
    with pytest.raises(ValidationError, match=f"Zeile 1: höchstens {longest} Zeichen"):
        validate(Project(title="T", title_translations="en: " + "x" * (longest + 1)))
    longest = limits.TEXT_LENGTHS["organisations"]["name"]
    with pytest.raises(ValidationError, match=f"Zeile 2: höchstens {longest} Zeichen"):
        validate(Organisation(name="U", name_translations="fr: ok\nen: " + "x" * (longest + 1)))
