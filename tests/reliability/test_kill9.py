"""kill -9 at a random moment while a child process writes through the real services.

Write paths: create, edit, delete, JSON import, table import (``import-table``: CSV and
.xlsx), travel merge, backup, migration, restore.

After each kill: ``integrity_check`` and ``foreign_key_check`` pass, every acknowledged
write is there, and no transaction is half there (each write path leaves a mark that
says what a whole transaction looks like). ``PARTNERDESK_RELIABILITY_TRIALS`` raises the
number of trials per path (default 20).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from partnerdesk.domain.enums import OrganisationKind, ParticipantRole
from partnerdesk.domain.records import Contact, Organisation, Participant, Project
from partnerdesk.persistence import migrate
from partnerdesk.persistence.database import create_database, open_database
from partnerdesk.persistence.engine import APPLICATION_ID
from partnerdesk.services import service_for
from partnerdesk.services.example_data import add_example_data
from partnerdesk.travel import apply as travel_apply
from partnerdesk.travel import travelfile

from .harness import check_whole, read_acks, trials

TRIALS = trials(20)
STATS: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def report():
    """Print what the trials did (visible with ``pytest -s``; the figures of the report)."""
    yield
    for (mode, what), count in sorted(STATS.items()):
        print(f"kill -9 {mode}: {what} = {count}")


def checkpointed(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    base = folder / "base.sqlite"
    db = create_database(base)
    add_example_data(db)
    orgs = [o.id for o in service_for(db, "organisations").list()][:4]
    names = [service_for(db, "organisations").get(o).name for o in orgs[2:4]]
    edit_ids = []
    for j in range(5):
        project = service_for(db, "projects").create(Project(title="edit-k0-n0", notes=f"{j}"))
        edit_ids.append(project.id)
    delete_ids = []
    for j in range(60):
        org = service_for(db, "organisations").create(Organisation(name=f"del-{j}", kind=OrganisationKind.NGO))
        for c in range(2):
            service_for(db, "contacts").create(Contact(name=f"del-{j}-c{c}", organisation_id=org.id))
        delete_ids.append(org.id)
    db.close()
    checkpointed(base)
    # A larger database (about 3 MB) so that kills land inside backups and restores.
    large = folder / "large.sqlite"
    shutil.copyfile(base, large)
    with sqlite3.connect(large) as conn:
        conn.executemany(
            "INSERT INTO database_info (key, value) VALUES (?, ?)",
            [(f"filler-{i}", "f" * 1500) for i in range(2000)],
        )
    checkpointed(large)
    other = folder / "other.sqlite"
    shutil.copyfile(base, other)
    with sqlite3.connect(other) as conn:
        conn.execute("DELETE FROM database_info WHERE key LIKE 'filler-%'")
        conn.execute("UPDATE organisations SET notes = 'restored-version-b'")
    checkpointed(other)
    # A PartnerDesk file before its first migration (what create_database migrates).
    unmigrated = folder / "unmigrated.sqlite"
    raw = sqlite3.connect(unmigrated)
    raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
    raw.execute("PRAGMA journal_mode=WAL")
    raw.commit()
    raw.close()
    return {
        "base": base,
        "large": large,
        "other": other,
        "unmigrated": unmigrated,
        "orgs": orgs,
        "names": names,
        "edit_ids": edit_ids,
        "delete_ids": delete_ids,
    }


def trial(zygote, tmp_path, n, job, *, max_delay=0.25):
    """Run one job and kill it: mostly after its first acknowledged write, sometimes before."""
    rng = random.Random(f"{job['mode']}-{n}")
    job = {**job, "acks": str(tmp_path / f"acks-{n}.jsonl"), "seed": n}
    early = rng.random() < 0.2
    delay = rng.uniform(0, 0.12) if early else rng.uniform(0, max_delay)
    zygote.run(job, kill_after=delay, wait_for_ack=not early)
    acks = read_acks(Path(job["acks"]))
    STATS[job["mode"], "trials"] += 1
    STATS[job["mode"], "acks"] += len(acks)
    return acks


def fresh(templates, tmp_path, n, name="base"):
    path = tmp_path / f"live-{n}.sqlite"
    shutil.copyfile(templates[name], path)
    return path


def test_create(zygote, templates, tmp_path):
    for n in range(TRIALS):
        path = fresh(templates, tmp_path, n)
        acks = trial(zygote, tmp_path, n, {"mode": "create", "db": str(path), "orgs": templates["orgs"]})
        conn = check_whole(path)
        present = {}
        for pid, title in conn.execute("SELECT id, title FROM projects WHERE title LIKE 'kill-%'"):
            want = int(title.rsplit("-n", 1)[1])
            got = conn.execute("SELECT count(*) FROM project_participants WHERE project_id=?", (pid,)).fetchone()[0]
            goals = conn.execute("SELECT count(*) FROM project_sdg_goals WHERE project_id=?", (pid,)).fetchone()[0]
            assert (got, goals) == (want, want), f"half a project: {title} has {got} participants, {goals} goals"
            present[pid] = want
        missing = [a for a in acks if a["id"] not in present]
        assert not missing, f"trial {n}: acknowledged projects lost: {missing[:3]}"
        assert len(present) - len(acks) in (0, 1)  # at most the one committed before its acknowledgement
        conn.close()


def test_edit(zygote, templates, tmp_path):
    ids = templates["edit_ids"]
    for n in range(TRIALS):
        path = fresh(templates, tmp_path, n)
        acks = trial(zygote, tmp_path, n, {"mode": "edit", "db": str(path), "orgs": templates["orgs"], "ids": ids})
        conn = check_whole(path)
        last_acked = {}
        for a in acks:
            last_acked[a["id"]] = a["k"]
        ahead = 0
        for index, pid in enumerate(ids):
            title, version = conn.execute("SELECT title, version FROM projects WHERE id=?", (pid,)).fetchone()
            k, want = map(int, re.fullmatch(r"edit-k(\d+)-n(\d+)", title).groups())
            got = conn.execute("SELECT count(*) FROM project_participants WHERE project_id=?", (pid,)).fetchone()[0]
            goals = conn.execute("SELECT count(*) FROM project_sdg_goals WHERE project_id=?", (pid,)).fetchone()[0]
            assert got == goals == want, f"half an edit: {title} has {got} participants, {goals} goals"
            acked = last_acked.get(pid, 0)
            following = acked + len(ids) if acked else (index or len(ids))  # the writer edits ids[k % 5]
            assert k in (acked, following), f"trial {n}: {pid} at edit {k}, acknowledged {acked}"
            ahead += k != acked
            assert version == 1 + sum(1 for a in acks if a["id"] == pid) + (k != acked)
        assert ahead <= 1  # only the edit in flight at the kill can be there unacknowledged
        conn.close()


def test_delete(zygote, templates, tmp_path):
    for n in range(TRIALS):
        path = fresh(templates, tmp_path, n)
        acks = trial(zygote, tmp_path, n, {"mode": "delete", "db": str(path), "ids": templates["delete_ids"]})
        conn = check_whole(path)
        acked = {a["id"] for a in acks}
        gone = 0
        for org_id in templates["delete_ids"]:
            exists = conn.execute("SELECT count(*) FROM organisations WHERE id=?", (org_id,)).fetchone()[0]
            name = f"del-{templates['delete_ids'].index(org_id)}"
            contacts = conn.execute(
                "SELECT organisation_id, version FROM contacts WHERE name IN (?, ?) ORDER BY name",
                (f"{name}-c0", f"{name}-c1"),
            ).fetchall()
            assert len(contacts) == 2
            if exists:
                assert org_id not in acked, f"trial {n}: acknowledged deletion undone"
                assert contacts == [(org_id, 1), (org_id, 1)]
            else:
                gone += 1
                assert contacts == [(None, 2), (None, 2)], f"half a deletion: contacts {contacts}"
        assert gone - len(acked) in (0, 1)
        conn.close()


def test_import(zygote, templates, tmp_path):
    for n in range(TRIALS):
        path = fresh(templates, tmp_path, n)
        acks = trial(zygote, tmp_path, n, {"mode": "import", "db": str(path)})
        conn = check_whole(path)
        batches = Counter(
            name.split("-")[1] for (name,) in conn.execute("SELECT name FROM organisations WHERE name LIKE 'import-%'")
        )
        linked = Counter(
            name.split("-")[1]
            for (name,) in conn.execute("SELECT name FROM contacts WHERE name LIKE 'import-%' AND organisation_id IS NOT NULL")
        )
        assert all(count == 20 for count in batches.values()), f"half an import: {batches}"
        assert linked == batches
        assert {f"b{a['batch']}" for a in acks} <= set(batches)
        assert len(batches) - len(acks) in (0, 1)
        conn.close()


def test_backup(zygote, templates, tmp_path):
    for n in range(TRIALS):
        path = fresh(templates, tmp_path, n, "large")
        out = tmp_path / f"out-{n}"
        out.mkdir()
        acks = trial(zygote, tmp_path, n, {"mode": "backup", "db": str(path), "out": str(out)}, max_delay=0.4)
        check_whole(path).close()
        # Every file under its final name is a whole database: acknowledged or not.
        finals = [p for p in [*out.glob("*.sqlite"), *(path.parent / "backups").glob(f"{path.stem}-*.sqlite")]]
        for a in acks:
            if a["path"]:
                assert Path(a["path"]).exists(), f"trial {n}: acknowledged backup missing"
        for copy in finals:
            conn = check_whole(copy)
            assert conn.execute("SELECT count(*) FROM database_info WHERE key LIKE 'filler-%'").fetchone()[0] == 2000
            conn.close()
        STATS["backup", "files checked"] += len(finals)
        STATS["backup", "partial left"] += len(list(out.glob(".*partial")))


def test_migration(zygote, templates, tmp_path):
    head = migrate.head_revision()
    for n in range(TRIALS):
        out = tmp_path / f"out-{n}"
        out.mkdir()
        job = {"mode": "migration", "out": str(out), "template": str(templates["unmigrated"])}
        acks = trial(zygote, tmp_path, n, job, max_delay=0.6)  # one migration takes about 0.2 s
        done = {a["path"] for a in acks if "path" in a}
        for path in sorted(out.glob("m-*.sqlite")):
            conn = check_whole(path)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" in tables:
                assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
                assert {"organisations", "projects", "activity_contacts"} <= tables
            else:
                assert str(path) not in done, f"trial {n}: acknowledged migration undone"
                assert tables == set(), f"half a migration: {sorted(tables)}"
                STATS["migration", "rolled back"] += 1
            conn.close()
        STATS["migration", "files"] += len(list(out.glob("m-*.sqlite")))


def test_restore(zygote, templates, tmp_path):
    sources = [str(templates["other"]), str(templates["large"])]
    versions = {}
    for key in ("other", "large"):
        with sqlite3.connect(templates[key]) as conn:
            versions[key] = conn.execute("SELECT count(*), max(notes) FROM database_info, organisations").fetchone()
    for n in range(TRIALS):
        path = fresh(templates, tmp_path, n, "large")
        acks = trial(zygote, tmp_path, n, {"mode": "restore", "db": str(path), "sources": sources}, max_delay=0.5)
        conn = check_whole(path)
        state = conn.execute("SELECT count(*), max(notes) FROM database_info, organisations").fetchone()
        assert state in versions.values(), f"trial {n}: a mixture of two databases: {state}"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.close()
        for kept in (path.parent / "backups").glob(f"{path.stem}-*.sqlite"):
            check_whole(kept).close()
        STATS["restore", "restores acknowledged"] += len(acks)




def test_table_import(zygote, templates, tmp_path):
    """``import-table``: each file's rows (new and updated records, link tables) all there or none."""
    org_targets, project_target = templates["orgs"][:2], templates["edit_ids"][0]
    with sqlite3.connect(templates["base"]) as conn:
        originally = {
            i: conn.execute("SELECT notes, version FROM organisations WHERE id=?", (i,)).fetchone() for i in org_targets
        }
        originally[project_target] = conn.execute("SELECT notes, version FROM projects WHERE id=?", (project_target,)).fetchone()
    for n in range(TRIALS):
        path = fresh(templates, tmp_path, n)
        out = tmp_path / f"tables-{n}"
        out.mkdir()
        job = {
            "mode": "table_import", "db": str(path), "out": str(out), "names": templates["names"],
            "org_targets": org_targets, "project_target": project_target,
        }
        acks = trial(zygote, tmp_path, n, job)
        conn = check_whole(path)
        orgs = Counter(name.split("-")[1] for (name,) in conn.execute("SELECT name FROM organisations WHERE name LIKE 'tab-b%'"))
        assert all(count == 40 for count in orgs.values()), f"trial {n}: half a table of organisations: {orgs}"
        projects = Counter()
        for pid, title in conn.execute("SELECT id, title FROM projects WHERE title LIKE 'tab-b%'"):
            links = [
                conn.execute(f"SELECT count(*) FROM {table} WHERE project_id=?", (pid,)).fetchone()[0]
                for table in ("project_participants", "project_sdg_goals", "project_sdg_targets")
            ]
            assert links == [2, 2, 1], f"trial {n}: half a project row: {title} has links {links}"
            projects[title.split("-")[1]] += 1
        assert all(count == 10 for count in projects.values()), f"trial {n}: half a table of projects: {projects}"
        present = sorted(int(b[1:]) for b in [*orgs, *projects])
        assert present == list(range(len(present))), f"trial {n}: files applied out of order: {present}"
        acked = [a["batch"] for a in acks]
        assert set(acked) <= set(present), f"trial {n}: acknowledged imports lost"
        assert len(present) - len(acked) in (0, 1)
        # The rows that update existing records belong to the same transaction as the new ones.
        for target, parity, table in [(t, 0, "organisations") for t in org_targets] + [(project_target, 1, "projects")]:
            batches = [b for b in present if b % 2 == parity]
            notes, version = conn.execute(f"SELECT notes, version FROM {table} WHERE id=?", (target,)).fetchone()
            want = f"tab-b{batches[-1]}" if batches else originally[target][0]
            assert (notes, version) == (want, originally[target][1] + len(batches)), f"trial {n}: {table} update half there"
        STATS["table_import", "files applied"] += len(present)
        conn.close()


def signature(conn: sqlite3.Connection) -> str:
    """Every record and link row without bookkeeping (versions, times, the change journal),
    plus whether a travel merge is recorded and how many history entries there are (their times
    and batch ids differ from run to run; a half-written merge would leave a different number):
    equal for equal content."""
    history = ("record_history", "record_history_personal")
    skip = {"record_changes", "alembic_version", "database_info", *history}
    digest = hashlib.sha256()
    tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    virtual = [name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL")]
    for table, _sql in tables:
        if table in skip or any(table.startswith(v) for v in virtual):
            continue
        # the register of travel copies notes when a copy was merged back: a time, like updated_at
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')
                   if r[1] not in ("version", "created_at", "updated_at", "merged_at")]
        rows = sorted(repr(r) for r in conn.execute(f'SELECT {", ".join(columns)} FROM "{table}"'))
        digest.update(repr((table, rows)).encode())
    merged = conn.execute("SELECT count(*) FROM database_info WHERE key LIKE 'travel_merged:%'").fetchone()[0]
    digest.update(f"merged={merged}".encode())
    for table in history:
        if any(name == table for name, _sql in tables):
            digest.update(f"{table}={conn.execute(f'SELECT count(*) FROM {table}').fetchone()[0]}".encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def travel_copy(templates, tmp_path_factory):
    """An office database, a travel copy of it with new, edited and deleted records and links,
    office changes made after the check-out (one in conflict), and the expected merge result."""
    folder = tmp_path_factory.mktemp("travel")
    office_path = folder / "office.sqlite"
    shutil.copyfile(templates["base"], office_path)
    office = open_database(office_path, automatic_backup=False)
    trip = folder / "trip.pdtravel"
    travelfile.checkout(office, trip, None)
    travel = travelfile.open_travel(trip, None)
    orgs = service_for(travel, "organisations")
    for j in range(15):
        org = orgs.create(Organisation(name=f"trav-new-{j}", kind=OrganisationKind.NGO, notes="t" * 500))
        service_for(travel, "contacts").create(Contact(name=f"trav-new-{j}-c", organisation_id=org.id))
    projects = service_for(travel, "projects")
    edited = [projects.get(pid) for pid in templates["edit_ids"]]
    for j, project in enumerate(edited):
        project.title = f"trav-edit-{j}"
        project.participants = [Participant(organisation_id=o, role=ParticipantRole.PARTNER) for o in templates["orgs"][:3]]
        project.sdg_goals = [1, 2, 3]
        projects.update(project)
    for org_id in templates["delete_ids"][:3]:
        orgs.delete(org_id)
    travel.close()
    in_office = service_for(office, "projects").get(templates["edit_ids"][0])
    in_office.title = "office-edit"  # a conflict, decided for the travel side
    service_for(office, "projects").update(in_office)
    other = service_for(office, "organisations").get(templates["delete_ids"][-1])
    other.notes = "changed in the office meanwhile"
    service_for(office, "organisations").update(other)
    office.close()
    checkpointed(office_path)
    with sqlite3.connect(office_path) as conn:
        before = signature(conn)
    reference = folder / "reference.sqlite"
    shutil.copyfile(office_path, reference)
    with open_database(reference, automatic_backup=False) as ref, travelfile.open_travel(trip, None) as travel:
        report = travel_apply.merge(ref, travel, prefer="travel", keep_report=False)
    assert len(report.conflicts) == 1 and report.counts()["create"] == 30
    with sqlite3.connect(reference) as conn:
        after = signature(conn)
    assert after != before
    return {"office": office_path, "travel": trip, "before": before, "after": after}


def test_travel_merge(zygote, travel_copy, tmp_path):
    """``travel merge``: an office file holds the whole merge (and its record) or none of it."""
    for n in range(TRIALS):
        out = tmp_path / f"merge-{n}"
        out.mkdir()
        job = {"mode": "travel_merge", "out": str(out), "template": str(travel_copy["office"]), "travel": str(travel_copy["travel"])}
        acks = trial(zygote, tmp_path, n, job, max_delay=0.5)
        started = [a["started"] for a in acks if "started" in a]  # a copy the kill cut short is the test's, not a merge
        done = {a["path"] for a in acks if "path" in a}
        for name in started:
            conn = check_whole(Path(name))
            state = signature(conn)
            # The report is stored in the merge's own transaction: a merge killed after its
            # commit, before its report files were written, still has it.
            reports = conn.execute("SELECT count(*) FROM database_info WHERE key LIKE 'travel_merge_report:%'").fetchone()[0]
            conn.close()
            assert reports == (0 if state == travel_copy["before"] else 1), f"trial {n}: merge without its report"
            if state == travel_copy["before"]:
                assert name not in done, f"trial {n}: acknowledged merge undone"
                STATS["travel_merge", "rolled back"] += 1
            else:
                assert state == travel_copy["after"], f"trial {n}: half a merge in {name}"
                STATS["travel_merge", "merged"] += 1
        for copy in (out / "backups").glob("*.sqlite"):
            check_whole(copy).close()  # the backups taken before each merge are whole too
        for report in (out / "backups").glob("*travel-merge*.json"):
            json.loads(report.read_text("utf-8"))  # a kept merge report is whole or not there
            STATS["travel_merge", "reports"] += 1
