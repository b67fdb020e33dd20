"""Export every register to .xlsx and CSV, import into an empty database: the records are equal."""

from __future__ import annotations

import pytest

from awkward_text import comparable
from partnerdesk.domain.records import KINDS_IN_DEPENDENCY_ORDER
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.services import service_for

# Both run on a PostgreSQL server too (export, import into an empty database of the same kind).
pytestmark = pytest.mark.postgresql


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_every_register_round_trips(example_db, second_db, tmp_path, suffix):
    target = second_db
    for kind in KINDS_IN_DEPENDENCY_ORDER:
        records = service_for(example_db, kind).list()
        assert records
        out = tmp_path / f"{kind}{suffix}"
        assert export_table(example_db, kind, records, out) == len(records)
        preview = preview_file(target, out, kind)
        assert preview.problem_lines() == []
        assert preview.count("create") == len(records)
        result = apply_import(target, preview)
        assert len(result.created_ids) == len(records)
        imported = {r.id: comparable(r) for r in service_for(target, kind).list()}
        assert imported == {r.id: comparable(r) for r in records}


def test_importing_the_same_export_again_changes_nothing(example_db, db_path, tmp_path, content_of):
    out = tmp_path / "projects.xlsx"
    export_table(example_db, "projects", service_for(example_db, "projects").list(), out)
    before = content_of(db_path)
    preview = preview_file(example_db, out, "projects")
    assert preview.count("unchanged") == len(preview.rows)
    apply_import(example_db, preview)
    assert content_of(db_path) == before
