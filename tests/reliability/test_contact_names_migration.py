"""Revision 0012 on a FILLED database: contacts' names split where unambiguous, marked otherwise;
free-text legal bases mapped where they name one basis, kept in the notes and marked otherwise.

The 0011 fixture (example data and 25 generated contacts) gets further contacts written the way
older PartnerDesk stored them (one ``name``, a free-text ``legal_basis``), then is upgraded;
every contact is compared with what the rules say, counts and content.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from partnerdesk.persistence.database import open_database

from .harness import check_whole

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "schemas" / "0011.sqlite"

#: name as stored before 0012 -> (salutation, title, first name, last name, name to check)
NAMES = {
    "Dr. Ama Mensah": ("none", "Dr.", "Ama", "Mensah", False),
    "Ion Popescu": ("none", "", "Ion", "Popescu", False),
    "Prof. Dr. Karl-Heinz Müller": ("none", "Prof. Dr.", "Karl-Heinz", "Müller", False),
    "Frau Ioana Ștefănescu": ("ms", "", "Ioana", "Ștefănescu", False),
    "Mensah, Kofi": ("none", "", "Kofi", "Mensah", False),
    "Seán O'Brien": ("none", "", "Seán", "O'Brien", False),
    "Kwame": ("none", "", "", "Kwame", True),
    "Jan van der Berg": ("none", "", "", "Jan van der Berg", True),
    "Abdul Rahman": ("none", "", "", "Abdul Rahman", True),
    "Maria José García López": ("none", "", "", "Maria José García López", True),
    "DIALLO Mamadou": ("none", "", "", "DIALLO Mamadou", True),
    "يوسف مثال": ("none", "", "", "يوسف مثال", True),
    "王小明": ("none", "", "", "王小明", True),
    "Herr Dr. Berg": ("mr", "Dr.", "", "Berg", True),
    "Zeile\neins": ("none", "", "", "Zeile\neins", True),
}
#: legal basis as free text -> (code, consent given on, marked to check)
BASES = {
    "Einwilligung vom 1.3.2025": ("consent", "2025-03-01", False),
    "Art. 6 Abs. 1 lit. e DSGVO (öffentliche Aufgabe)": ("public_task", None, False),
    "Vertrag über die Zusammenarbeit": ("contract", None, False),
    "berechtigtes Interesse": ("legitimate_interest", None, False),
    "Visitenkarte beim Besuch": ("", None, True),
    "Einwilligung und Vertrag": ("", None, True),
    "": ("", None, False),
}


def _add_old_contacts(path: Path) -> dict[str, tuple[str, str]]:
    """Contacts as schema 0011 stores them; id -> (name, legal basis)."""
    added = {}
    bases = list(BASES)
    with sqlite3.connect(path) as conn:
        for i, name in enumerate(NAMES):
            ident = f"00000000-0000-4000-8000-{i:012d}"
            basis = bases[i % len(bases)]
            conn.execute(
                "INSERT INTO contacts (id, name, name_key, organisation_id, function, preferred_language, legal_basis, "
                "created_at, updated_at, version, is_example, search_text) VALUES "
                "(?, ?, ?, NULL, 'Referentin', ?, ?, '2025-01-01 00:00:00', '2025-01-01 00:00:00', 1, 0, ?)",
                (ident, name, name.casefold(), "fr" if i % 2 else "", basis, name.casefold()),
            )
            if i % 3 == 0:
                conn.execute("INSERT INTO contact_private (contact_id, email, phone, notes, search_text) "
                             "VALUES (?, 'a@example.org', '+49 1', 'alte Notiz', '')", (ident,))
            added[ident] = (name, basis)
    conn.close()
    return added


def test_names_and_legal_bases_are_split_or_marked(tmp_path):
    path = tmp_path / "0011.sqlite"
    shutil.copyfile(FIXTURE, path)
    added = _add_old_contacts(path)
    with sqlite3.connect(path) as conn:
        before = dict(conn.execute("SELECT id, name FROM contacts").fetchall())
        old_notes = dict(conn.execute("SELECT contact_id, notes FROM contact_private").fetchall())
        old_languages = dict(conn.execute("SELECT id, preferred_language FROM contacts").fetchall())
        old_bases = dict(conn.execute("SELECT id, legal_basis FROM contacts").fetchall())
    conn.close()
    with open_database(path, automatic_backup=False):
        pass
    conn = sqlite3.connect(path)
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT c.id, c.name, c.salutation, c.title, c.first_name, c.last_name, c.name_to_check, c.languages, "
        "c.legal_basis, c.consent_given_on, c.consent_source, c.consent_to_check, coalesce(p.notes, '') "
        "FROM contacts c LEFT JOIN contact_private p ON p.contact_id = c.id")}
    columns = {r[1] for r in conn.execute("PRAGMA table_info(contacts)")}
    journal = conn.execute("SELECT count(*) FROM record_changes WHERE kind = 'contacts'").fetchone()[0]
    conn.close()
    check_whole(path).close()

    assert set(rows) == set(before)  # not one contact lost or added
    assert "preferred_language" not in columns
    # Every added name, exactly as the rules say.
    for ident, (name, basis) in added.items():
        shown, salutation, title, first, last, to_check, languages, code, given, source, basis_check, notes = rows[ident]
        assert (salutation, title, first, last, bool(to_check)) == NAMES[name], name
        assert shown == " ".join(p for p in (title, first, last) if p)
        expected_code, expected_given, marked = BASES[basis]
        assert (code, given, bool(basis_check)) == (expected_code, expected_given, marked), basis
        assert source == (basis if expected_code else "")
        assert (f"Rechtsgrundlage (bisher): {basis}" in notes) == marked
        if ident in old_notes:
            assert notes.startswith(old_notes[ident])  # the old notes stay first, whole
        assert languages == ('["fr"]' if old_languages[ident] else "[]")
    # Counts over the whole fixture: which were split, which marked.
    split = sorted(before[i] for i, r in rows.items() if not r[5])
    marked = sorted(before[i] for i, r in rows.items() if r[5])
    assert len(split) == 6 + 6  # the six splittable names added above, the six example contacts
    assert len(marked) == len(before) - len(split)
    assert all(name.startswith("Kontakt ") for name in marked if name not in NAMES)  # "Kontakt 7": digits
    assert {before[i] for i, r in rows.items() if r[5] and before[i] in NAMES} == {n for n, v in NAMES.items() if v[4]}
    # Free texts no basis could be read from are kept whole in the notes, marked; none lost.
    for ident, text in old_bases.items():
        if text.strip() and not rows[ident][7]:
            assert rows[ident][10] and text in rows[ident][11]
    # The rewrite is no user change: the journal did not record the contacts again.
    assert journal == len(before)


def test_the_register_lists_migrated_contacts_by_last_name(tmp_path):
    from partnerdesk.services.registers import RegisterQuery, RegisterService

    path = tmp_path / "0011.sqlite"
    shutil.copyfile(FIXTURE, path)
    _add_old_contacts(path)
    with open_database(path, automatic_backup=False) as db:
        service = RegisterService(db, "contacts")
        query = RegisterQuery("contacts", sort_column="name")
        names = [r.values["name"] for r in service.rows(service.ids(query))]
        # By last name, then first name: Beispiel, Example, …, Mensah Ama, Mensah Kofi, Müller, Popescu.
        assert names.index("Erika Beispiel") < names.index("Dr. Ama Mensah") < names.index("Kofi Mensah")
        assert names.index("Kofi Mensah") < names.index("Prof. Dr. Karl-Heinz Müller") < names.index("Ion Popescu")
        checked = service.rows(service.ids(RegisterQuery("contacts", filters={"check": "name_to_check"})))
        assert "Jan van der Berg" in {r.values["name"] for r in checked}
        assert "Ion Popescu" not in {r.values["name"] for r in checked}
