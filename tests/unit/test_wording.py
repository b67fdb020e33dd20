"""One word for one thing in every catalogue and in the README.

The activity form said "Folgeaufgaben"; the command line, the calendar export and the import's
column names said "Wiedervorlagen". Issue 21 made "Wiedervorlage" the one word, the office's
own (form, command line, calendar, "Anstehend", README); a table import still takes the old
column header. Settings said "Name des Autors", the command line "Verfasser/in".
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from partnerdesk.resources import resource_path

README = Path(__file__).resolve().parents[2] / "README.md"


def translations(pattern: str) -> list[tuple[str, str]]:
    found = []
    for po in sorted(Path(resource_path("locale", "de")).glob("*.po")):
        with po.open("rb") as file:
            for message in read_po(file):
                ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                if any(re.search(pattern, i, re.IGNORECASE) for i in ids if i):
                    found += [(ids[0], s) for s in strings]
    return found


def test_follow_ups_are_wiedervorlagen_everywhere():
    entries = translations(r"follow-?ups?\b")
    assert len(entries) >= 6
    for msgid, text in entries:
        assert "Wiedervorlage" in text and "Folgeaufgabe" not in text, (msgid, text)
    readme = README.read_text(encoding="utf-8")
    assert "Wiedervorlagen" in readme
    assert [line for line in readme.splitlines() if "Folgeaufgabe" in line and "older column names" not in line] == []


def test_the_pdf_author_has_one_name():
    entries = translations(r"\bauthor\b")
    assert len(entries) >= 2
    for msgid, text in entries:
        assert "Verfasser/in" in text and "Autor" not in text, (msgid, text)
    assert "Autorenname" not in README.read_text(encoding="utf-8")
