"""Fixtures for travel copies: an office database with example data and a travel copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.travel import travelfile

PASSPHRASE = "Reise-Passwort-2026"


@pytest.fixture
def where(database_kind: str):
    """``where(db)``: what ``content_of`` takes for the office ``db`` (a file's path, a server's URL)."""

    def of(db):
        return db.url.render_as_string(hide_password=False) if database_kind == "postgresql" else db.path

    return of


@pytest.fixture
def trip_path(tmp_path: Path) -> Path:
    return tmp_path / "laptop" / "trip.pdtravel"


@pytest.fixture
def trip(example_db, trip_path: Path):
    """A travel copy of ``example_db`` (checked out, open as a normal Database)."""
    travelfile.checkout(example_db, trip_path, PASSPHRASE)
    travel = travelfile.open_travel(trip_path, PASSPHRASE)
    yield travel
    travel.close()


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    """Argon2id with its real settings takes ~0.3 s per open; tests use a cheaper setting.

    ``test_key_derivation_uses_the_documented_strength`` checks the real one.
    """
    from partnerdesk.persistence import encrypted

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})
