"""Migrations of FILLED databases: every schema version's committed database upgrades whole.

``tests/data/schemas/<revision>.sqlite`` (written by ``tools/make_schema_fixture.py``)
holds the example data and generated records of each schema version. Each is
upgraded to the newest version and compared table by table: row counts and a
content hash (leaving out the columns a migration legitimately changes), plus
``integrity_check`` and ``foreign_key_check``. Further tests prove that child rows
survive a batch migration of their parent table only because foreign keys are off,
and that a migration which breaks a reference is rolled back whole.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.persistence import migrate
from partnerdesk.persistence.database import _run_migrations, open_database
from partnerdesk.persistence.engine import make_engine

from .harness import check_whole

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schemas"

#: Columns a migration changes on purpose, per table, for upgrades FROM a revision
#: (add an entry when a revision rewrites a column).
CHANGED_BY_UPGRADE: dict[str, dict[str, set[str]]] = {}
#: Revision 0003 adds the sort keys (filled from the titles/names; checked in tests/unit/persistence).
_SORT_KEYS = {"organisations": {"name_key"}, "contacts": {"name_key"}, "partnerships": {"title_key"},
              "projects": {"title_key"}, "activities": {"title_key"}}
CHANGED_BY_UPGRADE.update({"0001": _SORT_KEYS, "0002": _SORT_KEYS})
#: Revision 0004 moves contacts' personal data into contact_private (checked by
#: test_personal_data_moves_whole below) and makes their search text without it.
_PERSONAL = {"email", "phone", "notes", "search_text"}
for _revision in ("0001", "0002", "0003"):
    _changed = {table: set(columns) for table, columns in CHANGED_BY_UPGRADE.get(_revision, {}).items()}
    _changed["contacts"] = _changed.get("contacts", set()) | _PERSONAL
    CHANGED_BY_UPGRADE[_revision] = _changed
#: Revision 0011 maps the former partnership types onto CEMR's (checked by test_migration_stages.py).
for _revision in ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010"):
    _changed = {table: set(columns) for table, columns in CHANGED_BY_UPGRADE.get(_revision, {}).items()}
    _changed["partnerships"] = _changed.get("partnerships", set()) | {"type"}
    CHANGED_BY_UPGRADE[_revision] = _changed
#: Revision 0012 splits contacts' names (name_key now sorts by last name), moves preferred_language
#: into languages (dropped) and the free-text legal_basis into a code, its text into the consent
#: source or the notes (checked by test_contact_names_migration.py and test_personal_data_moves_whole).
for _revision in ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"):
    _changed = {table: set(columns) for table, columns in CHANGED_BY_UPGRADE.get(_revision, {}).items()}
    _changed["contacts"] = _changed.get("contacts", set()) | {"name_key", "preferred_language", "legal_basis", "search_text"}
    _changed["contact_private"] = _changed.get("contact_private", set()) | {"notes", "search_text"}
    CHANGED_BY_UPGRADE[_revision] = _changed
#: Revision 0016 (council) turns the partnerships' council decision (0007) into decision records and
#: drops the two columns (checked by tests/reliability/test_migration_council_decisions.py).
for _revision in [f"{n:04d}" for n in range(7, 16)]:
    _changed = {table: set(columns) for table, columns in CHANGED_BY_UPGRADE.get(_revision, {}).items()}
    _changed["partnerships"] = _changed.get("partnerships", set()) | {"council_decision_on", "council_decision_number"}
    CHANGED_BY_UPGRADE[_revision] = _changed
#: Revision 0018 (privacy-erase) moves participants' dietary and accessibility notes out of
#: ``activity_attendees`` into ``activity_attendee_private`` (checked by test_attendee_health_data_moves_whole).
for _revision in [f"{n:04d}" for n in range(15, 18)]:
    _changed = {table: set(columns) for table, columns in CHANGED_BY_UPGRADE.get(_revision, {}).items()}
    _changed["activity_attendees"] = _changed.get("activity_attendees", set()) | {"dietary", "accessibility"}
    CHANGED_BY_UPGRADE[_revision] = _changed
#: Tables whose content a migration may change (bookkeeping, not user data).
BOOKKEEPING = {"alembic_version"}
#: Tables derived from others that an upgrade FROM a revision makes again: the text index of
#: contacts (FTS5 shadow tables), whose search text 0004 makes without the personal data.
DERIVED_BY_UPGRADE: dict[str, tuple[str, ...]] = {r: ("contacts_search",) for r in ("0001", "0002", "0003")}
#: 0011 copies ``partnerships`` on SQLite (new rowids) and rebuilds its text index.
for _revision in ("0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010"):
    DERIVED_BY_UPGRADE[_revision] = (*DERIVED_BY_UPGRADE.get(_revision, ()), "partnerships_search")
#: ... and 0012 rewrites every contact's text (the index's trigger deletes and adds it again).
#: It also adds a contact_private row where an unreadable legal basis goes to the notes of a contact
#: that had none (compared field by field in test_contact_names_migration.py).
for _revision in ("0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"):
    _derived = DERIVED_BY_UPGRADE.get(_revision, ())
    DERIVED_BY_UPGRADE[_revision] = (*_derived, *(d for d in ("contacts_search", "contact_private") if d not in _derived))
_OLD_BASIS = "Rechtsgrundlage (bisher): "
#: Revision 0015 (visits) copies ``activities`` to widen its kind check: the text index of
#: activities is refilled, and activities with linked contacts get their participants' names in
#: their search text (both checked by test_linked_contacts_become_participants below).
for _revision in [f"{n:04d}" for n in range(1, 15)]:
    DERIVED_BY_UPGRADE[_revision] = (*DERIVED_BY_UPGRADE.get(_revision, ()), "activities_search")
    _changed = {table: set(columns) for table, columns in CHANGED_BY_UPGRADE.get(_revision, {}).items()}
    _changed["activities"] = _changed.get("activities", set()) | {"search_text"}
    CHANGED_BY_UPGRADE[_revision] = _changed


def fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.sqlite"))


def quoted(name: str) -> str:
    """An SQL identifier. (Single quotes made a string literal: the digest once compared column
    *names*, never content, and every fixture digested the same after any change of its data.)"""
    return '"' + name.replace('"', '""') + '"'


Digest = dict[str, tuple[int, str, list[str]]]


def table_digest(path: Path, skip: dict[str, set[str]], columns_of: Digest | None = None) -> Digest:
    """Per table: row count, a hash of every row's values, and the columns hashed.

    ``columns_of`` (an earlier digest) hashes the same columns again, so a column a migration
    adds is not compared but every column that was there before is.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        result = {}
        for table in tables:
            if table in BOOKKEEPING:
                continue
            if columns_of is not None and table in columns_of:
                columns = columns_of[table][2]
            else:
                columns = [r[1] for r in conn.execute(f"PRAGMA table_info({quoted(table)})") if r[1] not in skip.get(table, set())]
            rows = conn.execute(f"SELECT {', '.join(quoted(c) for c in columns)} FROM {quoted(table)}").fetchall()
            lines = sorted(repr(row) for row in rows)
            result[table] = (len(rows), hashlib.sha256("\n".join(lines).encode()).hexdigest(), columns)
        return result
    finally:
        conn.close()


def differences(before: Digest, after: Digest, what: str) -> list[str]:
    problems = []
    for table, (count, digest, _columns) in before.items():
        if table not in after:
            problems.append(f"{what} dropped {table}")
        elif after[table][0] != count:
            problems.append(f"{table}: {count} rows before, {after[table][0]} after")
        elif after[table][1] != digest:
            problems.append(f"{table}: content changed by {what}")
    return problems


def test_every_schema_version_has_a_filled_database():
    """A new revision needs its fixture (tools/make_schema_fixture.py), or this fails."""
    revisions = migrate.known_revisions()
    assert {p.stem for p in fixtures()} == revisions
    for path in fixtures():
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == path.stem
            assert conn.execute("SELECT count(*) FROM organisations").fetchone()[0] >= 30
            assert conn.execute("SELECT count(*) FROM project_participants").fetchone()[0] >= 30
        finally:
            conn.close()


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_filled_database_upgrades_to_the_newest_version(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    skip = CHANGED_BY_UPGRADE.get(fixture.stem, {})
    before = table_digest(path, skip)
    assert before["organisations"][0] >= 30
    with open_database(path, automatic_backup=False) as db:
        with db.read() as session:
            revision = session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert revision == migrate.head_revision()
    after = table_digest(path, skip, columns_of=before)
    derived = DERIVED_BY_UPGRADE.get(fixture.stem, ())
    before = {table: digest for table, digest in before.items() if not table.startswith(derived) or not derived}
    assert differences(before, after, f"the migration from {fixture.stem}") == []
    check_whole(path).close()


def _personal_data(path: Path, *, moved: bool) -> dict[str, tuple[str, str, str]]:
    """contact id -> (e-mail, phone, notes), from ``contacts`` before 0004 or ``contact_private`` after."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if moved:
            rows = conn.execute("SELECT c.id, coalesce(p.email, ''), coalesce(p.phone, ''), coalesce(p.notes, '') "
                                "FROM contacts c LEFT JOIN contact_private p ON p.contact_id = c.id").fetchall()
        else:
            rows = conn.execute("SELECT id, email, phone, notes FROM contacts").fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", [p for p in fixtures() if p.stem < "0004"], ids=lambda p: p.stem)
def test_personal_data_moves_whole(fixture, tmp_path):
    """0004: every contact's e-mail, phone and notes arrive in contact_private unchanged, and the
    contacts' own search text no longer holds them (a server shows that text to everybody)."""
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = _personal_data(path, moved=False)
    assert sum(1 for email, _phone, _notes in before.values() if email) >= 20
    assert any(phone for _email, phone, _notes in before.values())
    with open_database(path, automatic_backup=False):
        pass
    # 0012 appends a free-text legal basis it could not read to the notes ("Rechtsgrundlage (bisher): …").
    after = {cid: (email, phone, "" if notes.startswith(_OLD_BASIS) else notes.split("\n\n" + _OLD_BASIS)[0])
             for cid, (email, phone, notes) in _personal_data(path, moved=True).items()}
    assert after == before
    with sqlite3.connect(path) as conn:
        assert "email" not in {r[1] for r in conn.execute("PRAGMA table_info(contacts)")}
        texts = [r[0] for r in conn.execute("SELECT search_text FROM contacts")]
        private_texts = dict(conn.execute("SELECT contact_id, search_text FROM contact_private").fetchall())
    assert not [t for t in texts if "@" in t]
    assert all("@" in private_texts[cid] for cid, (email, _p, _n) in before.items() if email)


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE organisations SET name = 'KAPUTT'",
        "UPDATE project_participants SET position = position + 7 WHERE rowid = (SELECT min(rowid) FROM project_participants)",
        "UPDATE contact_private SET email = 'kaputt@example.org' WHERE rowid = (SELECT max(rowid) FROM contact_private)",
        "UPDATE contacts SET function = 'kaputt' WHERE rowid = (SELECT max(rowid) FROM contacts)",
    ],
)
def test_the_digest_sees_changed_content(tmp_path, change):
    """The comparison above can fail: the same rows with other values digest differently."""
    path = tmp_path / "changed.sqlite"
    shutil.copyfile(fixtures()[-1], path)
    before = table_digest(path, {})
    with sqlite3.connect(path) as conn:
        assert conn.execute(change).rowcount > 0
    after = table_digest(path, {}, columns_of=before)
    table = change.split()[1]
    assert f"{table}: content changed by the change" in differences(before, after, "the change")


# A throwaway revision, applied through the product's env.py ---------------------------------

BATCH_REVISION = '''
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    # A batch migration of the parent table that copies it, drops it and renames the copy
    # (what altering or dropping a column needs; a plain add_column would not copy).
    with op.batch_alter_table("organisations", recreate="always") as batch:
        batch.add_column(sa.Column("throwaway", sa.Text(), nullable=True))
{extra}

def downgrade():
    pass
'''


@pytest.fixture
def throwaway_migrations(tmp_path, monkeypatch):
    """A copy of the product's migrations folder (env.py included) plus one test revision."""

    def make(extra: str = "") -> None:
        folder = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
        head = migrate.head_revision()
        (folder / "versions" / "9999_throwaway.py").write_text(BATCH_REVISION.format(head=head, extra=extra))
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
        clear = getattr(migrate, "_revision_graph", None)
        if clear is not None and hasattr(clear, "cache_clear"):
            clear.cache_clear()

    yield make
    clear = getattr(migrate, "_revision_graph", None)
    if clear is not None and hasattr(clear, "cache_clear"):
        clear.cache_clear()


CHILDREN = {
    "contacts": "SELECT count(*) FROM contacts WHERE organisation_id IS NOT NULL",
    "partnerships": "SELECT count(*) FROM partnerships",
    "partnership_coordinators": "SELECT count(*) FROM partnership_coordinators",
    "project_participants": "SELECT count(*) FROM project_participants",
    "activity_organisations": "SELECT count(*) FROM activity_organisations",
}


def children(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {name: conn.execute(sql).fetchone()[0] for name, sql in CHILDREN.items()}


def newest_fixture(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copyfile(fixtures()[-1], path)
    with open_database(path, automatic_backup=False):
        pass  # up to the product's newest revision first
    return path


def test_child_rows_survive_a_batch_migration_of_their_parent(tmp_path, throwaway_migrations):
    path = newest_fixture(tmp_path, "children.sqlite")
    before = children(path)
    assert all(before.values()), before
    throwaway_migrations()
    with open_database(path, automatic_backup=False) as db:
        with db.read() as session:
            assert session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "9999"
    assert children(path) == before
    conn = check_whole(path)
    assert "throwaway" in {r[1] for r in conn.execute("PRAGMA table_info(organisations)")}
    conn.close()


def test_the_same_migration_with_foreign_keys_on_would_delete_them(tmp_path, throwaway_migrations):
    """Why env.py runs with foreign keys off: with them on, the copy-and-drop cascades."""
    path = newest_fixture(tmp_path, "cascade.sqlite")
    with sqlite3.connect(path) as conn:
        # Partnerships RESTRICT the drop outright; without them the cascade is silent.
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM partnerships")
    safe = tmp_path / "safe.sqlite"
    shutil.copyfile(path, safe)
    before = children(path)
    assert before["project_participants"] and before["contacts"] and before["activity_organisations"]
    throwaway_migrations()
    engine = make_engine(path, foreign_keys=True)  # the mistake env.py's engine avoids
    try:
        with engine.connect() as connection:
            migrate.upgrade(connection)
    finally:
        engine.dispose()
    lost = children(path)
    assert lost["project_participants"] == 0 and lost["activity_organisations"] == 0 and lost["contacts"] == 0
    _run_migrations(safe)  # the product's way: foreign keys off
    assert children(safe) == before


def test_a_migration_that_breaks_a_reference_changes_nothing(tmp_path, throwaway_migrations, content_of):
    """Found by this test: env.py's foreign_key_check used to run after Alembic had committed."""
    path = newest_fixture(tmp_path, "broken.sqlite")
    before = content_of(path)
    throwaway_migrations(
        "    op.execute(\"INSERT INTO partnership_coordinators (partnership_id, organisation_id, position) "
        "VALUES ('gone', 'gone', 0)\")\n"
    )
    with pytest.raises(DatabaseFileError, match="Verweise"):
        open_database(path, automatic_backup=False, backup_before_migration=False)
    assert content_of(path) == before
    with sqlite3.connect(path) as conn:
        assert "throwaway" not in {r[1] for r in conn.execute("PRAGMA table_info(organisations)")}


@pytest.mark.parametrize("fixture", [p for p in fixtures() if p.stem < "0005"], ids=lambda p: p.stem)
def test_history_starts_with_one_entry(fixture, tmp_path):
    """0005: an existing database gets an empty history with one "started" entry (nothing
    made up about the records that were there before), and new changes are recorded after it."""
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with open_database(path, automatic_backup=False) as db:
        from partnerdesk.domain.records import Organisation
        from partnerdesk.services.history import History
        from partnerdesk.services.records import OrganisationService

        (started,) = History(db).since(0)
        assert (started.operation, started.kind, started.label) == ("started", "", "history started")
        org = OrganisationService(db).create(Organisation(name="Nach dem Umstieg"))
        assert [e.record_id for e in History(db).since(started.id)] == [org.id]


def test_the_newest_fixture_holds_history():
    """The filled database of 0005 has history entries written by the services, so later
    revisions upgrade a history that is not empty."""
    conn = sqlite3.connect(f"{(FIXTURES / '0005.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    try:
        counts = dict(conn.execute("SELECT operation, count(*) FROM record_history GROUP BY operation").fetchall())
    finally:
        conn.close()
    assert counts["started"] == 1 and counts["created"] >= 100


def test_the_0007_fixture_holds_signatories_and_council_decisions():
    """Revision 0007's filled database has legal names, representatives, per-language functions and
    council decisions (example data and generated records), so later revisions upgrade real values."""
    conn = sqlite3.connect(f"{(FIXTURES / '0007.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    try:
        organisations = conn.execute(
            "SELECT count(*) FROM organisations WHERE legal_name <> '' AND representative <> '' "
            "AND representative_function_translations LIKE '%:%'").fetchone()[0]
        partnerships = conn.execute(
            "SELECT count(*) FROM partnerships WHERE council_decision_on IS NOT NULL AND council_decision_number <> ''"
        ).fetchone()[0]
        required = conn.execute("SELECT count(*) FROM partnerships WHERE partner_decision_required").fetchone()[0]
        kumasi = conn.execute("SELECT legal_name FROM organisations WHERE name = 'Kumasi'").fetchone()[0]
    finally:
        conn.close()
    assert organisations >= 15 and partnerships >= 5 and required >= 3
    assert kumasi == "Kumasi Metropolitan Assembly"


def test_the_0009_fixture_holds_translations_and_the_theme_glossary():
    """Revision 0009's filled database has organisation names, project titles and summaries in other
    languages and the example theme glossary, so later revisions upgrade real values."""
    conn = sqlite3.connect(f"{(FIXTURES / '0009.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = conn.execute("SELECT count(*) FROM organisations WHERE name_translations LIKE '%:%'").fetchone()[0]
        titles = conn.execute("SELECT count(*) FROM projects WHERE title_translations LIKE '%:%'").fetchone()[0]
        summaries = conn.execute("SELECT count(*) FROM projects WHERE summary_translations LIKE '%:%'").fetchone()[0]
        waste = conn.execute("SELECT translations FROM theme_translations WHERE theme = 'Abfall'").fetchone()[0]
    finally:
        conn.close()
    assert names >= 10 and titles >= 10 and summaries >= 8
    assert "fr: Gestion des déchets" in waste


def test_the_0014_fixture_holds_attachments_with_their_content():
    """Revision 0014's filled database has files on records of several registers (one hidden with
    its deleted record), so later revisions upgrade real attachments, bytes included."""
    conn = sqlite3.connect(f"{(FIXTURES / '0014.sqlite').resolve().as_uri()}?mode=ro", uri=True)
    try:
        kinds = {k for (k,) in conn.execute("SELECT record_kind FROM attachments")}
        hidden = conn.execute("SELECT count(*) FROM attachments WHERE record_deleted_at IS NOT NULL").fetchone()[0]
        sizes_match = conn.execute("SELECT count(*) FROM attachments WHERE length(content) = size").fetchone()[0]
    finally:
        conn.close()
    assert {"partnerships", "contacts", "activities"} <= kinds and hidden == 1 and sizes_match == 4
def _activity_links(path: Path) -> tuple[list[tuple[str, ...]], dict[str, str]]:
    """(activity, contact, contact's name, contact's organisation, its name) per link in order,
    and each activity's kind."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        links = conn.execute(
            "SELECT l.activity_id, c.id, c.name, coalesce(c.organisation_id, ''), coalesce(o.name, '') "
            "FROM activity_contacts l JOIN contacts c ON c.id = l.contact_id "
            "LEFT JOIN organisations o ON o.id = c.organisation_id ORDER BY l.activity_id, l.position").fetchall()
        kinds = dict(conn.execute("SELECT id, kind FROM activities").fetchall())
        return links, kinds
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", [p for p in fixtures() if p.stem < "0015"], ids=lambda p: p.stem)
def test_linked_contacts_become_participants(fixture, tmp_path):
    """0015 (visits): every contact linked to an activity becomes one participant of it, with
    its name and organisation, in the links' order; the links stay; every kind stays; a call
    is online; the search finds an activity by its participant's name."""
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    links, kinds = _activity_links(path)
    assert len(links) >= 15
    with open_database(path, automatic_backup=False):
        pass
    links_after, kinds_after = _activity_links(path)
    assert links_after == links and kinds_after == kinds
    conn = sqlite3.connect(path)
    try:
        attendees = conn.execute(
            "SELECT activity_id, contact_id, name, coalesce(organisation_id, ''), organisation FROM activity_attendees "
            "ORDER BY activity_id, position").fetchall()
        assert attendees == links
        assert conn.execute("SELECT count(*) FROM activity_attendees WHERE role <> ''").fetchone()[0] == 0
        # (dietary and accessibility notes live in activity_attendee_private since 0018)
        assert conn.execute("SELECT count(*) FROM activity_attendee_private").fetchone()[0] == 0
        directions = dict(conn.execute("SELECT id, direction FROM activities").fetchall())
        assert {i for i, d in directions.items() if d} == {i for i, k in kinds.items() if k == "call"}
        assert conn.execute("SELECT count(*) FROM activities WHERE end_date IS NOT NULL").fetchone()[0] == 0
    finally:
        conn.close()
    with open_database(path, automatic_backup=False) as db:
        from partnerdesk.services import service_for

        activity_id, _contact, name = links[0][0], links[0][1], links[0][2]
        found = service_for(db, "activities").get(activity_id)
        assert [a.name for a in found.attendees] == [link[2] for link in links if link[0] == activity_id]
        from partnerdesk.domain.text import fold

        assert fold(name.split()[0]) in found_text(db, activity_id)
    check_whole(path).close()


def found_text(db, activity_id: str) -> str:
    with db.read() as session:
        return session.connection().exec_driver_sql(
            "SELECT search_text FROM activities WHERE id = ?", (activity_id,)).scalar()


@pytest.mark.parametrize("fixture", [p for p in fixtures() if "0015" <= p.stem < "0018"], ids=lambda p: p.stem)
def test_attendee_health_data_moves_whole(fixture, tmp_path):
    """0018: every participant's dietary and accessibility notes arrive in activity_attendee_private
    unchanged (health data, GDPR Art. 9), and the public participant row no longer has them."""
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with sqlite3.connect(path) as conn:
        before = {r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT id, dietary, accessibility FROM activity_attendees WHERE dietary <> '' OR accessibility <> ''")}
    conn.close()
    assert len(before) >= 5
    with open_database(path, automatic_backup=False):
        pass
    with sqlite3.connect(path) as conn:
        after = {r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT attendee_id, dietary, accessibility FROM activity_attendee_private")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(activity_attendees)")}
    conn.close()
    assert after == before
    assert not {"dietary", "accessibility"} & columns
