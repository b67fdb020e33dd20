"""Fixtures of the reliability tests."""

from __future__ import annotations

import pytest

from .harness import Zygote


@pytest.fixture(scope="module")
def zygote(tmp_path_factory):
    z = Zygote(tmp_path_factory.mktemp("zygote"))
    yield z
    z.close()


@pytest.fixture
def office(tmp_path):
    """The path of a closed database with the example data (the office's file)."""
    from partnerdesk.persistence.database import create_database
    from partnerdesk.services.example_data import add_example_data

    path = tmp_path / "office.sqlite"
    db = create_database(path)
    add_example_data(db)
    db.close()
    return path
