"""The Inno Setup script, read as text (ISCC runs only on Windows, in the Windows workflow)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import build

ISS = build.ISS.read_text(encoding="utf-8")
CODE = "\n".join(ln for ln in ISS.splitlines() if not ln.lstrip().startswith(";"))  # without comments


def section(name: str) -> list[str]:
    match = re.search(rf"^\[{name}\]\n(.*?)(?=^\[|\Z)", ISS, re.S | re.M)
    assert match, f"no [{name}] section"
    return [ln for ln in match.group(1).splitlines() if ln.strip() and not ln.startswith(";")]


def setup() -> dict[str, str]:
    return dict(ln.split("=", 1) for ln in section("Setup"))


def test_script_is_ascii_so_every_iscc_reads_it_alike() -> None:
    assert ISS.isascii()


def test_every_define_build_py_passes_has_a_default_in_the_script() -> None:
    passed = set(re.findall(r"/D(\w+)=", Path(build.__file__).read_text(encoding="utf-8")))
    defined = set(re.findall(r"#define (\w+)", ISS))
    assert passed and passed <= defined


def test_per_user_install_without_admin_rights_by_default() -> None:
    s = setup()
    assert s["PrivilegesRequired"] == "lowest"
    assert "commandline" in s["PrivilegesRequiredOverridesAllowed"]
    assert s["DefaultDirName"] == r"{autopf}\PartnerDesk"  # %LOCALAPPDATA%\Programs per user
    assert s["AppId"].startswith("{{")  # stable id: upgrades replace, never duplicate


def test_installer_speaks_german_and_english() -> None:
    languages = section("Languages")
    assert any('Name: "de"' in ln and "German.isl" in ln for ln in languages)
    assert any('Name: "en"' in ln and "Default.isl" in ln for ln in languages)


def test_travel_files_open_partnerdesk_with_db() -> None:
    registry = "\n".join(section("Registry"))
    assert r'Software\Classes\.pdtravel"' in registry
    assert '"""{app}\\partnerdesk.exe"" --db ""%1"""' in registry
    assert "Root: HKA" in registry and "HKLM" not in registry


@pytest.mark.parametrize("forbidden", ["localappdata", "userappdata", "{userdocs}"])
def test_uninstaller_leaves_the_users_data_alone(forbidden: str) -> None:
    assert "[UninstallDelete]" not in CODE
    assert forbidden not in CODE.lower()


def test_desktop_shortcut_is_an_optional_task() -> None:
    assert any("desktopicon" in ln and "unchecked" in ln for ln in section("Tasks"))
    assert any("{autodesktop}" in ln and "Tasks: desktopicon" in ln for ln in section("Icons"))
