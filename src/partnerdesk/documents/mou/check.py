"""``partnerdesk templates check``: do the language versions of every clause still match?

For every clause of the index (and the office's own clause files) and for
``labels.txt``, the version each language would use (the office's override, or the
shipped file) is compared with the German one: the same paragraphs in the same order
(paragraph, bullet point or list) with the same placeholders, and the same
placeholders in every label. Also listed: files that cannot be read or parsed, clause
files missing in a language, misnamed files, clauses the index does not list, and
treaty vocabulary that a non-binding memorandum avoids. One German line per finding;
the MoU dialog shows the same lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from partnerdesk.documents.mou.clauses import (
    LABELS_FILE,
    TEMPLATE_LANGUAGES,
    clause_order,
    find_index,
    misnamed_files,
    override_roots,
    shipped_root,
)
from partnerdesk.documents.mou.templates import (
    Block,
    Clause,
    Piece,
    TemplateError,
    find_file,
    parse_clause,
    parse_labels,
    read_lines,
)
from partnerdesk.documents.mou.vocabulary import treaty_words
from partnerdesk.i18n import N_, _, ngettext

REFERENCE = "de"
KINDS = {"para": N_("a paragraph"), "bullet": N_("a bullet point"), "list": N_("a list")}


def template_languages(extra: Sequence[Path] = ()) -> list[str]:
    """German first, then every other language that has a template folder (shipped or the office's)."""
    roots = [shipped_root(), *override_roots(extra)]
    found = {lang for root in roots for lang in TEMPLATE_LANGUAGES if (root / lang).is_dir()}
    return [lang for lang in TEMPLATE_LANGUAGES if lang in found | {REFERENCE}]


def check_templates(extra: Sequence[Path] = ()) -> list[str]:
    """Every finding as one line (German when the program speaks German); empty when all is well."""
    lines = [f"{path}: {problem}" for path, problem in misnamed_files(extra)]
    try:
        order = clause_order(extra)
    except TemplateError as exc:
        return [*lines, exc.message]
    index = find_index(extra)
    lines += [
        _("The clause file “{name}.txt” is not listed in {index}; it is placed before the signatures.").format(
            name=entry.name, index=index)
        for entry in order if not entry.indexed
    ]
    languages = template_languages(extra)
    for name in [e.name for e in order]:
        lines += _compare_clause(name, languages, extra)
    lines += _compare_labels(languages, extra)
    return lines


def _load(language: str, filename: str, extra: Sequence[Path], lines: list[str]) -> Path | None:
    try:
        path = find_file(language, filename, extra)
    except TemplateError as exc:
        lines.append(exc.message)
        return None
    lines += _vocabulary(path, language)
    return path


def _vocabulary(path: Path, language: str) -> list[str]:
    found: list[str] = []
    try:
        text = read_lines(path)
    except TemplateError:
        return found  # reported when the file is parsed
    for number, line in enumerate(text, start=1):
        if line.strip().startswith("%"):
            continue
        for word, instead in treaty_words(line, language):
            found.append(_("{file}, line {line}: “{word}” is treaty language; a non-binding memorandum says “{instead}”.")
                         .format(file=path, line=number, word=word, instead=instead))
    return found


def _placeholders(pieces: list[Piece]) -> Counter[str]:
    return Counter(p.name for p in pieces if p.name)


def _names(counter: Counter[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(counter.elements())) or _("none")


def _compare_clause(name: str, languages: list[str], extra: Sequence[Path]) -> list[str]:
    lines: list[str] = []
    parsed: dict[str, Clause] = {}
    for lang in languages:
        path = _load(lang, f"{name}.txt", extra, lines)
        if path is None:
            continue
        try:
            parsed[lang] = parse_clause(name, path)
        except TemplateError as exc:
            lines.append(exc.message)
    german = parsed.get(REFERENCE)
    if german is None:
        return lines
    for lang, clause in parsed.items():
        if lang != REFERENCE:
            lines += _differences(clause, german)
    return lines


def _differences(clause: Clause, german: Clause) -> list[str]:
    here, there = clause.path, german.path
    lines: list[str] = []
    if _placeholders(clause.heading) != _placeholders(german.heading):
        lines.append(_("{file}, heading: placeholders {these}; the German version ({german}) has {those}.").format(
            file=here, these=_names(_placeholders(clause.heading)), german=there,
            those=_names(_placeholders(german.heading))))
    if len(clause.blocks) != len(german.blocks):
        lines.append(ngettext(
            "{file}: {count} paragraph; the German version ({german}) has {german_count}.",
            "{file}: {count} paragraphs; the German version ({german}) has {german_count}.",
            len(clause.blocks),
        ).format(file=here, count=len(clause.blocks), german=there, german_count=len(german.blocks)))
    for number, (block, reference) in enumerate(zip(clause.blocks, german.blocks, strict=False), start=1):
        lines += _block_difference(here, there, number, block, reference)
    return lines


def _block_difference(here: Path, there: Path, number: int, block: Block, reference: Block) -> list[str]:
    if block.kind != reference.kind:
        return [_("{file}, paragraph {number}: {kind} here, {german_kind} in the German version ({german}).").format(
            file=here, number=number, kind=_(KINDS[block.kind]), german_kind=_(KINDS[reference.kind]), german=there)]
    mine, theirs = _placeholders(block.pieces), _placeholders(reference.pieces)
    if mine != theirs:
        return [_("{file}, paragraph {number}: placeholders {these}; the German version ({german}) has {those}.").format(
            file=here, number=number, these=_names(mine), german=there, those=_names(theirs))]
    return []


def _compare_labels(languages: list[str], extra: Sequence[Path]) -> list[str]:
    lines: list[str] = []
    parsed: dict[str, tuple[Path, dict[str, list[Piece]]]] = {}
    for lang in languages:
        path = _load(lang, LABELS_FILE, extra, lines)
        if path is None:
            continue
        try:
            labels = parse_labels(path)
            shipped = shipped_root() / lang / LABELS_FILE
            if path != shipped and shipped.is_file():
                labels = {**parse_labels(shipped), **labels}  # like the MoU: missing labels come from the shipped file
            parsed[lang] = (path, labels)
        except TemplateError as exc:
            lines.append(exc.message)
    if REFERENCE not in parsed:
        return lines
    there, german = parsed[REFERENCE]
    for lang, (here, labels) in parsed.items():
        if lang == REFERENCE:
            continue
        for key, pieces in labels.items():
            if key in german and _placeholders(pieces) != _placeholders(german[key]):
                lines.append(_("{file}, label “{key}”: placeholders {these}; the German version ({german}) has {those}.")
                             .format(file=here, key=key, these=_names(_placeholders(pieces)), german=there,
                                     those=_names(_placeholders(german[key]))))
    return lines

