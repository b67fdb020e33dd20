"""The whole tree passes pyflakes' checks (through ruff): no unused imports, undefined names or
shadowed imports, no syntax errors. Style rules are left to the authors; these catch bugs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_unused_imports_undefined_names_or_syntax_errors():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F,E9", "--output-format", "concise",
         "src", "tests", "bench", "tools", "packaging"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
