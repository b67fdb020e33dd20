"""Compile the translation catalogues: ``resources/locale/<lang>/*.po`` -> ``<lang>/partnerdesk.mo``.

    python tools/compile_catalogues.py          # after editing any .po file

Each area of the program keeps its own ``.po`` file; the program reads one merged, compiled
catalogue per language with the standard library's ``gettext``. Babel reads the ``.po`` files
and writes the ``.mo`` file with a header of fixed dates and no generator version, so the
same ``.po`` files give the same bytes on every machine and with every Babel release. The test
suite compiles again and compares what the program reads (``meaning``: every message and its
translations, the plural rule, the charset), so a ``.po`` changed without recompiling fails
while a new Babel that only writes its header differently does not. Fuzzy entries are left
out; two files that translate the same text differently are an error, not a silent choice.
"""

from __future__ import annotations

import gettext
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
# Header fields the program reads; the rest (generator, dates, team) carry no meaning for it.
_MEANINGFUL_HEADERS = ("content-type", "plural-forms", "language")


class _Catalog(Catalog):
    """Babel's catalogue, with a header that names no Babel version ("Generated-By: Babel 2.18.0"
    changed the committed bytes with every Babel release although no message had changed)."""

    @property  # type: ignore[override]
    def mime_headers(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in super().mime_headers if name != "Generated-By"]


def compile_language(folder: Path) -> bytes:
    """The compiled, merged catalogue of every ``.po`` file in ``folder``."""
    # Fixed header dates: the same .po files always give the same bytes.
    merged = _Catalog(
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


def meaning(compiled: bytes) -> dict[str, object]:
    """What the program reads from a compiled catalogue: each message with its translation(s)
    (plural forms as ``(id, n)`` keys), and the header fields that matter (charset, plural rule)."""
    translations = gettext.GNUTranslations(io.BytesIO(compiled))
    catalog = dict(translations._catalog)  # type: ignore[attr-defined]
    header = str(catalog.pop("", ""))
    fields = {}
    for line in header.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() in _MEANINGFUL_HEADERS:
            fields[name.strip().lower()] = value.strip()
    return {"header": fields, "messages": catalog}


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
