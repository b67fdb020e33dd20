"""The documents registry: a file and its record are one thing, and draft numbers continue."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from partnerdesk.documents import layout
from partnerdesk.domain.errors import EnvironmentProblem, WriteNotPermittedError
from partnerdesk.services import generated_documents as registry
from partnerdesk.services.records import PartnershipService

#: On SQLite and on a throwaway PostgreSQL server (the office database, "who" = the login role).
pytestmark = pytest.mark.postgresql

DAY = date(2026, 12, 7)


def _write(db, target: Path, pid: str, *, draft=1, fmt="pdf", content=b"%PDF-1.7 test"):
    return registry.write_recorded(
        db, target, lambda stream: stream.write(content), partnership_id=pid, fmt=fmt, draft=draft,
        languages=["de", "en"], on=DAY,
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "sqlite" not in p.name)


def _commit_fails(db, monkeypatch) -> None:
    """The next write's COMMIT fails after everything in the transaction went through (disk I/O error)."""
    real = db.write

    @contextmanager
    def failing_commit():
        with real() as session:
            yield session
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db, "write", failing_commit)


@pytest.fixture
def kumasi(example_db):
    return PartnershipService(example_db).find("Kumasi").id


def test_record_and_file_and_next_draft(example_db, kumasi, tmp_path):
    assert registry.next_draft(example_db, kumasi) == 1
    _write(example_db, tmp_path / "a.pdf", kumasi, draft=1)
    _write(example_db, tmp_path / "b.docx", kumasi, draft=2, fmt="docx")
    _write(example_db, tmp_path / "final.pdf", kumasi, draft=None)
    assert registry.next_draft(example_db, kumasi) == 3
    other = PartnershipService(example_db).find("Dabola").id
    assert registry.next_draft(example_db, other) == 1  # per partnership
    entries = registry.list_documents(example_db, kumasi)
    assert [(e.format, e.draft) for e in entries] == [("pdf", None), ("docx", 2), ("pdf", 1)]  # newest first
    assert all(e.exists() and e.languages == ("de", "en") and e.document_date == DAY for e in entries)
    assert all(e.created_by for e in entries)  # the login role on a server, the system user on a file
    assert entries[-1].path == (tmp_path / "a.pdf").resolve()
    assert _leftovers(tmp_path) == ["a.pdf", "b.docx", "final.pdf"]  # no temporary file left
    (tmp_path / "a.pdf").unlink()
    assert not registry.list_documents(example_db, kumasi)[-1].exists()  # the list can say it is gone


def test_failing_rename_leaves_neither_record_nor_file(example_db, kumasi, tmp_path, monkeypatch):
    def refuse(_src, _dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(layout.os, "replace", refuse)
    with pytest.raises(EnvironmentProblem, match="kann nicht geschrieben werden"):
        _write(example_db, tmp_path / "a.pdf", kumasi)
    assert registry.list_documents(example_db) == []
    assert _leftovers(tmp_path) == []


def test_failing_build_leaves_neither(example_db, kumasi, tmp_path):
    def broken(_stream):
        raise ValueError("broken layout")

    (tmp_path / "a.pdf").write_bytes(b"old")
    with pytest.raises(ValueError, match="broken"):
        registry.write_recorded(example_db, tmp_path / "a.pdf", broken, partnership_id=kumasi, fmt="pdf", draft=1,
                                languages=["de"], on=DAY)
    assert registry.list_documents(example_db) == []
    assert (tmp_path / "a.pdf").read_bytes() == b"old"
    assert _leftovers(tmp_path) == ["a.pdf"]


def test_refused_record_leaves_no_file(example_db, kumasi, tmp_path):
    with pytest.raises(Exception, match="(?i)constraint|check"):
        _write(example_db, tmp_path / "a.xls", kumasi, fmt="xls")  # the table refuses the record
    assert _leftovers(tmp_path) == []


def test_read_only_login_builds_nothing(example_db, kumasi, tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(example_db, "read_only", True)
    with pytest.raises(WriteNotPermittedError):
        registry.write_recorded(example_db, tmp_path / "a.pdf", built.append, partnership_id=kumasi, fmt="pdf",
                                draft=1, languages=["de"], on=DAY)
    assert built == [] and _leftovers(tmp_path) == []


def test_failing_commit_after_the_rename_removes_the_file(example_db, kumasi, tmp_path, monkeypatch):
    """COMMIT fails after the file got its name: the record is not there, so neither is the file."""
    _commit_fails(example_db, monkeypatch)
    with pytest.raises(OperationalError):
        _write(example_db, tmp_path / "a.pdf", kumasi)
    monkeypatch.undo()
    assert registry.list_documents(example_db) == []
    assert _leftovers(tmp_path) == []


def test_failing_commit_when_overwriting_gives_the_old_file_back(example_db, kumasi, tmp_path, monkeypatch):
    """Writing over an earlier file and COMMIT fails: the earlier file is there as it was, nothing else."""
    (tmp_path / "a.pdf").write_bytes(b"%PDF earlier draft")
    _commit_fails(example_db, monkeypatch)
    with pytest.raises(OperationalError):
        _write(example_db, tmp_path / "a.pdf", kumasi)
    monkeypatch.undo()
    assert registry.list_documents(example_db) == []
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF earlier draft"
    assert _leftovers(tmp_path) == ["a.pdf"]


def test_overwriting_leaves_only_the_new_file(example_db, kumasi, tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF earlier draft")
    _write(example_db, tmp_path / "a.pdf", kumasi, content=b"%PDF-1.7 new")
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-1.7 new"
    assert _leftovers(tmp_path) == ["a.pdf"]


def test_failing_rename_when_overwriting_keeps_the_old_file(example_db, kumasi, tmp_path, monkeypatch):
    (tmp_path / "a.pdf").write_bytes(b"%PDF earlier draft")
    real_replace = layout.os.replace

    def refuse_naming_the_new_file(src, dst):
        if str(src).endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(layout.os, "replace", refuse_naming_the_new_file)
    with pytest.raises(EnvironmentProblem):
        _write(example_db, tmp_path / "a.pdf", kumasi)
    monkeypatch.undo()
    assert registry.list_documents(example_db) == []
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF earlier draft"
    assert _leftovers(tmp_path) == ["a.pdf"]


def test_deleting_the_partnership_deletes_its_records(example_db, kumasi, tmp_path):
    _write(example_db, tmp_path / "a.pdf", kumasi)
    PartnershipService(example_db).delete(kumasi)
    assert registry.list_documents(example_db) == []
    assert (tmp_path / "a.pdf").exists()  # the file itself is the user's
