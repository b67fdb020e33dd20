"""Storage of the registers: SQLAlchemy tables, engine set-up, migrations, backups.

Everything SQLite-specific lives here, and so does everything PostgreSQL-specific
(``server``: a database on a PostgreSQL server; ``portable_sql``: the few expressions
spelled per database), so that the same models, migrations and services run on both.
"""
