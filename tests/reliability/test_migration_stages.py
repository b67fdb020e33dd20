"""Revision 0011 on filled databases: every signing date becomes an "MoU signed" stage, every
former type (climate partnership, project cooperation) a project partnership with its stage,
nothing else changes, and the records read back consistent (a save changes nothing)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from partnerdesk.domain import stages as timeline
from partnerdesk.domain.enums import StageKind
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schemas"
SKEW = "SKEW – Kommunale Klimapartnerschaften"


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", sorted(p for p in FIXTURES.glob("*.sqlite") if p.stem < "0011"), ids=lambda p: p.stem)
def test_signing_dates_and_former_types_become_stages(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = {r[0]: r[1:] for r in _rows(path, "SELECT id, type, mou_signed_on, start_date, start_year, title FROM partnerships")}
    signed = {pid for pid, (_t, mou, *_rest) in before.items() if mou}
    former = {pid: t for pid, (t, *_rest) in before.items() if t in ("climate_partnership", "project_cooperation")}
    assert former, "the fixture has partnerships of the former types"
    if fixture.stem >= "0003":
        assert "climate_partnership" in former.values() and "project_cooperation" in former.values()

    with open_database(path, automatic_backup=False):
        pass

    after = {r[0]: r[1:] for r in _rows(path, "SELECT id, type, mou_signed_on, title FROM partnerships")}
    assert set(after) == set(before), "no partnership lost or added"
    stages = _rows(path, "SELECT partnership_id, kind, date, programme, note FROM partnership_stages")
    assert len(stages) == len(signed) + len(former), "one stage per signing date and per former type"
    for pid, (old_type, mou, start_date, start_year, title) in before.items():
        new_type, new_mou, new_title = after[pid]
        assert (new_mou, new_title) == (mou, title), "the signing date and the rest stay"
        own = [s for s in stages if s[0] == pid]
        if mou:
            assert (pid, "mou_signed", mou) in [(s[0], s[1], s[2]) for s in own]
        if pid in former:
            assert new_type == "project_partnership"
            (stage,) = [s for s in own if s[1] == "project_partnership"]
            assert stage[3] == (SKEW if old_type == "climate_partnership" else "")
            expected = start_date or mou or (f"{start_year}-01-01" if start_year else None)
            if expected:
                assert stage[2] == expected
            assert ("Klimapartnerschaft" if old_type == "climate_partnership" else "Projektbezogene") in stage[4]
        else:
            assert new_type == old_type
    current = dict(_rows(path, "SELECT id, current_stage FROM partnerships"))
    with open_database(path, automatic_backup=False) as db:
        for p in service_for(db, "partnerships").list():
            assert timeline.reconciled(p) == p, f"{p.title}: reads back as it would be saved"
            latest = timeline.current_stage(p.stages)
            assert current[p.id] == (latest.kind.value if latest else None)
            if p.mou_signed_on:
                assert timeline.mou_signed_on(p.stages) == p.mou_signed_on


def test_the_newest_fixture_holds_stages_of_every_kind_of_detail():
    rows = _rows(FIXTURES / "0011.sqlite", "SELECT kind, term_until, automatic_renewal, programme FROM partnership_stages")
    kinds = {r[0] for r in rows}
    assert {StageKind.FIRST_CONTACT.value, StageKind.MOU_SIGNED.value, StageKind.PROJECT_PARTNERSHIP.value} <= kinds
    assert any(r[1] and not r[2] for r in rows) and any(r[2] for r in rows) and any(r[3] for r in rows)
    assert date.fromisoformat(max(r[1] for r in rows if r[1]))


def test_the_copied_partnerships_keep_0010s_reference_to_the_responsible_contact(tmp_path):
    """SQLite copies ``partnerships`` in this revision: the responsible contact's reference (0010)
    must keep ON DELETE SET NULL, or deleting a responsible contact fails after the upgrade."""
    path = tmp_path / "0010.sqlite"
    shutil.copyfile(FIXTURES / "0010.sqlite", path)
    open_database(path).close()
    for db_path in (path, FIXTURES / "0011.sqlite"):
        references = {r[3]: (r[2], r[6]) for r in _rows(db_path, "PRAGMA foreign_key_list(partnerships)")}
        assert references["responsible_id"] == ("contacts", "SET NULL"), db_path.name
