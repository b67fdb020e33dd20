"""Fixtures of the reliability tests."""

from __future__ import annotations

import pytest

from .harness import Zygote


@pytest.fixture(scope="module")
def zygote(tmp_path_factory):
    z = Zygote(tmp_path_factory.mktemp("zygote"))
    yield z
    z.close()
