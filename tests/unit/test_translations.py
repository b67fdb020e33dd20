"""Every user-visible string in the code has a German translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_is_translated_to_german():
    translated: set[str | tuple[str, ...]] = set()
    for po in (ROOT / "resources" / "locale" / "de").glob("*.po"):
        with po.open("rb") as fh:
            translated |= {m.id for m in read_po(fh, locale="de") if m.id and m.string and all(m.string)}
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "src" / "partnerdesk", keywords={"_": None, "N_": None, "ngettext": (1, 2)}
        )
        if message
    }
    assert any(isinstance(m, tuple) for m in found), "ngettext calls are extracted"
    assert sorted(found - translated, key=str) == []


def test_counts_take_the_german_singular_and_plural():
    from partnerdesk import i18n

    i18n.set_language("de")
    one = i18n.ngettext("{count} record", "{count} records", 1).format(count=1)
    many = i18n.ngettext("{count} record", "{count} records", 3).format(count=3)
    assert (one, many) == ("1 Datensatz", "3 Datensätze")
    i18n.set_language("en")
    assert i18n.ngettext("{count} record", "{count} records", 1).format(count=1) == "1 record"
    i18n.set_language("de")
