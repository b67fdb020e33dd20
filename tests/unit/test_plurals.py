"""German plurals go through ngettext: no "1 Zeilen", "1 Seiten", "1 Änderungen".

A message with a number placed before a plural noun ("{rows} rows", "{count} records") must be
a plural entry (msgid_plural) in the catalogue; a singular-only entry gives "1 Zeilen" for one.
Messages whose number is two or more by construction (several selected records) are listed.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from partnerdesk import i18n
from partnerdesk.resources import resource_path

NOUNS = (
    "records|rows|pages|changes|conflicts|problems|references|projects|partnerships|activities|contacts|"
    "organisations|entries|files|sheets|columns|days|characters|lines|fields|links|duplicates|decisions"
)
#: "{n} <plural>" possibly with one adjective in between ("{count} example records").
NUMBER_BEFORE_PLURAL = re.compile(r"\{[a-z_]+\}\s+(?:[a-z-]+\s+)?(?:" + NOUNS + r")\b")

#: The number is at least two here (a multiple selection, a month's days, limits).
AT_LEAST_TWO = {
    "Delete {count} records?",
    "Delete {count} records",
    "None of the {count} records has been deleted.",
    "{count} records selected.",
    "“{text}” does not exist: that month has only {days} days",
    "{field} is longer than {limit} characters",
    "{name} has more than {limit} rows; import it in parts.",
    "{name}, row {row}: more than {limit} columns; this does not look like a register table.",
    "{name}, row {row}: a cell holds more than {limit} characters.",
}


def singular_only_with_a_number_before_a_plural() -> list[str]:
    found = []
    for po in sorted(Path(resource_path("locale", "de")).glob("*.po")):
        with po.open("rb") as file:
            catalogue = read_po(file)
        for message in catalogue:
            if not message.id or isinstance(message.id, tuple | list):
                continue
            # {n}: the "several" variant of a one/several pair that the code chooses by the number
            if message.id in AT_LEAST_TWO or "{n}" in message.id:
                continue
            if NUMBER_BEFORE_PLURAL.search(message.id):
                found.append(f"{po.name}: {message.id}")
    return found


def test_numbers_before_plural_nouns_are_plural_entries():
    assert singular_only_with_a_number_before_a_plural() == []


def test_one_row_and_one_change_read_as_singular():
    from partnerdesk.exchange.table_import import ImportResult

    i18n.set_language("de")
    result = ImportResult("projects", ["a"], [], {})
    assert result.summary() == "1 Datensatz importiert (1 neu, 0 aktualisiert)."
    result = ImportResult("projects", ["a", "b"], [], {})
    assert result.summary() == "2 Datensätze importiert (2 neu, 0 aktualisiert)."
