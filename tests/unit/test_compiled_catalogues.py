"""The compiled catalogues the program reads match the ``.po`` files they are made from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from partnerdesk import i18n
from partnerdesk.i18n import _, set_language

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = sorted(p for p in (ROOT / "resources" / "locale").iterdir() if p.is_dir())


def _tool():
    spec = importlib.util.spec_from_file_location("compile_catalogues", ROOT / "tools" / "compile_catalogues.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", LANGUAGES, ids=lambda p: p.name)
def test_committed_catalogue_is_up_to_date(folder: Path):
    tool = _tool()
    committed = folder / "partnerdesk.mo"
    assert committed.exists(), f"{committed.relative_to(ROOT)} is missing: run `python tools/compile_catalogues.py`"
    assert tool.meaning(committed.read_bytes()) == tool.meaning(tool.compile_language(folder)), (
        f"{committed.relative_to(ROOT)} is out of date: run `python tools/compile_catalogues.py`"
    )


@pytest.mark.parametrize(
    "change",
    [
        ('msgstr "Speichern"', 'msgstr "Sichern"'),  # a translation changed
        ('msgid "Save"\nmsgstr "Speichern"\n', ""),  # a message removed
    ],
    ids=["translation", "removed"],
)
def test_a_po_changed_without_recompiling_is_caught(tmp_path: Path, change: tuple[str, str]):
    """The comparison above can fail: a copy of the German .po files with one change no longer
    matches the committed catalogue."""
    tool = _tool()
    source = ROOT / "resources" / "locale" / "de"
    copy = tmp_path / "de"
    copy.mkdir()
    old, new = change
    changed = False
    for po in sorted(source.glob("*.po")):
        text = po.read_text("utf-8")
        if old in text and not changed:
            text, changed = text.replace(old, new, 1), True
        (copy / po.name).write_text(text, "utf-8")
    assert changed, f"no .po file holds {old!r} any more: pick another text for this test"
    committed = tool.meaning((source / "partnerdesk.mo").read_bytes())
    assert tool.meaning(tool.compile_language(copy)) != committed


def test_the_header_names_no_babel_version():
    """A new Babel release must not change the committed bytes of an unchanged catalogue."""
    compiled = _tool().compile_language(ROOT / "resources" / "locale" / "de")
    assert b"Generated-By" not in compiled and b"Babel" not in compiled


def _write(folder: Path, name: str, body: str) -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / name).write_text(header + body, "utf-8")


def test_catalogues_are_merged_without_fuzzy_entries(tmp_path: Path):
    folder = tmp_path / "de"
    folder.mkdir()
    _write(folder, "a.po", 'msgid "Save"\nmsgstr "Speichern"\n\n#, fuzzy\nmsgid "Guess"\nmsgstr "Raten"\n')
    _write(folder, "b.po", 'msgid "Save"\nmsgstr "Speichern"\n\nmsgid "Line\\nbreak"\nmsgstr "Zeilen\\numbruch"\n')
    import gettext
    import io

    translations = gettext.GNUTranslations(io.BytesIO(_tool().compile_language(folder)))
    assert translations.gettext("Save") == "Speichern"
    assert translations.gettext("Guess") == "Guess"
    assert translations.gettext("Line\nbreak") == "Zeilen\numbruch"


def test_one_text_translated_two_ways_is_an_error_naming_both_files(tmp_path: Path):
    folder = tmp_path / "de"
    folder.mkdir()
    _write(folder, "core.po", 'msgid "Save"\nmsgstr "Speichern"\n')
    _write(folder, "ui.po", 'msgid "Save"\nmsgstr "Sichern"\n')
    with pytest.raises(ValueError, match=r"core\.po.*ui\.po"):
        _tool().compile_language(folder)


def test_damaged_catalogue_falls_back_to_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    broken = tmp_path / "locale" / "de"
    broken.mkdir(parents=True)
    (broken / "partnerdesk.mo").write_bytes(b"not a catalogue at all")
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    try:
        assert set_language("de") == "de"
        assert _("Save") == "Save"
    finally:
        monkeypatch.undo()
        set_language("de")
    assert _("Save") == "Speichern"
