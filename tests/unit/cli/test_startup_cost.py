"""What a start of ``partnerdesk`` costs: no command pays for another's libraries,
and the garbage-collector pause of ``partnerdesk.startup`` ends when the work begins."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from partnerdesk import startup

SRC = Path(__file__).resolve().parents[3] / "src"

#: Libraries that only some commands need; building the command line must import none of them.
HEAVY = ("sqlalchemy", "reportlab", "alembic", "PySide6", "openpyxl", "lxml", "icalendar",
         "cryptography", "sqlcipher3", "pycountry", "importlib.metadata")


def _python(code: str, tmp_path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PARTNERDESK_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_building_the_command_line_imports_no_heavy_library(tmp_path):
    out = _python(
        "import sys, json\n"
        "from partnerdesk.cli.main import build_parser\n"
        "build_parser().parse_args(['mou', 'Kumasi', '--out', 'x.pdf'])\n"
        "print(json.dumps(sorted(sys.modules)))\n",
        tmp_path,
    )
    loaded = json.loads(out)
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []


def test_a_command_resumes_collecting_once_it_opens_its_database(tmp_path):
    # The real entry point in its own process: begin() pauses, open_for_command resumes.
    db = tmp_path / "office.sqlite"
    out = _python(
        "import gc, sys\n"
        "from partnerdesk import __main__, startup\n"
        "from partnerdesk.cli import common\n"
        "seen = {}\n"
        "real = common.open_for_command\n"
        "def spy(args, **options):\n"
        "    seen['before'] = gc.isenabled()\n"
        "    db = real(args, **options)\n"
        "    seen['after'] = gc.isenabled()\n"
        "    return db\n"
        "common.open_for_command = spy\n"
        "import partnerdesk.cli.database_commands as dc\n"
        "dc.open_for_command = spy\n"
        f"assert __main__.main(['init', {str(db)!r}]) == 0\n"
        f"rc = __main__.main(['list', 'projects', '--db', {str(db)!r}])\n"
        "print(rc, seen['before'], seen['after'], gc.get_freeze_count() > 0)\n",
        tmp_path,
    )
    assert out.split()[-4:] == ["0", "False", "True", "True"]


def test_without_the_entry_point_nothing_is_paused_or_frozen():
    frozen = gc.get_freeze_count()
    startup.settled()
    startup.end()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_the_window_leaves_the_heap_to_the_collector_at_exit(tmp_path):
    out = _python(
        "import gc\n"
        "from partnerdesk import startup\n"
        "startup.begin(); paused = not gc.isenabled()\n"
        "startup.collect_at_exit(); startup.settled(); frozen = gc.get_freeze_count() > 0\n"
        "startup.end()\n"
        "print(paused, frozen, gc.isenabled(), gc.get_freeze_count())\n",
        tmp_path,
    )
    assert out.split() == ["True", "True", "True", "0"]


def _document_modules(office: Path, tmp_path: Path, title: str | None) -> list[str]:
    """The modules loaded by ``partnerdesk sheet --all`` and ``partnerdesk mou`` on ``office``
    (one project retitled ``title`` first), as the real entry point runs them."""
    rename = ""
    if title is not None:
        rename = (
            "from pathlib import Path\n"
            "from partnerdesk.persistence.database import open_database\n"
            "from partnerdesk.services.records import ProjectService\n"
            f"db = open_database(Path({str(office)!r})); service = ProjectService(db)\n"
            f"project = service.list()[0]; project.title = {title!r}; service.update(project); db.close()\n"
        )
    out = _python(
        "import sys, json\n"
        + rename
        + "from partnerdesk import __main__\n"
        f"assert __main__.main(['sheet', '--all', '--out', {str(tmp_path / 's.pdf')!r}, '--db', {str(office)!r}]) == 0\n"
        f"assert __main__.main(['mou', 'Kumasi', '--out', {str(tmp_path / 'm.pdf')!r}, '--db', {str(office)!r}]) == 0\n"
        "print(json.dumps(sorted(sys.modules)))\n",
        tmp_path,
    )
    return json.loads(out.splitlines()[-1])


def test_documents_without_devanagari_or_thai_do_not_load_the_shaping_library(office, tmp_path):
    """HarfBuzz (``uharfbuzz``) is loaded for a document with Devanagari or Thai text only:
    ReportLab would load it with its TrueType fonts for every document."""
    assert "uharfbuzz" not in _document_modules(office, tmp_path, None)
    assert "uharfbuzz" in _document_modules(office, tmp_path, "मुंबई जल परियोजना 2026")
