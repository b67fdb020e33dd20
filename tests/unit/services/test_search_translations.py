"""The register search finds organisations and projects by their translated names and titles too."""

from __future__ import annotations

import pytest

from partnerdesk.services.registers import RegisterQuery, RegisterService


def _found(db, kind, text):
    service = RegisterService(db, kind)
    key = "name" if kind == "organisations" else "title"
    return [row.values[key] for row in service.rows(service.ids(RegisterQuery(kind, search=text)))]


@pytest.mark.postgresql
def test_translated_names_and_titles_are_found(example_db):
    assert _found(example_db, "organisations", "environment department") == ["Umweltamt"]
    assert _found(example_db, "organisations", "Direcția de Mediu") == ["Umweltamt"]
    assert _found(example_db, "projects", "refuse collection") == ["Müllfahrzeug für Dura"]
