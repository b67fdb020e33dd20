"""Attachments: stored in the database, refused whole when too large or unreadable, hidden with
their record's deletion and back with its restore, named in the history, saved under safe names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from partnerdesk.domain.errors import NotFoundError
from partnerdesk.persistence.tables_beside import AttachmentRow, RecordHistoryRow
from partnerdesk.services import attachments
from partnerdesk.services.history_restore import deletion_entry, restore_deleted
from partnerdesk.services.records import ContactService, PartnershipService

#: On SQLite and on a throwaway PostgreSQL server.
pytestmark = pytest.mark.postgresql

LIMIT = 1_000


@pytest.fixture
def kumasi(example_db):
    return PartnershipService(example_db).find("Kumasi").id


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rows(db) -> int:
    with db.read() as session:
        return len(session.scalars(select(AttachmentRow.id)).all())


def _history_changes(db, record_id: str) -> list[dict]:
    with db.read() as session:
        rows = session.scalars(
            select(RecordHistoryRow.changes).where(RecordHistoryRow.record_id == record_id).order_by(RecordHistoryRow.id)
        ).all()
    return [json.loads(r) for r in rows]


def test_add_list_open_save_rename_remove_put_back(example_db, kumasi, tmp_path):
    data = bytes(range(256)) * 3
    added = attachments.add_file(example_db, "partnerships", kumasi, _file(tmp_path, "Einladung.pdf", data), limit=LIMIT)
    [listed] = attachments.list_for(example_db, "partnerships", kumasi)
    assert listed == added and listed.size == len(data) and listed.media_type == "application/pdf" and listed.added_by
    assert attachments.content(example_db, added.id) == data
    (tmp_path / "out").mkdir()
    out = attachments.save_to(example_db, added.id, tmp_path / "out")
    assert out == tmp_path / "out" / "Einladung.pdf" and out.read_bytes() == data
    copy = attachments.open_copy(example_db, added.id, tmp_path)
    assert copy.read_bytes() == data and copy.parent.parent == tmp_path
    attachments.rename(example_db, added.id, "Einladung 2026.pdf", "vom Bürgermeister")
    assert [(a.name, a.description) for a in attachments.list_for(example_db, "partnerships", kumasi)] == [
        ("Einladung 2026.pdf", "vom Bürgermeister")]
    removed = attachments.remove(example_db, added.id)
    assert attachments.list_for(example_db, "partnerships", kumasi) == [] and _rows(example_db) == 0
    attachments.put_back(example_db, removed)
    [back] = attachments.list_for(example_db, "partnerships", kumasi)
    assert back.id == added.id and back.added_at == added.added_at and attachments.content(example_db, back.id) == data
    changes = [c for c in _history_changes(example_db, kumasi) if any(k.startswith("attachment_") for k in c)]
    assert changes == [
        {"attachment_added": [None, "Einladung.pdf"]},
        {"attachment_renamed": ["Einladung.pdf", "Einladung 2026.pdf"]},
        {"attachment_removed": ["Einladung 2026.pdf", None]},
        {"attachment_added": [None, "Einladung 2026.pdf"]},
    ]


def test_the_list_does_not_load_the_content(example_db, kumasi, tmp_path):
    attachments.add_bytes(example_db, "partnerships", kumasi, "gross.bin", b"x" * 5000)
    statements: list[str] = []
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    engine = Engine  # every engine the database uses (it may read on one of its own)
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        attachments.list_for(example_db, "partnerships", kumasi)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements and not any("content" in s for s in statements)


def test_a_file_over_the_limit_is_refused_naming_file_size_and_limit(example_db, kumasi, tmp_path):
    big = _file(tmp_path, "Fotos Besuch.zip", b"x" * (LIMIT + 1))
    with pytest.raises(attachments.AttachmentRefused) as caught:
        attachments.add_file(example_db, "partnerships", kumasi, big, limit=LIMIT)
    assert "Fotos Besuch.zip" in caught.value.message and "1,0 kB" in caught.value.message
    assert _rows(example_db) == 0 and not any(
        "attachment_added" in c for c in _history_changes(example_db, kumasi))


def test_the_default_limit_is_25_megabytes():
    assert attachments.limit_bytes(None) == 25_000_000 and attachments.limit_bytes(3) == 3_000_000


@pytest.mark.parametrize("case", ["missing", "folder", "unreadable"])
def test_an_unreadable_file_is_refused(example_db, kumasi, tmp_path, case):
    path = tmp_path / "Vertrag.pdf"
    if case == "folder":
        path.mkdir()
    elif case == "unreadable":
        if os.name != "posix" or os.geteuid() == 0:
            pytest.skip("root reads every file")
        path.write_bytes(b"x")
        path.chmod(0)
    with pytest.raises(attachments.AttachmentRefused) as caught:
        attachments.add_file(example_db, "partnerships", kumasi, path, limit=LIMIT)
    assert "Vertrag.pdf" in caught.value.message
    assert _rows(example_db) == 0


def test_an_unknown_record_is_refused(example_db, tmp_path):
    with pytest.raises(NotFoundError):
        attachments.add_bytes(example_db, "partnerships", "00000000-0000-0000-0000-000000000000", "a.txt", b"a")
    assert _rows(example_db) == 0


def test_deleting_a_record_hides_its_attachments_and_undo_brings_them_back(example_db, tmp_path):
    service = ContactService(example_db)
    contact = service.list()[0]
    attachments.add_bytes(example_db, "contacts", contact.id, "Visitenkarte.jpg", b"jpeg")
    deletion = service.delete(contact.id)
    assert attachments.list_for(example_db, "contacts", contact.id) == []
    service.restore(deletion)
    assert [a.name for a in attachments.list_for(example_db, "contacts", contact.id)] == ["Visitenkarte.jpg"]


def test_a_restore_from_the_history_brings_them_back(example_db, kumasi):
    service = PartnershipService(example_db)
    attachments.add_bytes(example_db, "partnerships", kumasi, "MoU unterschrieben.pdf", b"%PDF")
    service.delete(kumasi)
    assert attachments.list_for(example_db, "partnerships", kumasi) == []
    restore_deleted(example_db, deletion_entry(example_db, "Kumasi", "partnerships"))
    [back] = attachments.list_for(example_db, "partnerships", kumasi)
    assert attachments.content(example_db, back.id) == b"%PDF"


HOSTILE = [
    "CON.txt", "nul", "com1.tar.gz", "LPT9.pdf", "../../etc/passwd", "..\\..\\boot.ini", "a/b/c.pdf",
    "x" * 250 + ".jpeg", "Ω≈ç√∫˜µ≤≥÷.pdf", "<script>alert(1)</script>.html", "   .pdf", "trailing dot.",
    "\u202etxt.exe", "名前.docx", "😀.png", "tab\there.txt", "null\x00byte.txt",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_stored_as_given_and_saved_safely(example_db, kumasi, tmp_path, name):
    folder = tmp_path / "out"
    folder.mkdir()
    added = attachments.add_bytes(example_db, "partnerships", kumasi, name, b"data")
    saved = attachments.save_to(example_db, added.id, folder)
    assert saved.parent == folder and saved.read_bytes() == b"data"
    assert list(folder.iterdir()) == [saved]  # nothing written anywhere else, no leftovers
    stem = saved.name.split(".")[0].lower()
    assert stem not in ("con", "nul", "com1", "lpt9") and len(saved.name) <= 120
    assert not saved.name.endswith((".", " ")) and "/" not in saved.name and "\\" not in saved.name
    copy = attachments.open_copy(example_db, added.id, tmp_path)
    assert copy.parent.parent == tmp_path and copy.read_bytes() == b"data"


def test_the_json_archive_says_how_many_files_it_leaves_out(example_db, kumasi, tmp_path):
    from partnerdesk.exchange.json_archive import ATTACHMENTS_LEFT_OUT, export_archive

    attachments.add_bytes(example_db, "partnerships", kumasi, "MoU.pdf", b"%PDF-1.7 secret bytes")
    archive = tmp_path / "archiv.json"
    export_archive(example_db, archive)
    text = archive.read_text(encoding="utf-8")
    assert json.loads(text)[ATTACHMENTS_LEFT_OUT] == 1 and "secret bytes" not in text


def test_erasing_a_deleted_record_from_the_history_removes_its_files_for_good(example_db):
    from partnerdesk.services.history_erasure import erase_from_history

    service = ContactService(example_db)
    contact = service.list()[0]
    attachments.add_bytes(example_db, "contacts", contact.id, "Passfoto.jpg", b"face")
    service.delete(contact.id)
    assert _rows(example_db) == 1  # hidden, kept for a restore
    erase_from_history(example_db, "contacts", contact.id)
    assert _rows(example_db) == 0


def test_copies_opened_more_than_a_day_ago_are_removed(example_db, kumasi, tmp_path):
    added = attachments.add_bytes(example_db, "partnerships", kumasi, "Passfoto.jpg", b"face")
    old = attachments.open_copy(example_db, added.id, tmp_path)
    two_days_ago = old.parent.stat().st_mtime - 2 * 86_400
    os.utime(old.parent, (two_days_ago, two_days_ago))
    new = attachments.open_copy(example_db, added.id, tmp_path)
    assert not old.parent.exists() and new.exists()
    assert attachments.remove_old_copies(tmp_path) == 0  # today's copy stays (it may still be open)
