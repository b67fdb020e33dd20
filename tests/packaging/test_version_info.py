"""The version resource and the installer take the ONE version number in pyproject.toml."""

from __future__ import annotations

import ast
import tomllib

import pytest

import version_info


def test_project_version_is_the_one_in_pyproject() -> None:
    import partnerdesk

    with version_info.PYPROJECT.open("rb") as fh:
        expected = tomllib.load(fh)["project"]["version"]
    assert version_info.project_version() == expected
    assert partnerdesk.__version__ == expected


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("2.3", (2, 3, 0, 0)), ("1.2.3rc1", (1, 2, 3, 0)), ("1.2.3.4.5", (1, 2, 3, 4))],
)
def test_windows_needs_four_numbers(version: str, numbers: tuple[int, ...]) -> None:
    assert version_info.version_tuple(version) == numbers


@pytest.mark.parametrize("bad", ["", "beta", "1.70000"])
def test_versions_windows_cannot_hold_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        version_info.version_tuple(bad)


def test_rendered_file_is_a_version_expression_with_the_numbers(tmp_path) -> None:
    out = tmp_path / "v.txt"
    written = version_info.write_version_file(out)
    text = out.read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"
    numbers = version_info.version_tuple(written)
    assert f"filevers={numbers!r}" in text and f"prodvers={numbers!r}" in text
    assert f"StringStruct('ProductVersion', {written!r})" in text
