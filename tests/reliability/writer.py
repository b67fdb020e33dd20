"""Child processes for the kill -9 tests: they write through the real services and acknowledge.

Run as ``python writer.py`` (``src`` on ``PYTHONPATH``), this is a *zygote*: it imports
PartnerDesk once, then reads one JSON job per line on stdin, forks a child per job and
answers ``{"pid": N}`` and, when the child has ended, ``{"exit": status}``. The child
opens the database with ``open_database`` like the program does, performs one kind of
write over and over and appends one JSON line to the job's ``acks`` file after each
commit returned (``os.write``, no buffering in the process). The test kills the child
with SIGKILL at a random moment; what was acknowledged must be in the file.
Forking saves the interpreter start and the imports (about a second) per trial.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import traceback
from pathlib import Path

import openpyxl

from partnerdesk.domain.enums import OrganisationKind, ParticipantRole
from partnerdesk.domain.records import Contact, Organisation, Participant, Project
from partnerdesk.exchange import json_archive
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.persistence.backup import automatic_backup, backup_database
from partnerdesk.persistence.database import open_database
from partnerdesk.persistence.restore import restore_database
from partnerdesk.services import service_for
from partnerdesk.travel import apply as travel_apply
from partnerdesk.travel.travelfile import checkout, open_travel

ROUNDS = 100_000  # children run until killed


class Acks:
    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def __call__(self, **fields: object) -> None:
        os.write(self.fd, (json.dumps(fields) + "\n").encode())


def participants_for(org_ids: list[str], n: int) -> list[Participant]:
    return [Participant(organisation_id=o, role=ParticipantRole.PARTNER) for o in org_ids[:n]]


def mode_create(job: dict, ack: Acks, rng: random.Random) -> None:
    db = open_database(Path(job["db"]))
    orgs = job["orgs"]
    projects = service_for(db, "projects")
    for i in range(ROUNDS):
        n = 1 + i % 4
        project = Project(
            title=f"kill-{i}-n{n}",
            participants=participants_for(orgs, n),
            sdg_goals=list(range(1, n + 1)),
            notes="x" * rng.randrange(0, 3000),
        )
        projects.create(project)
        ack(id=project.id, n=n)


def mode_edit(job: dict, ack: Acks, rng: random.Random) -> None:
    db = open_database(Path(job["db"]))
    orgs, ids = job["orgs"], job["ids"]
    projects = service_for(db, "projects")
    for k in range(1, ROUNDS):
        project = projects.get(ids[k % len(ids)])
        n = 1 + k % 4
        project.title = f"edit-k{k}-n{n}"
        project.participants = participants_for(orgs, n)
        project.sdg_goals = list(range(1, n + 1))
        project.notes = "y" * rng.randrange(0, 3000)
        projects.update(project)
        ack(id=project.id, k=k)


def mode_delete(job: dict, ack: Acks, rng: random.Random) -> None:
    db = open_database(Path(job["db"]))
    organisations = service_for(db, "organisations")
    for org_id in job["ids"]:
        organisations.delete(org_id)
        ack(id=org_id)
    db.close()


def mode_import(job: dict, ack: Acks, rng: random.Random) -> None:
    db = open_database(Path(job["db"]))
    for batch in range(ROUNDS):
        orgs = [
            Organisation(name=f"import-b{batch}-{j}", kind=OrganisationKind.NGO, notes="z" * rng.randrange(0, 2000))
            for j in range(20)
        ]
        contacts = [Contact(name=f"import-b{batch}-c{j}", organisation_id=orgs[j].id) for j in range(20)]
        json_archive.import_records(db, {"organisations": orgs, "contacts": contacts})
        ack(batch=batch)


def mode_backup(job: dict, ack: Acks, rng: random.Random) -> None:
    db_path = Path(job["db"])
    open_database(db_path, automatic_backup=False).close()
    folder = Path(job["out"])
    for i in range(ROUNDS):
        if i % 3 == 2:
            written = automatic_backup(db_path, keep=2)  # rotation: at most once a day
            ack(path=str(written) if written else None)
        else:
            target = folder / f"copy-{i}.sqlite"
            backup_database(db_path, target)
            ack(path=str(target))


def mode_migration(job: dict, ack: Acks, rng: random.Random) -> None:
    folder = Path(job["out"])
    for i in range(ROUNDS):
        target = folder / f"m-{i}.sqlite"
        shutil.copyfile(job["template"], target)
        ack(started=str(target))
        open_database(target, automatic_backup=False).close()
        ack(path=str(target))


def mode_restore(job: dict, ack: Acks, rng: random.Random) -> None:
    live = Path(job["db"])
    sources = job["sources"]
    for i in range(ROUNDS):
        source = sources[i % len(sources)]
        restore_database(Path(source), live)
        ack(source=source)


def mode_table_import(job: dict, ack: Acks, rng: random.Random) -> None:
    """``import-table``'s path: read a file, preview, apply all rows in one transaction.

    Even batches: a CSV of 40 new organisations (the bulk insert) plus two rows that update
    existing organisations by ID; odd batches: an .xlsx of 10 new projects with participants,
    goals and targets (link tables) plus one row updating an existing project by ID.
    Every row of batch B carries the mark ``tab-bB``.
    """
    db = open_database(Path(job["db"]))
    folder = Path(job["out"])
    a, b = job["names"]
    for batch in range(ROUNDS):
        mark = f"tab-b{batch}"
        if batch % 2 == 0:
            lines = ["ID;Name;Notizen"] + [f"{i};;{mark}" for i in job["org_targets"]]
            lines += [f";{mark}-{j};{'z' * rng.randrange(0, 400)}" for j in range(40)]
            path = folder / f"{mark}.csv"
            path.write_text("\n".join(lines) + "\n", "utf-8")
            kind = "organisations"
        else:
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.append(["ID", "Titel", "SDG", "Unterziele", "Beteiligte", "Notizen"])
            sheet.append([job["project_target"], "", "", "", "", mark])
            for j in range(10):
                sheet.append(["", f"{mark}-p{j}", "3, 4", "3.1", f"{a} (Partner); {b} (Partner)", mark])
            path = folder / f"{mark}.xlsx"
            book.save(path)
            kind = "projects"
        preview = preview_file(db, path, kind)
        if preview.has_errors:
            raise AssertionError(preview.problem_lines())
        apply_import(db, preview)
        ack(batch=batch)


def mode_travel_merge(job: dict, ack: Acks, rng: random.Random) -> None:
    """``travel merge``'s path: merge one travel copy into fresh copies of the office database."""
    folder = Path(job["out"])
    travel = open_travel(Path(job["travel"]), None)
    for i in range(ROUNDS):
        target = folder / f"m-{i}.sqlite"
        shutil.copyfile(job["template"], target)
        ack(started=str(target))
        office = open_database(target)
        travel_apply.merge(office, travel, prefer="travel")
        office.close()
        ack(path=str(target))


def mode_checkout(job: dict, ack: Acks, rng: random.Random) -> None:
    """``travel checkout``'s path: travel copies of the office database, one after the other."""
    db = open_database(Path(job["db"]), automatic_backup=False)
    folder = Path(job["out"])
    for i in range(ROUNDS):
        target = folder / f"trip-{i}.pdtravel"
        ack(started=str(target))
        checkout(db, target, job.get("passphrase"))
        ack(path=str(target))


MODES = {
    "create": mode_create,
    "edit": mode_edit,
    "delete": mode_delete,
    "import": mode_import,
    "backup": mode_backup,
    "migration": mode_migration,
    "restore": mode_restore,
    "table_import": mode_table_import,
    "travel_merge": mode_travel_merge,
    "checkout": mode_checkout,
}


def run_child(job: dict) -> None:
    code = 0
    try:
        MODES[job["mode"]](job, Acks(job["acks"]), random.Random(job.get("seed", 0)))
    except BaseException:  # noqa: BLE001 - the child reports any failure by its exit code
        traceback.print_exc()
        code = 3
    finally:
        os._exit(code)


def main() -> None:
    out = sys.stdout
    out.write(json.dumps({"ready": os.getpid()}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_child(job)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()
        _, status = os.waitpid(pid, 0)
        out.write(json.dumps({"exit": status}) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
