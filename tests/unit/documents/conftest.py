"""PDF tests need poppler-utils and qpdf (installed by .ci/run)."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session", autouse=True)
def _poppler_present() -> None:
    for tool in ("pdffonts", "pdftotext", "qpdf"):
        assert shutil.which(tool), f"{tool} is needed (Debian packages poppler-utils, qpdf; see .ci/run)"
