"""Shared helpers for the exchange tests: the official IATI schema (tests/data/iati)."""

from __future__ import annotations

from pathlib import Path

import pytest

IATI_XSD = Path(__file__).resolve().parents[2] / "data" / "iati" / "iati-activities-schema.xsd"


@pytest.fixture(scope="session")
def iati_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(IATI_XSD)))
