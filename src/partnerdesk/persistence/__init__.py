"""Storage of the registers: SQLAlchemy tables, engine set-up, migrations, backups.

Everything SQLite-specific lives here, so that a shared PostgreSQL server can run
the same models, migrations and services later.
"""
