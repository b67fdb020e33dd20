"""The rooms of the house stay apart (CONTRIBUTING.md).

* Domain, persistence, services, documents, exchange, travel and the command line know
  nothing of Qt: importing them all loads no PySide6 (the window is started lazily).
* SQLite-specific SQL lives in ``persistence/`` only, so a PostgreSQL server can run the
  same services: no PRAGMA, no ``sqlite_master`` and no ``sqlite3`` module elsewhere.
"""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import partnerdesk

PACKAGE = Path(partnerdesk.__file__).parent
QT_FREE = ("domain", "persistence", "services", "documents", "exchange", "travel", "cli", "geography")
SQLITE_ONLY = re.compile(r"\bPRAGMA\b|\bsqlite_master\b|^\s*(import sqlite3|from sqlite3 import)", re.MULTILINE)


def _modules(area: str) -> list[str]:
    found = [f"partnerdesk.{area}"]
    for info in pkgutil.walk_packages([str(PACKAGE / area)], prefix=f"partnerdesk.{area}."):
        if ".migrations." not in info.name:  # Alembic's scripts run inside Alembic, not imported
            found.append(info.name)
    return found


def test_the_layers_below_the_window_import_no_qt():
    modules = [m for area in QT_FREE for m in _modules(area)]
    assert len(modules) > 60
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6') or m.startswith('partnerdesk.ui')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"Qt or the window loaded by a lower layer: {result.stdout}"


def test_sqlite_specific_sql_stays_in_the_persistence_package():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "persistence":
            continue
        for match in SQLITE_ONLY.finditer(path.read_text("utf-8")):
            line = path.read_text("utf-8").count("\n", 0, match.start()) + 1
            offenders.append(f"{relative}:{line}: {match.group(0).strip()}")
    assert offenders == []


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports (at the top, inside functions, under TYPE_CHECKING)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def test_the_window_and_the_command_line_open_databases_only_through_the_one_door():
    """``ui/`` and ``cli/`` choose *where*; opening, creating, checking and backing up a file, a
    travel copy or a server database is ``services.workspace``'s (which also names the types)."""
    offenders = []
    for area in ("ui", "cli"):
        for path in sorted((PACKAGE / area).rglob("*.py")):
            for line, module in _imported_modules(path):
                if module == "partnerdesk.persistence" or module.startswith("partnerdesk.persistence."):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {module}")
    assert offenders == []


def test_the_one_door_check_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from partnerdesk.persistence import backup\n", "utf-8")
    assert (2, "partnerdesk.persistence") in _imported_modules(sample)
