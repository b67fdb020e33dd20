"""The catalogue reader of ``partnerdesk.i18n`` gives exactly what Babel's ``read_po`` gives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po as babel_read_po

from partnerdesk.i18n import read_po

ROOT = Path(__file__).resolve().parents[2]

TRICKY = r'''# A header with a comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: de\n"

#: src/a.py:1
msgid "Save"
msgstr "Speichern"

#, fuzzy
msgid "Guess"
msgstr "Vermutung"

#, python-format, fuzzy
msgid "Also a guess"
msgstr "Auch geraten"

msgid "Untranslated"
msgstr ""

msgid ""
"Multi "
"line with \"quotes\", a \\ backslash,\ttab\n"
"and newline"
msgstr ""
"Mehr"
"zeilig mit \"Anführung\"\n"

msgctxt "menu"
msgid "Open"
msgstr "Öffnen (Menü)"

msgid "Open"
msgstr "Öffnen"

msgid "Duplicate"
msgstr "Erste"

msgid "Duplicate"
msgstr "Zweite"

msgid "One file"
msgid_plural "{n} files"
msgstr[0] "Eine Datei"
msgstr[1] "{n} Dateien"

msgid "Later fuzzy"
msgstr "Später unscharf"

#, fuzzy
msgid "Later fuzzy"
msgstr "Nochmal"

#~ msgid "Gone"
#~ msgstr "Weg"
msgid "After obsolete"
msgstr "Nach dem Veralteten"
'''


def _babel(text: str) -> dict[str, str]:
    catalog = babel_read_po(io.BytesIO(text.encode("utf-8")))
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


def test_tricky_catalogue_reads_like_babel():
    ours = read_po(TRICKY)
    assert ours == _babel(TRICKY)
    assert ours["Save"] == "Speichern" and "Guess" not in ours and "Gone" not in ours
    assert ours['Multi line with "quotes", a \\ backslash,\ttab\nand newline'] == 'Mehrzeilig mit "Anführung"\n'


@pytest.mark.parametrize("path", sorted((ROOT / "resources" / "locale").glob("*/*.po")), ids=lambda p: p.name)
def test_every_shipped_catalogue_reads_like_babel(path: Path):
    text = path.read_text(encoding="utf-8")
    assert read_po(text) == _babel(text)
