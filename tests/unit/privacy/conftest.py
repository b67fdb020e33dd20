from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch):
    """Argon2id with its real settings takes ~0.3 s per open; tests use a cheaper setting."""
    from partnerdesk.persistence import encrypted

    monkeypatch.setattr(encrypted, "KDF_PARAMETERS", {"memory_cost": 8 * 1024, "iterations": 1, "lanes": 1})
