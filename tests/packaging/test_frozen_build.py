"""Freeze PartnerDesk with the real spec and smoke-test the frozen program (slow: ~40 s here).

Excluded from the default run (``addopts = -m "not slow"``); ``.ci/run`` runs it with
``python -m pytest -m slow`` after the normal suite.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import build
import smoke_test

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip('PyInstaller is not installed (pip install ".[packaging]")')
    out = tmp_path_factory.mktemp("freeze")
    return build.freeze(out / "dist", out / "work")


def test_bundle_holds_resources_migrations_and_qt_german(frozen_app: Path) -> None:
    assert build.missing_from_bundle(frozen_app) == []
    exe = ".exe" if sys.platform == "win32" else ""
    assert (frozen_app / f"partnerdesk{exe}").is_file()
    assert (frozen_app / f"partnerdesk-cli{exe}").is_file()


def test_frozen_program_passes_the_smoke_test(frozen_app: Path) -> None:
    result = smoke_test.smoke_test(frozen_app)
    assert result.ok, "\n".join(result.failures)
