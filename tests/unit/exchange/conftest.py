"""Shared helpers for the exchange tests: the reference data beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _shared() -> Path:
    """``../shared`` beside the repository (it lies there in CI too); a git worktree may sit
    one level deeper, so the nearest ``shared`` folder above the checkout is used;
    ``PARTNERDESK_SHARED`` names another place."""
    override = os.environ.get("PARTNERDESK_SHARED")
    if override:
        return Path(override)
    root = Path(__file__).resolve().parents[3]
    for folder in root.parents:
        if (folder / "shared" / "reference").is_dir():
            return folder / "shared"
    return root.parent / "shared"


SHARED = _shared()
IATI_XSD = SHARED / "reference" / "iati" / "iati-activities-schema.xsd"


@pytest.fixture(scope="session")
def iati_schema():
    from lxml import etree

    if not IATI_XSD.exists():
        pytest.fail(f"IATI schema missing: {IATI_XSD}")
    return etree.XMLSchema(etree.parse(str(IATI_XSD)))
