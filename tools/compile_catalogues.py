"""Compile the translation catalogues: ``resources/locale/<lang>/*.po`` -> ``<lang>/partnerdesk.mo``.

    python tools/compile_catalogues.py          # after editing any .po file

Each area of the program keeps its own ``.po`` file; the program reads one merged, compiled
catalogue per language with the standard library's ``gettext``. Babel reads the ``.po`` files
and writes the ``.mo`` file, so the result is the same on every machine (the test suite
compiles again and fails if the committed ``.mo`` is out of date). Fuzzy entries are left out;
two files that translate the same text differently are an error, not a silent choice.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "resources" / "locale"
MO_NAME = "partnerdesk.mo"
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def compile_language(folder: Path) -> bytes:
    """The compiled, merged catalogue of every ``.po`` file in ``folder``."""
    # Fixed header dates: the same .po files always give the same bytes.
    merged = Catalog(
        locale=folder.name, domain="partnerdesk", project="PartnerDesk", charset="utf-8",
        creation_date=_EPOCH, revision_date=_EPOCH,
    )
    source: dict[str, str] = {}
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=folder.name):
                complete = all(message.string) if message.pluralizable else bool(message.string)
                if message.id and complete and not message.fuzzy:
                    known = merged.get(message.id)
                    if known is not None and known.string != message.string:
                        raise ValueError(
                            f"{message.id!r} is translated as {known.string!r} in {source[message.id]} "
                            f"but as {message.string!r} in {path.name}: one text, one translation"
                        )
                    if known is None:
                        merged.add(message.id, message.string)
                        source[message.id] = path.name
    out = io.BytesIO()
    write_mo(out, merged)
    return out.getvalue()


def main() -> int:
    for folder in sorted(p for p in LOCALE.iterdir() if p.is_dir()):
        target = folder / MO_NAME
        data = compile_language(folder)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(LOCALE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
