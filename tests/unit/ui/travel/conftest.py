"""Travel copies in the window: cheaper key derivation for tests (the real one is tested in unit/travel)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    from partnerdesk.persistence import encrypted

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})
