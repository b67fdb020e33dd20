"""Which page of the user guide belongs where: the contents, and the page for a register or dialog.

The guide is Markdown in ``resources/help/de/`` (German: the office's language; the English
interface shows it too). ``inhalt.txt`` lists the pages in the order of the contents. No Qt here
beyond the widget's class name, so the mapping can be tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from partnerdesk.resources import resource_path

LANGUAGE = "de"
HOME = "index"

#: The page for each register of the main window (``MainWindow.current_register()``).
REGISTER_PAGES: dict[str, str] = {
    "partnerships": "partnerschaften",
    "projects": "projekte",
    "organisations": "organisationen",
    "contacts": "kontakte",
    "activities": "aktivitaeten",
    "decisions": "ratsbeschluesse",
    "programmes": "zuwendungen",
    "grants": "zuwendungen",
}

#: The page for a tab of the main window that is not a register, by the tab widget's object name.
TAB_PAGES: dict[str, str] = {
    "due_panel": "anstehend",
    "follow_ups_view": "anstehend",
    "overview_panel": "uebersicht",
}

#: The page for each dialog, by its class name (a dialog may also carry a ``help_page`` property).
DIALOG_PAGES: dict[str, str] = {
    "MouOptionsDialog": "mou",
    "GeneratedDocumentsDialog": "mou",
    "PdfPreviewDialog": "steckbrief",
    "SheetOptionsDialog": "steckbrief",
    "ImportWizard": "austausch",
    "PassphraseDialog": "reisekopie",
    "SubsetDialog": "reisekopie",
    "ReportDialog": "reisekopie",
    "DatabaseHistoryDialog": "verlauf",
    "ErasureDialog": "loeschen",
    "ConnectDialog": "buerodatenbank",
    "PasswordDialog": "buerodatenbank",
    "SettingsDialog": "fenster",
    "ConflictDialog": "bearbeiten",
    "ThemeGlossaryDialog": "mou",
    "PersonDialog": "datenschutz",
    "ContactReviewsDialog": "speicherfristen",
    "RetentionSettingsDialog": "speicherfristen",
    "TravelCopiesDialog": "reisekopien-verzeichnis",
    "AnnualReportDialog": "jahresbericht",
    "ProgrammeDialog": "handlungsprogramm",
    "ProgrammeImportPreview": "handlungsprogramm",
}


@dataclass(frozen=True)
class Page:
    name: str
    title: str

    @property
    def path(self) -> Path:
        return folder() / f"{self.name}.md"


def folder() -> Path:
    return resource_path("help", LANGUAGE)


@cache
def contents() -> tuple[Page, ...]:
    """The pages in the order of ``inhalt.txt`` ("name: Titel" per line, ``#`` starts a comment)."""
    pages = []
    for line in (folder() / "inhalt.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _sep, title = line.partition(":")
        pages.append(Page(name.strip(), title.strip()))
    return tuple(pages)


def page_named(name: str) -> Page:
    """The page ``name``; the home page for a name the guide does not have."""
    for page in contents():
        if page.name == name:
            return page
    return contents()[0]


def page_for_register(kind: str) -> str:
    return REGISTER_PAGES.get(kind, HOME)


def page_for_tab(object_name: str, register: str) -> str:
    """The page of the main window's tab in front: its own (``TAB_PAGES``), else its register's."""
    return TAB_PAGES.get(object_name) or page_for_register(register)


def page_for_dialog(class_name: str, explicit: object = None) -> str:
    """``explicit``: the dialog's own ``help_page`` property, if it has one."""
    if isinstance(explicit, str) and explicit:
        return explicit
    return DIALOG_PAGES.get(class_name, HOME)
