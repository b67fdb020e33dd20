"""Translations of names and titles travel with their records and merge like any field (issue 20)."""

from __future__ import annotations

import pytest

from partnerdesk.services import service_for
from partnerdesk.travel import apply

pytestmark = pytest.mark.postgresql


def _edit(db, kind, record_id, **changes):
    service = service_for(db, kind)
    record = service.get(record_id)
    for name, value in changes.items():
        setattr(record, name, value)
    return service.update(record)


def test_translations_edited_on_a_trip_merge_into_the_office(example_db, trip):
    unit = service_for(example_db, "organisations").find("Umweltamt")
    project = service_for(example_db, "projects").find("Müllfahrzeug")
    _edit(trip, "projects", project.id, title_translations="en: Refuse truck\nar: شاحنة نفايات")
    _edit(trip, "organisations", unit.id, name_translations="fr: Direction de l’environnement")
    _edit(example_db, "projects", project.id, summary_translations="fr: Don d’un camion")
    report = apply.merge(example_db, trip)
    assert report.conflicts == []
    merged = service_for(example_db, "projects").get(project.id)
    assert (merged.title_translations, merged.summary_translations) == (
        "en: Refuse truck\nar: شاحنة نفايات", "fr: Don d’un camion")
    assert service_for(example_db, "organisations").get(unit.id).name_translations == "fr: Direction de l’environnement"


def test_a_travel_copy_holds_the_theme_glossary(example_db, trip):
    """So an MoU drafted on the trip prints the themes translated, as in the office."""
    from partnerdesk.services import theme_glossary

    assert theme_glossary.load(trip) == theme_glossary.load(example_db) != {}
