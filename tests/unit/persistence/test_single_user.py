"""The expert override's single-user mode: one exclusive connection that threads take turns on."""

from __future__ import annotations

import threading

from partnerdesk.domain.records import Organisation
from partnerdesk.persistence.database import Database, create_database
from partnerdesk.services import OrganisationService


def test_single_user_mode_serves_several_threads_without_waiting_on_its_own_lock(db_path):
    create_database(db_path).close()
    db = Database(db_path, single_user=True)
    try:
        service = OrganisationService(db)
        created = service.create(Organisation(name="Dabola", country="GN"))
        counts: list[int] = []
        errors: list[BaseException] = []

        def reader() -> None:
            try:
                for _ in range(20):
                    counts.append(service.count())
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=reader) for _ in range(3)]
        for t in threads:
            t.start()
        for i in range(10):
            created.notes = f"Notiz {i}"
            created = service.update(created)
        for t in threads:
            t.join(timeout=30)
        assert not errors and len(counts) == 60 and set(counts) == {1}
        assert service.get(created.id).notes == "Notiz 9"
        with db.read() as session:
            assert session.connection().exec_driver_sql("PRAGMA locking_mode").scalar() == "exclusive"
    finally:
        db.close()
