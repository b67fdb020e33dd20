"""Erasing a person reaches other records' history on an office server too (lane "server-erase", issue 22).

On a file, ``services.privacy_erase`` replaces the erased person's name and e-mail by "gelöscht am
… von …" in every history entry of every record with a plain UPDATE. On PostgreSQL the history is
append-only for every group role (revision 0006, ``server_roles.APPEND_ONLY_TABLES``), so this
revision adds the one narrow way to do it there:

``partnerdesk_history_scrub(erase_id, spellings, mark)``: SECURITY DEFINER (runs as the table
owner, like ``partnerdesk_history_erase``), callable by the editor and admin roles
(``server_roles.apply_grants``), which

* refuses unless the login (``session_user``) is a member of the personal-data role
  (``partnerdesk_history_may_erase()``), and unless the contact ``erase_id`` is no longer there;
* refuses a ``mark`` that is not the erasure text: it must hold ``{user}`` (which becomes the
  login role, whatever the caller says), at most 120 characters, no ``@``, quote or backslash
  (it is put into JSON text), and none of the spellings; so it writes nothing personal itself;
* refuses a spelling shorter than 3 characters;
* replaces only texts that are the erased contact's own: a spelling is replaced only if it stands
  in the contact's own history entries (label, values, personal part), or each of its words does
  ("Kwarteng, Ama" from first and last name); any other text is left alone (not replaced);
* replaces them exactly (case-sensitive, as ``replace``), the JSON-escaped spelling in ``changes``
  and the plain one in ``label``, in ``record_history`` and ``record_history_personal``, in
  entries of OTHER records (the contact's own entries are ``partnerdesk_history_erase``'s work,
  which must come after: it reads nothing, this function reads the own entries first);
* returns how many entries it changed.

It runs in the caller's transaction: an erasure that fails later leaves the history as it was.
Nothing on SQLite (a file has no roles; the program rewrites the history itself).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 21:05:00
"""

from __future__ import annotations

from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

SIGNATURE = "partnerdesk_history_scrub(text, text[], text)"

SCRUB = r"""
CREATE OR REPLACE FUNCTION partnerdesk_history_scrub(erase_id text, spellings text[], mark text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    text_of_mark text;
    own text;
    spelling text;
    quoted text;
    part text;
    backed boolean;
    changed bigint[] := '{}';
BEGIN
    IF NOT partnerdesk_history_may_erase() THEN
        RAISE EXCEPTION 'only members of the personal-data role may erase from the history'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF erase_id IS NULL OR EXISTS (SELECT 1 FROM contacts WHERE id = erase_id) THEN
        RAISE EXCEPTION 'the contact % is still there', erase_id USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF mark IS NULL OR strpos(mark, '{user}') = 0 OR length(mark) > 120 OR mark ~ '[@"\\]' THEN
        RAISE EXCEPTION 'not an erasure text' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    text_of_mark := replace(mark, '{user}', session_user::text);
    SELECT coalesce(string_agg(h.label || ' ' || h.changes || ' ' || coalesce(p.changes, ''), ' '), '') INTO own
      FROM record_history h LEFT JOIN record_history_personal p ON p.entry_id = h.id
     WHERE h.kind = 'contacts' AND h.record_id = erase_id;
    FOREACH spelling IN ARRAY coalesce(spellings, '{}'::text[]) LOOP
        IF spelling IS NULL OR length(spelling) < 3 OR strpos(mark, spelling) > 0 THEN
            RAISE EXCEPTION 'not a text to erase' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        quoted := to_jsonb(spelling)::text;
        quoted := substr(quoted, 2, length(quoted) - 2);
        backed := strpos(own, spelling) > 0 OR strpos(own, quoted) > 0;
        IF NOT backed THEN
            backed := true;
            FOREACH part IN ARRAY regexp_split_to_array(spelling, '[[:space:],]+') LOOP
                IF part <> '' AND strpos(own, part) = 0 THEN
                    backed := false;
                END IF;
            END LOOP;
        END IF;
        CONTINUE WHEN NOT backed;  -- not the erased contact's text: left alone
        WITH hit AS (
            UPDATE record_history h
               SET changes = replace(h.changes, quoted, text_of_mark), label = replace(h.label, spelling, text_of_mark)
             WHERE (strpos(h.changes, quoted) > 0 OR strpos(h.label, spelling) > 0)
               AND NOT (h.kind = 'contacts' AND h.record_id = erase_id)
            RETURNING h.id)
        SELECT changed || coalesce(array_agg(id), '{}'::bigint[]) INTO changed FROM hit;
        WITH hit AS (
            UPDATE record_history_personal p SET changes = replace(p.changes, quoted, text_of_mark)
              FROM record_history h
             WHERE p.entry_id = h.id AND strpos(p.changes, quoted) > 0
               AND NOT (h.kind = 'contacts' AND h.record_id = erase_id)
            RETURNING p.entry_id)
        SELECT changed || coalesce(array_agg(entry_id), '{}'::bigint[]) INTO changed FROM hit;
    END LOOP;
    RETURN (SELECT count(DISTINCT x) FROM unnest(changed) x);
END $fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(SCRUB)
    # Only the roles ``server_roles.apply_grants`` names may call it.
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
