"""Contacts' personal data (e-mail, phone, notes) moves into its own table, ``contact_private``.

* ``contact_private(contact_id PK/FK -> contacts ON DELETE CASCADE, email, phone, notes,
  search_text)``: one row per contact that has any of the three (copied here from
  ``contacts``, then those columns are dropped). ``search_text`` holds the folded e-mail,
  phone and notes; ``contacts.search_text`` is made again from name and function only, so
  the main table holds nothing personal at all (one grant too many on it exposes nothing).
* On PostgreSQL the table is under row-level security: the policy lets a row be read or
  written only by members of the group role ``partnerdesk_personal_data`` (asked through
  the function ``partnerdesk_personal_data_visible()``, which the program also calls once
  at connect to show "vertraulich" instead of empty fields). The function tests that the role
  exists, so a server without it hides the data from everybody except superusers (and roles
  with BYPASSRLS, which the function names too, as they read every row anyway); the role
  itself is made by ``partnerdesk server init`` (creating roles needs CREATEROLE, which the
  schema owner need not have). The table owner is not subject to the policy (PostgreSQL's rule).
* The text fill is no user change: the journal's update trigger is off while it runs. On
  SQLite dropping the columns copies ``contacts`` (a batch migration), which loses its
  triggers and rowids: the journal triggers and the text index of ``contacts`` are made
  again and the index is refilled (``rebuild``). The SQL is written out here so this
  revision never changes with the application.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 12:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from partnerdesk.domain.text import search_blob

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

ROLE = "partnerdesk_personal_data"
FUNCTION = "partnerdesk_personal_data_visible"
POLICY = "contact_private_personal_data"
RECORD_TABLES = ("organisations", "partnerships", "contacts", "projects", "activities")


def _journal_trigger(table: str, event: str) -> str:
    row = "OLD" if event == "delete" else "NEW"
    return (
        f"CREATE TRIGGER IF NOT EXISTS trg_{table}_journal_{event} AFTER {event.upper()} ON {table} "
        f"BEGIN INSERT INTO record_changes (kind, record_id, seq) VALUES ('{table}', {row}.id, "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM record_changes)) "
        "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
    )


def _contacts_index_sql() -> list[str]:
    idx = "contacts_search"
    add = f"INSERT INTO {idx} (rowid, search_text) VALUES (new.rowid, new.search_text);"
    remove = f"INSERT INTO {idx} ({idx}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);"
    return [
        f"CREATE TRIGGER IF NOT EXISTS trg_contacts_search_insert AFTER INSERT ON contacts BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS trg_contacts_search_delete AFTER DELETE ON contacts BEGIN {remove} END",
        "CREATE TRIGGER IF NOT EXISTS trg_contacts_search_update AFTER UPDATE OF search_text ON contacts "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {idx} ({idx}) VALUES ('rebuild')",
    ]


def _blob(*parts: object) -> str:
    return search_blob(*parts)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        'contact_private',
        sa.Column('contact_id', sa.String(length=36), nullable=False),
        sa.Column('email', sa.String(length=300), nullable=False),
        sa.Column('phone', sa.String(length=100), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('search_text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['contact_id'], ['contacts.id'], name=op.f('fk_contact_private_contact_id_contacts'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('contact_id', name=op.f('pk_contact_private')),
    )
    rows = bind.execute(sa.text(
        "SELECT id, name, function, email, phone, notes FROM contacts "
        "WHERE email <> '' OR phone <> '' OR notes <> ''"
    )).all()
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO contact_private (contact_id, email, phone, notes, search_text) "
                "VALUES (:id, :email, :phone, :notes, :text)"
            ),
            [{"id": r.id, "email": r.email, "phone": r.phone, "notes": r.notes, "text": _blob(r.email, r.phone, r.notes)}
             for r in rows],
        )
    # contacts.search_text without the personal fields (no user change: the journal looks away).
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS trg_contacts_journal_update")
    texts = [{"id": rid, "text": _blob(name, function)}
             for rid, name, function in bind.execute(sa.text("SELECT id, name, function FROM contacts")).all()]
    if texts:
        bind.execute(sa.text("UPDATE contacts SET search_text = :text WHERE id = :id"), texts)
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('email')
        batch_op.drop_column('phone')
        batch_op.drop_column('notes')
    if sqlite:
        for table in RECORD_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(_journal_trigger(table, event))
        has_index = bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'contacts_search'").first()
        if has_index:
            for sql in _contacts_index_sql():
                op.execute(sql)
    elif bind.dialect.name == "postgresql":
        # Superusers and BYPASSRLS roles read every row anyway: the program should know.
        op.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS boolean LANGUAGE sql STABLE "
            "SET search_path = pg_catalog AS $$ "
            "SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), false) "
            f"OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}' "
            "AND pg_has_role(current_user, oid, 'MEMBER')) $$"
        )
        op.execute("ALTER TABLE contact_private ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {POLICY} ON contact_private FOR ALL "
            f"USING ({FUNCTION}()) WITH CHECK ({FUNCTION}())"
        )
        if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
            op.execute(
                "CREATE INDEX IF NOT EXISTS ix_contact_private_search_trgm ON contact_private "
                "USING gin (search_text gin_trgm_ops)"
            )


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON contact_private")
        op.execute("DROP INDEX IF EXISTS ix_contact_private_search_trgm")
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('phone', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('notes', sa.Text(), server_default='', nullable=False))
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS trg_contacts_journal_update")
    private = {r.contact_id: r for r in bind.execute(
        sa.text("SELECT contact_id, email, phone, notes FROM contact_private")).all()}
    values = []
    for rid, name, function in bind.execute(sa.text("SELECT id, name, function FROM contacts")).all():
        p = private.get(rid)
        email, phone, notes = (p.email, p.phone, p.notes) if p is not None else ("", "", "")
        values.append({"id": rid, "email": email, "phone": phone, "notes": notes,
                       "text": _blob(name, function, email, phone, notes)})
    if values:
        bind.execute(
            sa.text("UPDATE contacts SET email = :email, phone = :phone, notes = :notes, search_text = :text "
                    "WHERE id = :id"),
            values,
        )
    op.drop_table('contact_private')
    if sqlite:
        op.execute(_journal_trigger("contacts", "update"))
    else:
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
