"""How long a text, how large a number and how early or late a date a record may hold.

Checked by ``validation`` before anything is saved, so that no later step (the database, a
PostgreSQL server, the JSON archive, a travel merge, a PDF, a calendar file) meets a value it
cannot take. The README ("Grenzen der Felder") lists the same figures for users.

- Text lengths count characters (code points), as SQLite, PostgreSQL's ``varchar(n)`` and
  Python do. Short fields keep the length of their database column; long texts (notes,
  summaries, the legal basis) end at 100,000 characters, about 40 printed pages.
- Whole numbers (population, row version) fit the database's ``INTEGER`` column on every
  database: 64 bits on SQLite but 32 on PostgreSQL, so 2,147,483,647 is the largest.
- Dates lie between 1900 and 2200; only the start of a partnership reaches back further,
  to the year 800 (Paderborn and Le Mans are partners since 836).
- A list (themes, SDG targets, participants, linked contacts, follow-ups, ...) holds at
  most 1,000 entries.
"""

from __future__ import annotations

from datetime import date

#: Long free texts: notes, summaries, the legal basis of a contact.
LONG_TEXT = 100_000

#: Longest text per register and field (characters).
TEXT_LENGTHS: dict[str, dict[str, int]] = {
    "organisations": {
        "name": 300, "short_name": 60, "city": 200, "website": 500, "notes": LONG_TEXT,
        "legal_name": 300, "legal_name_translations": 3_000, "name_translations": 3_000, "representative": 300,
        "representative_function": 300, "representative_function_translations": 3_000,
    },
    "partnerships": {"title": 300, "notes": LONG_TEXT, "partner_decision_number": 100},
    "projects": {
        "title": 300, "summary": LONG_TEXT, "notes": LONG_TEXT, "title_translations": 3_000,
        "summary_translations": LONG_TEXT, "results": LONG_TEXT, "funding_programme": 300, "file_reference": 100,
    },
    "contacts": {
        "title": 100, "first_name": 300, "last_name": 300, "function": 300, "email": 300, "phone": 2_000,
        "address": 2_000, "notes": LONG_TEXT, "consent_source": 2_000,
    },
    "activities": {"title": 300, "place": 300, "notes": LONG_TEXT},
    "decisions": {"title": 300, "committee": 300, "number": 100, "notes": LONG_TEXT},
    "programmes": {"name": 300, "funder": 300, "link": 500, "notes": LONG_TEXT},
    "grants": {"title": 300, "file_reference": 100, "special_conditions": LONG_TEXT, "notes": LONG_TEXT},
}
#: One theme of a partnership; the name of a funding source; the text of a follow-up task.
THEME_LENGTH = 200
FUNDING_SOURCE_NAME_LENGTH = 300
FOLLOW_UP_LENGTH = 2_000
#: A stage's document reference and programme; its phase.
STAGE_TEXT_LENGTH = 300
STAGE_PHASE_LENGTH = 100
#: A participant's name, organisation and role; their dietary and accessibility notes.
ATTENDEE_TEXT_LENGTH = 300
ATTENDEE_NOTE_LENGTH = 1_000

#: Entries of any list field.
LIST_ENTRIES = 1_000
#: List fields that hold more: a grant's receipts (a grant of 36 months may have thousands).
LIST_ENTRIES_OF = {"expenses": 50_000}

#: The largest whole number an ``INTEGER`` column holds on every database (PostgreSQL: 32 bits).
MAX_INTEGER = 2_147_483_647

#: Dates and years of every field, unless ``EARLIEST_START`` says otherwise.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
#: The start of a partnership (year or date).
EARLIEST_START = date(800, 1, 1)
