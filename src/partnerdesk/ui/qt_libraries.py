"""Before the window starts on Linux: are the system libraries Qt needs there?

Qt's X11 platform plugin (xcb) needs libraries that a fresh Debian or Ubuntu may lack
(``libxcb-cursor0`` first of all). Without them Qt prints a hint in English among its debug
output and ends the process with "Aborted": no message a user can act on, and nothing in the
log. So before the QApplication is created, the libraries that Qt's GUI libraries and the
platform plugin name (their ELF "needed" entries) are loaded here one by one; those that do
not load are reported by name, with the Debian/Ubuntu package that has them (README,
"Set-up on a fresh machine").
"""

from __future__ import annotations

import ctypes
import mmap
import os
import re
import struct
import sys
from pathlib import Path

from partnerdesk.i18n import _

#: soname -> Debian/Ubuntu package (the ones Qt 6's xcb plugin and QtGui need).
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

#: Platforms that draw without a display server of their own; for these only QtGui's libraries count.
_NO_XCB = ("offscreen", "minimal", "vnc", "wayland", "eglfs", "linuxfb", "vkkhrdisplay", "minimalegl")


def needed(library: Path) -> list[str]:
    """The ``DT_NEEDED`` entries (sonames) of a 64-bit little-endian ELF file; [] if unreadable."""
    try:
        with library.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _needed(data)  # mapped, not read: libQt6Gui alone is 10 MB
    except (OSError, ValueError, struct.error, IndexError):
        return []


def _needed(data: mmap.mmap) -> list[str]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:  # ELF, 64 bit, little endian
        return []
    section_offset, = struct.unpack_from("<Q", data, 0x28)
    entry_size, count = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, section_offset + i * entry_size) for i in range(count)]
    names: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings = sections[link][4]
        for position in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, position)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.find(b"\0", strings + value)
                names.append(data[strings + value : end].decode("ascii", "replace"))
    return names


def _loads(soname: str) -> str | None:
    """``None`` if the library loads, else the name of the library that is missing."""
    try:
        ctypes.CDLL(soname)
    except OSError as exc:
        found = re.match(r"([^\s:]+\.so[.\d]*): cannot open shared object file", str(exc))
        return found.group(1) if found else soname
    return None


def uses_xcb(platform: str | None = None) -> bool:
    """Whether Qt will pick the X11 platform plugin (the default on Linux)."""
    chosen = (os.environ.get("QT_QPA_PLATFORM", "") if platform is None else platform).split(":")[0].split(";")[0]
    if chosen:
        return chosen == "xcb"
    return not (os.environ.get("WAYLAND_DISPLAY") and os.environ.get("XDG_SESSION_TYPE") == "wayland")


def qt_folders() -> tuple[Path, Path]:
    """Qt's library folder and plugin folder inside the PySide6 package (also when frozen)."""
    from PySide6.QtCore import QLibraryInfo  # QtCore needs no display libraries

    return (
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath)),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)),
    )


def missing_libraries() -> list[str]:
    """The system libraries Qt's window needs that do not load here (Linux only; else [])."""
    if not sys.platform.startswith("linux"):
        return []
    libraries, plugins = qt_folders()
    files = [libraries / "libQt6Gui.so.6", libraries / "libQt6Widgets.so.6"]
    if uses_xcb():
        files += [libraries / "libQt6XcbQpa.so.6", plugins / "platforms" / "libqxcb.so"]
    shipped = {p.name for p in libraries.glob("*.so*")}
    wanted: list[str] = []
    for file in files:
        for soname in needed(file):
            if soname not in shipped and soname not in wanted:
                wanted.append(soname)
    missing: list[str] = []
    for soname in wanted:
        problem = _loads(soname)
        if problem is not None and problem not in missing:
            missing.append(problem)
    return missing


def package_of(soname: str) -> str:
    """The Debian/Ubuntu package of ``soname`` (a guess from the name for unknown ones)."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    stem, _dot, version = soname.partition(".so")
    version = version.strip(".").split(".")[0]
    base = stem.lower().replace("_", "-")
    return f"{base}{'-' if base[-1].isdigit() else ''}{version}" if version else base


def explain(missing: list[str]) -> str:
    """The German (or English) message for the user, with the command that installs the packages."""
    packages = sorted({package_of(m) for m in missing})
    return _(
        "The window cannot start: Qt does not find these system libraries: {libraries}.\n"
        "On Debian or Ubuntu, install them with:\n  sudo apt install {packages}\n"
        "The command line (partnerdesk --help) works without them."
    ).format(libraries=", ".join(missing), packages=" ".join(packages))
