"""The annual report's wording: ``resources/templates/annual_report/de/texts.txt``, overridable.

One ``key = text`` per line, ``{placeholders}`` filled from the data, ``{{``/``}}`` for
literal braces, ``%`` starts a comment. The office changes a sentence by putting a
``texts.txt`` with just that key into ``<data dir>/templates/annual_report/de/`` (or a folder
given with ``--templates``, same layout below it); keys it leaves out come from the shipped
file, as with the MoU's ``labels.txt``. Template text is never markup: it is escaped like
user text. A mistake is a ``ReportTemplateError`` naming the file and line.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _
from partnerdesk.paths import data_dir
from partnerdesk.resources import resource_path

FOLDER = "annual_report"
FILE = "texts.txt"
LANGUAGE = "de"

#: Every key, with the placeholders its text may use.
KEYS: dict[str, frozenset[str]] = {
    key: frozenset(names.split()) for key, names in {
        "title": "year city", "subtitle": "year city", "subtitle_no_city": "year", "filter": "filter year",
        "intro": "year city partnerships activities projects decisions date",
        "heading_partnerships": "year", "text_partnerships": "year activities partnerships",
        "text_partnerships_none": "year", "text_partnerships_none_filter": "year filter", "more_activities": "count",
        "heading_projects": "year", "text_projects": "year projects budget funding", "text_projects_none": "year",
        "text_projects_none_filter": "year filter",
        "heading_grants": "year", "text_grants": "year approved received", "text_grants_none": "year",
        "text_grants_none_filter": "year filter",
        "heading_sdg": "year", "text_sdg": "year", "text_sdg_none": "year", "text_sdg_other_currencies": "budget",
        "caption_sdg": "number year",
        "heading_map": "year", "text_map": "year", "text_map_none": "year", "caption_map": "number year",
        "heading_indicators": "year", "text_indicators": "year", "text_indicators_none": "year",
        "heading_decisions": "year", "text_decisions": "year decisions", "text_decisions_none": "year",
        "text_decisions_none_filter": "year filter",
        "heading_sdg17": "year", "text_sdg17": "year",
        "q_partnerships": "year", "a_partnerships": "year partnerships types",
        "q_partners": "year", "a_partners": "year countries",
        "q_goals": "year", "a_goals": "year goals",
        "q_actors": "year", "a_actors": "year actors",
        "q_money": "year", "a_money": "year budget funding grants",
        "a_none": "year", "a_none_filter": "year filter",
        "heading_missing": "year", "text_missing": "year", "text_missing_none": "year",
        "footer": "year city",
    }.items()
}


#: Keys an office's file may still hold from older versions, read and left unused ("text_map_docx" said
#: the map stood in the PDF only; Word has the map as a picture now).
RETIRED: frozenset[str] = frozenset({"text_map_docx"})


class ReportTemplateError(UserError):
    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = (_("Annual report template {file}, line {line}: ").format(file=path, line=line) if line
                 else _("Annual report template {file}: ").format(file=path))
        super().__init__(where + problem)
        self.path, self.line = path, line


@dataclass(frozen=True)
class Texts:
    """The wording in use; ``text(key, **values)`` fills a sentence."""

    texts: Mapping[str, str]
    sources: Mapping[str, Path]

    def text(self, key: str, **values: object) -> str:
        return self.texts[key].format_map({name: values.get(name, "") for name in KEYS[key]})


def shipped_file() -> Path:
    return resource_path("templates", FOLDER, LANGUAGE, FILE)


def override_files(extra: Sequence[Path] = ()) -> list[Path]:
    """The office's files, first match wins (``--templates`` folders, then the data folder)."""
    return [Path(d) / FOLDER / LANGUAGE / FILE for d in extra] + [data_dir() / "templates" / FOLDER / LANGUAGE / FILE]


def _check(key: str, value: str, path: Path, line: int) -> None:
    try:
        fields = list(string.Formatter().parse(value))
    except ValueError:
        raise ReportTemplateError(path, line, _("a brace without its partner (write “{{” or “}}” for a literal brace).")) from None
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in KEYS[key] or spec or conversion:
            known = ", ".join("{" + n + "}" for n in sorted(KEYS[key])) or "–"
            raise ReportTemplateError(path, line, _("unknown placeholder “{name}” in “{key}”. Known here: {known}.").format(
                name="{" + name + "}", key=key, known=known))


def parse(path: Path) -> dict[str, str]:
    raw = path.read_bytes()
    try:
        lines = raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ReportTemplateError(path, raw[: exc.start].count(b"\n") + 1, _("the file is not UTF-8 text; save it as UTF-8.")) from exc
    found: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        key, sep, value = stripped.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ReportTemplateError(path, number, _("expected a line of the form “key = text”."))
        if key in RETIRED:
            continue
        if key not in KEYS:
            raise ReportTemplateError(path, number, _("unknown key “{key}”.").format(key=key))
        _check(key, value.strip(), path, number)
        found[key] = value.strip()
    return found


def load_texts(extra: Sequence[Path] = ()) -> Texts:
    """The shipped wording with the office's changes laid over it."""
    texts: dict[str, str] = {}
    sources: dict[str, Path] = {}
    for path in [shipped_file(), *reversed(override_files(extra))]:
        if not path.is_file():
            continue
        for key, value in parse(path).items():
            texts[key], sources[key] = value, path
    missing = [key for key in KEYS if key not in texts]
    if missing:
        raise ReportTemplateError(shipped_file(), None, _("these keys are missing: {keys}.").format(keys=", ".join(missing)))
    return Texts(texts, sources)
