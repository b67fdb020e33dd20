"""User options and remembered window state, in two INI files in the per-user data folder.

Options (what the user chooses in "Einstellungen…") are declared once in ``OPTIONS``
with type, default and label; read them with ``settings.get("language")``. Window
state (geometry, splitters, column layout, recent files) lives apart in ``state.ini``
so that resetting the layout never touches the user's choices.

Other parts of the window may declare their own options with ``declare_option`` at
import time (for example a document builder's default paper size).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from partnerdesk import paths
from partnerdesk.i18n import N_, _


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    label: str  # English, translate with ``_()`` when shown
    choices: tuple[tuple[str, str], ...] = ()  # (value, English label) for a choice list
    minimum: int = 0
    maximum: int = 1000
    multiline: bool = False  # several lines of text (an address)
    #: Options edited in a dialog of their own (e.g. "retention": *Datenschutz → Speicherfristen…*),
    #: not in "Einstellungen…".
    group: str = ""


OPTIONS: dict[str, Option] = {}


def declare_option(option: Option) -> Option:
    OPTIONS[option.key] = option
    return option


# The dialog says under the fields that a changed language needs a restart.
declare_option(Option("language", str, "de", N_("Language"), (("de", N_("German")), ("en", N_("English")))))
declare_option(Option("author_name", str, "", N_("Author name (for PDF metadata)")))
# 0 switches the daily copies off (README, ``persistence/backup.py``).
declare_option(Option("backups_to_keep", int, 10, N_("Automatic backups to keep"), minimum=0, maximum=365))

# An office database on a server opened at start instead of the local file (service name or
# postgresql:// address; ``services.workspace.default_source``). Never a password.
declare_option(Option("default_server", str, "", N_("Office database on a server (service name or address; empty: the local file)")))

# The window opens on "Anstehend" when something is overdue (``ui/due``).
declare_option(Option("open_on_due", str, "yes", N_("Open on “Due” when something is overdue"),
                      (("yes", N_("yes")), ("no", N_("no")))))
# The office's letterhead on project sheets (documents/letterhead.py): name, address lines, logo.
# Per user, like the author name; the command line takes the same as --letterhead-* options.
declare_option(Option("letterhead_name", str, "", N_("Office name in the letterhead")))
declare_option(Option("letterhead_address", str, "", N_("Address in the letterhead (one line each)"), multiline=True))
declare_option(Option("letterhead_logo", str, "", N_("Logo in the letterhead (PNG, JPEG or GIF file; optional)")))
declare_option(Option("sheet_language", str, "de", N_("Language of project sheets"),
                      (("de", N_("German")), ("en", N_("English")), ("fr", N_("French")))))
# The largest file that may be attached to a record (``services.attachments``, README "Anhänge").
declare_option(Option("attachment_limit_mb", int, 25, N_("Largest attachment (MB)"), minimum=1, maximum=500))

RECENT_LIMIT = 8


class Settings:
    """User options plus remembered window state. ``folder`` defaults to the per-user data folder."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or paths.data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._options = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        self._state = QSettings(str(folder / "state.ini"), QSettings.Format.IniFormat)

    # Options -------------------------------------------------------------------------------

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        raw = self._options.value(f"options/{key}", option.default)
        try:
            value = option.type(raw)
        except (TypeError, ValueError):
            return option.default
        if option.choices and value not in {v for v, _label in option.choices}:
            return option.default
        if option.type is int:
            value = max(option.minimum, min(option.maximum, value))
        return value

    def set(self, key: str, value: Any) -> None:
        option = OPTIONS[key]
        self._options.setValue(f"options/{key}", option.type(value))
        self._options.sync()

    @staticmethod
    def label(key: str) -> str:
        return _(OPTIONS[key].label)

    # Window state ----------------------------------------------------------------------------

    def state_bytes(self, key: str) -> QByteArray | None:
        value = self._state.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_state(self, key: str, value: Any) -> None:
        self._state.setValue(key, value)

    def state_value(self, key: str, default: Any = None) -> Any:
        return self._state.value(key, default)

    def recent_files(self) -> list[str]:
        value = self._state.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):  # nothing stored yet, or not a list in a hand-edited file
            return []
        return [str(v) for v in value if v]

    def add_recent_file(self, path: Path | str) -> None:
        """A file (its full path) or an office database on a server (``Source.recent_key``)."""
        text = path if isinstance(path, str) and path.startswith("server:") else str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        self._state.setValue("recent_files", files[:RECENT_LIMIT])

    def remove_recent_file(self, path: str) -> None:
        self._state.setValue("recent_files", [f for f in self.recent_files() if f != path])

    def sync(self) -> None:
        self._options.sync()
        self._state.sync()
