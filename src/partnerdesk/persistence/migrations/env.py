"""Alembic environment of PartnerDesk: always run programmatically by ``persistence.migrate``.

Foreign keys are off while migrating (the connection comes from an engine made
with ``foreign_keys=False``): SQLite's batch migrations copy and drop tables,
and with foreign keys on, dropping a parent table deletes every child row
through ON DELETE CASCADE. ``PRAGMA foreign_key_check`` runs before the commit
instead, so a migration that breaks a reference rolls back whole. That needs the
whole upgrade in ONE transaction: Alembic's SQLite default (``transactional_ddl``
off) commits each revision on its own, so the check used to run after the commit
(tests/reliability/test_migrations.py proves the difference).
"""

from __future__ import annotations

from alembic import context

from partnerdesk.domain.errors import DatabaseFileError
from partnerdesk.i18n import ngettext
from partnerdesk.persistence.tables import Base

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    # SQLite can roll DDL back: one transaction for the whole upgrade, so the
    # foreign_key_check below runs before anything is committed.
    transactional_ddl=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            # Raised inside the transaction: the whole upgrade rolls back.
            raise DatabaseFileError(
                ngettext(
                    "The database could not be upgraded: the new schema would break {count} reference "
                    "(first: {detail}). The file was not changed.",
                    "The database could not be upgraded: the new schema would break {count} references "
                    "(first: {detail}). The file was not changed.",
                    len(broken),
                ).format(count=len(broken), detail=tuple(broken[0]))
            )
