"""What the spec freezes is worked out from the source tree (fast; no freezing here)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bundle_contents as bc


def test_command_modules_of_the_cli_are_frozen_by_name() -> None:
    from partnerdesk.cli.main import COMMAND_MODULES

    assert set(COMMAND_MODULES) <= set(bc.named_modules())


def test_ui_extensions_are_frozen_by_name_when_the_list_exists() -> None:
    extensions = bc.PACKAGE / "ui" / "extensions.py"
    if not extensions.is_file():
        pytest.skip("ui/extensions.py does not exist yet")
    listed = bc.named_modules_in(extensions, "UI_EXTENSIONS")
    assert set(listed) <= set(bc.named_modules())


def test_named_list_reads_strings_tuples_and_attribute_suffixes(tmp_path: Path) -> None:
    source = tmp_path / "extensions.py"
    source.write_text(
        'UI_EXTENSIONS: tuple[str, ...] = (\n    "partnerdesk.ui.a",\n    "partnerdesk.ui.b:install",\n)\n'
        'OTHER = ["partnerdesk.ui.not_this"]\n',
        encoding="utf-8",
    )
    assert bc.named_modules_in(source, "UI_EXTENSIONS") == ["partnerdesk.ui.a", "partnerdesk.ui.b"]


def test_a_list_naming_a_missing_module_stops_the_build(tmp_path: Path) -> None:
    cli = tmp_path / "partnerdesk" / "cli"
    cli.mkdir(parents=True)
    (cli / "main.py").write_text('COMMAND_MODULES = ["partnerdesk.cli.gone"]\n', encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="partnerdesk.cli.gone"):
        bc.named_modules(tmp_path)


def test_migrations_ship_as_files_with_their_template_and_versions() -> None:
    names = {p.relative_to(bc.MIGRATIONS).as_posix() for p in bc.migration_files()}
    assert {"env.py", "script.py.mako"} <= names
    assert any(n.startswith("versions/") and n.endswith(".py") for n in names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_what_migrations_import_becomes_a_hidden_import() -> None:
    imports = bc.migration_imports()
    assert {"alembic", "alembic.op", "alembic.context", "sqlalchemy"} <= set(imports)
    # ``from partnerdesk.persistence.tables import Base`` names a class, not a module
    assert "partnerdesk.persistence.tables" in imports
    assert "partnerdesk.persistence.tables.Base" not in imports


def test_the_whole_resources_folder_lands_where_resource_path_looks() -> None:
    from partnerdesk.resources import resource_root

    pairs = bc.data_files()
    shipped = {Path(dest, Path(src).name).as_posix() for src, dest in pairs}
    for path in bc.resource_files():
        relative = path.relative_to(resource_root()).as_posix()
        assert f"partnerdesk/resources/{relative}" in shipped
    assert "partnerdesk/resources/sdg/sdg.json" in shipped
    assert "partnerdesk/persistence/migrations/script.py.mako" in shipped


def test_languages_are_the_programs_own_plus_every_mou_template_language() -> None:
    langs = bc.languages()
    assert {"de", "en"} <= set(langs)
    templates = bc.ROOT / "resources" / "templates" / "mou"
    if templates.is_dir():
        assert {p.name for p in templates.iterdir() if p.is_dir()} <= set(langs)


def test_document_locales_stay_in_the_bundle() -> None:
    from partnerdesk.documents.formatting import _LOCALES

    keep = bc.languages()
    for locale in _LOCALES.values():
        assert bc.kept_in_bundle(f"babel/locale-data/{locale}.dat", keep), locale


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/de_AT.dat", True),
        ("babel/locale-data/ja.dat", False),
        ("babel/global.dat", True),
        ("pycountry/locales/de/LC_MESSAGES/iso3166-1.mo", True),
        ("pycountry/locales/ja/LC_MESSAGES/iso3166-1.mo", False),
        ("pycountry/databases/iso3166-1.json", True),
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6\\Qt\\translations\\qtbase_fr.qm", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("partnerdesk/resources/sdg/sdg.json", True),
    ],
)
def test_locale_data_of_unused_languages_is_left_out(dest: str, kept: bool) -> None:
    assert bc.kept_in_bundle(dest, ["de", "en", "fr", "ro"]) is kept
