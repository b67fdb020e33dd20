"""What goes into the frozen PartnerDesk, worked out from the source tree.

Used by ``partnerdesk.spec`` (at freeze time) and by ``build.py`` (to check the
result). It reads the source with :mod:`ast` instead of importing it, so the
spec never runs program code and never needs a display.

Three things PyInstaller's import analysis cannot see on its own:

* modules imported *by name* through :func:`importlib.import_module`: the
  command modules in ``cli/main.py`` (``COMMAND_MODULES``) and the window's
  extensions in ``ui/extensions.py`` (``UI_EXTENSIONS``). They are read from
  those lists, so a module added to a list is frozen without touching the spec;
* the Alembic migrations, which Alembic loads from *files* (``script_location``):
  they ship as data files, and whatever they import becomes a hidden import;
* the top-level ``resources/`` folder, shipped as ``partnerdesk/resources``
  where :mod:`partnerdesk.resources` looks first.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "partnerdesk"
MIGRATIONS = PACKAGE / "persistence" / "migrations"

# (source file inside the package, name of the list assigned in it)
NAMED_MODULE_LISTS = (
    ("cli/main.py", "COMMAND_MODULES"),
    ("ui/extensions.py", "UI_EXTENSIONS"),
)

_SKIPPED_PARTS = {"__pycache__"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


def _strings_in(node: ast.AST) -> Iterator[str]:
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child.value


def named_modules_in(path: Path, list_name: str) -> list[str]:
    """Module names listed as strings in ``list_name = [...]`` (or a tuple) in ``path``.

    An entry may name an attribute after a colon (``"pkg.module:install"``); only
    the module part is returned. A missing file gives an empty list.
    """
    if not path.is_file():
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == list_name for t in targets):
            for text in _strings_in(value):
                module = text.split(":", 1)[0].strip()
                if module.startswith("partnerdesk.") and module not in names:
                    names.append(module)
    return names


def module_exists(name: str, src: Path = SRC) -> bool:
    base = src.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def named_modules(src: Path = SRC) -> list[str]:
    """Every module imported by name; raises if a list names a module that does not exist."""
    names: list[str] = []
    for relative, list_name in NAMED_MODULE_LISTS:
        path = src / "partnerdesk" / relative
        for name in named_modules_in(path, list_name):
            if not module_exists(name, src):
                raise FileNotFoundError(f"{path.name}: {list_name} names {name}, which does not exist")
            if name not in names:
                names.append(name)
    return names


def migration_files(migrations: Path = MIGRATIONS) -> list[Path]:
    """The Alembic folder as shipped: env.py, script.py.mako, versions/*.py (no caches)."""
    return sorted(
        p
        for p in migrations.rglob("*")
        if p.is_file() and not (_SKIPPED_PARTS & set(p.parts)) and p.suffix not in _SKIPPED_SUFFIXES
    )


def imports_of(path: Path) -> set[str]:
    """Top-level module names a Python file imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # ``from alembic import op`` imports the module ``alembic.op``
            found.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def migration_imports(migrations: Path = MIGRATIONS) -> list[str]:
    """What the migration scripts import, for PyInstaller's hidden imports.

    ``from x import name`` adds ``x.name`` too; PyInstaller ignores names that
    turn out to be attributes rather than modules, so over-reporting is harmless.
    """
    found: set[str] = set()
    for path in migration_files(migrations):
        if path.suffix == ".py":
            found |= imports_of(path)
    return sorted(n for n in found if n != "__future__" and _is_module(n))


def _is_module(name: str) -> bool:
    """Whether ``name`` is a module (not an attribute imported ``from`` one)."""
    if name.split(".")[0] == "partnerdesk":
        return module_exists(name)  # read from the tree: never import our own code here
    from importlib.util import find_spec

    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resource_files(root: Path = ROOT) -> list[Path]:
    folder = root / "resources"
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not (_SKIPPED_PARTS & set(p.parts))
    )


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """PyInstaller ``datas``: (source file, destination folder inside the bundle)."""
    pairs: list[tuple[str, str]] = []
    resources = root / "resources"
    for path in resource_files(root):
        dest = Path("partnerdesk", "resources", path.parent.relative_to(resources))
        pairs.append((str(path), dest.as_posix()))
    migrations = root / "src" / "partnerdesk" / "persistence" / "migrations"
    for path in migration_files(migrations):
        dest = Path("partnerdesk", "persistence", "migrations", path.parent.relative_to(migrations))
        pairs.append((str(path), dest.as_posix()))
    return pairs


def languages(root: Path = ROOT) -> list[str]:
    """Languages the program speaks or writes documents in: its own (de, en) and every
    language with MoU templates. Locale data of other languages is left out of the bundle."""
    found = {"de", "en"}
    templates = root / "resources" / "templates" / "mou"
    if templates.is_dir():
        found |= {p.name.split("_")[0] for p in templates.iterdir() if p.is_dir()}
    return sorted(found)


def kept_in_bundle(dest: str, keep_languages: list[str]) -> bool:
    """Whether a file PyInstaller collected belongs in the bundle (``dest`` inside it).

    Left out: locale data of languages PartnerDesk never uses (Babel's CLDR files,
    pycountry's name catalogues, Qt's catalogues: about 60 MB), and Qt's GTK theme
    plugin, which would load the system's GTK against the bundled GLib on Linux.
    """
    dest = dest.replace("\\", "/")
    parts = dest.split("/")
    if dest.startswith("babel/locale-data/") and dest.endswith(".dat"):
        stem = parts[-1][: -len(".dat")]
        return stem == "root" or stem.split("_")[0] in keep_languages
    if dest.startswith("pycountry/locales/") and len(parts) > 3:
        return parts[2].split("_")[0].split("@")[0] in keep_languages
    if "/Qt/translations/" in dest and dest.endswith(".qm"):
        return dest.endswith("_de.qm")  # English is built into Qt
    if dest.endswith("platformthemes/libqgtk3.so"):
        return False
    return True


def expected_bundle_files(root: Path = ROOT) -> list[str]:
    """Paths (relative to the bundle's data folder) a correct build must contain."""
    expected = [dest + "/" + Path(src).name for src, dest in data_files(root)]
    expected.append("PySide6/Qt/translations/qtbase_de.qm")
    expected.append("babel/locale-data/root.dat")
    for lang in languages(root):
        expected.append(f"babel/locale-data/{lang}.dat")
        if lang != "en":  # names in pycountry are English; catalogues translate them
            expected.append(f"pycountry/locales/{lang}/LC_MESSAGES/iso3166-1.mo")
    return expected
