"""Which column of a table goes into which field: guessed, given, remembered.

A mapping is a list with one entry per column: a field key or ``None`` (column ignored).
Precedence: a mapping the user gives (``--mapping MAP.json`` or the assistant) over the
one remembered for the same register and the same headers, over the guess from the
header words (German and English, see ``table_fields``).

``MAP.json`` is an object from header text to field key (or ``null`` to ignore the column),
for example ``{"Projektname": "title", "Land": null}``. Remembered mappings live in
``import-mappings.json`` in the per-user data folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.text import fold
from partnerdesk.exchange.table_fields import FIELDS
from partnerdesk.i18n import _
from partnerdesk.paths import data_dir

Mapping = list[str | None]

_CURRENCY_IN_HEADER = re.compile(r"\(\s*([A-Z]{3}|€)\s*\)|\bin\s+([A-Z]{3}|€)\b")


def normalise(header: str) -> str:
    text = re.sub(r"\(.*?\)", " ", header)
    text = fold(text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def header_currency(header: str) -> str | None:
    """"Budget (EUR)" or "Betrag in €" -> "EUR"."""
    m = _CURRENCY_IN_HEADER.search(header)
    if not m:
        return None
    code = m.group(1) or m.group(2)
    return "EUR" if code == "€" else code


def _vocabulary(kind: str) -> dict[str, str]:
    words: dict[str, str] = {}
    for f in FIELDS[kind]:
        for word in (f.key, f.label, f.title, *f.aliases):
            words.setdefault(normalise(word), f.key)
    return words


def guess_mapping(kind: str, headers: list[str]) -> Mapping:
    vocabulary = _vocabulary(kind)
    used: set[str] = set()
    result: Mapping = []
    for header in headers:
        key = vocabulary.get(normalise(header))
        if key is None:
            # "Budget in EUR", "Datum der Sitzung": try the first word alone.
            words = normalise(header).split()
            key = vocabulary.get(words[0]) if len(words) > 1 else None
        if key in used:
            key = None
        if key:
            used.add(key)
        result.append(key)
    return result


def signature(kind: str, headers: list[str]) -> str:
    text = kind + "\x1f" + "\x1f".join(normalise(h) for h in headers)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _store_path() -> Path:
    return data_dir() / "import-mappings.json"


def _load_store() -> dict[str, dict[str, list[str | None]]]:
    try:
        data = json.loads(_store_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_mapping(kind: str, headers: list[str]) -> Mapping | None:
    entry = _load_store().get(kind, {}).get(signature(kind, headers))
    keys = {f.key for f in FIELDS[kind]}
    if isinstance(entry, list) and len(entry) == len(headers) and all(k is None or k in keys for k in entry):
        return list(entry)
    return None


def remember_mapping(kind: str, headers: list[str], mapping: Mapping) -> None:
    """Keep ``mapping`` for the next table of ``kind`` with the same headers (best effort)."""
    store = _load_store()
    store.setdefault(kind, {})[signature(kind, headers)] = list(mapping)
    path = _store_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".partial")
        temporary.write_text(json.dumps(store, ensure_ascii=False, indent=1), "utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # remembering is a convenience; the import itself is done


def load_mapping_file(path: Path, kind: str, headers: list[str]) -> Mapping:
    """Apply ``MAP.json`` (header text -> field key or null) on top of the guessed mapping."""
    try:
        given = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UserError(_("The mapping file {name} does not exist.").format(name=path)) from None
    except (OSError, ValueError) as exc:
        raise UserError(_("The mapping file {name} is not valid JSON: {reason}").format(name=path, reason=exc)) from exc
    if not isinstance(given, dict):
        raise UserError(_("The mapping file {name} must hold an object: {{\"column header\": \"field\"}}.").format(name=path))
    keys = {f.key for f in FIELDS[kind]}
    by_header = {normalise(h): i for i, h in enumerate(headers)}
    mapping = choose_mapping(kind, headers)
    for header, key in given.items():
        if key is not None and key not in keys:
            raise UserError(
                _("The mapping file names the field “{field}”, which {kind} do not have. Fields: {fields}").format(
                    field=key, kind=kind, fields=", ".join(sorted(keys))
                )
            )
        index = by_header.get(normalise(str(header)))
        if index is None:
            raise UserError(_("The mapping file names the column “{column}”, which the table does not have.").format(column=header))
        if key is not None:
            mapping = [None if k == key else k for k in mapping]
        mapping[index] = key
    return mapping


def choose_mapping(kind: str, headers: list[str]) -> Mapping:
    """The remembered mapping for these headers, else the guess."""
    return remembered_mapping(kind, headers) or guess_mapping(kind, headers)
