"""Fixtures of the action programme's tests: the example office with Kumasi's programme filled."""

from __future__ import annotations

import pytest

from partnerdesk.domain.programme_sample import sample_programme
from partnerdesk.services import programme


@pytest.fixture
def programme_db(example_db):
    """The example database; the climate partnership with Kumasi has the sample programme."""
    view = programme.load(example_db, "Kumasi")
    programme.save(example_db, view.partnership, sample_programme())
    return example_db
