"""Alembic environment of PartnerDesk: always run programmatically by ``persistence.migrate``.

Foreign keys are off while migrating (the connection comes from an engine made
with ``foreign_keys=False``): SQLite's batch migrations copy and drop tables,
and with foreign keys on, dropping a parent table deletes every child row
through ON DELETE CASCADE. ``PRAGMA foreign_key_check`` runs before the commit
instead, so a migration that breaks a reference rolls back whole.
"""

from __future__ import annotations

from alembic import context

from partnerdesk.persistence.tables import Base

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration would break references: {broken[:5]}")
