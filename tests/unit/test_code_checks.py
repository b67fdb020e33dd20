"""The whole tree passes pyflakes' checks (through ruff): no unused imports, undefined names or
shadowed imports, no syntax errors. The package passes mypy with [tool.mypy] (strict)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_no_unused_imports_undefined_names_or_syntax_errors():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F,E9", "--output-format", "concise",
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
