"""Every user-visible string in the code has a German translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_is_translated_to_german():
    translated: set[str] = set()
    for po in (ROOT / "resources" / "locale" / "de").glob("*.po"):
        with po.open("rb") as fh:
            translated |= {m.id for m in read_po(fh) if m.id and m.string}
    missing = sorted(
        {
            message
            for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / "src" / "partnerdesk", keywords={"_": None, "N_": None}
            )
            if isinstance(message, str) and message
        }
        - translated
    )
    assert missing == []
