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
    compiled = _tool().compile_language(folder)
    committed = folder / "partnerdesk.mo"
    assert committed.exists() and committed.read_bytes() == compiled, (
        f"{committed.relative_to(ROOT)} is out of date: run `python tools/compile_catalogues.py`"
    )


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
