"""Is this a safe place for a live database? Pure rules, with the operating system passed in.

SQLite's write-ahead log and its file locks need a local disk: on a network share
(UNC path, mapped network drive) locking is unreliable and WAL does not work at
all, and a folder synchronised by OneDrive, Dropbox, Google Drive or Nextcloud is
copied by the sync program while PartnerDesk writes it (half-written uploads,
conflict copies, a colleague's computer writing the same file). Such places are
refused; a removable drive only gets a warning. ``check_location`` decides from a
path and a ``SystemLookups`` (drive type, environment, folder listing, path
flavour), so a table-driven test checks Windows paths on every machine.
``system_lookups()`` gives the real look-ups of this computer.

The expert override (``PARTNERDESK_ALLOW_UNSAFE_LOCATION=1`` or the command line's
``--allow-unsafe-location``) opens a refused file in single-user mode (exclusive
lock, rollback journal), which works where WAL's shared memory does not.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from partnerdesk.domain.errors import UnsafeLocationError
from partnerdesk.i18n import _

#: ``GetDriveTypeW`` answers (winbase.h).
DRIVE_UNKNOWN = 0
DRIVE_NO_ROOT_DIR = 1
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3
DRIVE_REMOTE = 4
DRIVE_CDROM = 5
DRIVE_RAMDISK = 6

OVERRIDE_ENV = "PARTNERDESK_ALLOW_UNSAFE_LOCATION"

#: Environment variables that name OneDrive folders (set on every Windows with OneDrive).
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")

#: Folder names the sync programs create (compared case-insensitively, every dash read as
#: "-": the OneDrive client writes "OneDrive – Organisation" with an en dash), by service.
SYNC_FOLDER_NAMES: dict[str, tuple[str, ...]] = {
    "Dropbox": ("dropbox", "dropbox (*)"),
    "Google Drive": (
        "google drive", "googledrive", "my drive", "meine ablage", "google drive (*)",
        "shared drives", "geteilte ablagen", "other computers", "andere computer",
    ),
    "Nextcloud": ("nextcloud", "owncloud"),
    "OneDrive": ("onedrive", "onedrive - *"),
    # SharePoint and Teams libraries synchronised by the OneDrive client:
    # "%UserProfile%\<Organisation>\<Site> - <Library>", the library named in the site's language.
    "OneDrive (SharePoint/Teams)": (
        "* - dokumente", "* - documents", "* - freigegebene dokumente", "* - shared documents",
    ),
}
#: Dashes a folder name may hold where a sync program means "-" (en dash, em dash, hyphens).
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})
#: Files a sync program keeps at the top of the folder it synchronises.
SYNC_MARKERS: dict[str, tuple[str, ...]] = {
    "Dropbox": (".dropbox", ".dropbox.cache"),
    "Google Drive": (".tmp.drivedownload", ".tmp.driveupload"),
    "Nextcloud": (".owncloudsync.log", ".sync_*.db", "._sync_*.db", ".nextcloudsync.log"),
}


@dataclass(frozen=True)
class SystemLookups:
    """What the rules need to know about the computer."""

    windows: bool
    #: ``GetDriveTypeW`` for a root such as ``"Z:\\"``; ``None`` where there are no drive letters.
    drive_type: Callable[[str], int | None] = lambda _root: None
    environ: Mapping[str, str] = field(default_factory=dict)
    #: Names in a folder (empty if it cannot be listed).
    list_dir: Callable[[str], Iterable[str]] = lambda _folder: ()

    def pure(self, path: str) -> PurePath:
        return PureWindowsPath(path) if self.windows else PurePosixPath(path)


@dataclass(frozen=True)
class Verdict:
    """The outcome for one path: refused (``refused``) or a warning only."""

    refused: bool
    reason: str  # "unc", "network-drive", "sync", "removable"
    message: str
    service: str = ""


def _is_unc(path: str, windows: bool) -> bool:
    if windows:
        head = path[:8].replace("/", "\\")
        if head.upper().startswith("\\\\?\\UNC\\"):
            return True
        if head.startswith(("\\\\?\\", "\\\\.\\")):
            return False  # \\?\C:\... is a local path in long form
        return head.startswith("\\\\")
    return path.startswith("//") and not path.startswith("///")


def _drive_root(pure: PurePath) -> str | None:
    drive = pure.drive
    if drive.startswith(("\\\\?\\", "\\\\.\\")):
        drive = drive[4:]
    if len(drive) == 2 and drive[1] == ":" and drive[0].isalpha():
        return drive.upper() + "\\"
    return None


def _under(pure: PurePath, root: PurePath, windows: bool) -> bool:
    if windows:
        a, b = str(pure).lower().rstrip("\\"), str(root).lower().rstrip("\\")
        return a == b or a.startswith(b + "\\")
    return pure == root or root in pure.parents


def _folder_service(name: str) -> str | None:
    lowered = " ".join(name.translate(_DASHES).lower().split())
    for service, patterns in SYNC_FOLDER_NAMES.items():
        if any(fnmatch.fnmatchcase(lowered, pattern) for pattern in patterns):
            return service
    return None


#: ``SYNC_MARKERS`` as one pattern per service (``fnmatch``'s own translation of the same
#: patterns): every folder above the database is listed on each open, and a folder such as
#: /tmp or a Downloads folder holds hundreds of names, each compared with every pattern.
_MARKER_PATTERNS = tuple(
    (service, re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns)))
    for service, patterns in SYNC_MARKERS.items()
)


def _marker_service(names: Iterable[str]) -> str | None:
    for name in names:
        lowered = name.lower()
        for service, pattern in _MARKER_PATTERNS:
            if pattern.match(lowered):
                return service
    return None


def sync_refusal(path: str, service: str) -> Verdict:
    return Verdict(
        True,
        "sync",
        _(
            "{name} lies in a folder synchronised by {service}. The sync program copies the database "
            "while PartnerDesk writes it, and SQLite's locking does not work across computers: "
            "changes can be lost or the file damaged. Copy the database to a local folder "
            "(for example PartnerDesk's data folder) and work on that copy."
        ).format(name=path, service=service),
        service,
    )


def check_location(path: str, system: SystemLookups) -> Verdict | None:
    """``None`` if ``path`` (absolute) is a good place for a live database, else the verdict."""
    windows = system.windows
    if _is_unc(path, windows):
        return Verdict(
            True,
            "unc",
            _(
                "{name} lies on a network share. SQLite's file locking and write-ahead log do not work "
                "reliably over the network: changes can be lost or the database damaged. Copy the "
                "database to a local folder (for example PartnerDesk's data folder) and work on that copy."
            ).format(name=path),
        )
    pure = system.pure(path)
    root = _drive_root(pure) if windows else None
    kind = system.drive_type(root) if root else None
    if kind == DRIVE_REMOTE:
        return Verdict(
            True,
            "network-drive",
            _(
                "{name} lies on the network drive {drive}. SQLite's file locking and write-ahead log do "
                "not work reliably over the network: changes can be lost or the database damaged. Copy "
                "the database to a local folder (for example PartnerDesk's data folder) and work on that copy."
            ).format(name=path, drive=root.rstrip("\\") if root else ""),
        )
    for variable in ONEDRIVE_VARIABLES:
        onedrive = system.environ.get(variable, "").strip()
        if onedrive and _under(pure, system.pure(onedrive), windows):
            return sync_refusal(path, "OneDrive")
    folders = [pure.parent, *pure.parent.parents] if pure.parent != pure else []
    for folder in folders:
        service = _folder_service(folder.name)
        if service:
            return sync_refusal(path, service)
    for folder in folders:
        service = _marker_service(system.list_dir(str(folder)))
        if service:
            return sync_refusal(path, service)
    if kind == DRIVE_REMOVABLE:
        return Verdict(
            False,
            "removable",
            _(
                "{name} lies on a removable drive. Do not remove the drive while PartnerDesk is open, "
                "or the latest changes can be lost."
            ).format(name=path),
        )
    return None


# The real look-ups ---------------------------------------------------------------------------


def _windows_drive_type(root: str) -> int | None:
    # The platform check as mypy knows it: it checks this block only for Windows.
    if sys.platform == "win32":  # pragma: no cover - only reached on Windows
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))
    return None


def _list_dir(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def system_lookups() -> SystemLookups:
    """The look-ups of this computer (drive types only on Windows)."""
    windows = sys.platform == "win32"
    return SystemLookups(
        windows=windows,
        drive_type=_windows_drive_type if windows else (lambda _root: None),
        environ=os.environ,
        list_dir=_list_dir,
    )


def override_requested(explicit: bool | None = None) -> bool:
    """The expert override: the command line's flag, else ``PARTNERDESK_ALLOW_UNSAFE_LOCATION=1``."""
    if explicit:
        return True
    return os.environ.get(OVERRIDE_ENV, "").strip().lower() in ("1", "yes", "true", "ja")


@dataclass(frozen=True)
class Placement:
    """How to open a file at a checked place."""

    single_user: bool = False
    warning: str | None = None  # shown to the user, the file is opened anyway
    unsafe: Verdict | None = None  # refused place opened through the expert override


def check_place(path: os.PathLike[str] | str, *, allow_unsafe: bool | None = None,
                system: SystemLookups | None = None) -> Placement:
    """Check where a live database lies; raise ``UnsafeLocationError`` for a refused place."""
    system = system or system_lookups()
    absolute = os.path.abspath(os.fspath(path))
    candidates = [absolute]
    try:
        resolved = os.path.realpath(absolute)
    except OSError:
        resolved = absolute
    if resolved != absolute:
        candidates.append(resolved)  # a link into a synced folder, a drive letter that is a share
    verdicts = [v for v in (check_location(c, system) for c in candidates) if v is not None]
    refused = next((v for v in verdicts if v.refused), None)
    if refused is not None:
        if override_requested(allow_unsafe):
            return Placement(single_user=True, unsafe=refused)
        raise UnsafeLocationError(refused.message)
    warning = next((v.message for v in verdicts), None)
    return Placement(warning=warning)
