"""A missing Qt system library on Linux: a German message naming it, not "Aborted"."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from partnerdesk.ui import qt_libraries

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux only")


@linux_only
def test_the_plugins_needed_libraries_are_read_from_its_elf_file():
    libraries, plugins = qt_libraries.qt_folders()
    names = qt_libraries.needed(plugins / "platforms" / "libqxcb.so")
    assert "libxcb-cursor.so.0" in qt_libraries.needed(libraries / "libQt6XcbQpa.so.6")
    assert "libQt6XcbQpa.so.6" in names and "libc.so.6" in names
    assert qt_libraries.needed(plugins / "does-not-exist.so") == []


@linux_only
def test_missing_libraries_are_named_with_their_packages(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(
        qt_libraries, "_loads",
        lambda name: name if name in ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0") else None,
    )
    missing = qt_libraries.missing_libraries()
    assert sorted(missing) == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"]
    text = qt_libraries.explain(missing)
    assert text.startswith("Das Fenster kann nicht starten: Qt findet diese Systembibliotheken nicht:")
    assert "sudo apt install libxcb-cursor0 libxkbcommon-x11-0" in text


def test_other_platforms_need_no_x11_libraries(monkeypatch):
    assert not qt_libraries.uses_xcb("offscreen")
    assert not qt_libraries.uses_xcb("wayland")
    assert qt_libraries.uses_xcb("xcb")
    assert qt_libraries.package_of("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert qt_libraries.package_of("libfoo2.so.3") == "libfoo2-3"


@linux_only
def test_the_window_says_which_library_is_missing_instead_of_aborting(tmp_path):
    """A library that does not load (an empty file first on the search path stands in for a
    missing one): Qt would end the process with "Aborted" (exit status 134, nothing said)."""
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libxcb-cursor.so.0").write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "PARTNERDESK_LANG")}
    env.update(QT_QPA_PLATFORM="xcb", DISPLAY=":77", LD_LIBRARY_PATH=str(broken), PARTNERDESK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-m", "partnerdesk"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Das Fenster kann nicht starten" in done.stderr
    assert "libxcb-cursor.so.0" in done.stderr and "sudo apt install libxcb-cursor0" in done.stderr
    log = (tmp_path / "data" / "logs" / "partnerdesk.log").read_text(encoding="utf-8")
    assert "system libraries missing: libxcb-cursor.so.0" in log
