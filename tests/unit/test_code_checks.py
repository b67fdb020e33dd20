"""The tree passes the project's own lint and type checks, with the configuration in pyproject.toml.

ruff: the rules chosen under [tool.ruff.lint] (pyflakes' bugs, import order, naming, blind
excepts, ...) over src, tests, bench, tools and packaging. mypy: [tool.mypy] (strict) over
src/partnerdesk. Formatting is left to the authors.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_finds_nothing_with_the_project_configuration():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
         "src", "tests", "bench", "tools", "packaging"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (it comes with the 'test' extra)")
def test_mypy_finds_no_type_errors_in_the_package():
    # Files, strictness and the untyped libraries come from [tool.mypy]; the cache in
    # .mypy_cache (git-ignored) makes a second run take a second or two instead of ten.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-color-output"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
